import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { writeFileAtomic, writeFileAtomicSync } from '../../src/io/write-atomic.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zongjie-write-'));
});
afterEach(() => {
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

  test('write-atomic fails cleanly when the folder does not exist', async () => {
    await expect(writeFileAtomic(path.join(dir, 'no', 'such.csv'), 'x')).rejects.toThrow(/ENOENT/);
  });
});
