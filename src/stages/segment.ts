import jieba from 'zongjie-jieba';
import { defineStage } from './stage.js';
import type { Paragraph, Tokens } from '../model/report.js';
import { grownTo } from '../model/typed-arrays.js';

/** Raised when jieba's word boundaries do not tile the text (spaCy's E194); a bug, never silently ignored. */
export class AlignmentError extends Error {
  readonly code = 'E_ALIGN';
}

let loadedDict: string | null = null;

/**
 * Loads jieba with the user dictionary (and nodejieba's main dictionary and HMM model). The addon
 * (native/jieba) builds the dictionary once per process and shares it with every worker thread that loads the
 * same files. One dictionary per thread: a second call with another one is refused instead of silently keeping
 * the first.
 */
export function loadJieba(userDictPath: string): void {
  if (loadedDict === userDictPath) return;
  if (loadedDict !== null) throw new Error(`jieba is already loaded with ${loadedDict}; cannot switch to ${userDictPath}`);
  jieba.load({ userDict: userDictPath });
  loadedDict = userDictPath;
}

/**
 * Starts building jieba's dictionary with this user dictionary on a native thread of its own, so that a later
 * `loadJieba` of it, in this thread or a worker, finds it built or being built instead of building it (≈ 0.3 s
 * of CPU). The run calls it first, while the main thread still walks the corpus and starts its workers.
 */
export function preloadJieba(userDictPath: string): void {
  if (loadedDict === null) jieba.preload({ userDict: userDictPath });
}

/** Longest token string `text.slice` may return as a view into the text (V8 makes sliced strings from 13 units). */
const SLICE_COPIES_BELOW = 13;

/** Int32s per slot of `TokenVocabulary`'s table (hash, id + 1, length, first two units), and its log2. */
const SLOT = 4;
const SLOT_SHIFT = 2;
/**
 * log2 of the slots `TokenVocabulary`'s table starts with: few, so that it grows (`grow`) within the first report,
 * before `segment` (which inlines `idOf`) is optimized. A first growth in optimized code would deopt `segment`
 * (no feedback yet for that call) and have it compiled again, in every thread.
 */
const FIRST_TABLE_BITS = 4;

/** Vocabularies made so far by this thread (a vocabulary's `serial` is the next). */
let vocabulariesMade = 0;

/**
 * The distinct tokens a thread has segmented, each with an id (0, 1, … in first-seen order). A token is looked
 * up by the code units of the text it spans, so a token seen before costs no new string, and every occurrence
 * shares one; later steps (the reduction's term counts and theme lookups) keep what they learn of a token by
 * its id. Reports repeat the same few thousand words; figures and names add the rest.
 */
export class TokenVocabulary {
  /** `words[id]` is the token of id `id` */
  readonly words: string[] = [];
  /**
   * This vocabulary's number for the addon (1, 2, … in this thread), which keeps the ids of the dictionary words
   * it has been told (`jieba.learnIds`) and gives them back with the words it cuts (`jieba.cutTokens`).
   */
  readonly serial = ++vocabulariesMade;
  /** ids of one-unit tokens by the unit, -1 for none yet */
  private readonly singles = new Int32Array(65536).fill(-1);
  /**
   * Open addressing over longer tokens, `SLOT` Int32s per slot: the token's hash, its id + 1 (0: empty slot), its
   * length and its first two code units (`unit0 | unit1 << 16`). A lookup reads one slot, and a token of two
   * units (most Chinese words) is confirmed from its slot alone, without reading the stored string.
   */
  private table = new Int32Array(SLOT << FIRST_TABLE_BITS);
  /** Number of distinct tokens. */
  get size(): number {
    return this.words.length;
  }

  /** The id of the token `text.slice(start, end)` (non-empty), added when new. */
  idOf(text: string, start: number, end: number): number {
    if (end - start === 1) {
      const unit = text.charCodeAt(start);
      const id = this.singles[unit];
      return id >= 0 ? id : (this.singles[unit] = this.add(text, start, end));
    }
    let hash = 0x811c9dc5 | 0;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
    hash ^= hash >>> 15;
    const length = end - start;
    const head = text.charCodeAt(start) | (text.charCodeAt(start + 1) << 16);
    const table = this.table;
    const mask = (table.length >> SLOT_SHIFT) - 1;
    for (let at = hash & mask; ; at = (at + 1) & mask) {
      const base = at << SLOT_SHIFT;
      const slot = table[base + 1];
      if (slot === 0) {
        const id = this.add(text, start, end);
        table[base] = hash;
        table[base + 1] = id + 1;
        table[base + 2] = length;
        table[base + 3] = head;
        if (2 * this.words.length > mask + 1) this.grow();
        return id;
      }
      if (table[base] === hash && table[base + 2] === length && table[base + 3] === head && (length === 2 || spells(this.words[slot - 1], text, start, end))) {
        return slot - 1;
      }
    }
  }

