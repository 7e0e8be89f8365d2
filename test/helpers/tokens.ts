/** Tokens for tests: jieba words aligned to the text with a cursor (what the core's segment stage provides). */
import jieba from 'nodejieba';
import type { Paragraph, Tokens } from '../../src/model/report.js';

export function tokenize(text: string, paragraphs: Paragraph[]): Tokens {
  const starts: number[] = [];
  const ends: number[] = [];
  const words: string[] = [];
  let cursor = 0;
  for (const word of jieba.cut(text)) {
    const at = text.indexOf(word, cursor);
    if (at < 0) throw new Error(`cannot align "${word}" at ${cursor}`);
    starts.push(at);
    ends.push(at + word.length);
    words.push(word);
    cursor = at + word.length;
  }
  const paragraphStarts = paragraphs.map((p) => {
    const k = starts.findIndex((s) => s >= p.start);
    return k < 0 ? starts.length : k;
  });
  return { starts: Int32Array.from(starts), ends: Int32Array.from(ends), words, paragraphStarts: Int32Array.from(paragraphStarts) };
}
