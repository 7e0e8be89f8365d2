import path from 'node:path';
import type { DiagnosticCode } from '../../model/kinds.js';
import { decodeText } from '../decode.js';

/** Text extracted from a file by a format reader. */
export interface ReadResult {
  /** the text; paragraphs on their own lines */
  raw: string;
  /** the detected encoding for text formats, else the format name */
  encoding: string;
}

/** A failure to read a file, with the diagnostic code that sets its status in reports.csv. */
export class ReadError extends Error {
  constructor(readonly code: DiagnosticCode, message: string) {
    super(message);
  }
}

/** A reader for one file format. */
export interface FormatReader {
  format: string;
  /** lower-case extensions with dot */
  extensions: readonly string[];
  read(bytes: Uint8Array, file: string): Promise<ReadResult>;
}

const txtReader: FormatReader = {
  format: 'txt',
  extensions: ['.txt'],
  async read(bytes) {
    const decoded = decodeText(bytes);
    if (!decoded) throw new ReadError('undecodable', 'bytes are neither UTF-8, UTF-16 (with BOM) nor GB18030');
    return { raw: decoded.text, encoding: decoded.encoding };
  },
};

/** Readers in the order they are tried. */
export const formatReaders: readonly FormatReader[] = [txtReader];

/** The reader for a file name, or undefined when no reader handles its extension. */
export function readerFor(file: string): FormatReader | undefined {
  const ext = path.extname(file).toLowerCase();
  return formatReaders.find((reader) => reader.extensions.includes(ext));
}
