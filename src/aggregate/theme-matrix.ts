import { type GroupBy, type GroupableReport, groupOf } from './group.js';
import { byCodeUnits } from './terms.js';

/** A report's theme counts with what grouping and rates need. */
export interface ThemedReport extends GroupableReport {
  /** characters the rate is taken over (reports.csv `chars`) */
  chars: number;
  /** taxonomy index of each theme with hits */
  themes: Uint16Array;
  /** hits of `themes[i]` */
  hits: Int32Array;
}

/** One row of the matrix. */
export interface ThemeMatrixRow {
  group: string;
  /** report ids in the group, code-unit order */
  reports: string[];
  chars: number;
  /** hits per theme, in `ThemeMatrix.themes` order */
  hits: number[];
  /** hits per 10,000 characters per theme, pooled over the group's reports */
  per10k: number[];
}

/** Group × theme rates. */
export interface ThemeMatrix {
  groupBy: GroupBy;
  themes: string[];
  /** rows in code-unit order of group */
  rows: ThemeMatrixRow[];
}

/**
 * Builds the group × theme matrix. A group's rate is pooled, `Σ hits / Σ chars × 10,000`, not a mean of the
 * reports' rates, so a short report does not weigh as much as a long one. `themes` is the taxonomy's theme
 * order (every report's `themes` index into it).
 */
export function buildThemeMatrix(reports: readonly ThemedReport[], themes: readonly string[], groupBy: GroupBy): ThemeMatrix {
  const groups = new Map<string, ThemeMatrixRow>();
  for (const report of reports) {
    const group = groupOf(report, groupBy);
    let row = groups.get(group);
    if (!row) groups.set(group, (row = { group, reports: [], chars: 0, hits: themes.map(() => 0), per10k: [] }));
    row.reports.push(report.reportId);
    row.chars += report.chars;
    for (let i = 0; i < report.themes.length; i++) row.hits[report.themes[i]] += report.hits[i];
  }
  const rows = [...groups.values()].sort((a, b) => byCodeUnits(a.group, b.group));
  for (const row of rows) {
    row.reports.sort(byCodeUnits);
    row.per10k = row.hits.map((h) => (row.chars > 0 ? (h / row.chars) * 10000 : 0));
  }
  return { groupBy, themes: [...themes], rows };
}
