import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { Cell, Table } from './table.js';
import { writeFileAtomicSync } from '../io/write-atomic.js';

/** Writes a file through a temporary file and a rename (see io/write-atomic.ts). */
export const writeFileAtomic = writeFileAtomicSync;

/** Options for writing tables. */
export interface CsvOptions {
  /** start the file with a UTF-8 BOM so Excel and WPS detect the encoding; default true */
  bom: boolean;
}

/**
 * Characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection"). A text cell starting
 * with one gets a leading apostrophe, which spreadsheets hide and treat as "this is text".
 */
const FORMULA_START = /^[=+\-@\t\r]/u;

/** Neutralises a cell a spreadsheet would run as a formula. Numbers are left alone (-3 is a number). */
export function neutraliseCell(cell: Cell): string | number | boolean {
  if (cell === null || cell === undefined) return '';
  if (typeof cell !== 'string') return cell;
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/** Renders a table as RFC 4180 CSV (CRLF line ends, quoting only where needed). */
export function renderCsv(table: Table, options: CsvOptions): string {
  const body = stringify([table.columns, ...table.rows.map((row) => row.map(neutraliseCell))], {
    record_delimiter: 'windows',
    // Note: with CRLF records csv-stringify quotes only fields holding CRLF; a bare LF must be quoted too.
    quoted_match: /[\r\n]/u,
    cast: { boolean: (value) => (value ? 'true' : 'false') },
  });
  return (options.bom ? '\uFEFF' : '') + body;
}

/** Writes a table into the output folder atomically. */
export function writeTable(outDir: string, table: Table, options: CsvOptions): void {
  writeFileAtomic(path.join(outDir, table.file), renderCsv(table, options));
}
