import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Table } from '../../src/emit/table.js';
import { cellValue, columnWidth, MAX_COLUMN_WIDTH, sheetName, writeWorkbook } from '../../src/emit/xlsx.js';
import { placeholders, problems, reports, themeMatrix } from '../fixtures/html/sample-tables.js';

const hostile: Table = {
  file: 'keywords.csv',
  columns: ['report_id', 'rank', 'keyword', 'weight'],
  rows: [
    ['a', 1, '=HYPERLINK("http://evil.example","点我")', 0.5],
    ['a', 2, '+SUM(1,2)', 0.4],
    ['a', 3, '@cmd', 0.3],
    ['a', 4, 'bad\u0001char', null],
    ['a', 5, '-1', 0.1],
  ],
};

let dir: string;
let workbook: ExcelJS.Workbook;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zongjie-xlsx-'));
  const file = path.join(dir, 'out', 'zongjie.xlsx');
  await writeWorkbook(file, [reports, placeholders, problems, themeMatrix, hostile]);
  expect(fs.readdirSync(path.dirname(file))).toEqual(['zongjie.xlsx']);
  workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const sheet = (name: string): ExcelJS.Worksheet => {
  const ws = workbook.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}`);
  return ws;
};

describe('xlsx workbook', () => {
  it('xlsx has one sheet per table, named after the file', () => {
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['reports', 'placeholders', 'problems', 'theme_matrix', 'keywords']);
  });

  it('xlsx keeps header and rows with their types', () => {
    const ws = sheet('reports');
    expect(ws.rowCount).toBe(reports.rows.length + 1);
    expect(ws.getRow(1).values).toEqual([undefined, ...reports.columns]);
    expect(ws.getCell('A2').value).toBe('2020/青山镇');
    expect(ws.getCell('H2').value).toBe(2020); // year stays a number
    expect(ws.getRow(1).font?.bold).toBe(true);
  });

  it('xlsx freezes the header row and adds a filter', () => {
    for (const ws of workbook.worksheets) {
      const view = ws.views[0] as ExcelJS.WorksheetViewFrozen;
      expect(view.state).toBe('frozen');
      expect(view.ySplit).toBe(1);
    }
    expect(sheet('placeholders').autoFilter).toBeTruthy();
  });

  it('xlsx sizes columns by content with CJK counted double', () => {
    const ws = sheet('placeholders');
    const width = (key: string) => ws.getColumn(placeholders.columns.indexOf(key) + 1).width ?? 0;
    // `context` holds the long CJK sentences and hits the cap; `kind` is short.
    expect(width('context')).toBe(MAX_COLUMN_WIDTH);
    expect(width('kind')).toBeLessThan(12);
    const title = sheet('reports').getColumn(reports.columns.indexOf('title') + 1).width ?? 0;
    expect(title).toBeGreaterThan(2 * '青山镇2020年宣传工作总结'.length - 4);
  });

  it('xlsx highlights the placeholder rows only', () => {
    const fillOf = (ws: ExcelJS.Worksheet, row: number, col: number) => {
      const fill = ws.getRow(row).getCell(col).fill as ExcelJS.FillPattern | undefined;
      return fill?.fgColor?.argb;
    };
    const ws = sheet('placeholders');
    for (let r = 2; r <= placeholders.rows.length + 1; r++) {
      for (let c = 1; c <= placeholders.columns.length; c++) expect(fillOf(ws, r, c)).toBe('FFFFF2CC');
    }
    expect(fillOf(ws, 1, 1)).not.toBe('FFFFF2CC');
    expect(fillOf(sheet('problems'), 2, 1)).toBeUndefined();
  });

  it('xlsx writes formula-looking text as text', () => {
    const ws = sheet('keywords');
    for (let r = 2; r <= 6; r++) {
      const cell = ws.getCell(r, 3);
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.formula).toBeUndefined();
    }
    expect(ws.getCell('C2').value).toBe('=HYPERLINK("http://evil.example","点我")');
    expect(ws.getCell('C5').value).toBe('bad\uFFFDchar');
    expect(ws.getCell('C6').value).toBe('-1');
  });
});

describe('xlsx helpers', () => {
  it('xlsx sheet names are short, legal and unique', () => {
    const used = new Set<string>();
    expect(sheetName('reports.csv', used)).toBe('reports');
    expect(sheetName('Reports.csv', used)).toBe('Reports_2');
    const long = sheetName('a_very_long_table_name_that_excel_will_refuse.csv', used);
    expect(long).toBe('a_very_long_table_name_that_exc');
    expect(long.length).toBeLessThanOrEqual(31);
    expect(sheetName('a/b:c*d?[e].csv', used)).toBe('b_c_d__e_');
  });

  it('xlsx column width counts CJK double and is capped', () => {
    expect(columnWidth('id', [['ab']], 0)).toBe(6);
    expect(columnWidth('id', [['十个汉字十个汉字十个']], 0)).toBe(22);
    expect(columnWidth('id', [['x'.repeat(500)]], 0)).toBe(MAX_COLUMN_WIDTH);
  });

  it('xlsx cell values keep numbers and strings apart', () => {
    expect(cellValue(3)).toBe(3);
    expect(cellValue('3')).toBe('3');
    expect(cellValue(null)).toBeNull();
    expect(cellValue(Number.NaN)).toBe('NaN');
    expect(cellValue('x'.repeat(40_000))).toHaveLength(32_767);
  });
});
