/** How reports are grouped for theme_matrix.csv and keyness.csv (`--group-by`). */
export type GroupBy = 'township' | 'year' | 'report';

export const groupByInfo: Record<GroupBy, { description: string }> = {
  township: { description: 'one group per township (default); a report with no known township is its own group' },
  year: { description: 'one group per year covered; a report with no known year is its own group' },
  report: { description: 'one group per report' },
};

export const GROUP_BY_VALUES = Object.keys(groupByInfo) as GroupBy[];

/** What grouping needs to know about a report. */
export interface GroupableReport {
  reportId: string;
  /** display form of the township (already normalised), '' when unknown */
  township: string;
  year: number | null;
}

/** The group a report falls in; the report id when the grouping field is unknown. */
export function groupOf(report: GroupableReport, groupBy: GroupBy): string {
  if (groupBy === 'township' && report.township) return report.township;
  if (groupBy === 'year' && report.year !== null) return String(report.year);
  return report.reportId;
}
