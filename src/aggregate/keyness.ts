import { type GroupBy, type GroupableReport, groupOf } from './group.js';
import { byCodeUnits } from './terms.js';

/** A report's content-term counts with what grouping needs. */
export interface TermCountedReport extends GroupableReport {
  /** (term, count) pairs, each term once: a Map, or any iterable */
  counts: Iterable<readonly [string, number]>;
}

/** A term a group over-uses against the rest of the corpus. */
export interface KeynessRow {
  group: string;
  /** 1-based within the group */
  rank: number;
  term: string;
  /** occurrences in the group (a) */
  targetCount: number;
  /** occurrences in all other groups (b) */
  referenceCount: number;
  /** signed log-likelihood G², as quanteda textstat_keyness(measure = "lr") */
  g2: number;
  /** signed Pearson chi-square with Yates' correction, as quanteda textstat_keyness(measure = "chi2") */
  chi2: number;
  /** p-value of |G²| on 1 degree of freedom */
  p: number;
}

/** Options of `keyness`. */
export interface KeynessOptions {
  /** terms kept per group (default 20) */
  topN?: number;
  /** least count in the group for a term to be considered (default 3) */
  minCount?: number;
  /**
   * continuity correction of G²: `default` applies Yates' as quanteda does (only when an expected count is
   * below 5 and |ad − bc| > N/2); `none` gives the plain statistic (default `default`)
   */
  correction?: 'default' | 'none';
}

/** The four cells of a 2×2 table: a = term in target, b = term in reference, c/d = other terms. */
export interface TwoByTwo {
  a: number;
  b: number;
  c: number;
  d: number;
}

/**
 * Signed G² of a 2×2 table: `2 Σ O ln(O/E)` over the four cells (0 ln 0 = 0), positive when the term is
 * relatively more frequent in the target (a > E11). With `correction: 'default'` the cells are first moved
 * 0.5 toward independence under quanteda's condition (smallest expected < 5 and |ad − bc| > N/2).
 */
export function logLikelihood(t: TwoByTwo, correction: 'default' | 'none' = 'default'): number {
  let { a, b, c, d } = t;
  const n = a + b + c + d;
  if (n === 0) return 0;
  const e11 = ((a + b) * (a + c)) / n;
  const sign = a > e11 ? 1 : -1;
  if (correction === 'default') {
    const minExpected = Math.min(e11, ((a + b) * (b + d)) / n, ((a + c) * (c + d)) / n, ((c + d) * (b + d)) / n);
    if (minExpected < 5 && Math.abs(a * d - b * c) > n / 2) {
      const s = a * d - b * c > 0 ? 0.5 : -0.5;
      a -= s;
      d -= s;
      b += s;
      c += s;
    }
  }
  // Expected counts come from the uncorrected margins, which the correction leaves unchanged.
  const cell = (o: number, e: number) => (o > 0 && e > 0 ? o * Math.log(o / e) : 0);
  const g2 =
    2 *
    (cell(a, e11) +
      cell(b, ((t.a + t.b) * (t.b + t.d)) / n) +
      cell(c, ((t.a + t.c) * (t.c + t.d)) / n) +
      cell(d, ((t.b + t.d) * (t.c + t.d)) / n));
  return sign * g2;
}

/**
 * Signed Pearson chi-square of a 2×2 table with Yates' correction as R's chisq.test applies it
 * (`Σ (|O − E| − min(0.5, |O − E|))² / E`), positive when a > E11.
 */
export function chiSquare(t: TwoByTwo): number {
  const { a, b, c, d } = t;
  const n = a + b + c + d;
  if (n === 0) return 0;
  const cells: [number, number][] = [
    [a, ((a + b) * (a + c)) / n],
    [b, ((a + b) * (b + d)) / n],
    [c, ((a + c) * (c + d)) / n],
    [d, ((b + d) * (c + d)) / n],
  ];
  const yates = Math.min(0.5, ...cells.map(([o, e]) => Math.abs(o - e)));
  let sum = 0;
  for (const [o, e] of cells) if (e > 0) sum += (Math.abs(o - e) - yates) ** 2 / e;
  return (a > cells[0][1] ? 1 : -1) * sum;
}

/** Upper tail of the chi-square distribution with 1 degree of freedom: P(X ≥ x) = erfc(√(x/2)). */
export function chiSquareP1(x: number): number {
  return x <= 0 ? 1 : erfc(Math.sqrt(x / 2));
}

/** Complementary error function (Numerical Recipes erfcc, fractional error < 1.2e-7 everywhere). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/**
 * For each group, the terms it uses more than the rest of the corpus: every term with at least `minCount`
 * occurrences in the group and a positive G² against all other groups pooled, sorted by G² (then term), top
 * `topN`. Groups come in code-unit order. With a single group there is no reference and no rows.
 */
export function keyness(reports: readonly TermCountedReport[], groupBy: GroupBy, options: KeynessOptions = {}): KeynessRow[] {
  const { topN = 20, minCount = 3, correction = 'default' } = options;
  const groups = new Map<string, Map<string, number>>();
  const corpus = new Map<string, number>();
  for (const report of reports) {
    const group = groupOf(report, groupBy);
    let counts = groups.get(group);
    if (!counts) groups.set(group, (counts = new Map()));
    for (const [term, c] of report.counts) {
      counts.set(term, (counts.get(term) ?? 0) + c);
      corpus.set(term, (corpus.get(term) ?? 0) + c);
    }
  }
  let corpusTotal = 0;
  for (const c of corpus.values()) corpusTotal += c;
  const out: KeynessRow[] = [];
  for (const group of [...groups.keys()].sort(byCodeUnits)) {
    const counts = groups.get(group)!;
    let targetTotal = 0;
    for (const c of counts.values()) targetTotal += c;
    const referenceTotal = corpusTotal - targetTotal;
    if (referenceTotal === 0) continue;
    const scored: Omit<KeynessRow, 'rank'>[] = [];
    for (const [term, a] of counts) {
      if (a < minCount) continue;
      const b = corpus.get(term)! - a;
      const table = { a, b, c: targetTotal - a, d: referenceTotal - b };
      const g2 = logLikelihood(table, correction);
      if (!(g2 > 0)) continue;
      scored.push({ group, term, targetCount: a, referenceCount: b, g2, chi2: chiSquare(table), p: chiSquareP1(g2) });
    }
    scored.sort((x, y) => y.g2 - x.g2 || byCodeUnits(x.term, y.term));
    scored.slice(0, topN).forEach((s, i) => out.push({ ...s, rank: i + 1 }));
  }
  return out;
}
