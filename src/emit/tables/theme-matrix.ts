import type { Table } from '../table.js';
import type { ThemeMatrix } from '../../aggregate/theme-matrix.js';
import { fixed } from './format.js';

/**
 * theme_matrix.csv: `group`, then one column per theme (taxonomy order) with hits per 10,000 characters,
 * 3 decimals; then `reports` (how many) and `chars`. Rows in code-unit order of group.
 */
export function themeMatrixTable(matrix: ThemeMatrix): Table {
  return {
    file: 'theme_matrix.csv',
    columns: ['group', ...matrix.themes, 'reports', 'chars'],
    rows: matrix.rows.map((row) => [row.group, ...row.per10k.map((v) => fixed(v, 3)), row.reports.length, row.chars]),
  };
}
