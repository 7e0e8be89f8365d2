import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Runs the compiled command line (`npm test` builds dist/ before vitest starts).
const repo = path.resolve(import.meta.dirname, '..', '..');
const cli = path.join(repo, 'dist', 'cli.js');
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'zongjie-kill-'));
const analyze = (corpus: string, out: string) => spawnSync(process.execPath, [cli, 'analyze', corpus, '--out', out], { cwd: repo, encoding: 'utf8' });

/** The CSV tables of a folder, name → bytes. */
function tables(dir: string): Map<string, Buffer> {
  return new Map(fs.readdirSync(dir).filter((f) => f.endsWith('.csv')).sort().map((f) => [f, fs.readFileSync(path.join(dir, f))]));
}

/** True when `dir` holds exactly the tables of `reference`, byte for byte. */
function sameTables(dir: string, reference: Map<string, Buffer>): boolean {
  const found = tables(dir);
  return found.size === reference.size && [...reference].every(([name, bytes]) => found.get(name)?.equals(bytes));
}

/** Starts a run and kills it (SIGKILL) after `ms`; resolves when it is gone. */
function killedRun(corpus: string, out: string, ms: number): Promise<void> {
  const child = spawn(process.execPath, [cli, 'analyze', corpus, '--out', out], { cwd: repo, stdio: 'ignore' });
  const timer = setTimeout(() => child.kill('SIGKILL'), ms);
  return new Promise((resolve) => child.on('exit', () => (clearTimeout(timer), resolve())));
}

describe('interrupted run', () => {
  it('interrupted-run: kill -9 at any point leaves the output folder with the tables of one run, and the next run says so', async () => {
    const work = tmp();
    const corpusA = path.join(work, 'a');
    const corpusB = path.join(work, 'b');
    fs.cpSync(path.join(repo, 'test/fixtures/reuse'), corpusA, { recursive: true });
    fs.cpSync(path.join(repo, 'test/fixtures/multiyear'), corpusB, { recursive: true });
    fs.rmSync(path.join(corpusA, 'gazetteer.tsv'));
    // References: each corpus's tables from an undisturbed run.
    expect(analyze(corpusA, path.join(work, 'ref-a')).status).toBe(0);
    const started = performance.now();
    expect(analyze(corpusB, path.join(work, 'ref-b')).status).toBe(0);
    const fullMs = performance.now() - started;
    const refA = tables(path.join(work, 'ref-a'));
    const refB = tables(path.join(work, 'ref-b'));
    expect(refA.get('reports.csv')!.equals(refB.get('reports.csv')!)).toBe(false);

    const out = path.join(work, 'out');
    expect(analyze(corpusA, out).status).toBe(0);
    fs.writeFileSync(path.join(out, 'notes.txt'), 'kept');
    let interrupted = 0;
    for (const share of [0.1, 0.4, 0.7, 0.85, 0.95, 1.0]) {
      await killedRun(corpusB, out, Math.round(fullMs * share));
      const intact = fs.existsSync(out) ? sameTables(out, refA) || sameTables(out, refB) : true;
      expect(intact, `killed at ${Math.round(share * 100)}% of a run`).toBe(true);
      if (fs.existsSync(out) && sameTables(out, refA)) interrupted++;
    }
    // The next run recovers whatever the last kill left and finishes with B's tables; notes.txt survives.
    const final = analyze(corpusB, out);
    expect(final.status).toBe(0);
    expect(sameTables(out, refB)).toBe(true);
    expect(fs.readFileSync(path.join(out, 'notes.txt'), 'utf8')).toBe('kept');
    expect(fs.readdirSync(work).sort()).toEqual(['a', 'b', 'out', 'ref-a', 'ref-b']);
    // At least one kill landed mid-run (the timing is the machine's); each such run is announced by the next.
    expect(interrupted).toBeGreaterThan(0);
  }, 300_000);

  it('interrupted-run: the run after a killed one reports the discarded partial tables', async () => {
    const work = tmp();
    const out = path.join(work, 'out');
    fs.mkdirSync(out);
    // A staging folder of a run that no longer runs, as kill -9 leaves it.
    fs.mkdirSync(path.join(work, '.out.zongjie-staging-999999999'));
    fs.writeFileSync(path.join(work, '.out.zongjie-staging-999999999', 'paragraphs.csv'), 'half');
    const result = analyze(path.join(repo, 'test/fixtures/reuse'), out);
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/note: a run into out\/ was interrupted before it finished/);
    expect(fs.readdirSync(work)).toEqual(['out']);
  }, 120_000);
});
