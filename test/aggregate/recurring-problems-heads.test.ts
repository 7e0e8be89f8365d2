/**
 * The topic a problem's defect is said of (defectHeads): a problem that names one topic first and states its defect
 * of another (经济运行中不确定因素较多: the uncertainty, not the economy's run) counts for the second as well; a list
 * closed by 等 or joined by 和 shares one defect and names no single head. Sentences written for this test.
 */
import { describe, expect, test } from 'vitest';
import { clusterProblems, defectHeads, problemSimilarities, termSpanFinder } from '../../src/aggregate/recurring-problems.js';
import { clusterLookup, statedProblems } from '../helpers/stated-problems.js';

const CONCEPTS = new Map([
  ['经济运行', 'recovery'],
  ['下行压力', 'recovery'],
  ['不确定因素', 'external'],
  ['创新能力', 'innovation'],
  ['产业竞争力', 'industry'],
  ['产能过剩', 'industry'],
  ['质量和效益', 'quality'],
  ['生态环保', 'ecology'],
  ['城市治理', 'governance'],
  ['民生', 'livelihood'],
]);
const find = termSpanFinder([...CONCEPTS.keys()]);
const DEFECT = /较多|亟待|短板|过剩|有待|不强/gu;

function heads(text: string): string[] {
  const spans = find(text);
  return defectHeads(text, spans, DEFECT, 6, (span) => CONCEPTS.get(span.term)).map((k) => spans[k].term);
}

describe('recurring-problems defect heads', () => {
  test('recurring-problems takes the term a defect follows as its head, not the term named first', () => {
    expect(heads('全省经济运行中的不确定因素较多')).toEqual(['不确定因素']);
    expect(heads('经济增长的质量和效益有待提高')).toEqual(['质量和效益']);
  });

  test('recurring-problems takes a term holding the defect as its head', () => {
    expect(heads('部分行业产能过剩')).toEqual(['产能过剩']);
  });

  test('recurring-problems names no head for a list of topics sharing a defect', () => {
    // joined words carry no punctuation: 、 is gone, 和 and 等 stay
    expect(heads('自主创新能力和产业竞争力亟待增强')).toEqual([]);
    expect(heads('生态环保城市治理民生保障等方面还有短板')).toEqual([]);
  });

  test('recurring-problems names no head when the defect lies far from every term', () => {
    expect(heads('经济运行监测分析预警机制的建设工作推进得还不够快而且有待')).toEqual([]);
  });

  test('recurring-problems weighs the head of a defect into the problem vector', () => {
    const items = statedProblems(
      [
        ['甲', ['全市经济运行中不确定因素明显增多']],
        ['乙', ['国际局势变化带来的不确定因素上升']],
        ['丙', ['经济运行承压，下行压力较大']],
      ],
      2024,
    );
    const [withHead] = problemSimilarities(items, [[0, 1]]);
    const [withoutHead] = problemSimilarities(items, [[0, 1]], { headBonus: 0 });
    expect(withHead).toBeGreaterThan(withoutHead);
  });

  test('recurring-problems files an uncertainty stated of the economy with the other uncertainties', () => {
    const clusterOf = clusterLookup(
      ...(() => {
        const items = statedProblems(
          [
            ['一省', ['国际局势变化带来的不确定因素上升', '经济下行压力依然较大', '地方财政收支矛盾突出']],
            ['二省', ['外部环境不稳定不确定因素增多', '经济运行稳中有变、下行压力加大', '基层财政保运转压力大']],
            ['三省', ['全省经济运行中的不确定因素明显增多', '经济恢复的基础还不牢固', '财力紧张，刚性支出增加']],
          ],
          2024,
          (text) => text.split(/[，；。、]/u)[0],
        );
        return [items, clusterProblems(items, { threshold: 0.25 }).clusterIds] as const;
      })(),
    );
    expect(clusterOf('三省', 1)).toBe(clusterOf('一省', 1));
    expect(clusterOf('三省', 1)).toBe(clusterOf('二省', 1));
    expect(clusterOf('三省', 2)).toBe(clusterOf('二省', 2));
    expect(clusterOf('三省', 1)).not.toBe(clusterOf('三省', 2));
  });
});
