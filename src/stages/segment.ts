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
 * Segments each paragraph with jieba and aligns the words to the text with a cursor (as spaCy's
 * get_words_and_spaces): every word must be found where the previous one ended, else AlignmentError.
 * Whitespace words are dropped.
 */
export function segment(text: string, paragraphs: readonly Paragraph[]): Tokens {
  const starts: number[] = [];
  const ends: number[] = [];
  const words: string[] = [];
  const paragraphStarts = new Int32Array(paragraphs.length + 1);
  paragraphs.forEach((paragraph, p) => {
    paragraphStarts[p] = words.length;
    let cursor = paragraph.start;
    for (const word of nodejieba.cut(text.slice(paragraph.start, paragraph.end), true)) {
      if (!text.startsWith(word, cursor)) {
        throw new AlignmentError(`jieba word "${word}" not found at offset ${cursor} (paragraph ${paragraph.no})`);
      }
      if (!SPACE_ONLY.test(word)) {
        starts.push(cursor);
        ends.push(cursor + word.length);
        words.push(word);
      }
      cursor += word.length;
    }
  });
  paragraphStarts[paragraphs.length] = words.length;
  return { starts: Int32Array.from(starts), ends: Int32Array.from(ends), words, paragraphStarts };
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
