import type { Cell, Table } from '../table.js';
import type { ReportThemes } from '../../aggregate/theme-summary.js';
import { byCodeUnits } from '../../model/order.js';
import { fixed } from './format.js';

/**
 * themes.csv: one row per report × theme with at least one hit; reports in code-unit order of id, themes in
 * taxonomy order. `per_10k_chars` has 3 decimals and is taken over `chars` (non-noise, non-whitespace
 * characters). `terms` lists `term:hits` pairs. Manifest extra columns follow the fixed ones.
 */
export function themesTable(reports: readonly ReportThemes[], extraColumns: readonly string[] = []): Table {
  const columns = [
    'report_id', 'township', 'year', 'theme', 'hits', 'per_10k_chars',
    'hits_work', 'hits_problems', 'hits_plans', 'hits_other', 'chars', 'terms', ...extraColumns,
  ];
  const rows: Cell[][] = [];
  for (const r of [...reports].sort((a, b) => byCodeUnits(a.reportId, b.reportId))) {
    for (const c of r.counts) {
      if (c.hits === 0) continue;
      rows.push([
        r.reportId, r.township, r.year, c.theme, c.hits, fixed(c.per10k, 3),
        c.bySection.work, c.bySection.problems, c.bySection.plans, c.bySection.other, r.chars,
        c.terms.map((t) => `${t.term}:${t.hits}`).join(' '),
        ...extraColumns.map((col) => r.extra[col] ?? ''),
      ]);
    }
  }
  return { file: 'themes.csv', columns, rows };
}
