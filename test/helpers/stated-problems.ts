/**
 * Problems stated by reports, for the clustering tests: each report's problems numbered from 1, their words from
 * jieba (nodejieba's default cut, as these tests always cut), keyed `report#no`.
 */
import jieba from 'nodejieba';
import type { ProblemToCluster } from '../../src/aggregate/recurring-problems.js';

/** Report `report` states `text` as its problem `no`; the headline is `text` unless given. */
export function statedProblem(report: string, no: number, text: string, year: number, headline = text): ProblemToCluster {
  return { key: `${report}#${no}`, reportId: report, township: report, year, headline, words: jieba.cut(text) };
}

/** Every problem of every report, in order. */
export function statedProblems(reports: readonly [string, readonly string[]][], year: number, headlineOf?: (text: string) => string): ProblemToCluster[] {
  return reports.flatMap(([report, problems]) => problems.map((text, i) => statedProblem(report, i + 1, text, year, headlineOf?.(text))));
}

/** `clusterOf(report, no)`: the cluster id `clusterIds` (clusterProblems' result for `items`) gives that problem. */
export function clusterLookup(items: readonly ProblemToCluster[], clusterIds: readonly string[]): (report: string, no: number) => string {
  return (report, no) => clusterIds[items.findIndex((p) => p.key === `${report}#${no}`)];
}
