import { describe, expect, test } from 'vitest';
import { clusterProblems, type ProblemToCluster } from '../../src/aggregate/recurring-problems.js';
import { multiyearProblems } from '../helpers/multiyear.js';
import { random } from '../helpers/random.js';


const TOPICS = [
  ['村级', '文化', '广场', '设施', '老化', '维护', '资金', '缺口', '群众', '意见'],
  ['网上', '政务', '平台', '回复', '迟缓', '诉求', '办理', '时限', '超期', '投诉'],
];
const OTHERS = ['季度', '台账', '会议', '督查', '简报', '考核', '通报', '整改', '清单', '月度'];

/** `count` statements of each topic, one per report, about a quarter of their words swapped for other words. */
function nearDuplicates(count: number): { items: ProblemToCluster[]; topicOf: number[] } {
  const rand = random(7);
  const items: ProblemToCluster[] = [];
  const topicOf: number[] = [];
  for (let i = 0; i < 2 * count; i++) {
    const topic = i % 2;
    const words = TOPICS[topic].map((w) => (rand() < 0.25 ? OTHERS[Math.floor(rand() * OTHERS.length)] : w));
    items.push({ key: `r${i}#1`, reportId: `r${i}`, township: '', year: null, headline: words.slice(0, 4).join(''), words });
    topicOf.push(topic);
  }
  return { items, topicOf };
}

describe('recurring-problems at scale', () => {
  test('recurring-problems search limits change nothing below them', () => {
    const items = multiyearProblems();
    const bounded = clusterProblems(items, { threshold: 0.25 });
    const exhaustive = clusterProblems(items, { threshold: 0.25, maxWalk: Infinity, maxCandidates: Infinity });
    expect(bounded).toEqual(exhaustive);
    // Note: multiyearProblems() makes the first jieba call, which loads its dictionary (seconds on a busy machine).
  }, 60_000);

  test('recurring-problems links near-duplicates beyond the search limits and keeps topics apart', () => {
    const { items, topicOf } = nearDuplicates(80);
    const exhaustive = clusterProblems(items, { threshold: 0.25 });
    const bounded = clusterProblems(items, { threshold: 0.25, maxWalk: 4, maxCandidates: 3 });
    for (const result of [exhaustive, bounded]) {
      const topicsOfCluster = new Map<string, Set<number>>();
      result.clusterIds.forEach((id, i) => (topicsOfCluster.get(id) ?? topicsOfCluster.set(id, new Set()).get(id)!).add(topicOf[i]));
      expect([...topicsOfCluster.values()].every((topics) => topics.size === 1)).toBe(true);
      // Most statements find their near-duplicates: few clusters for 160 statements.
      expect(result.clusters.length).toBeLessThanOrEqual(6);
    }
  });

  test('recurring-problems bounded search keeps two problems of one report apart', () => {
    const { items } = nearDuplicates(40);
    const oneReport = items.map((item, i) => ({ ...item, reportId: `r${i % 4}` }));
    const r = clusterProblems(oneReport, { threshold: 0.25, maxWalk: 4, maxCandidates: 3 });
    const reportsOfCluster = new Map<string, string[]>();
    r.clusterIds.forEach((id, i) => (reportsOfCluster.get(id) ?? reportsOfCluster.set(id, []).get(id)!).push(oneReport[i].reportId));
    for (const reports of reportsOfCluster.values()) expect(new Set(reports).size).toBe(reports.length);
  });
});
