import { type GroupBy, type GroupableReport, groupOf } from './group.js';
import { byCodeUnits, termVocabulary, type TermVocabulary } from './terms.js';

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
  return logLikelihoodOf(t.a, t.b, t.c, t.d, correction);
}

/**
 * `logLikelihood` of the cells given as numbers: keyness.csv scores every term of every group with it (millions
 * at 20,000 reports), where a table object and a closure per call were young garbage.
 */
function logLikelihoodOf(a0: number, b0: number, c0: number, d0: number, correction: 'default' | 'none'): number {
  let a = a0;
  let b = b0;
  let c = c0;
  let d = d0;
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
  const g2 =
    2 *
    (likelihoodCell(a, e11) +
      likelihoodCell(b, ((a0 + b0) * (b0 + d0)) / n) +
      likelihoodCell(c, ((a0 + c0) * (c0 + d0)) / n) +
      likelihoodCell(d, ((b0 + d0) * (c0 + d0)) / n));
  return sign * g2;
}

/** One cell's `O ln(O/E)` of G² (0 when either is 0). */
function likelihoodCell(o: number, e: number): number {
  return o > 0 && e > 0 ? o * Math.log(o / e) : 0;
}

/**
 * Signed Pearson chi-square of a 2×2 table with Yates' correction as R's chisq.test applies it
 * (`Σ (|O − E| − min(0.5, |O − E|))² / E`), positive when a > E11.
 */
export function chiSquare(t: TwoByTwo): number {
  return chiSquareOf(t.a, t.b, t.c, t.d);
}

/** `chiSquare` of the cells given as numbers (a row of keyness.csv each: no table object per row). */
function chiSquareOf(a: number, b: number, c: number, d: number): number {
  const n = a + b + c + d;
  if (n === 0) return 0;
  // Each cell's observed and expected count, written out (no arrays per call: a row of keyness.csv each).
  const ea = ((a + b) * (a + c)) / n;
  const eb = ((a + b) * (b + d)) / n;
  const ec = ((a + c) * (c + d)) / n;
  const ed = ((b + d) * (c + d)) / n;
  const yates = Math.min(0.5, Math.abs(a - ea), Math.abs(b - eb), Math.abs(c - ec), Math.abs(d - ed));
  // Note: summed in the order the cells were, from 0, so the same value to the last bit.
  let sum = 0;
  sum += chiSquareCell(a, ea, yates);
  sum += chiSquareCell(b, eb, yates);
  sum += chiSquareCell(c, ec, yates);
  sum += chiSquareCell(d, ed, yates);
  return (a > ea ? 1 : -1) * sum;
}

/** One cell's `(|O − E| − yates)² / E` of the chi-square (0 when E is 0). */
function chiSquareCell(o: number, e: number, yates: number): number {
  return e > 0 ? (Math.abs(o - e) - yates) ** 2 / e : 0;
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
  return keynessOf(
    reports.map((r) => groupOf(r, groupBy)),
    termVocabulary(reports.map((r) => r.counts)),
    options,
  );
}

/**
 * `keyness` over interned counts: `groups[r]` is the group of report r of `vocabulary`. One group at a time is
 * summed into a typed array indexed by term id (reset after use), so no per-group map is ever held, and only
 * the best `topN` terms of a group become rows.
 */
export function keynessOf(groups: readonly string[], vocabulary: TermVocabulary, options: KeynessOptions = {}): KeynessRow[] {
  const out: KeynessRow[] = [];
  for (const chunk of keynessRowsOf(groups, vocabulary, options).chunks()) for (const row of chunk) out.push(row);
  return out;
}

/** Keyness rows made when they are read, a few groups at a time (see `keynessRowsOf`). */
export interface Keyness {
  /** the rows, groups in code-unit order, then rank; each call starts again from the first group */
  chunks(): Iterable<KeynessRow[]>;
}

/** Groups whose rows are made at a time (at most `topN` rows each; see ROWS_PER_CHUNK in emit/table.ts). */
const GROUPS_PER_CHUNK = 25;

/**
 * `keynessOf` made only when read (keyness.csv is written a chunk at a time): with one group per report, a
 * large corpus has hundreds of thousands of rows, never all held. Reads `vocabulary` when read.
 */
export function keynessRowsOf(groups: readonly string[], vocabulary: TermVocabulary, options: KeynessOptions = {}): Keyness {
  return { chunks: () => keynessChunks(groups, vocabulary, options) };
}

