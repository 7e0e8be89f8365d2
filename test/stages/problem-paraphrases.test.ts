/**
 * Robustness of problem extraction and recurrence to wording: the problem paragraphs of
 * test/fixtures/paraphrases (each tuning-fold report's problems restated in other official words, written for the
 * test) must give one item a problem, and the items of one underlying problem must share a cluster across reports.
 */
import { describe, expect, test } from 'vitest';
import { clusterProblems, type ProblemToCluster } from '../../src/aggregate/recurring-problems.js';
import { analyze } from '../helpers.js';
import { paraphrases, townshipParaphrases, type Paraphrase, type TownshipParaphrase } from '../fixtures/paraphrases/problem-paraphrases.js';

/** A short long-report: title, a review paragraph, the problem paragraph, the plans. */
function reportText(p: Paraphrase): string {
  const problems = p.intro + p.items.map(([, clause]) => clause).join(p.sep) + '。';
  return [
    `${p.id}人民政府工作报告`,
    '一、过去一年工作回顾',
    '过去一年，我们坚持稳中求进工作总基调，地区生产总值增长5.2%，一般公共预算收入增长3.1%，各项事业取得新进展。',
    problems,
    '二、今年工作安排',
    '今年经济社会发展的主要预期目标是：地区生产总值增长5%左右，城镇新增就业10万人以上。',
  ].join('\n');
}

const CN = '一二三四五六七八九十';

/** A short township report: title, work part, the problems part numbered in the paraphrase's style, plans. */
function townshipText(p: TownshipParaphrase): string {
  const lines = [
    `${p.id}2025年宣传思想工作总结`,
    `今年以来，${p.id}党委坚持以习近平新时代中国特色社会主义思想为指导，认真落实意识形态工作责任制，现将全年工作总结如下。`,
    '一、工作开展情况',
    '全年召开党委理论学习中心组学习12次，开展理论宣讲40余场，在各级媒体刊发稿件30余篇，组织文明实践活动60余场次。',
    p.heading,
  ];
  if (p.style === 'shi') lines.push(p.items.map(([, clause], i) => `${CN[i]}是${clause}`).join('；') + '。');
  else if (p.style === 'num') lines.push(...p.items.map(([, clause], i) => `${i + 1}.${clause}。`));
  else lines.push(...p.items.map(([, clause], i) => `（${CN[i]}）${clause}。`));
  lines.push(`${p.heading.startsWith('三') ? '四' : '三'}、下一步工作打算`, '一是持续抓好理论武装，二是加强宣传队伍建设，三是深化新时代文明实践。');
  return lines.join('\n');
}

/** The label of the clause holding an item's headline. */
const labelIn = (items: [string, string][], headline: string) => items.find(([, clause]) => clause.includes(headline) || headline.includes(clause))?.[0] ?? '?';

const township = townshipParaphrases.map((p) => {
  const doc = analyze(townshipText(p), p.id);
  return { p, doc, labels: doc.problems.map((item) => labelIn(p.items, item.headlineText)) };
});

const analysed = paraphrases.map((p) => {
  const doc = analyze(reportText(p), p.id);
  // each extracted item is matched to the clause holding its headline
  const labels = doc.problems.map((item) => labelIn(p.items, item.headlineText));
  return { p, doc, labels };
});

/** Clusters the items of analysed paraphrases; label recurrence (as the eval scores it), purity, largest cluster. */
function recurrence(sets: { p: { id: string }; doc: ReturnType<typeof analyze>; labels: string[] }[]) {
  const items: ProblemToCluster[] = sets.flatMap(({ p, doc }) =>
    doc.problems.map((x) => ({ key: `${p.id}#${x.no}`, reportId: p.id, township: '', year: 2025, headline: x.headlineText, words: x.words })),
  );
  const labelOf = sets.flatMap((a) => a.labels);
  const { clusterIds } = clusterProblems(items, { threshold: 0.25 });
  // label recurrence as the eval scores it: for each label, the share of its reports in its largest cluster
  const byLabel = new Map<string, Map<number, Set<string>>>();
  items.forEach((item, i) => {
    const clusters = byLabel.get(labelOf[i]) ?? new Map<number, Set<string>>();
    const reports = clusters.get(clusterIds[i]) ?? new Set<string>();
    reports.add(item.reportId);
    clusters.set(clusterIds[i], reports);
    byLabel.set(labelOf[i], clusters);
  });
  let held = 0;
  let total = 0;
  const strays: string[] = [];
  for (const [label, clusters] of byLabel) {
    const all = new Set([...clusters.values()].flatMap((s) => [...s]));
    if (all.size < 2) continue;
    const best = Math.max(...[...clusters.values()].map((s) => s.size));
    held += best;
    total += all.size;
    if (best < all.size) strays.push(`${label} ${best}/${all.size} [${items.filter((_, i) => labelOf[i] === label).map((it) => `${clusterIds[items.indexOf(it)]}:${it.headline}`).join(' ')}]`);
  }
  const share = held / total;
  // purity: the share of items whose cluster's most common label is their own (different problems kept apart)
  const labelsIn = new Map<number, Map<string, number>>();
  items.forEach((_, i) => {
    const m = labelsIn.get(clusterIds[i]) ?? new Map<string, number>();
    m.set(labelOf[i], (m.get(labelOf[i]) ?? 0) + 1);
    labelsIn.set(clusterIds[i], m);
  });
  const pure = [...labelsIn.values()].reduce((a, m) => a + Math.max(...m.values()), 0) / items.length;
  const sizes = [...labelsIn.values()].map((m) => [...m.values()].reduce((a, b) => a + b, 0));
  const largest = Math.max(...sizes) / items.length;
  return { share, pure, largest, strays };
}

describe('problem paraphrases', () => {
  test.each(analysed.map((a) => [a.p.id, a] as const))('extraction finds one item a problem in %s', (_, a) => {
    expect(a.doc.problems.map((x) => x.headlineText).length, a.doc.problems.map((x) => x.headlineText).join(' | ')).toBe(a.p.items.length);
    expect(a.labels).toEqual(a.p.items.map(([label]) => label));
  }, 60_000);

  test('recurrence keeps each label in one cluster and different labels apart', () => {
    const { share, pure, largest, strays } = recurrence(analysed);
    console.log(`long reports: label recurrence ${(100 * share).toFixed(1)}%, purity ${(100 * pure).toFixed(1)}%, largest cluster ${(100 * largest).toFixed(1)}%; split: ${strays.join(', ')}`);
    expect(share).toBeGreaterThanOrEqual(0.95);
    expect(pure).toBeGreaterThanOrEqual(0.95);
    expect(largest).toBeLessThanOrEqual(0.1);
  }, 120_000);

  test.each(township.map((a) => [a.p.id, a] as const))('extraction finds one item a problem in township report %s', (_, a) => {
    expect(a.labels, a.doc.problems.map((x) => x.headlineText).join(' | ')).toEqual(a.p.items.map(([label]) => label));
  }, 60_000);

  test('recurrence links the township problems stated in other words', () => {
    const { share, pure, strays } = recurrence(township);
    console.log(`township reports: label recurrence ${(100 * share).toFixed(1)}%, purity ${(100 * pure).toFixed(1)}%; split: ${strays.join(', ')}`);
    expect(share).toBeGreaterThanOrEqual(0.9);
    expect(pure).toBeGreaterThanOrEqual(0.9);
  }, 120_000);
});
