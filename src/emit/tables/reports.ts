import type { ReportRecord } from '../../model/record.js';
import type { Table } from '../table.js';

/** Extra columns other parts of a run add to reports.csv, keyed by report id. */
export type ReportColumns = { columns: string[]; values: (doc: ReportRecord) => (string | number | null)[] };

/** reports.csv: one row per input file, in report id order. */
export function reportsTable(docs: readonly ReportRecord[], extra: readonly ReportColumns[] = []): Table {
  const manifestColumns = [...new Set(docs.flatMap((d) => Object.keys(d.report.given.extra ?? {})))].sort();
  return {
    file: 'reports.csv',
    columns: [
      'report_id', 'source', 'format', 'status', 'error', 'encoding', 'script', 'title', 'township', 'year', 'plan_year',
      'period', 'chars', 'paragraphs', 'placeholder_count', 'flagged', 'problem_count',
      'county', 'city', 'province',
      ...extra.flatMap((e) => e.columns),
      ...manifestColumns,
    ],
    rows: docs.map((doc) => [
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
      doc.cleaned.length,
      doc.paragraphCount,
      doc.placeholderCount,
      doc.placeholderCount > 0,
      doc.problems.length,
      doc.meta.county ?? '',
      doc.meta.city ?? '',
      doc.meta.province ?? '',
      ...extra.flatMap((e) => e.values(doc)),
      ...manifestColumns.map((c) => doc.report.given.extra?.[c] ?? ''),
    ]),
  };
}
