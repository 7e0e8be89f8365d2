import { mappedChunks, recordChunks, tableOf, type Cell, type Table, type TableSource } from '../table.js';
import { csvNumber, csvText } from '../csv.js';
import type { ProblemRow } from '../../aggregate/problem-clusters.js';

/** The file name of problems.csv. */
export const PROBLEMS_FILE = 'problems.csv';

const PROBLEM_COLUMNS = ['report_id', 'township', 'year', 'problem_no', 'headline', 'text', 'cluster_id', 'generic', 'start', 'end'];

/** A problem's text as problems.csv shows it: on one line. */
function oneLine(text: string): string {
  // Most texts are one line already; the pattern, which may start anywhere, would try every position of each.
  return text.includes('\n') ? text.replace(/\s*\n\s*/g, ' ') : text;
}

/** problems.csv: one row per stated problem, in the order given (reports in corpus order, problems by number). */
export function problemsTable(rows: readonly ProblemRow[]): Table {
  return tableOf(problemsSource(rows));
}

/** problems.csv (see `problemsTable`) made a chunk of rows at a time as it is written, never held whole. */
export function problemsSource(rows: readonly ProblemRow[]): TableSource {
  const toRow = (r: ProblemRow): Cell[] => [r.reportId, r.township, r.year, r.problemNo, r.headline, oneLine(r.text), r.clusterId, r.generic, r.rawStart, r.rawEnd];
  // toRow's cells as csvField renders them.
  const toRecord = (r: ProblemRow): string =>
    `${csvText(r.reportId)},${csvText(r.township)},${csvNumber(r.year)},${r.problemNo},${csvText(r.headline)},${csvText(oneLine(r.text))},` +
    `${csvText(r.clusterId)},${r.generic ? 'true' : 'false'},${r.rawStart},${r.rawEnd}\r\n`;
  return { file: PROBLEMS_FILE, columns: PROBLEM_COLUMNS, chunks: () => mappedChunks(rows, toRow), records: () => recordChunks(rows, toRecord) };
}

/**
 * problems.csv as report.html reads it: the columns the page reads, and a problem's text only when it has no
 * headline (the page shows the headline), so most texts are never held. The page renders from it as from the
 * whole table (test/emit/html-report.test.ts).
 */
export function problemsPageTable(rows: readonly ProblemRow[]): Table {
  return {
    file: PROBLEMS_FILE,
    columns: ['report_id', 'township', 'year', 'problem_no', 'headline', 'text', 'cluster_id'],
    rows: rows.map((r) => [r.reportId, r.township, r.year, r.problemNo, r.headline, r.headline ? '' : oneLine(r.text), r.clusterId]),
  };
}
