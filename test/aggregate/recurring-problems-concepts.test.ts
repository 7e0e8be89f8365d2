/**
 * Recurrence on short problem items: the same problem in other words, stated by different reports, forms one
 * cluster; different problems do not. The items are written for this test in the style of long reports' problem
 * lists (one clause an item); words come from jieba as in a run.
 */
import { describe, expect, test } from 'vitest';
import { clusterProblems } from '../../src/aggregate/recurring-problems.js';
import { defaultProblemVocabulary } from '../../src/data/problem-cues.js';
import { clusterLookup, statedProblem, statedProblems } from '../helpers/stated-problems.js';

const THRESHOLD = 0.25;

const YEAR = 2025;

// Each report lists several problems; the same underlying problem is worded differently across reports.
const reports: [string, string[]][] = [
  ['甲省', ['自主创新能力不强', '财政收支矛盾突出', '一些企业生产经营困难', '民生保障、社会治理等方面还有不少短板']],
  ['乙省', ['创新能力不足，研发投入偏低', '财政收支平衡压力大', '部分中小微企业经营比较困难', '生态环境保护任务依然艰巨']],
  ['丙省', ['关键核心技术受制于人，科技创新支撑不够', '基层财力紧张，“三保”压力较大', '实体经济困难较多', '教育、医疗、养老等公共服务还有短板']],
  ['丁省', ['科技成果转化不畅', '地方财政收支矛盾仍较突出', '市场主体活力不足', '减排降碳压力依然较大']],
];
const items = statedProblems(reports, YEAR);
const clusterOf = clusterLookup(items, clusterProblems(items, { threshold: THRESHOLD }).clusterIds);

describe('recurring-problems concepts', () => {
  test.each([
    ['innovation', 1],
    ['fiscal', 2],
    ['enterprise', 3],
  ] as const)('recurring-problems links the %s problem of every report', (_, no) => {
    const ids = reports.map(([report]) => clusterOf(report, no));
    expect(new Set(ids).size).toBe(1);
  });

  test('recurring-problems needs the concept vocabulary for paraphrases', () => {
    // without concepts, 关键核心技术受制于人 shares no word with 自主创新能力不强
    const bare = clusterProblems(items, { threshold: THRESHOLD, vocabulary: { concepts: new Map(), stopWords: defaultProblemVocabulary().stopWords } });
    const bareClusterOf = clusterLookup(items, bare.clusterIds);
    const ids = reports.map(([report]) => bareClusterOf(report, 1));
    expect(new Set(ids).size).toBeGreaterThan(1);
  });

  test('recurring-problems keeps different problems apart', () => {
    for (const [report] of reports) {
      const ids = [1, 2, 3].map((no) => clusterOf(report, no));
      expect(new Set(ids).size, report).toBe(3);
    }
    expect(clusterOf('甲省', 1)).not.toBe(clusterOf('乙省', 2));
  });

  test('recurring-problems reads a list of topics by the one named first and most', () => {
    // 甲省#4 names 民生 first; 丙省#4 lists 教育、医疗、养老 … 公共服务: both about 民生, not about 生态 (乙省#4).
    expect(clusterOf('甲省', 4)).toBe(clusterOf('丙省', 4));
    expect(clusterOf('甲省', 4)).not.toBe(clusterOf('乙省', 4));
  });

  test('recurring-problems leaves one problem per report in a cluster', () => {
    const twice = [statedProblem('甲', 1, '消费需求偏弱', YEAR), statedProblem('甲', 2, '投资需求不足', YEAR), statedProblem('乙', 1, '有效需求不足', YEAR), statedProblem('丙', 1, '内需增长动能不足', YEAR)];
    const r = clusterProblems(twice, { threshold: THRESHOLD });
    expect(r.clusterIds[0]).not.toBe(r.clusterIds[1]);
    // the other reports' demand problems still share a cluster with one of 甲's
    expect(r.clusterIds[2]).toBe(r.clusterIds[3]);
    expect([r.clusterIds[0], r.clusterIds[1]]).toContain(r.clusterIds[2]);
  });
});
