import type { ReportSummary } from '../../aggregate/report-rows.js';
import type { Cell, Table } from '../table.js';

/** Extra columns other steps of a run add to reports.csv, with each report's cells. */
export type ReportColumns = { columns: readonly string[]; values: (report: ReportSummary) => Cell[] };

/** reports.csv: one row per input file, in the order given (report id order). */
export function reportsTable(reports: readonly ReportSummary[], extra: readonly ReportColumns[] = []): Table {
  const manifestColumns = [...new Set(reports.flatMap((d) => Object.keys(d.report.given.extra ?? {})))].sort();
  return {
    file: 'reports.csv',
    columns: [
      'report_id', 'source', 'format', 'status', 'error', 'encoding', 'script', 'title', 'township', 'year', 'plan_year',
      'period', 'chars', 'paragraphs', 'placeholder_count', 'flagged', 'problem_count',
      'county', 'city', 'province',
      ...extra.flatMap((e) => e.columns),
      ...manifestColumns,
    ],
    rows: reports.map((doc) => [
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
      ...extra.flatMap((e) => e.values(doc)),
      ...manifestColumns.map((c) => doc.report.given.extra?.[c] ?? ''),
    ]),
  };
}
