import { ReadError } from '../read-error.js';
import type { FormatReader } from './types.js';

/**
 * Legacy binary Word and WPS files. No well-kept npm reader exists for them, so they get a clear
 * `skipped` row telling the user how to convert them.
 */
export const legacyDocReader: FormatReader = {
  format: 'doc',
  extensions: ['.doc', '.wps', '.dot'],
  async read() {
    throw new ReadError('unsupported-format', 'legacy Word/WPS .doc files are not read; open the file in Word or WPS and save it as .docx');
  },
};
