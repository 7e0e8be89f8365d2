/**
 * Recurrence of township problems worded differently (self-written in the style of village and party-branch work
 * summaries): village cadres, party members and the collective economy each form one cluster across reports.
 */
import { describe, expect, test } from 'vitest';
import { clusterProblems } from '../../src/aggregate/recurring-problems.js';
import { clusterLookup, statedProblems } from '../helpers/stated-problems.js';

const reports: [string, string[]][] = [
  ['甲镇', ['村干部带富能力不强', '党员队伍年龄偏大，后继乏人', '村集体经济收入来源单一']],
  ['乙镇', ['两委班子成员文化程度偏低，谋划发展思路不清', '流动党员多，教育管理难度大', '村级集体经济底子薄，增收渠道少']],
  ['丙乡', ['部分村支书抓发展的本领不足', '党员老龄化问题突出', '村集体没有稳定收入']],
];
const items = statedProblems(reports, 2024);
const clusterOf = clusterLookup(items, clusterProblems(items, { threshold: 0.25 }).clusterIds);

describe('recurring-problems: village work', () => {
  test.each([
    ['village cadres', 1],
    ['party members', 2],
    ['collective economy', 3],
  ] as const)('links the %s problem of every report', (_, no) => {
    expect(new Set(reports.map(([report]) => clusterOf(report, no))).size).toBe(1);
  });

  test('keeps the three problems apart', () => {
    expect(new Set([1, 2, 3].map((no) => clusterOf('甲镇', no))).size).toBe(3);
  });
});
