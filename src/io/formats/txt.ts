import { decodeText } from '../decode.js';
import type { FormatReader, ReadResult } from './types.js';

/** Plain text: the decoded bytes as they are (paragraphs are already lines). */
export const txtReader: FormatReader = {
  format: 'txt',
  extensions: ['.txt', '.text'],
  async read(bytes) {
    return readTxt(bytes);
  },
  readNow: readTxt,
};

function readTxt(bytes: Uint8Array): ReadResult {
  const { text, encoding } = decodeText(bytes);
  return { raw: text, encoding };
}
