import type { Table } from '../table.js';
import type { Problem, ReportMeta } from '../../model/report.js';
import type { ReportStatus } from '../../model/kinds.js';
import { mapSpan, type AnyOffsetMap } from '../../model/span.js';
import { clusterProblems } from '../../aggregate/recurring-problems.js';
import { recurringProblemsTable } from './recurring-problems.js';

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

/** What problems.csv reads of a report: a `Doc` or a `ReportRecord`. */
export interface ProblemSource {
  report: { id: string };
  meta: ReportMeta;
  problems: Problem[];
  /** cleaned offset → raw offset */
  toRaw: AnyOffsetMap;
}

/** The problem rows of one analysed report; `clusterIdOf(no)` gives each problem's cluster id. */
export function problemRowsOf(doc: ProblemSource, clusterIdOf: (problemNo: number) => string): ProblemRow[] {
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

/** Default `--link-threshold`: cosine at which two problems count as the same recurring problem (see the README, "Tuning"). */
export const DEFAULT_LINK_THRESHOLD = 0.25;

/**
 * problems.csv and recurring_problems.csv for a run: clusters the problems of all analysed reports
 * (in report order), then renders both tables.
 */
export function problemTables(docs: readonly (ProblemSource & { status: ReportStatus })[], options: { threshold?: number } = {}): Table[] {
  const analysed = docs.filter((d) => d.status === 'ok');
  const items = analysed.flatMap((doc) =>
    doc.problems.map((p) => ({ key: `${doc.report.id}#${p.no}`, reportId: doc.report.id, township: doc.meta.township, year: doc.meta.year, headline: p.headlineText, words: p.words })),
  );
  const { clusterIds, clusters } = clusterProblems(items, { threshold: options.threshold ?? DEFAULT_LINK_THRESHOLD });
  const idOf = new Map(items.map((item, i) => [item.key, clusterIds[i]]));
  const rows = analysed.flatMap((doc) => problemRowsOf(doc, (no) => idOf.get(`${doc.report.id}#${no}`)!));
  return [problemsTable(rows), recurringProblemsTable(clusters)];
}
