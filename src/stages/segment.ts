import jieba from 'zongjie-jieba';
import { defineStage } from './stage.js';
import type { Paragraph, Tokens } from '../model/report.js';

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
  /** open addressing over longer tokens: id + 1 per slot (0 empty) and the hash of the slot's token */
  private slots = new Int32Array(1 << 12);
  private hashes = new Int32Array(1 << 12);

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
    const mask = this.slots.length - 1;
    for (let at = hash & mask; ; at = (at + 1) & mask) {
      const slot = this.slots[at];
      if (slot === 0) {
        const id = this.add(text, start, end);
        this.slots[at] = id + 1;
        this.hashes[at] = hash;
        if (2 * this.words.length > this.slots.length) this.grow();
        return id;
      }
      if (this.hashes[at] === hash && spells(this.words[slot - 1], text, start, end)) return slot - 1;
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
      const grown = new Uint8Array(2 * id);
      grown.set(this.space);
      this.space = grown;
    }
    this.space[id] = isSpaceOnly(word) ? 1 : 0;
    return id;
  }

  private grow(): void {
    const slots = new Int32Array(2 * this.slots.length);
    const hashes = new Int32Array(slots.length);
    const mask = slots.length - 1;
    for (let from = 0; from < this.slots.length; from++) {
      if (this.slots[from] === 0) continue;
      let at = this.hashes[from] & mask;
      while (slots[at] !== 0) at = (at + 1) & mask;
      slots[at] = this.slots[from];
      hashes[at] = this.hashes[from];
    }
    this.slots = slots;
    this.hashes = hashes;
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
 * Segments each paragraph with jieba: the addon returns each word's end offset (nodejieba.cut's words, as
 * UTF-16 offsets), and the words are the text between consecutive ends. The ends must tile the paragraph
 * (increasing, the last one at its end), else AlignmentError. Whitespace words are dropped. Each word is
 * looked up in the thread's `tokenVocabulary`: `ids` are the words' ids, `words` the vocabulary's strings.
 */
export function segment(text: string, paragraphs: readonly Paragraph[], vocabulary: TokenVocabulary = tokenVocabulary): Tokens {
  // Note: the offsets are written into the thread's scratch arrays (grown as needed) and copied out at the end.
  let { starts, ends, ids } = scratch;
  const words: string[] = [];
  const paragraphStarts = new Int32Array(paragraphs.length + 1);
  for (let p = 0; p < paragraphs.length; p++) {
    const paragraph = paragraphs[p];
    paragraphStarts[p] = words.length;
    let cursor = paragraph.start;
    for (const relativeEnd of jieba.cut(text.slice(paragraph.start, paragraph.end), true)) {
      const end = paragraph.start + relativeEnd;
      if (end <= cursor || end > paragraph.end) {
        throw new AlignmentError(`jieba word ending at offset ${end} does not follow offset ${cursor} (paragraph ${paragraph.no})`);
      }
      const id = vocabulary.idOf(text, cursor, end);
      if (!vocabulary.isSpace(id)) {
        if (words.length === starts.length) scratch = { starts: (starts = grown(starts)), ends: (ends = grown(ends)), ids: (ids = grown(ids)) };
        starts[words.length] = cursor;
        ends[words.length] = end;
        ids[words.length] = id;
        words.push(vocabulary.words[id]);
      }
      cursor = end;
    }
    if (cursor !== paragraph.end) {
      throw new AlignmentError(`jieba words end at offset ${cursor}, before the end of paragraph ${paragraph.no} at ${paragraph.end}`);
    }
  }
  paragraphStarts[paragraphs.length] = words.length;
  return { starts: starts.slice(0, words.length), ends: ends.slice(0, words.length), words, paragraphStarts, ids: ids.slice(0, words.length) };
}

/** Arrays `segment` writes a report's token offsets and ids into before copying them out, kept for the next report. */
let scratch = { starts: new Int32Array(1 << 14), ends: new Int32Array(1 << 14), ids: new Int32Array(1 << 14) };

function grown(array: Int32Array): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}

export const segmentStage = defineStage({
  name: 'segment',
  requires: ['text', 'paragraphs'],
  assigns: ['tokens'],
  run: (doc, resources) => {
    loadJieba(resources.userDictPath);
    return { tokens: segment(doc.text, doc.paragraphs) };
  },
});
