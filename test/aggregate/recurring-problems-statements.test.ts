import { describe, expect, test } from 'vitest';
import { clusterProblems, FeatureCounts, statementKey, type ProblemToCluster } from '../../src/aggregate/recurring-problems.js';

describe('recurring problems: statements met again', () => {
  test('statementKey tells apart statements that differ only in where a word or the headline ends', () => {
    const keys = [
      statementKey('经济', ['下行', '压力', '较大']),
      statementKey('经济', ['下行压力', '较大']),
      statementKey('经济下', ['行', '压力', '较大']),
      statementKey('', ['经济下行压力较大']),
      statementKey('经济', ['下行', '压力', '较大', '']),
    ];
    expect(new Set(keys).size).toBe(keys.length);
    expect(statementKey('经济', ['下行', '压力'])).toBe(statementKey('经济', ['下行', '压力'].slice()));
    expect(statementKey('x'.repeat(0x10000), ['a'])).toBeUndefined();
  });

  test('a statement added again gets its first problem’s vector to the last bit, and a different split its own', () => {
    const counts = new FeatureCounts({});
    const words = ['农村', '人居', '环境', '整治', '不到位', '垃圾', '清运', '滞后'];
    counts.add({ headline: '农村人居环境整治不到位', words });
    counts.add({ headline: '招商引资', words: ['招商', '引资', '项目', '落地', '难', '缺乏', '大项目'] });
    counts.add({ headline: '农村人居环境整治不到位', words: [...words] });
    counts.add({ headline: '农村人居环境整治不到位', words: ['农村人居', '环境', '整治', '不到位', '垃圾', '清运', '滞后'] });
    const { vectors, statements } = counts.vectors();
    expect([...statements]).toEqual([0, 1, 0, 3]);
    expect([...vectors[2].ids]).toEqual([...vectors[0].ids]);
    expect([...vectors[2].weights]).toEqual([...vectors[0].weights]);
    expect([...vectors[3].ids]).not.toEqual([...vectors[0].ids]);
  });

  test('repeated statements cluster as the same statements with a word each that no other problem has', () => {
    // The marker words make every statement distinct (no shortcut applies) and, being in one problem each, are
    // rare features far below the threshold's reach: each repeat is still nearly identical to its first.
    const base = [
      ['农村', '人居', '环境', '整治', '不到位', '垃圾', '清运', '滞后'],
      ['招商', '引资', '项目', '落地', '缺乏', '大项目', '支撑'],
      ['安全', '生产', '隐患', '排查', '不彻底', '监管', '薄弱'],
    ];
    const items = (marked: boolean): ProblemToCluster[] =>
      Array.from({ length: 300 }, (_, i) => {
        const words = base[i % 3].concat(marked ? [`标记${i}`] : []);
        return { key: `r${i}#1`, reportId: `r${i}`, township: '', year: 2020 + (i % 4), headline: words.slice(0, 3).join(''), words };
      });
    const plain = clusterProblems(items(false), { threshold: 0.25 });
    const marked = clusterProblems(items(true), { threshold: 0.25 });
    expect(plain.clusters.map((c) => c.keys.length)).toEqual(marked.clusters.map((c) => c.keys.length));
    expect(plain.clusterIds).toEqual(marked.clusterIds);
  });
});
