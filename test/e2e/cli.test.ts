import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Runs the compiled command line; test/global-setup.ts rebuilds dist/ when the sources are newer.
const repo = path.resolve(import.meta.dirname, '..', '..');
const cli = path.join(repo, 'dist', 'cli.js');
const zongjie = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd: repo, encoding: 'utf8' });
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'zongjie-cli-'));

describe('cli', () => {
  it('cli analyze writes byte-identical tables on two runs over the bundled corpus', () => {
    const [a, b] = [tmp(), tmp()];
    expect(zongjie('analyze', 'corpus', '--out', a).status).toBe(0);
    expect(zongjie('analyze', 'corpus', '--out', b).status).toBe(0);
    const tables = fs.readdirSync(a).filter((f) => f.endsWith('.csv')).sort();
    expect(tables).toEqual(expect.arrayContaining(['paragraphs.csv', 'reports.csv']));
    for (const table of tables) expect(fs.readFileSync(path.join(a, table)).equals(fs.readFileSync(path.join(b, table))), table).toBe(true);
    const reports = fs.readFileSync(path.join(a, 'reports.csv'), 'utf8');
    expect(reports.startsWith('\uFEFFreport_id,')).toBe(true);
    expect(reports.split('\r\n').filter(Boolean)).toHaveLength(1 + fs.readdirSync(path.join(repo, 'corpus')).length);
  }, 60_000);

  it('cli --no-bom drops the byte-order mark', () => {
    const out = tmp();
    expect(zongjie('corpus', '--out', out, '--no-bom').status).toBe(0);
    expect(fs.readFileSync(path.join(out, 'reports.csv'), 'utf8').startsWith('report_id,')).toBe(true);
  }, 60_000);

  it('cli exits 2 on bad usage and on a missing corpus folder', () => {
    expect(zongjie('--no-such-option').status).toBe(2);
    const missing = zongjie('analyze', path.join(tmp(), 'nope'), '--out', tmp());
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/does not exist/);
    expect(zongjie('analyze', '--max-bytes', 'many').status).toBe(2);
  });

  it('cli --help explains every option of analyze', () => {
    const help = zongjie('analyze', '--help');
    expect(help.status).toBe(0);
    for (const option of ['--out', '--no-bom', '--max-bytes', '--user-dict', '--jobs', '--strict']) expect(help.stdout).toContain(option);
  });
});

describe('corpus', () => {
  it('corpus ids keep the extension when two files differ only by it; township spellings are unified', async () => {
    const { run } = await import('../../src/run.js');
    const corpus = tmp();
    fs.mkdirSync(path.join(corpus, '陵口'));
    fs.writeFileSync(path.join(corpus, '陵口', '2015.txt'), '陵口镇2015年宣传工作总结\n2015年以来,陵口镇宣传工作扎实推进。');
    fs.writeFileSync(path.join(corpus, '陵口', '2015.md'), '2015年宣传工作总结\n2015年以来,我镇宣传工作扎实推进。');
    fs.writeFileSync(path.join(corpus, 'manifest.csv'), 'file,township,year\n陵口/2015.md,陵口,2015\n');
    const out = tmp();
    await run({ corpus, out, bom: false, maxBytes: 1 << 20, jobs: 1 });
    const rows = fs.readFileSync(path.join(out, 'reports.csv'), 'utf8').trim().split('\r\n').slice(1).map((line) => line.split(','));
    expect(rows.map((r) => r[0])).toEqual(['陵口/2015.md', '陵口/2015.txt']);
    expect(rows.map((r) => r[8])).toEqual(['陵口镇', '陵口镇']);
  }, 60_000);
});
