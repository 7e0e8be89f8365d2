/**
 * `zongjie.xlsx` (`--xlsx`): the output tables as one workbook, one sheet per table, for staff who live in
 * Excel or WPS. Header row frozen and bold with an auto-filter, column widths from the content, the placeholder
 * sheet's rows highlighted. Report text is untrusted: every string is written as a string cell, never a formula.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Cell, Table } from './table.js';
import stringWidth from 'string-width';

/** Widest column, in Excel character units; longer text is cut off visually, not in the cell. */
export const MAX_COLUMN_WIDTH = 60;
/** Narrowest column, in Excel character units. */
export const MIN_COLUMN_WIDTH = 6;
/** Excel's limit on the characters in one cell; longer text is cut to it. */
export const MAX_CELL_CHARS = 32_767;
/** Rows looked at per column when sizing it; enough for a stable width, cheap on big tables. */
const WIDTH_SAMPLE_ROWS = 2_000;

/** Control characters and lone surrogates, which XML 1.0 (and so .xlsx) cannot hold. */
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Sheet whose data rows are highlighted, so unfilled placeholders stand out. */
const HIGHLIGHTED_SHEET = 'placeholders';
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F0' } };
const HIGHLIGHT_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };

/** Writes the tables as one .xlsx workbook at `file` (through a temporary file, so a crash leaves no half file). */
export async function writeWorkbook(file: string, tables: Table[]): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: tmp, useStyles: true, useSharedStrings: true });
  workbook.creator = 'zongjie';
  // Note: fixed dates keep the workbook's metadata the same from run to run.
  workbook.created = new Date(0);
  workbook.modified = new Date(0);
  const used = new Set<string>();
  try {
    for (const table of tables) writeSheet(workbook, sheetName(table.file, used), table);
    await workbook.commit();
    fs.renameSync(tmp, file);
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    throw error;
  }
}

function writeSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, name: string, table: Table): void {
  const sheet = workbook.addWorksheet(name, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }],
  });
  sheet.columns = table.columns.map((header, i) => ({ key: String(i), width: columnWidth(header, table.rows, i) }));
  if (table.columns.length > 0) {
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.columns.length } };
  }
  const highlighted = bareName(table.file) === HIGHLIGHTED_SHEET;
  const tokenColumn = table.columns.indexOf('token');

  const header = sheet.addRow(table.columns);
  header.font = { bold: true };
  header.eachCell((cell) => {
    cell.fill = HEADER_FILL;
    cell.border = { bottom: { style: 'thin', color: { argb: 'FF9FB3C8' } } };
  });
  header.commit();

  for (const cells of table.rows) {
    const row = sheet.addRow(table.columns.map((_, i) => cellValue(cells[i])));
    if (highlighted) {
      for (let c = 1; c <= table.columns.length; c++) row.getCell(c).fill = HIGHLIGHT_FILL;
      if (tokenColumn >= 0) row.getCell(tokenColumn + 1).font = { bold: true, color: { argb: 'FF9C0006' } };
    }
    row.commit();
  }
  sheet.commit();
}

/**
 * The value to store for a table cell. Numbers and booleans stay typed; everything else is a plain string.
 * Note: exceljs writes a JavaScript string as a string cell even when it starts with `=`, so text such as
 * `=HYPERLINK(…)` from a report shows as text and is never evaluated; only `{formula}` objects make formulas,
 * and this function never returns one.
 */
export function cellValue(cell: Cell): string | number | boolean | null {
  if (cell === null || cell === undefined) return null;
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : String(cell);
  if (typeof cell === 'boolean') return cell;
  // Characters XML 1.0 forbids would make Excel call the whole file corrupt.
  const clean = cell.replace(XML_INVALID, '\uFFFD');
  return clean.length > MAX_CELL_CHARS ? clean.slice(0, MAX_CELL_CHARS) : clean;
}

/** Column width in Excel character units: the widest of header and sampled cells, CJK counted double, capped. */
export function columnWidth(header: string, rows: Cell[][], column: number): number {
  // Note: every character takes at least one column, so the first MAX_COLUMN_WIDTH + 1 decide the capped width.
  const displayWidth = (text: string, limit: number) => stringWidth(text.length > limit ? text.slice(0, limit + 1) : text);
  let widest = displayWidth(header, MAX_COLUMN_WIDTH);
  const step = Math.max(1, Math.ceil(rows.length / WIDTH_SAMPLE_ROWS));
  for (let r = 0; r < rows.length && widest < MAX_COLUMN_WIDTH; r += step) {
    const cell = rows[r]?.[column];
    if (cell === null || cell === undefined) continue;
    widest = Math.max(widest, displayWidth(String(cell), MAX_COLUMN_WIDTH));
  }
  return Math.min(MAX_COLUMN_WIDTH, Math.max(MIN_COLUMN_WIDTH, Math.ceil(widest) + 2));
}

/**
 * Sheet name for a table file: the file name without `.csv`, characters Excel forbids replaced, at most
 * 31 characters, and unique within the workbook (`used` collects the names taken so far).
 */
export function sheetName(file: string, used: Set<string>): string {
  const base = bareName(file).replace(/[\\/?*:[\]]/g, '_').replace(/^'+|'+$/g, '').slice(0, 31) || 'sheet';
  let name = base;
  for (let n = 2; used.has(name.toLowerCase()); n++) {
    const suffix = `_${n}`;
    name = base.slice(0, 31 - suffix.length) + suffix;
  }
  used.add(name.toLowerCase());
  return name;
}

function bareName(file: string): string {
  return file.replace(/^.*[\\/]/, '').replace(/\.csv$/i, '');
}
