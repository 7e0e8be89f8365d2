import type { Recycling, ReusePassage } from '../../aggregate/reuse.js';
import type { ReportReuse } from '../../aggregate/reuse-findings.js';
import { mappedChunks, type Cell, type Table, type TableSource } from '../table.js';
import type { ReportColumns } from './reports.js';

/** Rounds a share or similarity to three decimals for the CSV. */
export function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** File name of reuse.csv. */
export const REUSE_FILE = 'reuse.csv';

/**
 * reuse.csv: one row per passage two reports share, in the order given (by report pair, then offset in A).
 * `start_*`/`end_*` are the passages' offsets as given (the run gives half-open offsets in the raw file text).
 */
export function reuseTable(passages: readonly ReusePassage[]): Table {
  return { file: REUSE_FILE, columns: REUSE_COLUMNS, rows: passages.map(reuseRow) };
}

/** reuse.csv (see `reuseTable`) made a chunk of rows at a time. */
export function reuseSource(passages: readonly ReusePassage[]): TableSource {
  return { file: REUSE_FILE, columns: REUSE_COLUMNS, chunks: () => mappedChunks(passages, reuseRow) };
}

const REUSE_COLUMNS = ['report_a', 'report_b', 'start_a', 'end_a', 'start_b', 'end_b', 'chars', 'similarity', 'same_township', 'text'];

/** The reuse.csv row of one passage. */
function reuseRow(p: ReusePassage): Cell[] {
  return [p.reportA, p.reportB, p.a.start, p.a.end, p.b.start, p.b.end, p.chars, round3(p.similarity), p.sameTownship, p.text];
}

/** Extra reports.csv columns from the reuse step: recycled_from (when flagged), recycled_share, recycled_problems_share. */
export const RECYCLING_COLUMNS = ['recycled_from', 'recycled_share', 'recycled_problems_share'] as const;

/** The RECYCLING_COLUMNS cells of one report; all empty when it has no earlier report of its township. */
export function recyclingCells(recycling: Recycling | undefined): Cell[] {
  if (!recycling) return ['', '', ''];
  return [recycling.flagged ? recycling.from : '', round3(recycling.share), recycling.problemsShare === null ? '' : round3(recycling.problemsShare)];
}

/** reports.csv columns of the reuse step: the recycling columns, then `foreign_places` (empty when not checked). */
export function reuseReportColumns(byReport: ReadonlyMap<string, ReportReuse>): ReportColumns {
  return {
    columns: [...RECYCLING_COLUMNS, 'foreign_places'],
    values: (report) => {
      const found = byReport.get(report.report.id);
      return [...recyclingCells(found?.recycling), found?.foreignPlaces ?? ''];
    },
  };
}
