import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import { threadId } from 'node:worker_threads';
import path from 'node:path';
import { DataFileError, readDataLines } from './load.js';

/** One entry of the jieba user dictionary (data/user-dict.txt). */
export interface UserDictEntry {
  /** the word, without spaces */
  word: string;
  /** corpus frequency; undefined means cppjieba's median weight */
  freq: number | undefined;
  /** part-of-speech tag (jieba tag set); undefined means `x` */
  tag: string | undefined;
  /** 1-based line number in the file, for error messages */
  line: number;
}

// Note: cppjieba reads a lone second field as a TAG, never as a frequency, so `word 100` is rejected here.
const ENTRY = /^(\S+)(?: (\d+) ([A-Za-z]+)| ([A-Za-z]+))?$/u;

/**
 * Parses and validates a jieba user dictionary: `word`, `word tag` or `word freq tag` per line,
 * fields separated by one space, `#` comment lines. Throws DataFileError (file:line) on a malformed
 * line or a duplicate word.
 */
export function parseUserDict(file: string): UserDictEntry[] {
  const seen = new Map<string, number>();
  return readDataLines(file).map(({ line, text }) => {
    const match = ENTRY.exec(text);
    if (!match) throw new DataFileError(file, line, `expected "word [freq tag]" or "word tag", got "${text}"`);
    const word = match[1]!;
    const previous = seen.get(word);
    if (previous !== undefined) throw new DataFileError(file, line, `duplicate word "${word}" (first on line ${previous})`);
    seen.set(word, line);
    const freq = match[2] === undefined ? undefined : Number(match[2]);
    if (freq === 0) throw new DataFileError(file, line, 'frequency 0 gives weight -Infinity; omit it or use ≥ 1');
    return { word, freq, tag: match[3] ?? match[4], line };
  });
}

/** Renders entries in the comment-free form cppjieba reads (it has no comment syntax). */
export function formatJiebaUserDict(entries: readonly UserDictEntry[]): string {
  return entries
    .map(({ word, freq, tag }) => (freq !== undefined ? `${word} ${freq} ${tag ?? 'x'}` : tag !== undefined ? `${word} ${tag}` : word))
    .join('\n') + '\n';
}

/**
 * Validates a user dictionary and writes its comment-free copy for jieba's `load({ userDict })` (the
 * zongjie-jieba addon in native/jieba, or nodejieba), because cppjieba would otherwise take `#` lines as
 * words. Returns the absolute path of the copy, named after a hash of its content so that parallel workers
 * share one file (and the addon one dictionary).
 */
export function prepareJiebaUserDict(file = 'user-dict.txt', outDir = os.tmpdir()): string {
  const text = formatJiebaUserDict(parseUserDict(file));
  const hash = crypto.createHash('sha256').update(text).digest('hex').slice(0, 16);
  return writeOnce(path.join(outDir, `zongjie-user-dict-${hash}.txt`), text);
}

/** Writes `text` to `out` unless the file exists (its name says its content); returns `out`. */
function writeOnce(out: string, text: string): string {
  if (!fs.existsSync(out)) {
    // Write then rename, so that a concurrent reader never sees a half-written file.
    const tmp = `${out}.${process.pid}-${threadId}.tmp`; // worker threads share the pid
    fs.writeFileSync(tmp, text, 'utf8');
    fs.renameSync(tmp, out);
  }
  return out;
}
