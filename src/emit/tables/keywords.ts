import type { Cell, Table } from '../table.js';
import type { Keyword } from '../../aggregate/keywords.js';
import { byCodeUnits } from '../../model/order.js';
import { fixed } from './format.js';

/** keywords.csv: report_id, rank, keyword, weight (6 decimals); reports in code-unit order, then rank. */
export function keywordsTable(
  keywords: readonly Keyword[],
  extra: ReadonlyMap<string, Record<string, string>> = new Map(),
  extraColumns: readonly string[] = [],
): Table {
  const rows: Cell[][] = [...keywords]
    .sort((a, b) => byCodeUnits(a.reportId, b.reportId) || a.rank - b.rank)
    .map((k) => [k.reportId, k.rank, k.keyword, fixed(k.weight, 6), ...extraColumns.map((c) => extra.get(k.reportId)?.[c] ?? '')]);
  return { file: 'keywords.csv', columns: ['report_id', 'rank', 'keyword', 'weight', ...extraColumns], rows };
}
