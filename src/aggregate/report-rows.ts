import type { ReportRecord } from '../model/record.js';
import type { Accumulator } from './accumulator.js';

/**
 * What reports.csv shows of one report: the record without its text, spans and counts. This is the one place
 * a record becomes a reports.csv row's data; a field added to the record's `report` or `meta` arrives here
 * unchanged, and `src/emit/tables/reports.ts` gives it a column.
 */
export type ReportSummary = Pick<ReportRecord, 'report' | 'status' | 'diagnostics' | 'script' | 'meta' | 'chars' | 'paragraphCount' | 'placeholderCount'> & {
  /** number of stated problems (`problems.length`) */
  problemCount: number;
};

/** The summary of one record (`meta.township` as the report gives it; see `reportSummaries`). */
export function reportSummaryOf(record: ReportRecord): ReportSummary {
  const { report, status, diagnostics, script, meta, chars, paragraphCount, placeholderCount } = record;
  return { report, status, diagnostics, script, meta, chars, paragraphCount, placeholderCount, problemCount: record.problems.length };
}

/** reports.csv's data: one summary per report, in the order added, townships normalised across the corpus. */
export function reportSummaries(): Accumulator<ReportSummary[]> {
  const summaries: ReportSummary[] = [];
  return {
    add(record) {
      summaries.push(reportSummaryOf(record));
    },
    finish(corpus) {
      return summaries.map((s) => {
        const township = corpus.township(s.meta.township);
        return township === s.meta.township ? s : { ...s, meta: { ...s.meta, township } };
      });
    },
  };
}
