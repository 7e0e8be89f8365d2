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
  ids: (Int32Array | Uint16Array)[];
  /** per report, `counts[r][i]` is the count of term `ids[r][i]` */
  counts: (Int32Array | Uint16Array)[];
}

/** Bytes per block of `TermBlocks` once the blocks have grown to it. */
const TERM_BLOCK_BYTES = 1 << 22;

/**
 * Bytes of the first block of `TermBlocks`, each next block twice the last up to `TERM_BLOCK_BYTES`. Note: small
 * first blocks make `take` start a block several times in the first reports: V8 compiles `take` (inlined in the
 * theme step's `add`) with what its first calls met, and a branch never taken then threw that code away when it
 * came ("insufficient type feedback") and compiled it again.
 */
const FIRST_TERM_BLOCK_BYTES = 1 << 13;

/**
 * Room for the reports' term ids and counts in shared byte blocks, each report's lists views into them: a large
 * corpus holds a few blocks instead of two arrays (each with its own buffer) per report. Ids take 16 bits while
 * the caller says they fit, counts 16 bits when every count does: 4 bytes a term instead of 6. Note: this memory
 * is first touched here (20,000 bench reports hold some nine million terms), and on a paravirtualised host every
 * fresh 4 KiB page costs about 18 µs of CPU.
 */
export class TermBlocks {
  private block = new ArrayBuffer(0);
  private used = 0;
  private nextBlock = FIRST_TERM_BLOCK_BYTES;

  /** `length` ids (for the caller to fill; 16 bits when `narrowIds`) and a copy of `counts`, narrowed when every count fits 16 bits. */
  take(length: number, counts: Int32Array, narrowIds: boolean): { ids: Int32Array | Uint16Array; counts: Int32Array | Uint16Array } {
    const idBytes = narrowIds ? 2 : 4;
    let at = (this.used + idBytes - 1) & -idBytes;
    if (at + length * (idBytes + 2) > this.block.byteLength) {
      this.block = new ArrayBuffer(Math.max(this.nextBlock, length * (idBytes + 2)));
      this.nextBlock = Math.min(2 * this.nextBlock, TERM_BLOCK_BYTES);
      at = 0;
    }
    const ids = narrowIds ? new Uint16Array(this.block, at, length) : new Int32Array(this.block, at, length);
    at += length * idBytes;
    this.used = at + 2 * length;
    const narrow = new Uint16Array(this.block, at, length);
    for (let i = 0; i < length; i++) {
      const count = counts[i];
      if (count < 0 || count > 0xffff) return { ids, counts };
      narrow[i] = count;
    }
    return { ids, counts: narrow };
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