function* keynessChunks(groups: readonly string[], vocabulary: TermVocabulary, options: KeynessOptions): Iterable<KeynessRow[]> {
  const { topN = 20, minCount = 3, correction = 'default' } = options;
  const { terms, ids, counts } = vocabulary;
  const reportsOf = reportsByGroup(groups, ids.length);
  const corpus = new Float64Array(terms.length);
  let corpusTotal = 0;
  for (let r = 0; r < ids.length; r++) {
    const reportTerms = ids[r];
    const reportCounts = counts[r];
    for (let i = 0; i < reportTerms.length; i++) {
      corpus[reportTerms[i]] += reportCounts[i];
      corpusTotal += reportCounts[i];
    }
  }
  const summed = new GroupSums(terms.length);
  const best = new BestTerms(terms, Math.max(topN, 0));
  const sortedGroups = [...reportsOf.keys()].sort(byCodeUnits);
  for (let first = 0; first < sortedGroups.length; first += GROUPS_PER_CHUNK) {
    const out: KeynessRow[] = [];
    for (const group of sortedGroups.slice(first, first + GROUPS_PER_CHUNK)) {
      const members = reportsOf.get(group)!;
      // A report lists each term once (`TermVocabulary.ids`), so a group of one report is its own sum, in the
      // order the sum of its members would list them: no scatter into `summed`, and nothing to reset.
      const { ids: termIds, counts: termCounts } = members.length === 1 ? { ids: ids[members[0]], counts: counts[members[0]] } : summed.of(members, vocabulary);
      let targetTotal = 0;
      for (let i = 0; i < termIds.length; i++) targetTotal += termCounts[i];
      const referenceTotal = corpusTotal - targetTotal;
      best.clear();
      if (referenceTotal !== 0) {
        for (let i = 0; i < termIds.length; i++) {
          const a = termCounts[i];
          if (a < minCount) continue;
          const id = termIds[i];
          const b = corpus[id] - a;
          best.offer(id, a, logLikelihoodOf(a, b, targetTotal - a, referenceTotal - b, correction));
        }
      }
      for (let i = 0; i < best.kept; i++) {
        const id = best.ids[i];
        const a = best.counts[i];
        const b = corpus[id] - a;
        const g2 = best.g2[i];
        const chi2 = chiSquareOf(a, b, targetTotal - a, referenceTotal - b);
        out.push({ group, rank: i + 1, term: terms[id], targetCount: a, referenceCount: b, g2, chi2, p: chiSquareP1(g2) });
      }
    }
    yield out;
  }
}

/** The reports of each group, in report order; groups in order of first report. */
function reportsByGroup(groups: readonly string[], reports: number): Map<string, number[]> {
  const reportsOf = new Map<string, number[]>();
  for (let r = 0; r < reports; r++) {
    let members = reportsOf.get(groups[r]);
    if (!members) reportsOf.set(groups[r], (members = []));
    members.push(r);
  }
  return reportsOf;
}

/**
 * A group's term counts summed over its reports: a typed array indexed by term id, and the ids met (in the
 * order first met) with their sums, reset for the next group when asked for it.
 */
class GroupSums {
  private readonly byId: Float64Array;
  private readonly seen: Uint8Array;
  private readonly met: Int32Array;
  private readonly sums: Float64Array;
  private count = 0;

  constructor(terms: number) {
    this.byId = new Float64Array(terms);
    this.seen = new Uint8Array(terms);
    this.met = new Int32Array(terms);
    this.sums = new Float64Array(terms);
  }

  /** The sums of `members`' counts: term ids in the order first met, and each one's sum (views, valid until the next call). */
  of(members: readonly number[], vocabulary: TermVocabulary): { ids: Int32Array; counts: Float64Array } {
    const { byId, seen, met } = this;
    for (let k = 0; k < this.count; k++) {
      byId[met[k]] = 0;
      seen[met[k]] = 0;
    }
    this.count = 0;
    for (const r of members) {
      const reportTerms = vocabulary.ids[r];
      const reportCounts = vocabulary.counts[r];
      for (let i = 0; i < reportTerms.length; i++) {
        const id = reportTerms[i];
        if (seen[id] === 0) {
          seen[id] = 1;
          met[this.count++] = id;
        }
        byId[id] += reportCounts[i];
      }
    }
    for (let k = 0; k < this.count; k++) this.sums[k] = byId[met[k]];
    return { ids: met.subarray(0, this.count), counts: this.sums.subarray(0, this.count) };
  }
}

/** The best `keep` terms of a group so far, best first: G² descending, then term in code-unit order. */
class BestTerms {
  readonly ids: Int32Array;
  readonly counts: Float64Array;
  readonly g2: Float64Array;
  kept = 0;

  constructor(
    private readonly terms: readonly string[],
    private readonly keep: number,
  ) {
    this.ids = new Int32Array(keep);
    this.counts = new Float64Array(keep);
    this.g2 = new Float64Array(keep);
  }

  clear(): void {
    this.kept = 0;
  }

  /** Term `id` with count `a` in the group and `g2`, kept when positive and among the best. */
  offer(id: number, a: number, g2: number): void {
    if (!(g2 > 0)) return;
    const { ids, counts, terms, keep } = this;
    const term = terms[id];
    let at = this.kept;
    while (at > 0 && (g2 > this.g2[at - 1] || (g2 === this.g2[at - 1] && term < terms[ids[at - 1]]))) at--;
    if (at >= keep) return;
    for (let j = Math.min(this.kept, keep - 1); j > at; j--) {
      ids[j] = ids[j - 1];
      counts[j] = counts[j - 1];
      this.g2[j] = this.g2[j - 1];
    }
    ids[at] = id;
    counts[at] = a;
    this.g2[at] = g2;
    if (this.kept < keep) this.kept++;
  }
}
