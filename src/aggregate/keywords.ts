import { byCodeUnits } from './terms.js';

/** A report's content-term counts (from `countTerms`). */
export interface ReportTerms {
  reportId: string;
  /** (term, count) pairs, each term once: a Map, or any iterable that can be walked more than once */
  counts: Iterable<readonly [string, number]>;
}

/** One keyword of a report. */
export interface Keyword {
  reportId: string;
  /** 1-based rank within the report */
  rank: number;
  keyword: string;
  /** TF-IDF weight: relative frequency in the report × smoothed inverse document frequency */
  weight: number;
}

/**
 * Top `topN` keywords per report by TF-IDF against the corpus:
 * `tf = count / content terms in the report`, `idf = ln((1 + n) / (1 + df)) + 1` (n reports, df reports holding
 * the term: scikit-learn's smooth idf), `weight = tf × idf`.
 * Note: not natural's TfIdf, whose raw-count tf favours long reports and whose `1 + ln(n / (1 + df))` goes
 * below 1 for a term in every report (and is negative-prone in small corpora); this form stays positive, and
 * in a one-report corpus it ranks by plain frequency. Ties are broken by term in code-unit order; reports are
 * returned in the order given.
 */
export function topKeywords(reports: readonly ReportTerms[], topN = 20): Keyword[] {
  const n = reports.length;
  const df = new Map<string, number>();
  for (const r of reports) for (const [term] of r.counts) df.set(term, (df.get(term) ?? 0) + 1);
  const out: Keyword[] = [];
  for (const r of reports) {
    let total = 0;
    for (const [, c] of r.counts) total += c;
    if (total === 0) continue;
    const scored = [...r.counts].map(([term, count]) => ({
      term,
      weight: (count / total) * (Math.log((1 + n) / (1 + df.get(term)!)) + 1),
    }));
    scored.sort((a, b) => b.weight - a.weight || byCodeUnits(a.term, b.term));
    scored.slice(0, topN).forEach((s, i) => out.push({ reportId: r.reportId, rank: i + 1, keyword: s.term, weight: s.weight }));
  }
  return out;
}
