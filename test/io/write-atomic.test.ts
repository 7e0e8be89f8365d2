import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { openAtomicFile, PendingSyncs, writeFileAtomic, writeFileAtomicSync } from '../../src/io/write-atomic.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zongjie-write-'));
});
afterEach(() => {
  vi.restoreAllMocks();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('write-atomic', () => {
  test('write-atomic writes and replaces a file, leaving no temp file', async () => {
    const file = path.join(dir, '报告 表.csv');
    await writeFileAtomic(file, 'old');
    await writeFileAtomic(file, new Uint8Array(Buffer.from('新内容')));
    expect(fs.readFileSync(file, 'utf8')).toBe('新内容');
    writeFileAtomicSync(file, 'sync');
    expect(fs.readFileSync(file, 'utf8')).toBe('sync');
    expect(fs.readdirSync(dir)).toEqual(['报告 表.csv']);
  });

  test('write-atomic leaves the old file and no temp file when the rename fails', async () => {
    const target = path.join(dir, 'target');
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, 'inside'), 'x'); // renaming a file over a non-empty folder fails
    await expect(writeFileAtomic(target, 'data')).rejects.toThrow();
    expect(() => writeFileAtomicSync(target, 'data')).toThrow();
    expect(fs.readdirSync(dir)).toEqual(['target']);
    expect(fs.readdirSync(target)).toEqual(['inside']);
  });

  test('a file written in many pieces holds their concatenation, the gathered text flushed on commit', () => {
    const file = path.join(dir, 'pieces.csv');
    const out = openAtomicFile(file);
    const pieces: (string | Uint8Array)[] = [];
    // small strings with 1-, 2-, 3- and 4-byte characters and a lone surrogate, bytes between them, and pieces
    // near and above the size gathered before a write (1 MiB), so that every path of `write` is taken
    for (let i = 0; i < 3000; i++) pieces.push(`${i},乡镇「${'é'.repeat(i % 7)}」😀\r\n`);
    pieces.push(new Uint8Array(Buffer.from('字节')), '\uD800', '工'.repeat(350_000), 'a'.repeat(1_100_000), '');
    pieces.push(new Uint8Array(2_000_000).fill(0x41), '尾');
    for (const piece of pieces) out.write(piece);
    out.commit();
    // Note: Buffer.equals, not toEqual: the deep comparison of 4.5 MB took 36 s on a loaded machine
    const written = fs.readFileSync(file);
    const expected = Buffer.concat(pieces.map((p) => Buffer.from(p)));
    expect(written.length).toBe(expected.length);
    expect(written.equals(expected)).toBe(true);
    expect(fs.readdirSync(dir)).toEqual(['pieces.csv']);
  });

  test('write-atomic with pending syncs: the whole file is in place on commit, its flush ends with settled()', async () => {
    const file = path.join(dir, 'staged.csv');
    const syncs = new PendingSyncs();
    const out = openAtomicFile(file, { syncs });
    out.write('表头\r\n');
    out.write('行\r\n');
    out.commit();
    expect(fs.readdirSync(dir)).toEqual(['staged.csv']);
    expect(fs.readFileSync(file, 'utf8')).toBe('表头\r\n行\r\n');
    expect(() => out.write('more')).toThrow(/after commit/);
    writeFileAtomicSync(path.join(dir, 'run.json'), '{}', { syncs });
    syncs.sync(path.join(dir, 'missing')); // best effort: a file that cannot be opened is no failure
    await expect(syncs.settled()).resolves.toBeUndefined();
    expect(fs.readdirSync(dir).sort()).toEqual(['run.json', 'staged.csv']);
  });

  test('write-atomic starts a flush to disk as a large file grows, through a descriptor closed once it has ended', async () => {
    const fsyncThrough = fs.fsync.bind(fs);
    const held: (() => void)[] = [];
    const fsync = vi.spyOn(fs, 'fsync').mockImplementation(((fd: number, done: (error: NodeJS.ErrnoException | null) => void) => {
      held.push(() => fsyncThrough(fd, done));
    }) as typeof fs.fsync);
    const close = vi.spyOn(fs, 'close');
    const file = path.join(dir, 'large.csv');
    const out = openAtomicFile(file);
    const mebibyte = new Uint8Array(1 << 20).fill(0x41);
    for (let i = 0; i < 63; i++) out.write(mebibyte);
    expect(fsync).not.toHaveBeenCalled();
    for (let i = 0; i < 8; i++) out.write(mebibyte); // past 64 MiB written
    expect(fsync).toHaveBeenCalledTimes(1);
    const flushedThrough = fsync.mock.calls[0][0];
    out.commit();
    expect(fs.statSync(file).size).toBe(71 << 20);
    const closed = () => close.mock.calls.map((call) => call[0]);
    expect(closed()).not.toContain(flushedThrough); // not while its flush runs
    for (const release of held.splice(0)) release();
    await vi.waitFor(() => expect(closed()).toContain(flushedThrough));
    expect(fsync).toHaveBeenCalledTimes(1);
  });

  test('write-atomic fails cleanly when the folder does not exist', async () => {
    await expect(writeFileAtomic(path.join(dir, 'no', 'such.csv'), 'x')).rejects.toThrow(/ENOENT/);
  });
});
