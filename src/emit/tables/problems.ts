import type { Table } from '../table.js';
import type { Doc } from '../../model/report.js';
import { mapSpan } from '../../model/span.js';

/** One row of problems.csv: a stated problem of one report. */
export interface ProblemRow {
  reportId: string;
  /** empty when unknown */
  township: string;
  year: number | null;
  /** 1-based within the report */
  problemNo: number;
  headline: string;
  text: string;
  clusterId: string;
  /** true for a vague admission (还存在着一定的差距和不足) */
  generic: boolean;
  /** offsets of the problem's text in the report's raw text (half-open, UTF-16) */
  rawStart: number;
  rawEnd: number;
}

/** The problem rows of one analysed report; `clusterIdOf(no)` gives each problem's cluster id. */
export function problemRowsOf(doc: Doc, clusterIdOf: (problemNo: number) => string): ProblemRow[] {
  return doc.problems.map((problem) => {
    const raw = mapSpan(doc.toRaw, problem);
    return {
      reportId: doc.report.id,
      township: doc.meta.township,
      year: doc.meta.year,
      problemNo: problem.no,
      headline: problem.headlineText,
      text: problem.text,
      clusterId: clusterIdOf(problem.no),
      generic: problem.generic ?? false,
      rawStart: raw.start,
      rawEnd: raw.end,
    };
  });
}

/** problems.csv: one row per stated problem, in the order given (reports in corpus order, problems by number). */
export function problemsTable(rows: ProblemRow[]): Table {
  return {
    file: 'problems.csv',
    columns: ['report_id', 'township', 'year', 'problem_no', 'headline', 'text', 'cluster_id', 'generic', 'start', 'end'],
    rows: rows.map((r) => [r.reportId, r.township, r.year, r.problemNo, r.headline, r.text.replace(/\s*\n\s*/g, ' '), r.clusterId, r.generic, r.rawStart, r.rawEnd]),
  };
}
