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

/**
 * Segments each paragraph with jieba: the addon returns each word's end offset (nodejieba.cut's words, as
 * UTF-16 offsets), and the words are the text between consecutive ends. The ends must tile the paragraph
 * (increasing, the last one at its end), else AlignmentError. Whitespace words are dropped.
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
    for (const relativeEnd of jieba.cut(text.slice(paragraph.start, paragraph.end), true)) {
      const end = paragraph.start + relativeEnd;
      if (end <= cursor || end > paragraph.end) {
        throw new AlignmentError(`jieba word ending at offset ${end} does not follow offset ${cursor} (paragraph ${paragraph.no})`);
      }
      const word = text.slice(cursor, end);
      if (!isSpaceOnly(word)) {
        if (words.length === starts.length) [starts, ends] = [grown(starts), grown(ends)];
        starts[words.length] = cursor;
        ends[words.length] = end;
        words.push(word);
      }
      cursor = end;
    }
    if (cursor !== paragraph.end) {
      throw new AlignmentError(`jieba words end at offset ${cursor}, before the end of paragraph ${paragraph.no} at ${paragraph.end}`);
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
