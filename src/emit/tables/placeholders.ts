import type { ReportPlaceholders } from '../../aggregate/index.js';
import type { PlaceholderEntry } from '../../model/record.js';
import type { Cell, Table } from '../table.js';

/** File name and columns of placeholders.csv. */
export const PLACEHOLDERS_FILE = 'placeholders.csv';
export const PLACEHOLDER_COLUMNS = ['report_id', 'paragraph_no', 'section', 'kind', 'token', 'context', 'start', 'end', 'line', 'column'];

/**
 * placeholders.csv: one row per unfilled figure, date or name, reports in the given order, placeholders in
 * reading order. `start`/`end` are offsets into the raw file text (half-open, UTF-16); `line`/`column` are
 * 1-based positions of `start` in it.
 */
export function placeholdersTable(reports: readonly ReportPlaceholders[]): Table {
  return {
    file: PLACEHOLDERS_FILE,
    columns: PLACEHOLDER_COLUMNS,
    rows: reports.flatMap(({ reportId, placeholders }) => placeholderRows(reportId, placeholders)),
  };
}

/** The placeholders.csv rows of one report, in reading order (rendered per report as the reports arrive). */
export function placeholderRows(reportId: string, placeholders: readonly PlaceholderEntry[]): Cell[][] {
  return placeholders.map((p) => [reportId, p.paragraphNo, p.section, p.kind, p.token, p.context, p.start, p.end, p.line, p.column]);
}
