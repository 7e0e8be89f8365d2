import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's `data/` folder (same depth from `src/data` and `dist/data`). */
export const DATA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'data');

/** A line of a data file with its 1-based line number, for error messages. */
export interface DataLine {
  line: number;
  text: string;
}

/** Error in a user-editable data file, naming file and line. */
export class DataFileError extends Error {
  constructor(file: string, line: number, message: string) {
    super(`${file}:${line}: ${message}`);
  }
}

/** Resolves a data file name against `data/` unless it is a path already. */
export function dataPath(file: string): string {
  return path.isAbsolute(file) || file.includes('/') ? path.resolve(file) : path.join(DATA_DIR, file);
}

/** Reads a data file: one entry a line, `#` starts a comment line, blank lines skipped, BOM tolerated. */
export function readDataLines(file: string): DataLine[] {
  return dataLinesOf(fs.readFileSync(dataPath(file), 'utf8'));
}

/** The entries of a data file's text (see readDataLines). */
export function dataLinesOf(fileText: string): DataLine[] {
  const text = fileText.replace(/^\uFEFF/, '');
  const out: DataLine[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const trimmed = line.trim();
    if (trimmed && !trimmed.startsWith('#')) out.push({ line: i + 1, text: trimmed });
  });
  return out;
}

/** Reads a tab-separated data file into rows of `columns` fields (trailing fields may be empty). */
export function readDataTsv(file: string, minColumns: number): { line: number; fields: string[] }[] {
  return readDataLines(file).map(({ line, text }) => {
    const fields = text.split('\t').map((f) => f.trim());
    if (fields.length < minColumns) throw new DataFileError(file, line, `expected ${minColumns} tab-separated fields, got ${fields.length}`);
    return { line, fields };
  });
}

/** Escapes a literal string for use inside a regular expression. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Compiles a regular expression from a data file, naming the line on a syntax error. */
export function compilePattern(file: string, line: number, source: string, flags = 'gu'): RegExp {
  try {
    return new RegExp(source, flags);
  } catch (error) {
    throw new DataFileError(file, line, `bad pattern: ${(error as Error).message}`);
  }
}
