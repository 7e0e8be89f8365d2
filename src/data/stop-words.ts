import { DataFileError, readDataLines } from './load.js';

/** The bundled stop-word list. */
export const DEFAULT_STOP_WORDS_FILE = 'stop-words.txt';

/** Loads a stop-word list (one word a line); a line with whitespace inside is an error (file:line). */
export function loadStopWords(file: string = DEFAULT_STOP_WORDS_FILE): Set<string> {
  const words = new Set<string>();
  for (const { line, text } of readDataLines(file)) {
    if (/\s/.test(text)) throw new DataFileError(file, line, `"${text}": one word a line`);
    words.add(text);
  }
  return words;
}
