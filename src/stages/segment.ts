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

const SPACE_ONLY = /^\s+$/u;

/**
 * Whether a jieba word is whitespace only. The regex runs only for words that open with a character `\s` may
 * match (controls and spaces, U+007F–U+3000, U+FEFF): Han and ASCII words, nearly all of them, skip it.
 */
function isSpaceOnly(word: string): boolean {
  const first = word.charCodeAt(0);
  const mayBeSpace = first <= 0x20 || (first >= 0x7f && first <= 0x3000) || first === 0xfeff;
  return mayBeSpace && SPACE_ONLY.test(word);
}

/** Longest token string `text.slice` may return as a view into the text (V8 makes sliced strings from 13 units). */
const SLICE_COPIES_BELOW = 13;

/** Int32s per slot of `TokenVocabulary`'s table (hash, id + 1, length, first two units), and its log2. */
const SLOT = 4;
const SLOT_SHIFT = 2;

/** Slots of `TokenVocabulary`'s key table when it starts (grown when half full). */
const KEY_SLOTS_AT_FIRST = 1 << 12;

/** A slot number for an addon key: Fibonacci hashing, its high bits folded down (the keys run in blocks). */
function keyHash(key: number): number {
  const hash = Math.imul(key, 0x9e3779b1);
  return hash ^ (hash >>> 16);
}

/**
 * The distinct tokens a thread has segmented, each with an id (0, 1, … in first-seen order). A token is looked
 * up by the code units of the text it spans, so a token seen before costs no new string, and every occurrence
 * shares one; later steps (the reduction's term counts and theme lookups) keep what they learn of a token by
 * its id. Reports repeat the same few thousand words; figures and names add the rest.
 */
export class TokenVocabulary {
  /** `words[id]` is the token of id `id` */
  readonly words: string[] = [];
  /** 1 for a token of whitespace only (`isSpaceOnly`), by id */
  private space = new Uint8Array(1024);
  /** ids of one-unit tokens by the unit, -1 for none yet */
  private readonly singles = new Int32Array(65536).fill(-1);
  /**
   * Open addressing over longer tokens, `SLOT` Int32s per slot: the token's hash, its id + 1 (0: empty slot), its
   * length and its first two code units (`unit0 | unit1 << 16`). A lookup reads one slot, and a token of two
   * units (most Chinese words) is confirmed from its slot alone, without reading the stored string.
   */
  private table = new Int32Array(SLOT << 12);
  /**
   * The addon keys seen (of the addon's dictionary `keysOf`) and their tokens' ids: open addressing, two Int32s
   * per slot, the key (0: empty slot; the addon's keys are never 0) and the id. Keys are dictionary states, up to
   * ≈ 1.3 M: a table indexed by key would be 5 MiB, read at a page of its own for nearly every word (a cache and
   * TLB miss per word inside the pipeline); a report's few thousand distinct keys fit a table of a few KiB.
   */
  private keySlots = new Int32Array(2 * KEY_SLOTS_AT_FIRST);
  private keyCount = 0;
  private keysOf = -1;

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

  /**
   * The id of the token `text.slice(start, end)` that the jieba addon gave key `key` (not 0; see
   * `jieba.cutRanges`): looked up by the key, without reading the token's characters, once the token has been
   * seen with it. The keys belong to the addon's dictionary `dictionary` (`jieba.dictionaryId()`); a
   * vocabulary that meets another one forgets the keys it knew.
   */
  idOfKey(key: number, dictionary: number, text: string, start: number, end: number): number {
    if (dictionary !== this.keysOf) {
      this.keySlots = new Int32Array(2 * KEY_SLOTS_AT_FIRST);
      this.keyCount = 0;
      this.keysOf = dictionary;
    }
    const slots = this.keySlots;
    const mask = (slots.length >> 1) - 1;
    for (let at = keyHash(key) & mask; ; at = (at + 1) & mask) {
      const slotKey = slots[2 * at];
      if (slotKey === key) return slots[2 * at + 1];
      if (slotKey === 0) {
        const id = this.idOf(text, start, end);
        slots[2 * at] = key;
        slots[2 * at + 1] = id;
        if (2 * ++this.keyCount > mask + 1) this.growKeySlots();
        return id;
      }
    }
  }

  /** The id of a token given as a string (see `idOf`). */
  idOfWord(word: string): number {
    return this.idOf(word, 0, word.length);
  }

  /** Whether token `id` is whitespace only. */
  isSpace(id: number): boolean {
    return this.space[id] === 1;
  }

  private add(text: string, start: number, end: number): number {
    // A long slice would be a view keeping the whole report text alive as long as the vocabulary: copy it.
    const word = end - start < SLICE_COPIES_BELOW ? text.slice(start, end) : copyOf(text, start, end);
    const id = this.words.push(word) - 1;
    if (id === this.space.length) {
      this.space = grownTo(this.space, id + 1);
    }
    this.space[id] = isSpaceOnly(word) ? 1 : 0;
    return id;
  }

