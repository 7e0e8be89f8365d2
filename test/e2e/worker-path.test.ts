import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom, synthesizeReport } from '../../src/bench/synthetic.js';
import { TABLE_FILES } from '../../src/emit/tables/index.js';
import { sheetName } from '../../src/emit/xlsx.js';

// Runs the compiled command line (`npm test` builds dist/ before vitest starts).
const repo = path.resolve(import.meta.dirname, '..', '..');
const cli = path.join(repo, 'dist', 'cli.js');

// Two small reports of our own; the synthetic corpus renames their townships, shifts years, changes figures.
const bases = [
  {
    township: '青石',
    text: [
      '青石镇2022年宣传思想工作总结',
      '2022年，青石镇宣传思想工作在县委宣传部的指导下扎实推进，现将有关情况报告如下。',
      '一、主要工作',
      '（一）理论学习。镇党委理论学习中心组全年开展集中学习12次，专题研讨4次，覆盖党员干部360人次。',
      '（二）文明实践。依托新时代文明实践站开展志愿服务活动X场，参与群众x余人。',
      '二、存在问题',
      '一是理论学习的深度还不够，个别干部学用结合不紧。二是宣传阵地建设较为薄弱，村级宣传栏更新不及时。',
      '三、2023年工作计划',
      '持续深化理论武装，加强宣传阵地建设，推动新时代文明实践工作提质增效。',
    ].join('\n'),
  },
  {
    township: '白沙',
    text: [
      '白沙乡2021年意识形态工作情况报告',
      '一、工作开展情况',
      '全乡召开意识形态工作专题会议6次，开展网络舆情排查24次，处置不实信息3条。',
      '组织“文化进万家”演出活动15场，惠及群众5000余人，营造了良好氛围。',
      '二、存在的不足',
      '网络评论员队伍力量不足，舆情研判能力有待提高；部分村宣传员业务水平不高。',
      '三、下一步工作打算',
      '202x年将进一步落实意识形态工作责任制，加强网络阵地管理，提升队伍能力。',
    ].join('\n'),
  },
];

/** Writes `count` synthetic reports into a new folder, 100 to a sub-folder. */
function writeCorpus(count: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zongjie-workers-'));
  const random = seededRandom(20261201);
  for (let i = 0; i < count; i++) {
    const sub = path.join(dir, String(Math.floor(i / 100)).padStart(2, '0'));
    fs.mkdirSync(sub, { recursive: true });
    fs.writeFileSync(path.join(sub, `${String(i).padStart(5, '0')}.txt`), synthesizeReport(bases[i % bases.length], random));
  }
  return dir;
}

/** The output folders made, removed after the tests. */
const outputs: string[] = [];

/**
 * Runs `analyze` with `--jobs` and `--timings` (and `extra` options); returns the output folder, its CSV files
 * (name → bytes) and the timings.
 */
function analyze(corpus: string, jobs: number, extra: string[] = []): { dir: string; tables: Map<string, Buffer>; stages: Record<string, number> } {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'zongjie-workers-out-'));
  const timings = path.join(out, 'timings.json');
  outputs.push(out);
  // Two base reports: each passage is in half the corpus, formula at the default share; at 0.6 they are copies, and
  // reuse.csv and reuse_pairs.csv have rows (tens of thousands) to compare.
  const args = ['analyze', corpus, '--out', path.join(out, 'tables'), '--jobs', String(jobs), '--timings', timings, '--formula-share', '0.6', ...extra];
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: repo, encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
  const dir = path.join(out, 'tables');
  const tables = new Map(fs.readdirSync(dir).filter((f) => f.endsWith('.csv')).sort().map((f) => [f, fs.readFileSync(path.join(dir, f))]));
  return { dir, tables, stages: (JSON.parse(fs.readFileSync(timings, 'utf8')) as { stages: Record<string, number> }).stages };
}

describe('worker path', () => {
  let corpus: string;
  let inProcess: ReturnType<typeof analyze>;
  beforeAll(() => {
    corpus = writeCorpus(2000);
    inProcess = analyze(corpus, 1);
  }, 240_000);
  afterAll(() => {
    for (const dir of [corpus, ...outputs]) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('worker-path: 2,000 reports analysed by two worker threads (and the reuse thread) give the in-process run\'s tables, byte for byte', () => {
    const threaded = analyze(corpus, 2);
    // The waits for the reuse thread are timed only when there is one: the second run did use the threads.
    expect('aggregate:reuse-wait' in inProcess.stages).toBe(false);
    expect('aggregate:reuse-wait' in threaded.stages).toBe(true);
    expect([...threaded.tables.keys()]).toEqual([...inProcess.tables.keys()]);
    expect(threaded.tables.size).toBeGreaterThanOrEqual(10);
    for (const [name, bytes] of inProcess.tables) expect(threaded.tables.get(name)?.equals(bytes), name).toBe(true);
    const reports = inProcess.tables.get('reports.csv')!.toString('utf8');
    expect(reports.split('\n').length).toBeGreaterThan(2000);
  }, 240_000);

  it('worker-path: with --xlsx, the threaded run (reuse rows sent back from the reuse thread) writes the same tables and a workbook with a sheet per table', async () => {
    const threaded = analyze(corpus, 2, ['--xlsx']);
    expect('aggregate:reuse-wait' in threaded.stages).toBe(true);
    for (const [name, bytes] of inProcess.tables) expect(threaded.tables.get(name)?.equals(bytes), name).toBe(true);
    expect(fs.existsSync(path.join(threaded.dir, 'report.html'))).toBe(true);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path.join(threaded.dir, 'zongjie.xlsx'));
    const used = new Set<string>();
    const names = TABLE_FILES.map((file) => sheetName(file, used));
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(names);
    // Every reuse.csv row is in its sheet (the rows came back from the reuse thread rather than being written there).
    const reuseRows = threaded.tables.get('reuse.csv')!.toString('utf8').trim().split('\r\n').length - 1;
    expect(reuseRows).toBeGreaterThan(0);
    expect(workbook.getWorksheet(names[TABLE_FILES.indexOf('reuse.csv')])!.actualRowCount - 1).toBe(reuseRows);
  }, 240_000);
});
