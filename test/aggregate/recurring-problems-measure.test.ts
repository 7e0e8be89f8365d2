/**
 * The recurrence measure of tools/recurrence (the eval's label recurrence and largest-cluster share, computed on
 * labelled statements clustered as problems.csv rows are). Statements written for this test.
 */
import jieba from 'nodejieba';
import { describe, expect, test } from 'vitest';
import { recurrence, type Statement } from '../../src/tools/recurrence.js';

const cut = (text: string) => jieba.cut(text);

describe('recurring-problems measure', () => {
  test('recurring-problems measure counts groups of a label in its best cluster, for labels in three groups or more', () => {
    const statements: Statement[] = [
      { group: '甲', label: '财政', text: '财政收支矛盾突出' },
      { group: '乙', label: '财政', text: '财政收支平衡压力大' },
      { group: '丙', label: '财政', text: '天气寒冷影响出行' },
      { group: '甲', label: '生态', text: '大气污染治理任务重' },
      { group: '乙', label: '生态', text: '水环境质量有待改善' },
      { group: '丙', label: '', text: '减排降碳压力较大' },
    ];
    const result = recurrence(statements, cut);
    // 财政 in 3 groups, 2 of them in one cluster; 生态 is in two labelled groups only and is not counted
    expect(result.labels.map((l) => [l.label, l.best, l.groups])).toEqual([['财政', 2, 3]]);
    expect(result.labelRecurrence).toBeCloseTo(2 / 3);
    expect(result.statements).toBe(6);
    // the largest cluster: at most one statement per group, here the three fiscal or ecological ones at most
    expect(result.largestClusterShare).toBeGreaterThan(0);
    expect(result.largestClusterShare).toBeLessThanOrEqual(3 / 6);
  });

  test('recurring-problems measure shows a vocabulary that glues two topics as falling purity', () => {
    const statements: Statement[] = [
      { group: '一', label: '税', text: '税源萎缩' },
      { group: '二', label: '税', text: '税源不稳' },
      { group: '三', label: '税', text: '税源单薄' },
      { group: '四', label: '水', text: '水源短缺' },
      { group: '五', label: '水', text: '水源不足' },
      { group: '六', label: '水', text: '水源紧张' },
    ];
    const apart = recurrence(statements, cut, { concepts: new Map([['tax', ['税源']], ['water', ['水源']]]), stopWords: new Set() });
    const glued = recurrence(statements, cut, { concepts: new Map([['source', ['税源', '水源']]]), stopWords: new Set() });
    expect(apart.purity).toBe(1);
    expect(apart.mixed).toEqual([]);
    expect(glued.purity).toBeLessThan(1);
    expect(glued.mixed.length).toBeGreaterThan(0);
  });
});