  private growKeySlots(): void {
    const old = this.keySlots;
    const slots = new Int32Array(2 * old.length);
    const mask = (slots.length >> 1) - 1;
    for (let from = 0; from < old.length; from += 2) {
      const key = old[from];
      if (key === 0) continue;
      let at = keyHash(key) & mask;
      while (slots[2 * at] !== 0) at = (at + 1) & mask;
      slots[2 * at] = key;
      slots[2 * at + 1] = old[from + 1];
    }
    this.keySlots = slots;
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
 * Segments each paragraph with jieba, in one call of the addon for the report (`cutRanges`: nodejieba.cut's
 * words of each paragraph, as their UTF-16 end offsets in the text and a key per word, written into this
 * thread's scratch array); the words are the text between consecutive ends. The ends must tile each paragraph
 * (increasing, the last one at its end), else AlignmentError. Whitespace words are dropped. Each word is looked
 * up in the thread's `tokenVocabulary` (by its key when it has one): `ids` are the words' ids, `words` the
 * vocabulary's strings.
 */
export function segment(text: string, paragraphs: readonly Paragraph[], vocabulary: TokenVocabulary = tokenVocabulary): Tokens {
  const count = cutParagraphs(text, paragraphs);
  const cut = scratch.cut;
  const dictionary = jieba.dictionaryId();
  // One array for the offsets, ids and paragraph starts (an array buffer costs more to make than to fill), in
  // four parts; the first three have room for every word jieba gives (`count`), the whitespace ones included.
  const out = new Int32Array(3 * count + paragraphs.length + 1);
  const endsAt = count;
  const idsAt = 2 * count;
  const paragraphsAt = 3 * count;
  const words = scratch.words;
  let n = 0;
  let k = 0;
  for (let p = 0; p < paragraphs.length; p++) {
    const paragraph = paragraphs[p];
    out[paragraphsAt + p] = n;
    for (let cursor = paragraph.start; cursor < paragraph.end; k++) {
      if (k === count) {
        throw new AlignmentError(`jieba words end at offset ${cursor}, before the end of paragraph ${paragraph.no} at ${paragraph.end}`);
      }
      const end = cut[2 * k];
      if (end <= cursor || end > paragraph.end) {
        throw new AlignmentError(`jieba word ending at offset ${end} does not follow offset ${cursor} (paragraph ${paragraph.no})`);
      }
      const key = cut[2 * k + 1];
      const id = key !== 0 ? vocabulary.idOfKey(key, dictionary, text, cursor, end) : vocabulary.idOf(text, cursor, end);
      if (!vocabulary.isSpace(id)) {
        out[n] = cursor;
        out[endsAt + n] = end;
        out[idsAt + n] = id;
        if (n < words.length) words[n] = vocabulary.words[id];
        else words.push(vocabulary.words[id]);
        n++;
      }
      cursor = end;
    }
  }
  if (k !== count) throw new AlignmentError(`jieba gave ${count} words for ${paragraphs.length} paragraphs that hold ${k}`);
  out[paragraphsAt + paragraphs.length] = n;
  return {
    starts: out.subarray(0, n),
    ends: out.subarray(endsAt, endsAt + n),
    words: words.slice(0, n),
    paragraphStarts: out.subarray(paragraphsAt),
    ids: out.subarray(idsAt, idsAt + n),
  };
}

/**
 * Cuts the paragraphs of `text` with the addon (`jieba.cutRanges`) into `scratch.cut` (grown as needed): each
 * word's end offset and key. Returns the number of words.
 */
function cutParagraphs(text: string, paragraphs: readonly Paragraph[]): number {
  let { cut, ranges } = scratch;
  if (ranges.length < 2 * paragraphs.length) scratch.ranges = ranges = new Int32Array(4 * paragraphs.length);
  for (let p = 0; p < paragraphs.length; p++) {
    ranges[2 * p] = paragraphs[p].start;
    ranges[2 * p + 1] = paragraphs[p].end;
  }
  const paragraphRanges = ranges.subarray(0, 2 * paragraphs.length);
  let count = jieba.cutRanges(text, paragraphRanges, true, cut);
  if (count < 0) {
    // -count words, two numbers each; room for twice as many
    scratch.cut = cut = new Int32Array(4 * -count);
    count = jieba.cutRanges(text, paragraphRanges, true, cut);
  }
  return count;
}

/**
 * Kept for the next report: the paragraph ranges `segment` hands the addon, the addon's word ends and keys, and
 * the report's words (written over, and copied out at their exact number: pushing onto a new array for each
 * report grew and copied it a dozen times, 3 % of the stage's instructions).
 */
const scratch = {
  ranges: new Int32Array(1 << 8),
  cut: new Int32Array(1 << 15),
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
