import path from 'node:path';
import { ROWS_PER_CHUNK, sourceOf, type Cell, type Table, type TableSource } from './table.js';
import { stringify } from 'csv-stringify/sync';
import { openAtomicFile, writeAtomicSync, type PendingSyncs } from '../io/write-atomic.js';

/** Options for writing tables. */
export interface CsvOptions {
  /** start the file with a UTF-8 BOM so Excel and WPS detect the encoding; default true */
  bom: boolean;
  /** where a written file's flush to disk is left running (a run's staging folder); default: flushed before the write returns */
  syncs?: PendingSyncs;
}

/**
 * Characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection"). A text cell starting
 * with one gets a leading apostrophe, which spreadsheets hide and treat as "this is text".
 */
const FORMULA_START = '=+-@\t\r';

/**
 * Whether a text cell starts with a character of `FORMULA_START`. By code unit: `text[0]` of a cell starting above
 * U+00FF (every Chinese cell) makes a one-character string per cell, and every cell of every table comes here.
 */
function startsLikeFormula(text: string): boolean {
  const first = text.charCodeAt(0);
  return first < 0x80 && FORMULA_START.includes(text[0]);
}

/** Neutralises a cell a spreadsheet would run as a formula. Numbers are left alone (-3 is a number). */
export function neutraliseCell(cell: Cell): string | number | boolean {
  if (cell === null || cell === undefined) return '';
  if (typeof cell !== 'string') return cell;
  return startsLikeFormula(cell) ? `'${cell}` : cell;
}

/** csv-stringify's settings for our tables: CRLF records (RFC 4180), a field with a line break quoted too. */
const STRINGIFY_OPTIONS = {
  record_delimiter: 'windows',
  quoted_match: /[\r\n]/u,
  cast: { boolean: (value: boolean) => (value ? 'true' : 'false') },
} as const;

/**
 * Renders rows as CSV records, each ending in CRLF, with no header and no BOM: csv-stringify quotes a field
 * only when it holds a comma, a quote or a line break. Text cells are neutralised first. Rows render
 * independently, so a table rendered in pieces and concatenated is byte-identical to the whole table.
 */
export function renderCsvRows(rows: readonly Cell[][]): string {
  return stringify(
    rows.map((row) => row.map(neutraliseCell)),
    STRINGIFY_OPTIONS,
  );
}

/** A field csv-stringify (with `STRINGIFY_OPTIONS`) would quote: one holding a quote, a comma or a line break. */
const NEEDS_QUOTES = /[",\r\n]/u;

/**
 * One cell as `renderCsvRows` writes it, without csv-stringify's per-field machinery: neutralised like
 * `neutraliseCell`, quoted when it holds a quote, a comma or a line break (quotes doubled), numbers as
 * `String(n)`, booleans as true/false, null and undefined as empty. Every table is written with it (a row per
 * paragraph in the workers, a million reuse.csv rows at 20,000 reports), where csv-stringify cost as much as a
 * stage and made garbage per field; test/emit/csv.test.ts checks it against `renderCsvRows`.
 */
export function csvField(cell: Cell): string {
  if (typeof cell === 'string') return csvText(cell);
  if (typeof cell === 'number') return String(cell);
  if (typeof cell === 'boolean') return cell ? 'true' : 'false';
  return '';
}

/** A text cell as `csvField` writes it: neutralised, and quoted when it holds a quote, a comma or a line break. */
export function csvText(cell: string): string {
  const text = startsLikeFormula(cell) ? `'${cell}` : cell;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const MINUS = 0x2d;

/**
 * A number already formatted as text (`fixed`, `pValue`: digits, sign, point, exponent, or Infinity/NaN) as
 * `csvText` writes it: such a text never holds a quote, a comma or a line break, so it is only neutralised (a
 * negative number starts with '-'), without `csvText`'s pattern test (three per keyness.csv row).
 */
export function csvFormattedNumber(text: string): string {
  return text.charCodeAt(0) === MINUS ? `'${text}` : text;
}

/** A number cell, or an empty one (null, undefined), as `csvField` writes it. */
export function csvNumber(cell: number | null | undefined): string {
  return cell === null || cell === undefined ? '' : String(cell);
}

/** Manifest extra columns as `csvField` writes them, each after a comma ('' when there are none). */
export function csvExtraFields(values: Readonly<Record<string, string>> | undefined, columns: readonly string[]): string {
  let out = '';
  for (const column of columns) out += ',' + csvText(values?.[column] ?? '');
  return out;
}

/** The same records as `renderCsvRows(rows)`, field by field with `csvField`. */
export function renderCsvRecords(rows: readonly Cell[][]): string {
  let out = '';
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) out += i === 0 ? csvField(row[i]) : ',' + csvField(row[i]);
    out += '\r\n';
  }
  return out;
}

/** The start of a CSV file: the BOM (when asked for) and the header record. */
export function renderCsvHeader(columns: readonly string[], options: CsvOptions): string {
  return (options.bom ? '\uFEFF' : '') + renderCsvRows([[...columns]]);
}

/** Renders a table as RFC 4180 CSV (CRLF line ends, quoting only where needed). */
export function renderCsv(table: Table, options: CsvOptions): string {
  return renderCsvHeader(table.columns, options) + renderCsvRecords(table.rows);
}

/** Writes a table into the output folder atomically, rendering it in chunks of rows, so that a big table is never one string in memory. */
export function writeTable(outDir: string, table: Table, options: CsvOptions): void {
  writeTableSource(outDir, sourceOf(table), options);
}

/** Writes a table source into the output folder atomically, each chunk of rows made, rendered and dropped in turn. */
export function writeTableSource(outDir: string, source: TableSource, options: CsvOptions): void {
  writeCsvRecords(outDir, source.file, source.columns, source.records ? source.records() : renderedChunks(source.chunks()), options);
}

/** The records of `chunks`, rendered `ROWS_PER_CHUNK` rows at a time as they are read. */
function* renderedChunks(chunks: Iterable<Cell[][]>): Iterable<string> {
  for (const chunk of chunks) {
    for (let i = 0; i < chunk.length; i += ROWS_PER_CHUNK) yield renderCsvRecords(chunk.slice(i, i + ROWS_PER_CHUNK));
  }
}

/** Writes records already rendered (each as `renderCsvRecords` renders a row) into the output folder atomically, header first. */
export function writeCsvRecords(outDir: string, file: string, columns: readonly string[], records: Iterable<string>, options: CsvOptions): void {
  writeAtomicSync(path.join(outDir, file), (write) => {
    write(renderCsvHeader(columns, options));
    for (const record of records) write(record);
  }, { syncs: options.syncs });
}

/** A CSV file being written piece by piece; it appears under its name only on `commit`. */
export interface CsvFile {
  /** appends rendered records (from `renderCsvRecords`) */
  write(records: string): void;
  /** flushes the file and renames it into place */
  commit(): void;
  /** removes the partial file; the target is left as it was */
  abort(): void;
}

/** Opens a CSV file for writing in pieces, header first (an `openAtomicFile` with the header written). */
export function openCsvFile(file: string, columns: readonly string[], options: CsvOptions): CsvFile {
  const out = openAtomicFile(file, { syncs: options.syncs });
  out.write(renderCsvHeader(columns, options));
  return out;
}
