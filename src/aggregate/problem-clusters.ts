import type { ReportMeta, Problem } from '../model/report.js';
import { mapSpan, type AnyOffsetMap } from '../model/span.js';
import type { Accumulator } from './accumulator.js';
import { clusterCountedProblems, FeatureCounts, type CountedProblem, type ProblemCluster } from './recurring-problems.js';

/** Default `--link-threshold`: cosine at which two problems count as the same recurring problem (see the README, "Tuning"). */
export const DEFAULT_LINK_THRESHOLD = 0.25;

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

/** problems.csv and recurring_problems.csv data. */
export interface ProblemClusters {
  /** one row per stated problem: reports in the order added, problems by number */
  rows: ProblemRow[];
  /** clusters, most persistent first (the order `clusterProblems` gives) */
  clusters: ProblemCluster[];
}

/**
 * Recurring problems: the stated problems of every analysed (`ok`) report are collected as they arrive (row
 * data, and their words counted into features at once: `FeatureCounts`, so no word list is kept) and clustered
 * by `clusterCountedProblems` when the corpus is complete, with the townships normalised across the corpus.
 */
export function problemClusters(options: { threshold?: number } = {}): Accumulator<ProblemClusters> {
  const rows: ProblemRow[] = [];
  let counts: FeatureCounts | undefined;
  return {
    add(record) {
      if (record.status !== 'ok') return;
      for (const row of problemRowsOf(record, () => '')) rows.push(row);
      // Made on the first problem: the vocabulary is read from data/ only by a run that has problems.
      counts ??= new FeatureCounts({});
      for (const problem of record.problems) counts.add({ headline: problem.headlineText, words: problem.words });
    },
    finish(corpus) {
      const items: CountedProblem[] = rows.map((row) => ({
        key: `${row.reportId}#${row.problemNo}`,
        reportId: row.reportId,
        township: corpus.township(row.township),
        year: row.year,
        headline: row.headline,
      }));
      const { clusterIds, clusters } = clusterCountedProblems(items, counts ?? new FeatureCounts({}), { threshold: options.threshold ?? DEFAULT_LINK_THRESHOLD });
      counts = undefined;
      // The rows are this step's own (made in `add`) and `finish` runs once: completed in place, not copied
      // (70,000 rows at 20,000 reports).
      for (let i = 0; i < rows.length; i++) {
        rows[i].township = items[i].township;
        rows[i].clusterId = clusterIds[i];
      }
      return { rows, clusters };
    },
  };
}
