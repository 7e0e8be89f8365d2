import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Table } from '../../src/emit/table.js';
import { renderCsv, renderCsvRecords } from '../../src/emit/csv.js';
import { ReuseRecords, reuseTable } from '../../src/emit/tables/reuse.js';
import fc from 'fast-check';
import { corpusTables } from '../../src/emit/tables/index.js';
import { loadThemes } from '../../src/data/themes.js';
import { corpusAggregate as distAggregate } from '../../dist/aggregate/index.js';
import { postReuseSources, takeReuseSource } from '../../dist/aggregate/reuse-thread.js';
import type { ReuseSource } from '../../src/aggregate/reuse-findings.js';
import { analyzeReport } from '../../src/pipeline.js';
import { loadReuseFormula } from '../../src/data/gazetteer.js';
import { corpusTablesOf, recordOf, reportOf, resources } from '../helpers.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'reuse');
const read = (name: string): string => fs.readFileSync(path.join(FIXTURES, `${name}.txt`), 'utf8');
// Web-page noise above the text: dropped by cleaning, so raw and cleaned offsets differ by its length.
const NOISE = '浏览量:177 | 发布时间:2024-01-23\n';

const docs = [
  analyzeReport(reportOf(read('linkou-2021'), '2021/陵口镇', { township: '陵口镇', year: 2021, origin: 'path' }), resources()),
  analyzeReport(reportOf(read('linkou-2022'), '2022/陵口镇', { township: '陵口镇', year: 2022, origin: 'path' }), resources()),
  analyzeReport(reportOf(NOISE + read('jiepai-2021'), '2021/界牌镇', { township: '界牌镇', year: 2021, origin: 'path' }), resources()),
  analyzeReport(reportOf(read('fangxian-2021'), '2021/访仙镇', { township: '访仙镇', year: 2021, origin: 'path' }), resources()),
];

