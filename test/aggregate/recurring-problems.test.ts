import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { clusterCountedProblems, clusterProblems, FeatureCounts, problemSimilarities, type ProblemToCluster } from '../../src/aggregate/recurring-problems.js';
import { MULTIYEAR_DIR, multiyearProblems } from '../helpers/multiyear.js';

const DEFAULT_THRESHOLD = 0.25;

function item(key: string, words: string[], extra: Partial<ProblemToCluster> = {}): ProblemToCluster {
  return { key, reportId: key, township: '', year: null, headline: words.join(''), words, ...extra };
}

describe('recurring-problems', () => {
  const expected = JSON.parse(fs.readFileSync(path.join(MULTIYEAR_DIR, 'expected.json'), 'utf8'));
  const items = multiyearProblems();
  const result = clusterProblems(items, { threshold: DEFAULT_THRESHOLD });
  const clusterOf = (key: string) => {
    const i = items.findIndex((p) => p.key === key);
    expect(i, key).toBeGreaterThanOrEqual(0);
    return result.clusterIds[i];
  };

  test.each(expected.sameCluster as string[][])('recurring-problems links %s', (...keys) => {
    expect(new Set(keys.map(clusterOf)).size).toBe(1);
  });

  test.each(expected.differentClusters as [string, string][])('recurring-problems keeps %s apart from %s', (a, b) => {
    expect(clusterOf(a)).not.toBe(clusterOf(b));
  });

  test('recurring-problems clusters problems counted as they arrive as it clusters them whole, without their words', () => {
    const counts = new FeatureCounts({});
    for (const p of items) counts.add({ headline: p.headline, words: p.words });
    const counted = clusterCountedProblems(
      items.map(({ words: _words, ...rest }) => rest),
      counts,
      { threshold: DEFAULT_THRESHOLD },
    );
    expect(counted).toEqual(result);
    expect(() => clusterCountedProblems(items.slice(1), counts, { threshold: DEFAULT_THRESHOLD })).toThrow('problems counted');
  });

  test('recurring-problems states recurrence per township', () => {
    for (const [key, recurs] of Object.entries(expected.recursInTownship as Record<string, string>)) {
      expect(result.clusters.find((c) => c.id === clusterOf(key))!.recursInTownship).toBe(recurs);
    }
  });

  test('recurring-problems orders clusters by persistence and numbers them', () => {
    expect(result.clusters.map((c) => c.id)).toEqual(result.clusters.map((_, k) => 'P' + String(k + 1).padStart(4, '0')));
    const persistence = result.clusters.map((c) => c.years.length);
    expect(persistence).toEqual([...persistence].sort((a, b) => b - a));
    const first = result.clusters[0];
    expect(first.firstYear).toBe(2019);
    expect(first.lastYear).toBe(2021);
    expect(first.keys.map(clusterOf).every((id) => id === first.id)).toBe(true);
  });

  test('recurring-problems gives every problem a cluster and is deterministic', () => {
    expect(result.clusterIds.every(Boolean)).toBe(true);
    expect(clusterProblems(items, { threshold: DEFAULT_THRESHOLD })).toEqual(result);
  });

  test('recurring-problems labels a cluster with its most central headline', () => {
    const c = result.clusters.find((x) => x.id === clusterOf('青石镇/2019#1'))!;
    expect(c.keys.map((k) => items.find((p) => p.key === k)!.headline)).toContain(c.label);
  });

  test('recurring-problems does not chain A~B~C into one cluster when A and C differ', () => {
    const chain = [
      item('a', ['舆情', '监测', '滞后', '县里', '反馈', '抖音', '快手']),
      item('b', ['舆情', '监测', '经费', '保障', '村级', '阵地', '设施', '陈旧']),
      item('c', ['经费', '保障', '缺口', '活动', '场所', '群众', '参与']),
    ];
    const [ab, bc, ac] = problemSimilarities(chain, [[0, 1], [1, 2], [0, 2]]);
    expect(Math.min(ab, bc)).toBeGreaterThan(0.2);
    expect(ac).toBe(0);
    // Without the group-average guard the chain closes (single linkage); with it, a and c stay apart.
    const single = clusterProblems(chain, { threshold: 0.2, linkage: 0 });
    expect(new Set(single.clusterIds).size).toBe(1);
    const guarded = clusterProblems(chain, { threshold: 0.2, linkage: 1 });
    expect(guarded.clusterIds[0]).not.toBe(guarded.clusterIds[2]);
  });

  test('recurring-problems keeps two problems of one report apart', () => {
    const same = [item('r#1', ['舆情', '监测', '滞后'], { reportId: 'r' }), item('r#2', ['舆情', '监测', '不足'], { reportId: 'r' })];
    const r = clusterProblems(same, { threshold: 0.1 });
    expect(r.clusterIds[0]).not.toBe(r.clusterIds[1]);
  });

  test('recurring-problems finds links through common features beyond maxPosting', () => {
    const many = Array.from({ length: 40 }, (_, i) => item(`r${i}`, i % 2 ? ['实践站', '闲置'] : ['舆情', '监测', '滞后']));
    const r = clusterProblems(many, { threshold: 0.5, maxPosting: 5, window: 2 });
    expect(new Set(r.clusterIds.filter((_, i) => i % 2)).size).toBe(1);
    expect(r.clusterIds[0]).not.toBe(r.clusterIds[1]);
  });
});
