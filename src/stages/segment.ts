import nodejieba from 'nodejieba';
import { defineStage } from './stage.js';
import type { Paragraph, Tokens } from '../model/report.js';
import { prepareJiebaExtractorStubs } from '../data/user-dict.js';

/** Raised when jieba's words cannot be aligned to the text (spaCy's E194); a bug, never silently ignored. */
export class AlignmentError extends Error {
  readonly code = 'E_ALIGN';
}

let loadedDict: string | null = null;

/**
 * Loads jieba with the user dictionary. nodejieba can be loaded once per process (or worker thread), so a
 * second call with another dictionary is refused instead of silently keeping the first.
 */
export function loadJieba(userDictPath: string): void {
  if (loadedDict === userDictPath) return;
  if (loadedDict !== null) throw new Error(`jieba is already loaded with ${loadedDict}; cannot switch to ${userDictPath}`);
  nodejieba.load({ userDict: userDictPath, ...prepareJiebaExtractorStubs() });
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

/**
 * Segments each paragraph with jieba and aligns the words to the text with a cursor (as spaCy's
 * get_words_and_spaces): every word must be found where the previous one ended, else AlignmentError.
 * Whitespace words are dropped.
 */
export function segment(text: string, paragraphs: readonly Paragraph[]): Tokens {
  // Note: the offsets are written into typed arrays sized for one word per character (jieba's words are never
  // empty, but the arrays grow if some were) and cut to length at the end.
  let starts: Int32Array<ArrayBuffer> = new Int32Array(paragraphs.reduce((sum, p) => sum + (p.end - p.start), 0) + 1);
  let ends = new Int32Array(starts.length);
  const words: string[] = [];
  const paragraphStarts = new Int32Array(paragraphs.length + 1);
  for (let p = 0; p < paragraphs.length; p++) {
    const paragraph = paragraphs[p];
    paragraphStarts[p] = words.length;
    let cursor = paragraph.start;
    for (const word of nodejieba.cut(text.slice(paragraph.start, paragraph.end), true)) {
      if (!text.startsWith(word, cursor)) {
        throw new AlignmentError(`jieba word "${word}" not found at offset ${cursor} (paragraph ${paragraph.no})`);
      }
      if (!isSpaceOnly(word)) {
        if (words.length === starts.length) [starts, ends] = [grown(starts), grown(ends)];
        starts[words.length] = cursor;
        ends[words.length] = cursor + word.length;
        words.push(word);
      }
      cursor += word.length;
    }
  }
  paragraphStarts[paragraphs.length] = words.length;
  return { starts: starts.slice(0, words.length), ends: ends.slice(0, words.length), words, paragraphStarts };
}

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
