import fs from 'node:fs/promises';
import path from 'node:path';
import { ReadError, fsReadError } from '../read-error.js';
import { legacyDocReader } from './doc.js';
import { docxReader } from './docx.js';
import { htmlReader } from './html.js';
import { mdReader } from './md.js';
import { pdfReader } from './pdf.js';
import { txtReader } from './txt.js';
import type { FormatReader, ReadResult } from './types.js';

export type { FormatReader, ReadResult } from './types.js';
export { ReadError } from '../read-error.js';

/** Readers in the order they are tried. */
export const formatReaders: readonly FormatReader[] = [txtReader, mdReader, htmlReader, docxReader, pdfReader, legacyDocReader];

/** The reader for a file name, or undefined when no reader handles its extension. */
export function readerFor(file: string): FormatReader | undefined {
  const ext = path.extname(file).toLowerCase();
  return formatReaders.find((reader) => reader.extensions.includes(ext));
}

/** A file read from disk: the reader's result plus what the caller needs for reports.csv. */
export interface ReadFileResult extends ReadResult {
  /** the reader's format name */
  format: string;
  /** size of the file in bytes */
  bytes: number;
}

/**
 * Reads one corpus file: checks its size against `maxBytes`, picks the reader by extension, reads the
 * bytes and extracts the text. Throws only ReadError: `unsupported-format`, `too-large`, `unreadable`,
 * or whatever the reader throws; an unexpected failure inside a reader becomes `internal`.
 */
export async function readCorpusFile(file: string, maxBytes: number = Infinity): Promise<ReadFileResult> {
  const reader = readerFor(file);
  if (!reader) {
    const ext = path.extname(file) || '(none)';
    const known = formatReaders.flatMap((r) => r.extensions).join(' ');
    throw new ReadError('unsupported-format', `no reader for "${ext}" files; supported: ${known}`);
  }
  let size: number;
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
    size = stat.size;
  } catch (err) {
    throw fsReadError(err);
  }
  if (size > maxBytes) {
    throw new ReadError('too-large', `the file has ${size} bytes, more than the limit of ${maxBytes} (--max-bytes)`);
  }
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(file);
  } catch (err) {
    throw fsReadError(err);
  }
  try {
    const result = await reader.read(bytes, file);
    return { ...result, format: reader.format, bytes: bytes.length };
  } catch (err) {
    if (err instanceof ReadError) throw err;
    throw new ReadError('internal', `the ${reader.format} reader failed unexpectedly: ${err instanceof Error ? err.message : String(err)}`);
  }
}
