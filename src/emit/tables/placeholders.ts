import { location } from '../../model/location.js';
import { mapSpan } from '../../model/span.js';
import type { Doc } from '../../model/report.js';
import type { Cell, Table } from '../table.js';

/** File name and columns of placeholders.csv. */
export const PLACEHOLDERS_FILE = 'placeholders.csv';
export const PLACEHOLDER_COLUMNS = ['report_id', 'paragraph_no', 'section', 'kind', 'token', 'context', 'start', 'end', 'line', 'column'];

/**
 * The placeholders.csv rows of one report, in reading order. Needs the raw text (for line/column), so it runs
 * where the full Doc is at hand.
 */
export function placeholderRows(doc: Pick<Doc, 'report' | 'paragraphs' | 'placeholders' | 'toRaw'>): Cell[][] {
  if (doc.placeholders.length === 0) return [];
  const sectionOf = new Map(doc.paragraphs.map((p) => [p.no, p.section]));
  const locate = location(doc.report.raw);
  return doc.placeholders.map((p) => {
    const raw = mapSpan(doc.toRaw, p);
    const { line, column } = locate(raw.start);
    return [doc.report.id, p.paragraphNo, sectionOf.get(p.paragraphNo) ?? '', p.kind, p.token, p.context, raw.start, raw.end, line, column];
  });
}

/**
 * placeholders.csv: one row per unfilled figure, date or name, reports in the given order, placeholders in
 * reading order. `start`/`end` are offsets into the raw file text (half-open, UTF-16); `line`/`column` are
 * 1-based positions of `start` in it.
 */
export function placeholdersTable(docs: readonly Doc[]): Table {
  return placeholdersTableOf(docs.flatMap(placeholderRows));
}

/** placeholders.csv from rows already made per report (`placeholderRows`), in report order. */
export function placeholdersTableOf(rows: Cell[][]): Table {
  return { file: PLACEHOLDERS_FILE, columns: PLACEHOLDER_COLUMNS, rows };
}
