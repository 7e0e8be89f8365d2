import { describe, expect, test } from 'vitest';
import { clusterProblems, type ProblemCluster, type ProblemToCluster } from '../../src/aggregate/recurring-problems.js';
import { multiyearProblems } from '../helpers/multiyear.js';

/** A cluster's lists as the straightforward reading of their definitions gives them (what `describe` made with array chains). */
function referenceLists(cluster: ProblemCluster, items: readonly ProblemToCluster[]): Omit<ProblemCluster, 'id' | 'label'> {
  const members = items.filter((p) => cluster.keys.includes(p.key));
  const years = [...new Set(members.map((p) => p.year).filter((y): y is number => y !== null))].sort((a, b) => a - b);
  const byTownship = new Map<string, Set<number>>();
  for (const { township, year } of members) if (township && year !== null) byTownship.set(township, (byTownship.get(township) ?? new Set()).add(year));
  const recurring = [...byTownship]
    .filter(([, ys]) => ys.size >= 2)
    .map(([township, ys]) => ({ township, years: [...ys].sort((a, b) => a - b) }))
    .sort((x, y) => y.years.length - x.years.length || (x.township < y.township ? -1 : x.township > y.township ? 1 : 0));
  return {
    keys: members.map((p) => p.key),
    reports: [...new Set(members.map((p) => p.reportId))],
    townships: [...new Set(members.map((p) => p.township).filter(Boolean))].sort(),
    years,
    firstYear: years.length ? years[0] : null,
    lastYear: years.length ? years[years.length - 1] : null,
    recursInTownship: recurring.map(({ township, years: ys }) => `${township}:${ys.join(',')}`).join('; '),
  };
}

function item(key: string, words: string[], township: string, year: number | null): ProblemToCluster {
  return { key, reportId: key.split('#')[0], township, year, headline: words.join(''), words };
}

describe('recurring-problems cluster descriptions', () => {
  // The multiyear fixture, and clusters of one and of several problems with unknown townships and years.
  const items = [
    ...multiyearProblems(),
    item('x1#1', ['宣传', '阵地', '老化'], '', null),
    item('x2#1', ['宣传', '阵地', '老化'], '东乡', 2019),
    item('x3#1', ['宣传', '阵地', '老化'], '东乡', 2020),
    item('x4#1', ['宣传', '阵地', '老化'], '', 2021),
    item('x5#1', ['宣传', '阵地', '老化'], '西乡', null),
    item('y1#1', ['档案', '数字化', '滞后'], '', null),
    item('y2#1', ['食堂', '账目', '公开'], '南乡', null),
  ];
  const result = clusterProblems(items, { threshold: 0.25 });

  test('every cluster lists its members, reports, townships and years as their definitions say', () => {
    expect(result.clusters.some((c) => c.keys.length === 1 && c.townships.length === 0 && c.years.length === 0)).toBe(true);
    expect(result.clusters.some((c) => c.keys.length === 1 && c.townships.length === 1 && c.years.length === 0)).toBe(true);
    expect(result.clusters.some((c) => c.keys.length >= 5 && c.recursInTownship !== '')).toBe(true);
    for (const cluster of result.clusters) {
      const { id: _id, label: _label, ...lists } = cluster;
      expect(lists, cluster.id).toEqual(referenceLists(cluster, items));
    }
  });

  test('every problem is in the cluster whose id it gets, and a cluster is labelled with a member headline', () => {
    const byId = new Map(result.clusters.map((c) => [c.id, c]));
    items.forEach((p, i) => expect(byId.get(result.clusterIds[i])!.keys).toContain(p.key));
    for (const c of result.clusters) expect(c.keys.map((k) => items.find((p) => p.key === k)!.headline)).toContain(c.label);
  });
});
