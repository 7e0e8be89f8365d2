import { describe, expect, test } from 'vitest';
import { clusterProblems, commonFeatureMembers, FeatureCounts, sortEdges, statementKey, type ProblemToCluster } from '../../src/aggregate/recurring-problems.js';

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

  test('repeated statements found through common features (the sorted windows) cluster as distinct statements do', () => {
    // maxPosting far below the copies: every shared word is a common feature, and the copies meet in the sorted
    // windows, where two copies of one statement are skipped once neither list would take their cosine. One
    // neighbour each and a window of one: the copies link in a chain only if no pair a list would take is skipped.
    const base = [
      ['农村', '人居', '环境', '整治', '不到位', '垃圾', '清运', '滞后'],
      ['农村', '人居', '环境', '整治', '短板', '污水', '处理', '滞后'],
      ['招商', '引资', '项目', '落地', '缺乏', '大项目', '支撑'],
    ];
    const items = (marked: boolean): ProblemToCluster[] =>
      Array.from({ length: 240 }, (_, i) => {
        const words = base[i % 3].concat(marked ? [`标记${i}`] : []);
        return { key: `r${i >> 1}#${(i & 1) + 1}`, reportId: `r${i >> 1}`, township: '', year: 2020 + (i % 4), headline: words.slice(0, 3).join(''), words };
      });
    const limits = { threshold: 0.25, maxPosting: 20, window: 1, neighbours: 1 };
    const plain = clusterProblems(items(false), limits);
    const marked = clusterProblems(items(true), limits);
    expect(plain.clusters.length).toBeGreaterThan(1);
    expect(plain.clusters.map((c) => c.keys)).toEqual(marked.clusters.map((c) => c.keys));
    expect(plain.clusterIds).toEqual(marked.clusterIds);
  });

  test('a cluster is labelled by the statement nearest its centroid, not by the one met first', () => {
    // One problem of a shorter statement, then five of a longer one that contains it: the longer is the centroid's.
    const short = ['农村', '人居', '环境', '整治', '不到位'];
    const long = [...short, '垃圾', '清运', '滞后'];
    const items: ProblemToCluster[] = [short, long, long, long, long, long].map((words, i) => ({
      key: `r${i}#1`, reportId: `r${i}`, township: '', year: 2020, headline: words.join(''), words,
    }));
    const { clusters } = clusterProblems(items, { threshold: 0.25 });
    expect(clusters.map((c) => c.keys.length)).toEqual([6]);
    expect(clusters[0].label).toBe(long.join(''));
    // The same problems with the long statement first and the short one last: the same label.
    const { clusters: reversed } = clusterProblems([...items].reverse(), { threshold: 0.25 });
    expect(reversed[0].label).toBe(long.join(''));
  });

  test('sortEdges orders pair keys as a comparator by similarity descending, then key, does', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (const size of [0, 1, 2, 50, 3000]) {
      // few distinct similarities (copies of one statement share theirs), keys distinct
      const levels = Array.from({ length: 1 + Math.floor(size / 20) }, () => 0.25 + random() * 0.75);
      const keys = new Float64Array(new Set(Array.from({ length: size }, () => Math.floor(random() * 2 ** 40))));
      const sims = Float64Array.from(keys, () => levels[Math.floor(random() * levels.length)]);
      const expected = [...keys.keys()].sort((x, y) => sims[y] - sims[x] || keys[x] - keys[y]).map((e) => keys[e]);
      expect([...sortEdges(keys, sims)]).toEqual(expected);
    }
  });
  test('commonFeatureMembers lists each common feature\'s problems by their strongest other feature, then number', () => {
    let seed = 11;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (const [problems, features] of [[0, 3], [1, 1], [40, 6], [2000, 30]]) {
      // each problem: distinct features ascending, with its strongest and second-strongest among them (or -1)
      const vectors = Array.from({ length: problems }, () => {
        const ids = Int32Array.from(new Set(Array.from({ length: Math.floor(random() * 6) }, () => Math.floor(random() * features)))).sort();
        return { ids, weights: new Float64Array(ids.length) };
      });
      const top = Int32Array.from(vectors, (v) => (v.ids.length ? v.ids[Math.floor(random() * v.ids.length)] : -1));
      const second = Int32Array.from(vectors, (v, i) => (v.ids.length > 1 ? v.ids.find((id) => id !== top[i])! : -1));
      const isCommon = (id: number) => id % 3 !== 1;
      const memberStart = new Int32Array(features + 1);
      for (const v of vectors) for (const id of v.ids) if (isCommon(id)) memberStart[id + 1]++;
      for (let id = 0; id < features; id++) memberStart[id + 1] += memberStart[id];
      const members = commonFeatureMembers(vectors, isCommon, top, second, memberStart);
      for (let id = 0; id < features; id++) {
        const other = (i: number) => (top[i] === id ? second[i] : top[i]);
        const expected = [...vectors.keys()].filter((i) => isCommon(id) && vectors[i].ids.includes(id)).sort((x, y) => other(x) - other(y) || x - y);
        expect([...members.subarray(memberStart[id], memberStart[id + 1])]).toEqual(expected);
      }
    }
  });
});
