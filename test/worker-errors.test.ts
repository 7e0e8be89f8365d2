import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzeInWorkers } from '../dist/worker-pool.js';
import type { ReportOutput } from '../src/report-output.js';

// The workers run the compiled code (dist/, built by `npm test` before vitest), so this test imports it too.
const dist = path.resolve(import.meta.dirname, '..', 'dist');

/** A stages module: the project's stages plus one that fails for files whose name holds `boom`. */
function stagesModule(dir: string, failure: 'throw' | 'uncloneable' | 'exit' | 'exit-always'): string {
  const file = path.join(dir, `stages-${failure}.mjs`);
  // process.exit in a worker thread stops that thread only, as a native crash or running out of memory would.
  const failing = {
    throw: `run(doc) { if (doc.report.source.includes('boom')) throw new Error('injected failure'); return {}; }`,
    uncloneable: `run(doc) { return doc.report.source.includes('boom') ? { meta: { ...doc.meta, title: () => 1 } } : {}; }`,
    exit: `run(doc) { if (doc.report.source.includes('boom')) process.exit(7); return {}; }`,
    'exit-always': `run(doc) { process.exit(7); }`,
  }[failure];
  fs.writeFileSync(
    file,
    `import { stages as real } from ${JSON.stringify(pathToFileURL(path.join(dist, 'stages/index.js')).href)};\n` +
      `export const stages = [...real, { name: 'failing', requires: ['meta'], assigns: ${failure === 'uncloneable' ? "['meta']" : '[]'}, ${failing} }];\n`,
  );
  return pathToFileURL(file).href;
}

describe('worker errors', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zongjie-worker-'));
  const files = ['a.txt', 'boom.txt', 'c.txt'].map((name) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, `${name}镇2021年宣传思想工作总结\n\n一、主要工作\n全年开展理论宣讲12场。\n`);
    return { absPath: file, relPath: name, options: {}, reportId: name.replace('.txt', '') };
  });

  for (const failure of ['throw', 'uncloneable'] as const) {
    it(`worker-errors: a report whose analysis fails in a worker (${failure}) is an error row and the run goes on`, async () => {
      const results: ReportOutput[] = [];
      await analyzeInWorkers(files, { threads: 2, setup: { output: { keepParagraphRows: false }, stagesModule: stagesModule(dir, failure) } }, (index, result) => {
        results[index] = result as ReportOutput;
      });
      expect(results.map((r) => [r.record.report.id, r.record.status])).toEqual([
        ['a', 'ok'],
        ['boom', 'error'],
        ['c', 'ok'],
      ]);
      expect(results[1].record.diagnostics[0]).toMatchObject({ code: 'internal' });
      if (failure === 'throw') expect(results[1].record.diagnostics[0].message).toBe('injected failure');
      expect(results[1].paragraphsCsv).toBe('');
    }, 60_000);
  }

  it('worker-errors: a thread that stops on a file makes that file an error row; a new thread analyses the rest', async () => {
    const many = ['a.txt', 'b.txt', 'boom.txt', 'd.txt', 'e.txt', 'f.txt'].map((name) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, `${name}镇2021年宣传思想工作总结\n\n一、主要工作\n全年开展理论宣讲12场。\n`);
      return { absPath: file, relPath: name, options: {}, reportId: name.replace('.txt', '') };
    });
    const results: ReportOutput[] = [];
    await analyzeInWorkers(many, { threads: 1, setup: { output: { keepParagraphRows: false }, stagesModule: stagesModule(dir, 'exit') } }, (index, result) => {
      expect(results[index]).toBeUndefined(); // each file answered once
      results[index] = result as ReportOutput;
    });
    expect(results.map((r) => [r.record.report.id, r.record.status])).toEqual([
      ['a', 'ok'],
      ['b', 'ok'],
      ['boom', 'error'],
      ['d', 'ok'],
      ['e', 'ok'],
      ['f', 'ok'],
    ]);
    expect(results[2].record.diagnostics[0]).toMatchObject({ code: 'internal' });
    expect(results[2].record.diagnostics[0].message).toContain('exit code 7');
  }, 60_000);

  it('worker-errors: threads that stop on every file fail the call instead of restarting for ever', async () => {
    await expect(
      analyzeInWorkers(files, { threads: 1, setup: { output: { keepParagraphRows: false }, stagesModule: stagesModule(dir, 'exit-always') } }, () => {}),
    ).rejects.toThrow(/stopped 3 times in a row/);
  }, 60_000);
});
