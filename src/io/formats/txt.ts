import { decodeText } from '../decode.js';
import type { FormatReader } from './types.js';

/** Plain text: the decoded bytes as they are (paragraphs are already lines). */
export const txtReader: FormatReader = {
  format: 'txt',
  extensions: ['.txt', '.text'],
  async read(bytes) {
    const { text, encoding } = decodeText(bytes);
    return { raw: text, encoding };
  },
};
