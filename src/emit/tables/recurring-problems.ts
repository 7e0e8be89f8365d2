import type { Table } from '../table.js';
import type { ProblemCluster } from '../../aggregate/recurring-problems.js';

/**
 * recurring_problems.csv: one row per problem cluster, most persistent first (the order `clusterProblems` gives).
 * `problems` and `reports` are counts; `townships` and `years` are lists (`、` and `,` separated);
 * `report_ids` lists the reports (`; ` separated) so a reader can go back to the texts.
 */
export function recurringProblemsTable(clusters: ProblemCluster[]): Table {
  return {
    file: 'recurring_problems.csv',
    columns: ['cluster_id', 'label', 'problems', 'reports', 'townships', 'years', 'first_year', 'last_year', 'recurs_in_township', 'report_ids'],
    rows: clusters.map((c) => [
      c.id,
      c.label,
      c.keys.length,
      c.reports.length,
      c.townships.join('、'),
      c.years.join(','),
      c.firstYear,
      c.lastYear,
      c.recursInTownship,
      c.reports.join('; '),
    ]),
  };
}
