import { parse } from 'csv-parse/sync';

/**
 * CSV reading for the tables zongjie reads (manifest.csv, its own output in the tools), on csv-parse:
 * RFC 4180 quoting (commas, line breaks and doubled `""` inside quoted fields), a leading BOM dropped,
 * CRLF, LF or CR line ends (mixed too), blank lines skipped (spreadsheet exports end with one).
 */

/** A malformed CSV text; `line` is the 1-based line where csv-parse found the error. */
export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

/** One parsed record with the 1-based line it starts on. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** Parses CSV text into records of raw string fields (no trimming, no type conversion; line breaks in fields are LF). */
export function parseCsv(text: string): CsvRecord[] {
  let parsed: { record: string[]; info: { lines: number } }[];
  try {
    const options = { bom: true, relax_column_count: true, skip_empty_lines: true, record_delimiter: '\n', info: true };
    // Line ends are made LF first (also inside quoted fields), so that csv-parse counts lines as editors do.
    // Note: with `info` each record comes as { record, info }; the typings only know the plain form.
    parsed = parse(text.replace(/\r\n?/g, '\n'), options) as unknown as typeof parsed;
  } catch (error) {
    const { lines, message } = error as { lines?: number; message: string };
    throw new CsvSyntaxError(lines ?? 1, message.replace(/ at line \d+/, ''));
  }
  // csv-parse tells the line a record ends on; it starts earlier by the line breaks inside its quoted fields
  return parsed.map(({ record, info }) => ({
    line: info.lines - record.reduce((n, field) => n + (field.match(/\n/g)?.length ?? 0), 0),
    fields: record,
  }));
}
