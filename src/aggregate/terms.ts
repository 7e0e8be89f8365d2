/**
 * Which jieba tokens count as content terms for keywords and keyness: words, not punctuation, numbers,
 * placeholder marks or stop words. Domain terms come whole from jieba (with the user dictionary), so a term is
 * always one token.
 */

const ONLY_HAN = /^\p{Script=Han}+$/u;
const ONLY_LATIN = /^[A-Za-z]+$/;
// A Chinese numeral, optionally with one measure word: 十二, 三次, 两个 (but not 十九大, a congress).
const HAN_NUMBER = /^[零〇一二三四五六七八九十百千万亿两几]+[年月日号次个场期名人项条篇余多批家处]?$/u;

/**
 * True when `word` is a content term: two or more Han characters, or a Latin word of two or more letters
 * (LED, APP), and neither a stop word, a placeholder (某镇, 某某, XX), nor a number (2021, 十二, 3个, 三次).
 * Tokens mixing scripts or holding punctuation or placeholder marks (X, *, ○, □) are never terms.
 */
export function isContentTerm(word: string, stopWords: ReadonlySet<string>): boolean {
  if (word.length < 2 || stopWords.has(word)) return false;
  if (ONLY_HAN.test(word)) return !word.startsWith('某') && !HAN_NUMBER.test(word);
  return ONLY_LATIN.test(word) && !/^[Xx]+$/.test(word);
}

/** `isContentTerm` verdicts per stop-word list, remembered: reports repeat the same few thousand words. */
const verdicts = new WeakMap<ReadonlySet<string>, Map<string, boolean>>();

/** Counts the content terms of a token list. Keys are inserted in first-seen order. */
export function countTerms(words: readonly string[], stopWords: ReadonlySet<string>): Map<string, number> {
  let known = verdicts.get(stopWords);
  if (!known) verdicts.set(stopWords, (known = new Map()));
  const counts = new Map<string, number>();
  for (const w of words) {
    let content = known.get(w);
    if (content === undefined) known.set(w, (content = isContentTerm(w, stopWords)));
    if (content) counts.set(w, (counts.get(w) ?? 0) + 1);
  }
  return counts;
}

export { byCodeUnits } from '../model/order.js';

/**
 * Content-term counts of many reports over one shared vocabulary, each term an integer id, so that corpus-level
 * counting (keywords, keyness) uses typed arrays indexed by id instead of a Map per report or group.
 */
export interface TermVocabulary {
  /** `terms[id]` is the term of id `id`, in first-seen order over the reports */
  terms: string[];
  /** per report, the ids of its distinct terms (in the report's own order) */
  ids: Int32Array[];
  /** per report, `counts[r][i]` is the count of term `ids[r][i]` */
  counts: (Int32Array | Uint16Array)[];
}

/** Entries per block of `TermBlocks` (4 MiB of ids, 2 MiB of counts), once the blocks have grown to it. */
const TERM_BLOCK = 1 << 20;

/**
 * Entries of the first block of `TermBlocks`, each next block twice the last up to `TERM_BLOCK`. Note: small first
 * blocks make `take` start a block several times in the first reports: V8 compiles `take` (inlined in the theme
 * step's `add`) with what its first calls met, and a branch never taken then (a first block of a million entries
 * fills after some 2,500 reports) threw that code away when it came ("insufficient type feedback") and compiled
 * it again.
 */
const FIRST_TERM_BLOCK = 1 << 11;

/**
 * Room for the reports' term ids and counts in shared blocks, each report's lists views into them: a large
 * corpus holds a few blocks instead of two arrays (each with its own buffer) per report, and counts in 16 bits
 * where they fit (20,000 reports have about nine million term counts).
 */
export class TermBlocks {
  private ids = new Int32Array(0);
  private counts = new Uint16Array(0);
  private used = 0;
  /** the entries of the next block (see FIRST_TERM_BLOCK) */
  private nextBlock = FIRST_TERM_BLOCK;

  /** `length` ids (for the caller to fill) and a copy of `counts`, narrowed when every count fits 16 bits. */
  take(length: number, counts: Int32Array): { ids: Int32Array; counts: Int32Array | Uint16Array } {
    if (this.used + length > this.ids.length) {
      const size = Math.max(this.nextBlock, length);
      this.nextBlock = Math.min(2 * this.nextBlock, TERM_BLOCK);
      this.ids = new Int32Array(size);
      this.counts = new Uint16Array(size);
      this.used = 0;
    }
    const from = this.used;
    this.used += length;
    // Note: checked and copied in one loop, views made with their constructors (`subarray` and `set` are builtin
    // calls that cost more than a report's copy); a count that does not fit leaves the block's room unused
    const narrow = new Uint16Array(this.counts.buffer, 2 * from, length);
    for (let i = 0; i < length; i++) {
      const count = counts[i];
      if (count < 0 || count > 0xffff) return { ids: new Int32Array(this.ids.buffer, 4 * from, length), counts };
      narrow[i] = count;
    }
    return { ids: new Int32Array(this.ids.buffer, 4 * from, length), counts: narrow };
  }
}

/**
 * Interns the (term, count) pairs of each report into one vocabulary. Each report lists a term once; a report
 * given as parallel arrays (`TermCounts`) keeps its Int32Array of counts without copying.
 */
export function termVocabulary(reports: Iterable<{ terms: readonly string[]; counts: Int32Array } | Iterable<readonly [string, number]>>): TermVocabulary {
  const idOf = new Map<string, number>();
  const terms: string[] = [];
  const ids: Int32Array[] = [];
  const counts: Int32Array[] = [];
  const idFor = (term: string): number => {
    let id = idOf.get(term);
    if (id === undefined) {
      id = terms.length;
      idOf.set(term, id);
      terms.push(term);
    }
    return id;
  };
  for (const report of reports) {
    if ('terms' in report && 'counts' in report) {
      const reportIds = new Int32Array(report.terms.length);
      for (let i = 0; i < reportIds.length; i++) reportIds[i] = idFor(report.terms[i]);
      ids.push(reportIds);
      counts.push(report.counts);
    } else {
      const pairs = [...(report as Iterable<readonly [string, number]>)];
      ids.push(Int32Array.from(pairs, ([term]) => idFor(term)));
      counts.push(Int32Array.from(pairs, ([, count]) => count));
    }
  }
  return { terms, ids, counts };
}
