import type { Table } from '../table.js';
import type { ProblemRow } from '../../aggregate/problem-clusters.js';

/** The file name of problems.csv. */
export const PROBLEMS_FILE = 'problems.csv';

/** problems.csv: one row per stated problem, in the order given (reports in corpus order, problems by number). */
export function problemsTable(rows: readonly ProblemRow[]): Table {
  return {
    file: PROBLEMS_FILE,
    columns: ['report_id', 'township', 'year', 'problem_no', 'headline', 'text', 'cluster_id', 'generic', 'start', 'end'],
    rows: rows.map((r) => [r.reportId, r.township, r.year, r.problemNo, r.headline, r.text.replace(/\s*\n\s*/g, ' '), r.clusterId, r.generic, r.rawStart, r.rawEnd]),
  };
}

/**
 * problems.csv as report.html reads it, made from the written table in place: the page shows a problem's
 * headline, and its text only when it has none, so the other texts (most of the table) are let go.
 */
export function problemsPageTable(table: Table): Table {
  const headline = table.columns.indexOf('headline');
  const text = table.columns.indexOf('text');
  for (const row of table.rows) if (row[headline] !== '' && row[headline] !== null && row[headline] !== undefined) row[text] = '';
  return table;
}
