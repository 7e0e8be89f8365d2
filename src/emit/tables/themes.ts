import type { Cell, Table, TableSource } from '../table.js';
import type { ReportThemes } from '../../aggregate/theme-summary.js';
import { byCodeUnits } from '../../model/order.js';
import { fixed } from './format.js';
import { csvExtraFields, csvNumber, csvText } from '../csv.js';

/**
 * themes.csv: one row per report × theme with at least one hit; reports in code-unit order of id, themes in
 * taxonomy order. `per_10k_chars` has 3 decimals and is taken over `chars` (non-noise, non-whitespace
 * characters). `terms` lists `term:hits` pairs. Manifest extra columns follow the fixed ones.
 */
export function themesTable(reports: readonly ReportThemes[], extraColumns: readonly string[] = []): Table {
  const source = themesSource(reports, extraColumns);
  const rows: Cell[][] = [];
  for (const chunk of source.chunks()) for (const row of chunk) rows.push(row);
  return { file: source.file, columns: source.columns, rows };
}

/** Reports whose themes.csv rows are made at a time (about 20 rows each; see ROWS_PER_CHUNK). */
const REPORTS_PER_CHUNK = 25;

/** themes.csv (see `themesTable`) made a few hundred reports at a time. */
export function themesSource(reports: readonly ReportThemes[], extraColumns: readonly string[] = []): TableSource {
  const columns = [
    'report_id', 'township', 'year', 'theme', 'hits', 'per_10k_chars',
    'hits_work', 'hits_problems', 'hits_plans', 'hits_other', 'chars', 'terms', ...extraColumns,
  ];
  const rowsOf = (r: ReportThemes, rows: Cell[][]): void => {
    for (let i = 0; i < r.themes.length; i++) {
      const s = 4 * i;
      rows.push([
        r.reportId, r.township, r.year, r.themeNames[r.themes[i]], r.hits[i], fixed(r.per10k[i], 3),
        r.bySection[s], r.bySection[s + 1], r.bySection[s + 2], r.bySection[s + 3], r.chars,
        r.terms[i],
        ...extraColumns.map((col) => r.extra[col] ?? ''),
      ]);
    }
  };
  // rowsOf's rows as csvField renders them: the report's cells once, then a record per theme.
  const recordsOf = (r: ReportThemes): string => {
    const report = `${csvText(r.reportId)},${csvText(r.township)},${csvNumber(r.year)},`;
    const extra = extraColumns.length === 0 ? '' : csvExtraFields(r.extra, extraColumns);
    let out = '';
    for (let i = 0; i < r.themes.length; i++) {
      const s = 4 * i;
      out +=
        `${report}${csvText(r.themeNames[r.themes[i]])},${r.hits[i]},${csvText(fixed(r.per10k[i], 3))},` +
        `${r.bySection[s]},${r.bySection[s + 1]},${r.bySection[s + 2]},${r.bySection[s + 3]},${r.chars},${csvText(r.terms[i])}${extra}\r\n`;
    }
    return out;
  };
  const sortedReports = () => [...reports].sort((a, b) => byCodeUnits(a.reportId, b.reportId));
  return {
    file: 'themes.csv',
    columns,
    *chunks() {
      const sorted = sortedReports();
      for (let i = 0; i < sorted.length; i += REPORTS_PER_CHUNK) {
        const rows: Cell[][] = [];
        for (const r of sorted.slice(i, i + REPORTS_PER_CHUNK)) rowsOf(r, rows);
        yield rows;
      }
    },
    *records() {
      const sorted = sortedReports();
      for (let i = 0; i < sorted.length; i += REPORTS_PER_CHUNK) {
        const end = Math.min(sorted.length, i + REPORTS_PER_CHUNK);
        let text = '';
        for (let j = i; j < end; j++) text += recordsOf(sorted[j]);
        yield text;
      }
    },
  };
}
