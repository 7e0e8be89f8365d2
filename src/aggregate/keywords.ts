import { byCodeUnits, termVocabulary, type TermVocabulary } from './terms.js';

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
  return topKeywordsOf(
    reports.map((r) => r.reportId),
    termVocabulary(reports.map((r) => r.counts)),
    topN,
  );
}

/**
 * `topKeywords` over interned counts: `reportIds[r]` names report r of `vocabulary`. Scores go to typed arrays
 * and only the best `topN` of a report are kept while scanning, so no object is made per term.
 */
export function topKeywordsOf(reportIds: readonly string[], vocabulary: TermVocabulary, topN = 20): Keyword[] {
  const scorer = keywordScorer(reportIds, vocabulary, topN);
  const out: Keyword[] = [];
  for (let r = 0; r < reportIds.length; r++) scorer(r, out);
  return out;
}

/** Keywords made when they are read, a few hundred reports at a time (see `keywordsOf`). */
export interface Keywords {
  /** the keywords, reports in code-unit order of id, then rank; each call starts again from the first report */
  chunks(): Iterable<Keyword[]>;
}

/** Reports whose keywords are made at a time (20 rows each; see ROWS_PER_CHUNK in emit/table.ts). */
const REPORTS_PER_CHUNK = 25;

/**
 * `topKeywordsOf` made only when read (keywords.csv is written a chunk at a time): a large corpus's keywords,
 * twenty objects per report, are never all held. Reads `vocabulary` when read, not when called.
 */
export function keywordsOf(reportIds: readonly string[], vocabulary: TermVocabulary, topN = 20): Keywords {
  return {
    *chunks() {
      const scorer = keywordScorer(reportIds, vocabulary, topN);
      const order = Array.from(reportIds, (_, r) => r).sort((x, y) => byCodeUnits(reportIds[x], reportIds[y]) || x - y);
      for (let i = 0; i < order.length; i += REPORTS_PER_CHUNK) {
        const out: Keyword[] = [];
        for (const r of order.slice(i, i + REPORTS_PER_CHUNK)) scorer(r, out);
        yield out;
      }
    },
  };
}

/** Appends report r's top `topN` keywords to `out`, best first (the idf over the whole vocabulary taken once). */
function keywordScorer(reportIds: readonly string[], vocabulary: TermVocabulary, topN: number): (r: number, out: Keyword[]) => void {
  const { terms, ids, counts } = vocabulary;
  const n = ids.length;
  const df = new Int32Array(terms.length);
  for (const reportTerms of ids) for (let i = 0; i < reportTerms.length; i++) df[reportTerms[i]]++;
  const idf = new Float64Array(terms.length);
  for (let id = 0; id < idf.length; id++) idf[id] = Math.log((1 + n) / (1 + df[id])) + 1;
  // The best terms so far, best first: weight descending, then term in code-unit order.
  const bestIds = new Int32Array(Math.max(topN, 0));
  const bestWeights = new Float64Array(Math.max(topN, 0));
  return (r, out) => {
    const reportTerms = ids[r];
    const reportCounts = counts[r];
    let total = 0;
    for (let i = 0; i < reportCounts.length; i++) total += reportCounts[i];
    if (total === 0) return;
    let kept = 0;
    for (let i = 0; i < reportTerms.length; i++) {
      const id = reportTerms[i];
      const weight = (reportCounts[i] / total) * idf[id];
      const term = terms[id];
      // Position of this term among the kept ones; past the end when it ranks below all of them.
      let at = kept;
      while (at > 0 && (weight > bestWeights[at - 1] || (weight === bestWeights[at - 1] && term < terms[bestIds[at - 1]]))) at--;
      if (at >= topN) continue;
      const last = Math.min(kept, topN - 1);
      for (let j = last; j > at; j--) {
        bestIds[j] = bestIds[j - 1];
        bestWeights[j] = bestWeights[j - 1];
      }
      bestIds[at] = id;
      bestWeights[at] = weight;
      if (kept < topN) kept++;
    }
    for (let i = 0; i < kept; i++) out.push({ reportId: reportIds[r], rank: i + 1, keyword: terms[bestIds[i]], weight: bestWeights[i] });
  };
}
