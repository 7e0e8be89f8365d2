import path from 'node:path';
import { legacyDocReader } from './doc.js';
import { docxReader } from './docx.js';
import { htmlReader } from './html.js';
import { mdReader } from './md.js';
import { odtReader } from './odt.js';
import { pdfReader } from './pdf.js';
import { rtfReader } from './rtf.js';
import { txtReader } from './txt.js';
import type { FormatReader } from './types.js';

export type { FormatReader, ReadResult } from './types.js';
export { ReadError } from '../read-error.js';

/** Readers in the order they are tried. */
export const formatReaders: readonly FormatReader[] = [txtReader, mdReader, htmlReader, docxReader, pdfReader, legacyDocReader, odtReader, rtfReader];

/** The reader for a file name, or undefined when no reader handles its extension. */
export function readerFor(file: string): FormatReader | undefined {
  const ext = path.extname(file).toLowerCase();
  return formatReaders.find((reader) => reader.extensions.includes(ext));
}

