import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { recoverOutputFolder, stageOutputFolder } from '../../src/io/output-folder.js';
import { openAtomicFile } from '../../src/io/write-atomic.js';

const owned = new Set(['reports.csv', 'paragraphs.csv', 'zongjie.xlsx']);
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'zongjie-out-'));
const write = (dir: string, files: Record<string, string>) => {
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
};
const read = (dir: string) => Object.fromEntries(fs.readdirSync(dir).sort().map((name) => [name, fs.readFileSync(path.join(dir, name), 'utf8')]));

describe('output folder', () => {
  it('output-folder swaps the staged tables in whole, drops stale owned files and keeps the user\'s own', async () => {
    const parent = tmp();
    const out = path.join(parent, 'output');
    write(out, { 'reports.csv': 'old', 'paragraphs.csv': 'old', 'zongjie.xlsx': 'old', 'notes.txt': 'mine' });
    const staged = stageOutputFolder(out, { owned });
    write(staged.dir, { 'reports.csv': 'new', 'paragraphs.csv': 'new' });
    expect(read(out)['reports.csv']).toBe('old'); // nothing visible before the commit
    await staged.commit(owned);
    expect(read(out)).toEqual({ 'notes.txt': 'mine', 'paragraphs.csv': 'new', 'reports.csv': 'new' });
    expect(fs.readdirSync(parent)).toEqual(['output']);
  });

  it('output-folder leaves a scratch file a step left in the staging folder out of the output', async () => {
    const parent = tmp();
    const out = path.join(parent, 'output');
    const staged = stageOutputFolder(out, { owned });
    write(staged.dir, { 'reports.csv': 'new', '.reuse-texts.tmp': 'scratch' });
    await staged.commit(owned);
    expect(read(out)).toEqual({ 'reports.csv': 'new' });
  });

  it('output-folder creates a missing folder, and abort leaves the old one as it was', async () => {
    const parent = tmp();
    const out = path.join(parent, 'output');
    const first = stageOutputFolder(out, { owned });
    write(first.dir, { 'reports.csv': 'one' });
    await first.commit(owned);
    const second = stageOutputFolder(out, { owned });
    write(second.dir, { 'reports.csv': 'two' });
    second.abort();
    expect(read(out)).toEqual({ 'reports.csv': 'one' });
    expect(fs.readdirSync(parent)).toEqual(['output']);
  });

  it('output-folder: the next run discards a killed run\'s staging folder and says so', () => {
    const parent = tmp();
    const out = path.join(parent, 'output');
    write(out, { 'reports.csv': 'old' });
    // A run killed mid-way left its staging folder (a pid that is not running).
    write(path.join(parent, '.output.zongjie-staging-999999999'), { 'reports.csv': 'half' });
    const notices = recoverOutputFolder(out, owned);
    expect(notices).toEqual([expect.stringMatching(/interrupted before it finished.*left as it was/)]);
    expect(read(out)).toEqual({ 'reports.csv': 'old' });
    expect(fs.readdirSync(parent)).toEqual(['output']);
  });

  it('output-folder: killed between the two renames, the next run puts the previous folder back', () => {
    const parent = tmp();
    const out = path.join(parent, 'output');
    write(path.join(parent, '.output.zongjie-previous'), { 'reports.csv': 'old', 'paragraphs.csv': 'old' });
    write(path.join(parent, '.output.zongjie-staging-999999999'), { 'reports.csv': 'new', 'paragraphs.csv': 'new' });
    const notices = recoverOutputFolder(out, owned);
    expect(notices).toHaveLength(2);
    expect(read(out)).toEqual({ 'paragraphs.csv': 'old', 'reports.csv': 'old' });
    expect(fs.readdirSync(parent)).toEqual(['output']);
  });

  it('output-folder: a file-by-file move (the fallback) interrupted half-way is finished by the next run', () => {
    const parent = tmp();
    const out = path.join(parent, 'output');
    write(out, { 'reports.csv': 'new', 'paragraphs.csv': 'old', 'zongjie.xlsx': 'old' });
    const staging = path.join(parent, '.output.zongjie-staging-999999999');
    write(staging, { 'paragraphs.csv': 'new', '.zongjie-moving': JSON.stringify(['reports.csv', 'paragraphs.csv']) });
    expect(recoverOutputFolder(out, owned)).toEqual([expect.stringMatching(/move has now been finished/)]);
    expect(read(out)).toEqual({ 'paragraphs.csv': 'new', 'reports.csv': 'new' });
  });

  it('output-folder moves files in one by one when the folder must stay in place', async () => {
    const parent = tmp();
    const out = path.join(parent, 'output');
    write(out, { 'reports.csv': 'old', 'zongjie.xlsx': 'old', 'notes.txt': 'mine' });
    const staged = stageOutputFolder(out, { owned, keepInPlace: true });
    write(staged.dir, { 'reports.csv': 'new' });
    await staged.commit(owned);
    expect(read(out)).toEqual({ 'notes.txt': 'mine', 'reports.csv': 'new' });
    expect(fs.readdirSync(parent)).toEqual(['output']);
  });

  describe('flushes left running on the thread pool', () => {
    afterEach(() => {
      vi.restoreAllMocks();
    });
    /** Writes `text` into `name` of the staging folder as a run does: renamed at once, its flush left on `syncs`. */
    const writeStaged = (staged: ReturnType<typeof stageOutputFolder>, name: string, text: string) => {
      const file = openAtomicFile(path.join(staged.dir, name), { syncs: staged.syncs });
      file.write(text);
      file.commit();
    };
    const turns = async (n: number) => {
      for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
    };

    it('output-folder swaps the folder in only once every staged file\'s flush has ended', async () => {
      const parent = tmp();
      const out = path.join(parent, 'output');
      write(out, { 'reports.csv': 'old' });
      const fsync = fs.fsync.bind(fs);
      const held: (() => void)[] = [];
      vi.spyOn(fs, 'fsync').mockImplementation(((fd: number, done: (error: NodeJS.ErrnoException | null) => void) => {
        held.push(() => fsync(fd, done));
      }) as typeof fs.fsync);
      const staged = stageOutputFolder(out, { owned });
      writeStaged(staged, 'reports.csv', 'new');
      write(staged.dir, { 'paragraphs.csv': 'new' }); // written by another thread: flushed by the commit
      expect(read(staged.dir)).toEqual({ 'paragraphs.csv': 'new', 'reports.csv': 'new' }); // in place, whole, at once
      const committed = staged.commit(owned);
      await vi.waitFor(() => expect(held).toHaveLength(2)); // both flushes started (the second opens the file first)
      await turns(5);
      expect(read(out)).toEqual({ 'reports.csv': 'old' }); // nothing swapped while a flush runs
      for (const release of held.splice(0)) release();
      await committed;
      expect(read(out)).toEqual({ 'paragraphs.csv': 'new', 'reports.csv': 'new' });
      expect(fs.readdirSync(parent)).toEqual(['output']);
    });

    it('output-folder: a staged file that cannot be flushed fails the commit and leaves the output folder as it was', async () => {
      const parent = tmp();
      const out = path.join(parent, 'output');
      write(out, { 'reports.csv': 'old' });
      vi.spyOn(fs, 'fsync').mockImplementation(((_fd: number, done: (error: NodeJS.ErrnoException | null) => void) => {
        setImmediate(() => done(Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' })));
      }) as typeof fs.fsync);
      const staged = stageOutputFolder(out, { owned });
      writeStaged(staged, 'reports.csv', 'new');
      await expect(staged.commit(owned)).rejects.toThrow(/EIO/);
      staged.abort();
      expect(read(out)).toEqual({ 'reports.csv': 'old' });
      expect(fs.readdirSync(parent)).toEqual(['output']);
    });
  });
});