describe('reuse findings', () => {
  const records = docs.map(recordOf);
  // Records in output order (report id order), as run adds them.
  const ordered = [...records].sort((a, b) => (a.report.source < b.report.source ? -1 : 1));
  const tables = corpusTablesOf(ordered, { reuse: { formulaPhrases: loadReuseFormula() } });
  let resolved: Table[] = [];
  beforeAll(async () => {
    resolved = await tables;
  });
  const table = (file: string) => resolved.find((t) => t.file === file)!;
  const rowsOf = (file: string) => {
    const t = table(file);
    return t.rows.map((row) => Object.fromEntries(t.columns.map((c, i) => [c, row[i]])));
  };

  it('reuse-step writes raw offsets that point at the copied text in both files', () => {
    const copy = '我们在运河沿线的七个村建起了“板凳课堂”';
    const row = rowsOf('reuse.csv').find((r) => r.report_a === '2021/界牌镇' && r.report_b === '2021/陵口镇' && String(r.text).startsWith(copy))!;
    expect(row).toBeDefined();
    expect(docs[2].cleaned.startsWith('界牌镇')).toBe(true); // the noise line is gone: raw ≠ cleaned offsets
    const rawA = docs[2].report.raw;
    const rawB = docs[0].report.raw;
    expect(Math.abs(Number(row.start_a) - rawA.indexOf(copy))).toBeLessThanOrEqual(3);
    expect(Math.abs(Number(row.start_b) - rawB.indexOf(copy))).toBeLessThanOrEqual(3);
    expect(rawA.slice(Number(row.start_a), Number(row.end_a))).toBe(row.text);
  });

  it('reuse-step finds the left-over township name at its raw offset', () => {
    const [row] = rowsOf('place_names.csv');
    expect(row).toMatchObject({ report_id: '2021/界牌镇', place: '陵口镇', owner: '陵口镇', kind: 'township' });
    expect(docs[2].report.raw.slice(Number(row.start), Number(row.end))).toBe('陵口镇');
  });

  it('reuse-step adds recycling and foreign-place columns to reports.csv', () => {
    const reports = table('reports.csv');
    const col = (name: string) => reports.columns.indexOf(name);
    const row = (id: string) => reports.rows.find((r) => r[0] === id)!;
    expect(row('2022/陵口镇')[col('recycled_from')]).toBe('2021/陵口镇');
    expect(Number(row('2022/陵口镇')[col('recycled_share')])).toBeGreaterThan(0.7);
    expect(Number(row('2022/陵口镇')[col('recycled_problems_share')])).toBeGreaterThan(0.9);
    expect(row('2021/界牌镇')[col('foreign_places')]).toBe(1);
    expect(row('2021/访仙镇')[col('foreign_places')]).toBe(0);
  });

  it('reuse findings on their own thread are the same tables, and reuse.csv written there is the same file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zongjie-reuse-'));
    // The thread runs compiled code (dist/, built by `npm test` before vitest), so the aggregate comes from there.
    const scratch = path.join(dir, '.reuse-texts.tmp');
    const threadedTables = async (reuseThread: object, withScratch = false): Promise<Table[]> => {
      const reuse = { formulaPhrases: loadReuseFormula(), ...(withScratch ? { scratch } : {}) };
      const aggregate = distAggregate({ themes: loadThemes().themes.map((t) => t.name), reuse, reuseThread });
      try {
        for (const record of ordered) aggregate.add(record);
        return corpusTables(await aggregate.finish());
      } finally {
        await aggregate.close();
      }
    };
    expect(await threadedTables({})).toEqual(resolved);
    // The texts kept in a scratch file instead of the heap: the same tables, and the file is gone after.
    expect(await threadedTables({}, true)).toEqual(resolved);
    expect(fs.existsSync(scratch)).toBe(false);
    const file = path.join(dir, 'reuse.csv');
    const written = await threadedTables({ reuseCsv: { file, bom: true } });
    expect(written.find((t) => t.file === 'reuse.csv')).toMatchObject({ written: true, rows: [] });
    expect(fs.readFileSync(file, 'utf8')).toBe(renderCsv(table('reuse.csv'), { bom: true }));
    expect(table('reuse.csv').rows.length).toBeGreaterThan(0);
  }, 60_000);

  it('reuse_pairs.csv written on the reuse thread is the same file, alone or beside reuse.csv, and no pairs are sent back', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zongjie-reuse-pairs-'));
    const threadedTables = async (reuseThread: object): Promise<Table[]> => {
      const aggregate = distAggregate({ themes: loadThemes().themes.map((t) => t.name), reuse: { formulaPhrases: loadReuseFormula() }, reuseThread });
      try {
        for (const record of ordered) aggregate.add(record);
        return corpusTables(await aggregate.finish());
      } finally {
        await aggregate.close();
      }
    };
    const pairsFile = path.join(dir, 'reuse_pairs.csv');
    const pairsOnly = await threadedTables({ reusePairsCsv: { file: pairsFile, bom: false } });
    expect(pairsOnly.find((t) => t.file === 'reuse_pairs.csv')).toMatchObject({ written: true, rows: [] });
    expect(pairsOnly.find((t) => t.file === 'reuse.csv')).toEqual(table('reuse.csv'));
    expect(fs.readFileSync(pairsFile, 'utf8')).toBe(renderCsv(table('reuse_pairs.csv'), { bom: false }));
    expect(table('reuse_pairs.csv').rows.length).toBeGreaterThan(0);
    fs.rmSync(pairsFile);
    const reuseFile = path.join(dir, 'reuse.csv');
    await threadedTables({ reuseCsv: { file: reuseFile, bom: true }, reusePairsCsv: { file: pairsFile, bom: true } });
    expect(fs.readFileSync(pairsFile, 'utf8')).toBe(renderCsv(table('reuse_pairs.csv'), { bom: true }));
    expect(fs.readFileSync(reuseFile, 'utf8')).toBe(renderCsv(table('reuse.csv'), { bom: true }));
    // Only the two tables: no temp file left in the folder.
    expect(fs.readdirSync(dir).sort()).toEqual(['reuse.csv', 'reuse_pairs.csv']);
  }, 60_000);

  it('reuse thread: a reuse_pairs.csv that cannot be written fails the step', async () => {
    const file = path.join(os.tmpdir(), 'zongjie-no-such-folder', 'reuse_pairs.csv');
    const aggregate = distAggregate({ themes: loadThemes().themes.map((t) => t.name), reuse: { formulaPhrases: loadReuseFormula() }, reuseThread: { reusePairsCsv: { file, bom: false } } });
    try {
      for (const record of ordered) aggregate.add(record);
      await expect(aggregate.finish()).rejects.toThrow(/ENOENT/);
    } finally {
      await aggregate.close();
    }
  }, 60_000);

  it('reuse sources posted straight to the thread by analysis threads, in any order, are the same tables', async () => {
    const aggregate = distAggregate({ themes: loadThemes().themes.map((t) => t.name), reuse: { formulaPhrases: loadReuseFormula() }, reuseThread: {} });
    try {
      // Two analysis threads, each with its channel, post their sources last report first; the records then
      // come without texts, in output order.
      const channels = [aggregate.reusePort!(), aggregate.reusePort!()];
      // Each thread's sources in batches of two (the last may be one), as an analysis thread posts a batch of jobs'.
      const batches: ReuseSource[][] = [[], []];
      const lean = [...ordered]
        .reverse()
        .map((record, i) => {
          const { record: withoutTexts } = takeReuseSource({ record }, batches[i % 2]);
          if (batches[i % 2].length === 2) postReuseSources(channels[i % 2], batches[i % 2].splice(0));
          return withoutTexts;
        })
        .reverse();
      for (let t = 0; t < 2; t++) postReuseSources(channels[t], batches[t]);
      for (const record of lean) expect(record.texts).toBeUndefined();
      for (const record of lean) aggregate.add(record);
      expect(corpusTables(await aggregate.finish())).toEqual(resolved);
      for (const port of channels) port.close();
    } finally {
      await aggregate.close();
    }
  }, 60_000);
});

