import { mappedChunks, tableOf, type Cell, type Table, type TableSource } from '../table.js';
import type { Keyword } from '../../aggregate/keywords.js';
import { byCodeUnits } from '../../model/order.js';
import { fixed } from './format.js';

/** keywords.csv: report_id, rank, keyword, weight (6 decimals); reports in code-unit order, then rank. */
export function keywordsTable(
  keywords: readonly Keyword[],
  extra: ReadonlyMap<string, Record<string, string>> = new Map(),
  extraColumns: readonly string[] = [],
): Table {
  return tableOf(keywordsSource(keywords, extra, extraColumns));
}

/** keywords.csv (see `keywordsTable`) made a chunk of rows at a time. */
export function keywordsSource(
  keywords: readonly Keyword[],
  extra: ReadonlyMap<string, Record<string, string>> = new Map(),
  extraColumns: readonly string[] = [],
): TableSource {
  return {
    file: 'keywords.csv',
    columns: ['report_id', 'rank', 'keyword', 'weight', ...extraColumns],
    chunks: () =>
      mappedChunks(
        [...keywords].sort((a, b) => byCodeUnits(a.reportId, b.reportId) || a.rank - b.rank),
        (k): Cell[] => [k.reportId, k.rank, k.keyword, fixed(k.weight, 6), ...extraColumns.map((c) => extra.get(k.reportId)?.[c] ?? '')],
      ),
  };
}
