import { binarySignature } from '../decode.js';
import { ReadError, assertHasText } from '../read-error.js';
import { readOle } from './doc.js';
import type { FormatReader } from './types.js';

/** Word .docx: the text of each paragraph (body, tables, lists) on its own line, via mammoth. */
export const docxReader: FormatReader = {
  format: 'docx',
  extensions: ['.docx', '.docm', '.dotx'],
  async read(bytes) {
    if (!startsWith(bytes, 'PK\x03\x04')) {
      if (isEncryptedOoxml(bytes)) throw new ReadError('encrypted', 'the Word document is password-protected; remove the password and save again');
      const signature = binarySignature(bytes);
      // a legacy .doc saved under a .docx name is read as what it is
      if (signature?.startsWith('a legacy Office')) return readOle(bytes);
      if (bytes.length === 0) throw new ReadError('empty', 'the file is empty (0 bytes)');
      throw new ReadError('corrupt', `the .docx is not a ZIP archive${signature ? ` (it is ${signature})` : ''}; the file is damaged or misnamed`);
    }
    // Loaded on first use: mammoth and its ZIP and XML libraries cost startup time when no .docx is read.
    const { default: mammoth } = await import('mammoth');
    let value: string;
    try {
      ({ value } = await mammoth.extractRawText({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) }));
    } catch (err) {
      throw new ReadError('corrupt', `the .docx could not be opened (${shortMessage(err)}); the file is damaged`);
    }
    const raw = docxTextToLines(value);
    assertHasText(raw, 'the Word document');
    return { raw, encoding: 'docx' };
  },
};

/**
 * mammoth ends every paragraph with a blank line and writes soft line breaks as single newlines; a
 * paragraph per line means dropping the blank lines and trailing spaces.
 */
export function docxTextToLines(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => line.replace(/[ \t\u00a0\u3000]+$/, ''))
    .filter((line) => /\S/.test(line))
    .join('\n');
}

/** Password-protected OOXML files are OLE compound files holding an `EncryptedPackage` stream. */
function isEncryptedOoxml(bytes: Uint8Array): boolean {
  if (!startsWith(bytes, '\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1')) return false;
  const name = Buffer.from('EncryptedPackage', 'utf16le');
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(name);
}

function startsWith(bytes: Uint8Array, magic: string): boolean {
  if (bytes.length < magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (bytes[i] !== magic.charCodeAt(i)) return false;
  return true;
}

function shortMessage(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split('\n')[0].slice(0, 160);
}