describe('reuse.csv records', () => {
  it('reuse ReuseRecords renders what renderCsvRecords renders of reuseTable rows, texts shared or not, its cache of text cells bounded or not', () => {
    // Texts with cells to quote or neutralise, characters of 1 to 4 UTF-8 bytes, and one longer than the records' buffer.
    const text = fc.oneof(
      fc.constantFrom('', '=1+1', '-3', '@a', 'a,b', 'say "x"', 'line\nnext', '\r\n', '甲乙丙', '𠀀,𠀁', '长'.repeat(400_000)),
      fc.string({ unit: 'grapheme', maxLength: 12 }),
    );
    const passage = fc.record({
      reportA: fc.constantFrom('a', 'b,c', '=d'),
      reportB: fc.constantFrom('e', 'f"g', '+h'),
      start: fc.nat(1000),
      length: fc.nat(200),
      chars: fc.nat(300),
      similarity: fc.double({ min: 0, max: 1, noNaN: true }),
      sameTownship: fc.boolean(),
      text,
    });
    fc.assert(
      fc.property(fc.array(fc.array(passage, { maxLength: 5 }), { maxLength: 6 }), fc.constantFrom(64, 1 << 25), (pairs, textCellBytes) => {
        const all = pairs.flat().map((p) => ({
          reportA: p.reportA,
          reportB: p.reportB,
          a: { start: p.start, end: p.start + p.length },
          b: { start: p.start + 1, end: p.start + 2 * p.length },
          chars: p.chars,
          similarity: p.similarity,
          sameTownship: p.sameTownship,
          text: p.text,
        }));
        const written: Buffer[] = [];
        const records = new ReuseRecords((bytes) => written.push(Buffer.from(bytes)), textCellBytes);
        for (let at = 0, i = 0; i < pairs.length; at += pairs[i].length, i++) {
          records.add(all.slice(at, at + pairs[i].length));
          if (i % 2 === 1) records.flush();
        }
        records.flush();
        expect(Buffer.concat(written).toString('utf8')).toBe(renderCsvRecords(reuseTable(all).rows));
      }),
      { numRuns: 300 },
    );
  });

  it('reuse ReuseRecords writes the same bytes when one report A has more text cells than its buffer holds, lone surrogates included', () => {
    // Distinct texts of one report A, each met twice: the cells fill the buffer (textCellBytes 256) again and again.
    const texts = Array.from({ length: 40 }, (_, i) => `${'甲乙'.repeat(i)}\ud800,${i}"`);
    const passages = [...texts, ...texts.slice().reverse()].map((text, i) => ({
      reportA: 'a',
      reportB: `b${i}`,
      a: { start: 0, end: text.length },
      b: { start: 1, end: 2 },
      chars: text.length,
      similarity: 1,
      sameTownship: false,
      text,
    }));
    for (const textCellBytes of [256, 1 << 25]) {
      const written: Buffer[] = [];
      const records = new ReuseRecords((bytes) => written.push(Buffer.from(bytes)), textCellBytes);
      records.add(passages);
      records.flush();
      expect(Buffer.concat(written).equals(Buffer.from(renderCsvRecords(reuseTable(passages).rows), 'utf8'))).toBe(true);
    }
  });
});
