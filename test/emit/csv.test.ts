import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { csvField, csvFormattedNumber, neutraliseCell, openCsvFile, renderCsv, renderCsvRecords, renderCsvRows, writeTable, writeTableSource } from '../../src/emit/csv.js';
import { mappedChunks, tableOf, type Cell } from '../../src/emit/table.js';
import { fixed, pValue } from '../../src/emit/tables/format.js';
import type { Table } from '../../src/emit/table.js';

/** A table with awkward cells (formula starts, line breaks, quotes, booleans, empties) and many rows. */
function bigTable(rows: number): Table {
  return {
    file: 't.csv',
    columns: ['id', 'text', 'flag', 'n'],
    rows: Array.from({ length: rows }, (_, i) => [`r${i}`, i % 3 === 0 ? `=A${i}\n"引号", 逗号` : '正文', i % 2 === 0, i % 5 === 0 ? null : -i]),
  };
}

describe('csv', () => {
  it.each([
    ['=HYPERLINK("http://x","y")', `'=HYPERLINK("http://x","y")`],
    ['@SUM(A1:A2)', `'@SUM(A1:A2)`],
    ['+1', `'+1`],
    ['-2+3', `'-2+3`],
    ['\tTAB', `'\tTAB`],
    ['\rCR', `'\rCR`],
    ['正常文字', '正常文字'],
  ])('csv neutralises formula cell %j', (cell, expected) => {
    expect(neutraliseCell(cell)).toBe(expected);
  });

  it('csv leaves numbers and empties alone', () => {
    expect(neutraliseCell(-3)).toBe(-3);
    expect(neutraliseCell(null)).toBe('');
  });

  it('csv writes a BOM, quotes per RFC 4180 and uses CRLF', () => {
    const csv = renderCsv({ file: 't.csv', columns: ['a', 'b'], rows: [['x,y', 'say "hi"'], ['line\nbreak', true]] }, { bom: true });
    expect(csv).toBe('\uFEFFa,b\r\n"x,y","say ""hi"""\r\n"line\nbreak",true\r\n');
    expect(renderCsv({ file: 't.csv', columns: ['a'], rows: [] }, { bom: false })).toBe('a\r\n');
  });

  it('csv renderCsvRecords writes the same bytes as csv-stringify (renderCsvRows)', () => {
    const cell = fc.oneof(
      fc.string({ unit: fc.constantFrom('a', '中', ',', '"', '\r', '\n', ' ', '=', '+', '-', '@', '\t', "'", '0', '\u3000', '＝') }),
      fc.integer({ min: -100000, max: 100000 }),
      fc.double({ noNaN: false }),
      fc.boolean(),
      fc.constantFrom(null, undefined, '', -0, '-', '=', '"', ','),
    );
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 9 }), { minLength: 0, maxLength: 6 }), (rows) => {
        expect(renderCsvRecords(rows)).toBe(renderCsvRows(rows));
      }),
      { numRuns: 2000 },
    );
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('a "b", c')).toBe('"a ""b"", c"');
    expect(csvField(-0)).toBe('0');
    expect(csvField(false)).toBe('false');
  });

  it('csv round-trips through csv-parse: every cell reads back as written, formulas neutralised', () => {
    const cell = fc.oneof(
      fc.string({ unit: fc.constantFrom('a', '中', ',', '"', '\r', '\n', ' ', '=', '-', '@', '\t', "'", '0') }),
      fc.integer({ min: -1000, max: 1000 }),
      fc.boolean(),
      fc.constantFrom(null, undefined),
    );
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 5 }), (rows) => {
        const text = renderCsvRows(rows);
        expect(text.endsWith('\r\n')).toBe(true);
        const back = parse(text, { record_delimiter: '\r\n', relax_column_count: true }) as string[][];
        expect(back).toEqual(rows.map((row) => row.map((c) => String(neutraliseCell(c)))));
      }),
      { numRuns: 500 },
    );
  });

  it('csv writeTable renders big tables in chunks with the same bytes as renderCsv', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zongjie-csv-'));
    const table = bigTable(12_345);
    writeTable(dir, table, { bom: true });
    expect(fs.readFileSync(path.join(dir, 't.csv'), 'utf8')).toBe(renderCsv(table, { bom: true }));
    expect(fs.readdirSync(dir)).toEqual(['t.csv']);
  });

  it('csv writeTableSource makes, renders and writes a source chunk by chunk with the same bytes as renderCsv', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zongjie-csv-'));
    const table = bigTable(12_345);
    let made = 0;
    const source = {
      file: table.file,
      columns: table.columns,
      chunks: () => mappedChunks(table.rows, (row): Cell[] => (made++, row)),
    };
    writeTableSource(dir, source, { bom: true });
    expect(made).toBe(12_345);
    expect(fs.readFileSync(path.join(dir, 't.csv'), 'utf8')).toBe(renderCsv(table, { bom: true }));
    expect(tableOf(source)).toEqual({ file: table.file, columns: table.columns, rows: table.rows });
    expect([...source.chunks()].map((c) => c.length)).toEqual([...Array.from({ length: 24 }, () => 500), 345]);
  });

  it('csv openCsvFile writes pieces that add up to renderCsv, and only on commit', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zongjie-csv-'));
    const table = bigTable(10);
    const file = openCsvFile(path.join(dir, 't.csv'), table.columns, { bom: false });
    file.write(renderCsvRows(table.rows.slice(0, 4)));
    file.write(renderCsvRows([]));
    file.write(renderCsvRows(table.rows.slice(4)));
    expect(fs.existsSync(path.join(dir, 't.csv'))).toBe(false);
    file.commit();
    expect(fs.readFileSync(path.join(dir, 't.csv'), 'utf8')).toBe(renderCsv(table, { bom: false }));
  });

  it('csv openCsvFile leaves nothing behind on abort', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zongjie-csv-'));
    const file = openCsvFile(path.join(dir, 't.csv'), ['a'], { bom: true });
    file.write('x\r\n');
    file.abort();
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('csv csvFormattedNumber writes a formatted number as csvField writes the text', () => {
    const special = [0, -0, 1e-300, -1e-300, 1e21, -1e21, 1e300, Infinity, -Infinity, NaN, 0.0005, -0.0005, -0.0004];
    fc.assert(
      fc.property(fc.oneof(fc.double(), fc.constantFrom(...special)), fc.integer({ min: 0, max: 6 }), (x, decimals) => {
        for (const text of [fixed(x, decimals), pValue(x), x.toFixed(decimals)]) expect(csvFormattedNumber(text)).toBe(csvField(text));
      }),
      { numRuns: 2000 },
    );
  });
});
