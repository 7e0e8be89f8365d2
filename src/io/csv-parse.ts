/**
 * A small RFC 4180 CSV reader (csv-parse is not a dependency): fields separated by `,`, records by CRLF or LF,
 * fields may be quoted with `"` and then hold commas, line breaks and doubled `""` quotes. A leading BOM is
 * dropped. Blank lines are skipped (RFC 4180 has none, but spreadsheet exports end with one).
 */

/** A malformed CSV text; `line` is the 1-based line where the bad record starts. */
export class CsvSyntaxError extends Error {
  constructor(readonly line: number, message: string) {
    super(`line ${line}: ${message}`);
  }
}

/** One parsed record with the 1-based line it starts on. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** Parses CSV text into records of raw string fields (no trimming, no type conversion). */
export function parseCsv(text: string): CsvRecord[] {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let i = 0;
  // Whether the current record has any content yet; a record of one empty unquoted field is a blank line.
  let started = false;
  const endRecord = () => {
    fields.push(field);
    if (started) records.push({ line: recordLine, fields });
    fields = [];
    field = '';
    started = false;
  };
  while (i < src.length) {
    const ch = src[i];
    if (ch === '"') {
      if (field !== '') throw new CsvSyntaxError(line, 'quote inside an unquoted field');
      started = true;
      i++;
      for (;;) {
        if (i >= src.length) throw new CsvSyntaxError(recordLine, 'unterminated quoted field');
        const c = src[i];
        if (c === '"') {
          if (src[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (c === '\n') line++;
        field += c;
        i++;
      }
      const next = src[i];
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
        throw new CsvSyntaxError(line, 'text after a closing quote');
      }
      // Mark the field as quoted-complete so a following quote is an error; content already in `field`.
      continue;
    }
    if (ch === ',') {
      started = true;
      fields.push(field);
      field = '';
      i++;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      endRecord();
      i += ch === '\r' && src[i + 1] === '\n' ? 2 : 1;
      line++;
      recordLine = line;
      continue;
    }
    started = true;
    field += ch;
    i++;
  }
  if (started || field !== '' || fields.length > 0) endRecord();
  return records;
}
