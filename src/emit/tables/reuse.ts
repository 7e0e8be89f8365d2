import type { Span } from '../../model/span.js';
import type { Recycling, ReusePassage } from '../../aggregate/reuse.js';
import type { Cell, Table } from '../table.js';

/** Maps a span of a report's analysis text to the offsets the table shows (raw offsets via `Doc.toRaw`); identity when absent. */
export type SpanMapper = (reportId: string, span: Span) => Span;

const identity: SpanMapper = (_id, span) => span;

/** Rounds a share or similarity to three decimals for the CSV. */
export function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/**
 * reuse.csv: one row per passage two reports share, in `findReuse` order (by report pair, then offset in A).
 * `start_*`/`end_*` are half-open offsets as given by `mapSpan` (pass the cleaned→raw map to show raw offsets).
 */
export function reuseTable(passages: readonly ReusePassage[], mapSpan: SpanMapper = identity): Table {
  return {
    file: 'reuse.csv',
    columns: ['report_a', 'report_b', 'start_a', 'end_a', 'start_b', 'end_b', 'chars', 'similarity', 'same_township', 'text'],
    rows: passages.map((p): Cell[] => {
      const a = mapSpan(p.reportA, p.a);
      const b = mapSpan(p.reportB, p.b);
      return [p.reportA, p.reportB, a.start, a.end, b.start, b.end, p.chars, round3(p.similarity), p.sameTownship, p.text];
    }),
  };
}

/** Extra reports.csv columns from the reuse step: recycled_from (when flagged), recycled_share, recycled_problems_share. */
export const RECYCLING_COLUMNS = ['recycled_from', 'recycled_share', 'recycled_problems_share'] as const;

/** The RECYCLING_COLUMNS cells of one report; all empty when it has no earlier report of its township. */
export function recyclingCells(recycling: Recycling | undefined): Cell[] {
  if (!recycling) return ['', '', ''];
  return [recycling.flagged ? recycling.from : '', round3(recycling.share), recycling.problemsShare === null ? '' : round3(recycling.problemsShare)];
}
