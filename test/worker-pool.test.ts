import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeInWorkers } from '../dist/worker-pool.js';
import type { ReportOutput } from '../src/report-output.js';

// The workers run the compiled code (dist/, built by `npm test` before vitest), so this test imports it too.
describe('worker pool', () => {
  it('worker-pool sends placeholder entries only with the jobs sent while the run asks for them', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zongjie-pool-'));
    const files = ['a', 'b', 'c', 'd'].map((name) => {
      const file = path.join(dir, `${name}.txt`);
      fs.writeFileSync(file, `2021年宣传思想工作总结\n\n一、主要工作\n全年开展理论宣讲X场。\n`);
      return { absPath: file, relPath: `${name}.txt`, options: { fingerprint: name !== 'd' }, reportId: name };
    });
    const results: ReportOutput[] = [];
    let asked = 0;
    // one thread takes the jobs in order: the first two are sent while the answer is yes
    await analyzeInWorkers(files, { threads: 1, setup: { output: { keepParagraphRows: false } }, placeholderEntries: () => ++asked <= 2 }, (index, result) => {
      results[index] = result as ReportOutput;
    });
    const sha256 = createHash('sha256').update(fs.readFileSync(files[0].absPath)).digest('hex');
    fs.rmSync(dir, { recursive: true });
    expect(asked).toBe(4);
    // fingerprinted from the bytes the thread read, when the job asked for it (run.json)
    expect(results.map((r) => r.fingerprint?.sha256)).toEqual([sha256, sha256, sha256, undefined]);
    expect(results.map((r) => r.record.placeholderCount)).toEqual([1, 1, 1, 1]);
    expect(results.map((r) => r.record.placeholders.length)).toEqual([1, 1, 0, 0]);
    expect(results.map((r) => r.record.placeholderKinds)).toEqual([['metric'], ['metric'], ['metric'], ['metric']]);
    expect(new Set(results.map((r) => r.placeholdersCsv.slice(1))).size).toBe(1);
  });
});

describe('worker pool jobs', () => {
  it('makes each job as it is sent, not every job before the threads start', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zongjie-pool-'));
    const count = 40;
    const files = Array.from({ length: count }, (_, i) => {
      const file = path.join(dir, `${String(i).padStart(2, '0')}.txt`);
      fs.writeFileSync(file, `2021年宣传思想工作总结\n\n一、主要工作\n全年开展理论宣讲${i}场。\n`);
      return { absPath: file, relPath: path.basename(file), options: {}, reportId: String(i) };
    });
    let made = 0;
    let madeAtFirstResult = -1;
    const ids: string[] = [];
    const jobs = { length: count, at: (index: number) => (made++, files[index]) };
    await analyzeInWorkers(jobs, { threads: 1, setup: { output: { keepParagraphRows: false } } }, (index, result) => {
      if (madeAtFirstResult < 0) madeAtFirstResult = made;
      ids[index] = (result as ReportOutput).record.report.id;
    });
    fs.rmSync(dir, { recursive: true });
    // a thread holds at most two batches: the rest are made as it answers
    expect(madeAtFirstResult).toBeGreaterThan(0);
    expect(madeAtFirstResult).toBeLessThan(count);
    expect(made).toBe(count);
    expect(ids).toEqual(files.map((f) => f.reportId));
  });
});
