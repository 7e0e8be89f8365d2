import type { ReportSummary } from '../../aggregate/report-rows.js';
import { csvField } from '../csv.js';
import type { Cell, Table } from '../table.js';

/** Extra columns other steps of a run add to reports.csv, with each report's cells. */
export type ReportColumns = { columns: readonly string[]; values: (report: ReportSummary) => Cell[] };

/** The file name of reports.csv. */
export const REPORTS_FILE = 'reports.csv';

/** The columns every reports.csv has, before any extra columns. */
const OWN_COLUMNS = [
  'report_id', 'source', 'format', 'status', 'error', 'encoding', 'script', 'title', 'township', 'year', 'plan_year',
  'period', 'chars', 'paragraphs', 'placeholder_count', 'flagged', 'problem_count',
  'county', 'city', 'province',
];

/** The manifest's extra columns of the reports, sorted; they come last. */
function manifestColumnsOf(reports: readonly ReportSummary[]): string[] {
  return [...new Set(reports.flatMap((d) => Object.keys(d.report.given.extra ?? {})))].sort();
}

/** A report's cells of `OWN_COLUMNS`. */
function ownCells(doc: ReportSummary): Cell[] {
  return [
    doc.report.id,
    doc.report.source,
    doc.report.format,
    doc.status,
    doc.diagnostics.map((d) => `${d.code}: ${d.message}`).join('; '),
    doc.report.encoding,
    doc.status === 'ok' ? doc.script : '',
    doc.meta.title,
    doc.meta.township,
    doc.meta.year,
    doc.meta.planYear,
    doc.meta.period,
    doc.chars,
    doc.paragraphCount,
    doc.placeholderCount,
    doc.placeholderCount > 0,
    doc.problemCount,
    doc.meta.county ?? '',
    doc.meta.city ?? '',
    doc.meta.province ?? '',
  ];
}

/** A report's cells of the manifest columns. */
function manifestCells(doc: ReportSummary, manifestColumns: readonly string[]): Cell[] {
  return manifestColumns.map((c) => doc.report.given.extra?.[c] ?? '');
}

/** reports.csv: one row per input file, in the order given (report id order). */
export function reportsTable(reports: readonly ReportSummary[], extra: readonly ReportColumns[] = []): Table {
  const manifestColumns = manifestColumnsOf(reports);
  return {
    file: REPORTS_FILE,
    columns: [...OWN_COLUMNS, ...extra.flatMap((e) => e.columns), ...manifestColumns],
    rows: reports.map((doc) => [...ownCells(doc), ...extra.flatMap((e) => e.values(doc)), ...manifestCells(doc, manifestColumns)]),
  };
}

/** reports.csv's records, rendered, and its columns. */
export interface RenderedReports {
  columns: string[];
  /** the records as `renderCsvRecords` renders the table's rows, a report's each */
  records(): Iterable<string>;
}

/**
 * reports.csv rendered in two steps: every report's own and manifest cells now, the extra columns' cells (which
 * sit between them) when `withExtra` is called. A run renders the table's known part while passage reuse, whose
 * columns are the extra ones, still runs, so that less is left to do once it ends. The records are those of
 * `reportsTable(reports, extra)`.
 */
export function reportsInTwoSteps(reports: readonly ReportSummary[]): { withExtra(extra: readonly ReportColumns[]): RenderedReports } {
  const manifestColumns = manifestColumnsOf(reports);
  const fields = (cells: readonly Cell[]) => cells.map(csvField).join(',');
  const own = reports.map((doc) => fields(ownCells(doc)));
  const manifest = manifestColumns.length > 0 ? reports.map((doc) => ',' + fields(manifestCells(doc, manifestColumns))) : undefined;
  return {
    withExtra: (extra) => ({
      columns: [...OWN_COLUMNS, ...extra.flatMap((e) => e.columns), ...manifestColumns],
      *records() {
        for (let i = 0; i < reports.length; i++) {
          const extraCells = extra.flatMap((e) => e.values(reports[i]));
          yield own[i] + (extraCells.length > 0 ? ',' + fields(extraCells) : '') + (manifest ? manifest[i] : '') + '\r\n';
        }
      },
    }),
  };
}
