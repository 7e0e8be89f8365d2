import { binarySignature } from '../decode.js';
import { ReadError, assertHasText } from '../read-error.js';
import { docxReader, docxTextToLines } from './docx.js';
import { rtfReader } from './rtf.js';
import type { FormatReader } from './types.js';

/** The eight bytes every OLE compound file (legacy .doc, .wps, .xls) starts with. */
const OLE_MAGIC = '\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1';

/**
 * Legacy binary Word (.doc, .dot) and WPS (.wps, the same compound format) files, read with word-extractor.
 * County offices often keep other files under a .doc name; those are read by what they really are: a
 * .docx (ZIP) or an RTF file renamed .doc. The body text is kept; headers, footers and comments are not
 * part of the report.
 */
export const legacyDocReader: FormatReader = {
  format: 'doc',
  extensions: ['.doc', '.dot', '.wps', '.wpt'],
  async read(bytes, file) {
    if (startsWith(bytes, 'PK\x03\x04')) return docxReader.read(bytes, file);
    if (startsWith(bytes, '{\\rtf')) return rtfReader.read(bytes, file);
    if (!startsWith(bytes, OLE_MAGIC)) {
      const signature = binarySignature(bytes);
      throw new ReadError('corrupt', `the file is not a Word or WPS document${signature ? ` (it is ${signature})` : ''}; it is damaged or misnamed`);
    }
    return readOle(bytes);
  },
};

/** Reads an OLE compound Word/WPS document; `encrypted` when password-protected, `corrupt` when damaged. */
export async function readOle(bytes: Uint8Array): Promise<{ raw: string; encoding: string }> {
  if (hasUtf16Name(bytes, 'EncryptedPackage') || wordEncryptedFlag(bytes)) {
    throw new ReadError('encrypted', 'the Word/WPS document is password-protected; remove the password and save again');
  }
  // Loaded on first use, like mammoth for .docx.
  const { default: WordExtractor } = await import('word-extractor');
  await boundSectorChains();
  let body: string;
  try {
    assertOleSizesFit(bytes);
    const doc = await new WordExtractor().extract(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    body = doc.getBody({ filterUnicode: false });
  } catch (err) {
    const message = (err instanceof Error ? err.message : String(err)).split('\n')[0].slice(0, 160);
    throw new ReadError('corrupt', `the Word/WPS document could not be opened (${message}); the file is damaged or of an older WPS version: open it in WPS or Word and save it as .docx`);
  }
  const raw = docxTextToLines(wordControlsToText(body));
  assertHasText(raw, 'the Word/WPS document');
  return { raw, encoding: 'doc' };
}

/**
 * Throws when the compound file's header gives sizes the file cannot hold: a sector size other than 512 or 4,096
 * bytes, a mini sector size other than 64, or more allocation-table sectors (FAT, mini FAT, DIFAT together) than
 * the file has sectors. Why: word-extractor allocates the allocation table from the header's count before reading
 * it, so one damaged count (5,505,025 FAT sectors in a 4.5 kB file, found by the property test) made it fill a
 * table of hundreds of millions of entries until the heap ran out.
 */
function assertOleSizesFit(bytes: Uint8Array): void {
  if (bytes.length < 512) throw new Error('the compound file header is cut off');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const sectorShift = view.getUint16(30, true);
  const miniSectorShift = view.getUint16(32, true);
  if ((sectorShift !== 9 && sectorShift !== 12) || miniSectorShift !== 6) throw new Error('the compound file header gives impossible sector sizes');
  const sectors = Math.ceil(bytes.length / 2 ** sectorShift);
  const tableSectors = view.getUint32(44, true) + view.getUint32(64, true) + view.getUint32(72, true);
  if (tableSectors > sectors) throw new Error(`the compound file header counts ${tableSectors} allocation-table sectors in a file of ${sectors}`);
}

let sectorChainsBounded = false;

/**
 * Makes word-extractor's walk along a sector chain of the compound file's allocation table stop when the chain
 * loops. Why: word-extractor 1.0.4 follows a chain until it ends and stops early only at a sector that points to
 * itself; in a damaged file whose chain loops through two or more sectors it pushes sector numbers until the heap
 * runs out, which kills the thread and with it the run (the property test in test/io/office.test.ts found such
 * files, about one damaged .doc in 3,000). A chain visits each sector at most once, so a chain longer than the
 * table loops: it is an error, which `readOle` reports as a damaged file. Otherwise the walk is word-extractor's own.
 */
async function boundSectorChains(): Promise<void> {
  if (sectorChainsBounded) return;
  const { default: AllocationTable } = await import('word-extractor/lib/ole-allocation-table.js');
  AllocationTable.prototype.getSecIdChain = function getSecIdChain(this: InstanceType<typeof AllocationTable>, startSecId: number): number[] {
    const table = this._table;
    const secIds: number[] = [];
    // sector ids below 0 end a chain (free -1, end of chain -2, SAT -3, MSAT -4), as in word-extractor
    for (let secId = startSecId; secId > -1; ) {
      if (secIds.length >= table.length) throw new Error('a sector chain of the allocation table loops');
      secIds.push(secId);
      const prior = secId;
      secId = table[secId];
      if (secId === prior) break;
    }
    return secIds;
  };
  sectorChainsBounded = true;
}

/**
 * word-extractor returns Word's own control characters where the text has structure: 0x07 ends a table cell
 * (and row), 0x0B is a manual line break, 0x0C a page or section break, 0x1E/0x1F hyphens. Cells and
 * breaks become line ends, as the .docx reader gives them.
 */
function wordControlsToText(text: string): string {
  return text
    .replace(/[\u0007\u000b\u000c]/g, '\n')
    .replace(/\u001e/g, '-')
    .replace(/\u001f/g, '')
    .replace(/\r/g, '\n');
}

/**
 * The FIB's fEncrypted bit. The WordDocument stream starts with wIdent 0xA5EC on a 512-byte sector; its
 * flags word at byte 10 has bit 0x0100 set when the document is encrypted (MS-DOC 2.5.2). word-extractor
 * would read the encrypted bytes as text, so the bit is looked up first.
 */
function wordEncryptedFlag(bytes: Uint8Array): boolean {
  for (let at = 512; at + 12 <= bytes.length; at += 512) {
    const nFib = bytes[at + 2] | (bytes[at + 3] << 8); // 0x65 Word 6 … 0xC1 Word 97 … 0x112 Word 2007
    if (bytes[at] === 0xec && bytes[at + 1] === 0xa5 && nFib >= 0x65 && nFib <= 0x200) {
      return (bytes[at + 11] & 0x01) !== 0;
    }
  }
  return false;
}

function hasUtf16Name(bytes: Uint8Array, name: string): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(Buffer.from(name, 'utf16le'));
}

function startsWith(bytes: Uint8Array, magic: string): boolean {
  if (bytes.length < magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (bytes[i] !== magic.charCodeAt(i)) return false;
  return true;
}
