import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { walkCorpus, walkCorpusWithProblems } from '../../src/io/walk.js';

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'zongjie-walk-'));
});
afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});
const touch = (rel: string) => {
  const file = path.join(root, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, 'x');
};

describe('walk', () => {
  test('walk lists files sorted, skipping hidden files, lock files and manifest.csv', () => {
    for (const rel of ['b.txt', 'a/2021/陵 口.docx', 'a/z.pdf', '.hidden.txt', '~$lock.docx', 'manifest.csv', "odd #%&'.txt"]) touch(rel);
    expect(walkCorpus(root).map((f) => f.relPath)).toEqual(['a/2021/陵 口.docx', 'a/z.pdf', 'b.txt', "odd #%&'.txt"]);
  });

  test('walk gives each file its absolute path and its path below the root, however the root is written', () => {
    for (const rel of ['b.txt', 'a/2021/陵 口.docx', 'a/z.pdf']) touch(rel);
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'zongjie-walk-outside-'));
    try {
      fs.writeFileSync(path.join(outside, 'linked.txt'), 'x');
      fs.symlinkSync(outside, path.join(root, 'a', 'link'));
      const expected = ['a/2021/陵 口.docx', 'a/link/linked.txt', 'a/z.pdf', 'b.txt'];
      for (const given of [root, `${root}/`, `${root}//a/..`, path.relative(process.cwd(), root)]) {
        const files = walkCorpus(given);
        expect(files.map((f) => f.relPath)).toEqual(expected);
        expect(files.map((f) => f.absPath)).toEqual(expected.map((rel) => path.join(root, ...rel.split('/'))));
      }
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  test('walk never enters the excluded output folder, even through a link', () => {
    touch('r.txt');
    touch('out/reports.csv');
    fs.symlinkSync(path.join(root, 'out'), path.join(root, 'out-link'));
    expect(walkCorpus(root, [path.join(root, 'out')]).map((f) => f.relPath)).toEqual(['r.txt']);
    expect(walkCorpus(root, [path.join(root, 'not-yet-created')]).map((f) => f.relPath)).toContain('out/reports.csv');
  });

  test('walk does not follow symbolic link loops and reports them', () => {
    touch('sub/r.txt');
    fs.symlinkSync('..', path.join(root, 'sub', 'up'));
    fs.symlinkSync('self', path.join(root, 'self'));
    fs.symlinkSync('missing.txt', path.join(root, 'dangling.txt'));
    const { files, problems } = walkCorpusWithProblems(root);
    expect(files.map((f) => f.relPath)).toEqual(['sub/r.txt']);
    expect(problems.map((p) => [p.relPath, p.code])).toEqual([
      ['dangling.txt', 'unreadable'],
      ['self', 'unreadable'],
      ['sub/up', 'unreadable'],
    ]);
    expect(problems[1].message).toContain('loop');
    expect(problems[2].message).toContain('loop');
  });

  test('walk follows links to files and to folders outside the corpus', () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'zongjie-outside-'));
    fs.writeFileSync(path.join(outside, 'o.txt'), 'x');
    touch('a.txt');
    fs.symlinkSync(outside, path.join(root, 'linked'));
    fs.symlinkSync(path.join(root, 'a.txt'), path.join(root, 'b.txt'));
    expect(walkCorpus(root).map((f) => f.relPath)).toEqual(['a.txt', 'b.txt', 'linked/o.txt']);
    fs.rmSync(outside, { recursive: true });
  });

  test('walk reports a folder it cannot list (or lists it, when running as root)', () => {
    touch('locked/r.txt');
    touch('ok.txt');
    fs.chmodSync(path.join(root, 'locked'), 0o000);
    let blocked = true;
    try {
      fs.readdirSync(path.join(root, 'locked'));
      blocked = false; // root reads through chmod 000
    } catch {
      // permission denied
    }
    const { files, problems } = walkCorpusWithProblems(root);
    fs.chmodSync(path.join(root, 'locked'), 0o755);
    if (blocked) {
      expect(files.map((f) => f.relPath)).toEqual(['ok.txt']);
      expect(problems).toMatchObject([{ relPath: 'locked', code: 'unreadable', message: expect.stringContaining('permission denied') }]);
    } else {
      expect(files.map((f) => f.relPath)).toEqual(['locked/r.txt', 'ok.txt']);
      expect(problems).toEqual([]);
    }
  });
});
