import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ReadError, formatReaders } from '../../src/io/formats/index.js';
import { readReport } from '../../src/io/ingest.js';
import { analyzeFile } from '../../src/pipeline.js';
import { resources } from '../helpers.js';
import { encodeLegacy, zip } from './build.js';

/**
 * Legacy and open office formats (.doc, .wps, .odt, .rtf) on the one ingest path. The fixtures in
 * test/fixtures/office/ were made from template.txt (invented text) by LibreOffice (`make.sh`); CI reads
 * the committed files and needs no LibreOffice.
 */

const office = path.resolve(import.meta.dirname, '../fixtures/office');
const template = fs.readFileSync(path.join(office, 'template.txt'), 'utf8').trim();

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zongjie-office-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const write = (name: string, data: string | Uint8Array) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, data);
  return file;
};

async function outcome(file: string): Promise<{ code: string; message: string; raw?: string; format?: string }> {
  const result = await readReport(file, path.basename(file));
  return result.ok
    ? { code: 'ok', message: '', raw: result.report.raw, format: result.report.format }
    : { code: result.diagnostic.code, message: result.diagnostic.message };
}

const fixture = (name: string) => new Uint8Array(fs.readFileSync(path.join(office, name)));

describe('office formats', () => {
  test('a .doc whose allocation table is impossible or loops is corrupt, not a heap that runs out', async () => {
    const base = fixture('template.doc');
    const header = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // the header counts 5,505,025 FAT sectors in a 10 kB file
    const counted = base.slice();
    header(counted).setUint32(44, 5_505_025, true);
    expect(await outcome(write('counted.doc', counted))).toMatchObject({ code: 'corrupt', message: expect.stringContaining('allocation-table sectors') });
    // the directory's chain loops through two sectors: its first sector's entry points to a second, whose entry points back
    const looped = base.slice();
    const view = header(looped);
    const sectorSize = 2 ** view.getUint16(30, true);
    const fatAt = (view.getInt32(76, true) + 1) * sectorSize; // the first FAT sector, from the header's first DIFAT entry
    const dirStart = view.getInt32(48, true);
    const other = dirStart === 1 ? 2 : 1;
    view.setInt32(fatAt + 4 * dirStart, other, true);
    view.setInt32(fatAt + 4 * other, dirStart, true);
    expect(await outcome(write('looped.doc', looped))).toMatchObject({ code: 'corrupt', message: expect.stringContaining('loops') });
    // the undamaged file still reads
    expect((await outcome(write('whole.doc', base))).code).toBe('ok');
  });

  test.each([
    ['template.doc', 'doc'],
    ['template.wps', 'doc'],
    ['template.odt', 'odt'],
    ['template.rtf', 'rtf'],
    ['template.docx', 'docx'],
  ])('office %s reads to the text it was made from, a paragraph a line', async (name, format) => {
    const result = await outcome(path.join(office, name));
    expect(result.code).toBe('ok');
    expect(result.format).toBe(format);
    expect(result.raw).toBe(template);
  });

  test('office the same report as .txt, .doc, .wps, .odt, .rtf and .docx gives the same placeholders', async () => {
    const placeholdersOf = async (name: string) =>
      (await analyzeFile(path.join(office, name), name, resources())).placeholders.map((p) => `${p.kind} ${p.token} @${p.paragraphNo}`);
    const expected = await placeholdersOf('template.txt');
    expect(expected.length).toBeGreaterThanOrEqual(12);
    for (const name of ['template.doc', 'template.wps', 'template.odt', 'template.rtf', 'template.docx']) {
      expect(await placeholdersOf(name), name).toEqual(expected);
    }
  });

  test('office a Chinese RTF in code page 936 (GBK bytes), with \\u characters, tables and skipped groups', async () => {
    const gbk = (s: string) => [...encodeLegacy(s, 'gbk')].map((b) => `\\'${b.toString(16)}`).join('');
    const rtf =
      '{\\rtf1\\ansi\\ansicpg936\\deff0{\\fonttbl{\\f0\\fnil\\fcharset134 ' + gbk('宋体') + ';}{\\f1\\fswiss\\fcharset0 Arial;}}' +
      '{\\colortbl;\\red0\\green0\\blue0;}{\\*\\generator WPS;}{\\info{\\title ' + gbk('标题不算正文') + '}}' +
      '\\f0\\fs32 ' + gbk('白沙镇宣传工作总结') + '\\par\\pard ' + gbk('开展宣讲') + '\\f1 X\\f0 ' + gbk('余场，') +
      '\\uc1\\u35206?\\u30422?' + gbk('群众。') + '\\line ' + gbk('第二行') + '\\par' +
      '\\trowd\\cellx2000\\cellx4000 ' + gbk('活动') + '\\cell 12\\cell\\row' +
      '{\\footnote ' + gbk('脚注不算') + '}{\\field{\\*\\fldinst HYPERLINK "x"}{\\fldrslt ' + gbk('链接文字') + '}}\\par}';
    const result = await outcome(write('gbk.rtf', rtf));
    expect(result.raw).toBe('白沙镇宣传工作总结\n开展宣讲X余场，覆盖群众。\n第二行\n活动\n12\n链接文字');
  });

  test('office a .doc that is really a .docx or an RTF is read as what it is; an old .doc under a .docx name too', async () => {
    expect(await outcome(write('really-docx.doc', fixture('template.docx')))).toMatchObject({ code: 'ok', raw: template });
    expect(await outcome(write('really-rtf.doc', fixture('template.rtf')))).toMatchObject({ code: 'ok', raw: template });
    expect(await outcome(write('old-renamed.docx', fixture('template.doc')))).toMatchObject({ code: 'ok', raw: template });
  });

  test('office bad files: truncated, encrypted and renamed binaries are error rows with a clear message', async () => {
    const doc = fixture('template.doc');
    expect(await outcome(write('cut.doc', doc.subarray(0, 1536)))).toMatchObject({ code: 'corrupt', message: expect.stringContaining('damaged') });
    expect(await outcome(write('cut.wps', doc.subarray(0, 700)))).toMatchObject({ code: 'corrupt' });
    // set the FIB's fEncrypted bit of the WordDocument stream
    const locked = doc.slice();
    const fib = Buffer.from(locked).indexOf(Buffer.from([0xec, 0xa5]), 512);
    expect(fib % 512).toBe(0);
    locked[fib + 11] |= 0x01;
    expect(await outcome(write('locked.doc', locked))).toMatchObject({ code: 'encrypted', message: expect.stringContaining('password') });
    const ooxmlLocked = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(504).fill(0), ...Buffer.from('EncryptedPackage', 'utf16le')]);
    expect((await outcome(write('locked.wps', ooxmlLocked))).code).toBe('encrypted');
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 1, 2, 3]);
    for (const name of ['photo.doc', 'photo.wps', 'photo.odt', 'photo.rtf']) {
      expect(await outcome(write(name, png)), name).toMatchObject({ code: 'corrupt', message: expect.stringMatching(/PNG|not an RTF/) });
    }
    const odt = fixture('template.odt');
    expect((await outcome(write('cut.odt', odt.subarray(0, odt.length / 2)))).code).toBe('corrupt');
    expect((await outcome(write('no-content.odt', zip([{ name: 'mimetype', data: 'application/vnd.oasis.opendocument.text' }])))).code).toBe('corrupt');
    const encryptedOdt = zip([
      { name: 'mimetype', data: 'application/vnd.oasis.opendocument.text' },
      { name: 'META-INF/manifest.xml', data: '<manifest:manifest><manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data/></manifest:file-entry></manifest:manifest>' },
      { name: 'content.xml', data: 'binary' },
    ]);
    expect(await outcome(write('locked.odt', encryptedOdt))).toMatchObject({ code: 'encrypted', message: expect.stringContaining('password') });
    const rtf = fs.readFileSync(path.join(office, 'template.rtf'));
    expect(await outcome(write('cut.rtf', rtf.subarray(0, rtf.length - 200)))).toMatchObject({ code: 'corrupt', message: expect.stringContaining('cut off') });
    expect((await outcome(write('empty.rtf', '{\\rtf1\\ansi{\\fonttbl{\\f0 Arial;}}\\par}'))).code).toBe('empty');
  });

  test.each([
    ['template.doc', 'doc'],
    ['template.odt', 'odt'],
    ['template.rtf', 'rtf'],
  ])('property: %s with bytes changed or cut off gives text or a ReadError, never another exception', async (name, format) => {
    const reader = formatReaders.find((r) => r.format === format)!;
    const base = fixture(name);
    const damaged = fc
      .tuple(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 20 }), fc.option(fc.nat()))
      .map(([changes, cut]) => {
        const bytes = base.slice();
        for (const [at, value] of changes) bytes[8 + (at % (bytes.length - 8))] = value;
        return cut === null ? bytes : bytes.subarray(0, cut % bytes.length);
      });
    await fc.assert(
      fc.asyncProperty(damaged, async (bytes) => {
        try {
          const { raw } = await reader.read(bytes, name);
          expect(typeof raw).toBe('string');
        } catch (err) {
          if (!(err instanceof ReadError)) throw err;
        }
      }),
      { numRuns: 60 },
    );
  });
});
