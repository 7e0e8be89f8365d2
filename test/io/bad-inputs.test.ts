import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readerFor } from '../../src/io/formats/index.js';
import { readReport } from '../../src/io/ingest.js';
import { docx, pdf, zip } from './build.js';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zongjie-bad-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const write = (name: string, data: string | Uint8Array) => {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, data);
  return file;
};

/** Reads a file through the CLI's ingest path and returns the diagnostic code and message, or 'ok'. */
async function outcome(file: string, maxBytes?: number): Promise<{ code: string; message: string }> {
  const result = await readReport(file, path.relative(dir, file), { maxBytes });
  return result.ok ? { code: 'ok', message: '' } : { code: result.diagnostic.code, message: result.diagnostic.message };
}

/** Reads a file that must be read, and returns its report. */
async function readOk(file: string, maxBytes?: number) {
  const result = await readReport(file, path.relative(dir, file), { maxBytes });
  if (!result.ok) throw new Error(`${file}: ${result.diagnostic.code}: ${result.diagnostic.message}`);
  return result.report;
}

const good = '青石镇宣传工作总结\n今年以来，我镇开展宣讲活动12场。';

describe('bad inputs', () => {
  test.each([
    ['empty.txt', '', 'empty'],
    ['whitespace.txt', '  \n\t\r\n\u3000 ', 'empty'],
    ['empty.md', '\n\n', 'empty'],
    ['empty.html', '', 'empty'],
    ['nav-only.html', '<html><body><nav>首页 | 新闻</nav><script>x()</script></body></html>', 'no-text'],
    ['empty.docx', new Uint8Array(), 'empty'],
    ['empty.pdf', new Uint8Array(), 'empty'],
  ])('bad inputs: %s is %s', async (name, data, code) => {
    expect((await outcome(write(name, data))).code).toBe(code);
  });

  test('bad inputs: a binary file with a .txt name is binary, with what it really is', async () => {
    const result = await outcome(write('photo.txt', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])));
    expect(result).toEqual({ code: 'binary', message: 'the file is a PNG image, not text' });
    expect((await outcome(write('report-really.txt', docx([good]))))).toMatchObject({ code: 'binary', message: expect.stringContaining('ZIP') });
  });

  test('bad inputs: NUL bytes in a text file are binary', async () => {
    const bytes = Buffer.concat([Buffer.from(good), Buffer.from([0, 0, 0, 1, 2, 0, 0]), Buffer.from(good)]);
    expect(await outcome(write('nul.txt', bytes))).toMatchObject({ code: 'binary', message: expect.stringContaining('NUL') });
  });

  test('bad inputs: bytes neither UTF-8 nor GB18030 are undecodable', async () => {
    const bytes = new Uint8Array(Array.from({ length: 300 }, (_, i) => [0x80, 0xff, 0xc3][i % 3]));
    expect((await outcome(write('latin.txt', bytes))).code).toBe('undecodable');
  });

  test('bad inputs: a corrupt .docx (broken ZIP) is corrupt', async () => {
    const whole = docx([good]);
    expect((await outcome(write('cut.docx', whole.subarray(0, whole.length / 2)))).code).toBe('corrupt');
    expect((await outcome(write('not-zip.docx', good))).code).toBe('corrupt');
    expect((await outcome(write('no-document.docx', zip([{ name: 'a.txt', data: 'x' }])))).code).toBe('corrupt');
  });

  test('bad inputs: a damaged legacy .doc, also under a .docx name, is corrupt with advice; an encrypted one is encrypted', async () => {
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(504).fill(0)]);
    for (const name of ['old.doc', 'old-renamed.docx']) {
      expect(await outcome(write(name, ole))).toMatchObject({ code: 'corrupt', message: expect.stringContaining('save it as .docx') });
    }
    const encrypted = new Uint8Array([...ole, ...Buffer.from('EncryptedPackage', 'utf16le')]);
    expect((await outcome(write('locked.docx', encrypted))).code).toBe('encrypted');
  });

  test('bad inputs: a corrupt PDF is corrupt and an encrypted PDF is encrypted', async () => {
    const whole = pdf([[{ text: '宣传工作总结', x: 72, y: 700 }]]);
    expect((await outcome(write('garbage.pdf', '%PDF-1.7\nthis is not a pdf at all\n'))).code).toBe('corrupt');
    expect((await outcome(write('random.pdf', new Uint8Array(4096).map((_, i) => (i * 7919) % 251))))).toMatchObject({ code: 'corrupt' });
    const cut = await outcome(write('cut.pdf', whole.subarray(0, 200)));
    expect(['corrupt', 'no-text']).toContain(cut.code);
    expect(await outcome(write('locked.pdf', pdf([[{ text: '宣传', x: 72, y: 700 }]], { encrypted: true })))).toMatchObject({
      code: 'encrypted',
      message: expect.stringContaining('password'),
    });
    expect((await outcome(write('scanned.pdf', pdf([[]])))).code).toBe('no-text');
  });

  test('bad inputs: a 50 MB single-line file is read whole', async () => {
    const unit = '宣传思想工作扎实推进，';
    const file = write('huge.txt', unit.repeat(Math.ceil((50 * 1024 * 1024) / Buffer.byteLength(unit))));
    const result = await readOk(file, 64 * 1024 * 1024);
    expect(result.bytes).toBeGreaterThanOrEqual(50 * 1024 * 1024);
    expect(result.raw.length).toBe(result.bytes / 3);
    expect(result.raw.includes('\n')).toBe(false);
    fs.rmSync(file);
  });

  test('bad inputs: a file over --max-bytes is too-large', async () => {
    expect((await outcome(write('big.txt', good), 10)).code).toBe('too-large');
  });

  test('bad inputs: an unreadable file is unreadable (or read, when running as root)', async () => {
    const file = write('locked.txt', good);
    fs.chmodSync(file, 0o000);
    let blocked = true;
    try {
      fs.readFileSync(file);
      blocked = false; // root (or CAP_DAC_OVERRIDE) reads through chmod 000
    } catch {
      // permission denied, as for a normal user
    }
    const result = await outcome(file);
    if (blocked) expect(result).toEqual({ code: 'unreadable', message: 'could not read the file: permission denied' });
    else expect(result.code).toBe('ok');
    fs.chmodSync(file, 0o644);
  });

  test('bad inputs: a folder with a report name, a vanished file and a link loop are unreadable', async () => {
    fs.mkdirSync(path.join(dir, 'folder.txt'));
    expect(await outcome(path.join(dir, 'folder.txt'))).toMatchObject({ code: 'unreadable', message: expect.stringContaining('folder') });
    expect(await outcome(path.join(dir, 'gone.txt'))).toMatchObject({ code: 'unreadable', message: expect.stringContaining('no longer exists') });
    fs.symlinkSync('loop-b.txt', path.join(dir, 'loop-a.txt'));
    fs.symlinkSync('loop-a.txt', path.join(dir, 'loop-b.txt'));
    expect(await outcome(path.join(dir, 'loop-a.txt'))).toMatchObject({ code: 'unreadable', message: expect.stringContaining('loop') });
  });

  test('bad inputs: a FIFO and a socket with a report name are not regular files, refused at once; the folder keeps its size', async () => {
    execFileSync('mkfifo', [path.join(dir, 'pipe.txt')]);
    expect(await outcome(path.join(dir, 'pipe.txt'))).toEqual({ code: 'unreadable', message: 'could not read the file: not a regular file' });
    const socketPath = path.join(dir, 'socket.txt');
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    try {
      expect(await outcome(socketPath)).toEqual({ code: 'unreadable', message: 'could not read the file: not a regular file' });
    } finally {
      server.close();
    }
    fs.mkdirSync(path.join(dir, 'sized-folder.txt'));
    const folder = await readReport(path.join(dir, 'sized-folder.txt'), 'sized-folder.txt', {});
    expect(folder.report.bytes).toBe(fs.statSync(path.join(dir, 'sized-folder.txt')).size);
  });

  test('bad inputs: names with spaces, Chinese and odd characters are read', async () => {
    for (const name of ['with space.txt', '青石镇 2023年 总结.txt', "odd #%&'()[]{};,=+!@^~`.txt", '换\t行.txt', 'ünï-çødé.TXT', '-leading-dash.txt']) {
      expect((await readOk(write(name, good))).raw).toBe(good);
    }
  });

  test('bad inputs: an unknown extension is unsupported-format listing what is supported', async () => {
    const result = await outcome(write('table.xlsx', 'x'));
    expect(result.code).toBe('unsupported-format');
    expect(result.message).toContain('.docx');
    expect(readerFor('table.xlsx')).toBeUndefined();
  });
});