  /** The id of a token given as a string (see `idOf`). */
  idOfWord(word: string): number {
    return this.idOf(word, 0, word.length);
  }

  private add(text: string, start: number, end: number): number {
    // A long slice would be a view keeping the whole report text alive as long as the vocabulary: copy it.
    const word = end - start < SLICE_COPIES_BELOW ? text.slice(start, end) : copyOf(text, start, end);
    return this.words.push(word) - 1;
  }

  private grow(): void {
    const old = this.table;
    const table = new Int32Array(2 * old.length);
    const mask = (table.length >> SLOT_SHIFT) - 1;
    for (let from = 0; from < old.length; from += SLOT) {
      if (old[from + 1] === 0) continue;
      let at = old[from] & mask;
      while (table[(at << SLOT_SHIFT) + 1] !== 0) at = (at + 1) & mask;
      table.set(old.subarray(from, from + SLOT), at << SLOT_SHIFT);
    }
    this.table = table;
  }
}

/** Whether `word` equals `text.slice(start, end)`. */
function spells(word: string, text: string, start: number, end: number): boolean {
  if (word.length !== end - start) return false;
  for (let i = 0; i < word.length; i++) if (word.charCodeAt(i) !== text.charCodeAt(start + i)) return false;
  return true;
}

/** `text.slice(start, end)` as a string of its own, not a view into `text`. */
function copyOf(text: string, start: number, end: number): string {
  const parts: string[] = [];
  for (let from = start; from < end; from += 4096) {
    const units: number[] = [];
    for (let i = from; i < Math.min(end, from + 4096); i++) units.push(text.charCodeAt(i));
    parts.push(String.fromCharCode(...units));
  }
  return parts.join('');
}

/** The tokens this thread has segmented (one vocabulary per thread, for all its reports). */
export const tokenVocabulary = new TokenVocabulary();

/**
 * Segments each paragraph with jieba, in one call of the addon for the report (`jieba.cutTokens`: nodejieba.cut's
 * words of each paragraph, whitespace words left out, as their UTF-16 offsets in the text, and the vocabulary's
 * id of each dictionary word the addon has been told of). The words not known to the addon are looked up in the
 * vocabulary by their text, and the addon is told the ids of those that have a key (`jieba.learnIds`): a thread's
 * reports repeat a few thousand dictionary words, so nearly every word is known after the first reports. Words that
 * do not tile their paragraph (a bug of the addon) raise AlignmentError. `ids` are the words' ids in `vocabulary`,
 * `words` its strings.
 */
export function segment(text: string, paragraphs: readonly Paragraph[], vocabulary: TokenVocabulary = tokenVocabulary): Tokens {
  // starts, ends and ids of the n words, then each paragraph's first word and n
  const out = cutTokens(text, paragraphs, vocabulary.serial);
  const n = (out.length - paragraphs.length - 1) / 3;
  checkCounts(out, n, paragraphs);
  const words = scratch.words;
  const known = vocabulary.words;
  const idsAt = 2 * n;
  const firstsAt = 3 * n;
  let learned = 0;
  // Note: one walk over the words, paragraph by paragraph, both checks each word's span and gives it its id and
  // string, where a walk of its own checked them first; a word is checked before it is looked up, and on any
  // fault `spanError` says which word it is.
  for (let p = 0; p < paragraphs.length; p++) {
    const last = out[firstsAt + p + 1];
    const paragraphEnd = paragraphs[p].end;
    let cursor = paragraphs[p].start;
    for (let k = out[firstsAt + p]; k < last; k++) {
      const start = out[k];
      const end = out[n + k];
      if (start < cursor || end <= start || end > paragraphEnd) throw spanError(out, n, paragraphs);
      cursor = end;
      let id = out[idsAt + k];
      if (id < 0) {
        // -1 - id is the word's key in the addon's dictionary, 0 for none
        const key = -1 - id;
        out[idsAt + k] = id = vocabulary.idOf(text, start, end);
        if (key !== 0) learned = learn(learned, key, id);
      }
      if (k < words.length) words[k] = known[id];
      else words.push(known[id]);
    }
  }
  if (learned > 0) jieba.learnIds(vocabulary.serial, scratch.learned, learned);
  return {
    starts: out.subarray(0, n),
    ends: out.subarray(n, 2 * n),
    words: words.slice(0, n),
    paragraphStarts: out.subarray(firstsAt),
    ids: out.subarray(idsAt, idsAt + n),
  };
}

