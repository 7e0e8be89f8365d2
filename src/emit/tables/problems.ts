import type { Table } from '../table.js';
import type { ProblemRow } from '../../aggregate/problem-clusters.js';

/** problems.csv: one row per stated problem, in the order given (reports in corpus order, problems by number). */
export function problemsTable(rows: readonly ProblemRow[]): Table {
  return {
    file: 'problems.csv',
    columns: ['report_id', 'township', 'year', 'problem_no', 'headline', 'text', 'cluster_id', 'generic', 'start', 'end'],
    rows: rows.map((r) => [r.reportId, r.township, r.year, r.problemNo, r.headline, r.text.replace(/\s*\n\s*/g, ' '), r.clusterId, r.generic, r.rawStart, r.rawEnd]),
  };
}
