/**
 * Robustness of problem extraction and recurrence to wording: the problem paragraphs of
 * test/fixtures/paraphrases (each tuning-fold report's problems restated in other official words, written for the
 * test) must give one item a problem, and the items of one underlying problem must share a cluster across reports.
 */
import { describe, expect, test } from 'vitest';
import { clusterProblems, type ProblemToCluster } from '../../src/aggregate/recurring-problems.js';
import { analyze } from '../helpers.js';
import { paraphrases, type Paraphrase } from '../fixtures/paraphrases/problem-paraphrases.js';

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

const analysed = paraphrases.map((p) => {
  const doc = analyze(reportText(p), p.id);
  // each extracted item is matched to the clause holding its headline
  const labels = doc.problems.map((item) => p.items.find(([, clause]) => clause.includes(item.headlineText) || item.headlineText.includes(clause))?.[0] ?? '?');
  return { p, doc, labels };
});

describe('problem paraphrases', () => {
  test.each(analysed.map((a) => [a.p.id, a] as const))('extraction finds one item a problem in %s', (_, a) => {
    expect(a.doc.problems.map((x) => x.headlineText).length, a.doc.problems.map((x) => x.headlineText).join(' | ')).toBe(a.p.items.length);
    expect(a.labels).toEqual(a.p.items.map(([label]) => label));
  }, 60_000);

  test('recurrence keeps most of each label in one cluster', () => {
    const items: ProblemToCluster[] = analysed.flatMap(({ p, doc }) =>
      doc.problems.map((x) => ({ key: `${p.id}#${x.no}`, reportId: p.id, township: '', year: 2025, headline: x.headlineText, words: x.words })),
    );
    const labelOf = analysed.flatMap((a) => a.labels);
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
      if (best < all.size) strays.push(`${label} ${best}/${all.size} [${items.filter((_, i) => labelOf[i] === label).map((it) => `${clusterIds[items.indexOf(it)]}:${it.headline}`).join(" ")}]`);
    }
    const share = held / total;
    console.log(`paraphrase label recurrence ${(100 * share).toFixed(1)}%; split: ${strays.join(', ')}`);
    expect(share).toBeGreaterThanOrEqual(0.9);
    // the largest cluster stays below a tenth of all items... of labels, never swallowing different problems
    const sizes = new Map<number, number>();
    for (const id of clusterIds) sizes.set(id, (sizes.get(id) ?? 0) + 1);
    expect(Math.max(...sizes.values())).toBeLessThanOrEqual(paraphrases.length);
  }, 120_000);
});