/** The addon's tokens of the paragraphs (`jieba.cutTokens`); its tiling error as AlignmentError. */
function cutTokens(text: string, paragraphs: readonly Paragraph[], serial: number): Int32Array {
  let ranges = scratch.ranges;
  if (ranges.length < 2 * paragraphs.length) scratch.ranges = ranges = new Int32Array(4 * paragraphs.length);
  for (let p = 0; p < paragraphs.length; p++) {
    ranges[2 * p] = paragraphs[p].start;
    ranges[2 * p + 1] = paragraphs[p].end;
  }
  try {
    return jieba.cutTokens(text, ranges.subarray(0, 2 * paragraphs.length), true, serial);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'E_ALIGN') throw new AlignmentError((error as Error).message);
    throw error;
  }
}

/**
 * Checks the addon's numbers for `n` words and the paragraphs (`out` as `segment` reads it): 3 per word, then each
 * paragraph's first word, from 0 and never going back, and n; AlignmentError if not. Then each paragraph's words
 * are `out[firstsAt + p]` up to the next paragraph's first, and every word belongs to exactly one paragraph.
 */
function checkCounts(out: Int32Array, n: number, paragraphs: readonly Paragraph[]): void {
  const firstsAt = 3 * n;
  if (!Number.isInteger(n) || out[firstsAt] !== 0 || out[firstsAt + paragraphs.length] !== n) {
    throw new AlignmentError(`jieba gave ${out.length} numbers for ${paragraphs.length} paragraphs, not 3 per word and one per paragraph more`);
  }
  for (let p = 0; p < paragraphs.length; p++) {
    if (out[firstsAt + p + 1] < out[firstsAt + p]) throw new AlignmentError(`jieba's words of paragraph ${paragraphs[p].no} end before they start`);
  }
}

/**
 * The AlignmentError of the first word (`out` as `segment` reads it) that does not lie within its paragraph, in
 * order and not empty (the addon checks that they tile it, whitespace words included), for `segment` to throw
 * when it finds one.
 */
function spanError(out: Int32Array, n: number, paragraphs: readonly Paragraph[]): AlignmentError {
  const firstsAt = 3 * n;
  for (let p = 0; p < paragraphs.length; p++) {
    const paragraph = paragraphs[p];
    const first = out[firstsAt + p];
    const last = out[firstsAt + p + 1];
    let cursor = paragraph.start;
    for (let k = first; k < last; k++) {
      const start = out[k];
      const end = out[n + k];
      if (start < cursor || end <= start) return misplaced(start, end, cursor, paragraph);
      cursor = end;
    }
    // the ends are in order: only the paragraph's last word can overrun it
    if (cursor > paragraph.end) {
      const k = last - 1;
      return misplaced(out[k], out[n + k], k > first ? out[n + k - 1] : paragraph.start, paragraph);
    }
  }
  return new AlignmentError('jieba gave a word outside its paragraph');
}

/** The AlignmentError of a word [start, end) that does not follow offset `cursor` within `paragraph`. */
function misplaced(start: number, end: number, cursor: number, paragraph: Paragraph): AlignmentError {
  return new AlignmentError(`jieba word [${start}, ${end}) does not follow offset ${cursor} within paragraph ${paragraph.no} (ending at ${paragraph.end})`);
}

/** Adds `key` and its `id` to the pairs for `jieba.learnIds` (`scratch.learned`, grown as needed); their new count. */
function learn(count: number, key: number, id: number): number {
  if (2 * count + 2 > scratch.learned.length) scratch.learned = grownTo(scratch.learned, 2 * count + 2);
  scratch.learned[2 * count] = key;
  scratch.learned[2 * count + 1] = id;
  return count + 1;
}

/**
 * Kept for the next report: the paragraph ranges `segment` hands the addon, the keys and ids it tells the addon
 * of, and the report's words (written over, and copied out at their exact number: pushing onto a new array for
 * each report grew and copied it a dozen times, 3 % of the stage's instructions).
 */
const scratch = {
  ranges: new Int32Array(1 << 8),
  learned: new Int32Array(1 << 10),
  words: [] as string[],
};

export const segmentStage = defineStage({
  name: 'segment',
  requires: ['text', 'paragraphs'],
  assigns: ['tokens'],
  run: (doc, resources) => {
    loadJieba(resources.userDictPath);
    return { tokens: segment(doc.text, doc.paragraphs) };
  },
});
