import { mapChunkRecords, mapChunks, mappedChunks, recordChunks, tableOf, type Cell, type Table, type TableSource } from '../table.js';
import { csvExtraFields, csvFormattedNumber, csvText } from '../csv.js';
import type { Keyword, Keywords } from '../../aggregate/keywords.js';
import { byCodeUnits } from '../../model/order.js';
import { fixed } from './format.js';

/** keywords.csv: report_id, rank, keyword, weight (6 decimals); reports in code-unit order, then rank. */
export function keywordsTable(
  keywords: readonly Keyword[] | Keywords,
  extra: ReadonlyMap<string, Record<string, string>> = new Map(),
  extraColumns: readonly string[] = [],
): Table {
  return tableOf(keywordsSource(keywords, extra, extraColumns));
}

/**
 * keywords.csv (see `keywordsTable`) made a chunk of rows at a time; `Keywords` (made when read, already in
 * the table's order) are read a chunk at a time too.
 */
export function keywordsSource(
  keywords: readonly Keyword[] | Keywords,
  extra: ReadonlyMap<string, Record<string, string>> = new Map(),
  extraColumns: readonly string[] = [],
): TableSource {
  const toRow = (k: Keyword): Cell[] => [k.reportId, k.rank, k.keyword, fixed(k.weight, 6), ...extraColumns.map((c) => extra.get(k.reportId)?.[c] ?? '')];
  // toRow's cells as csvField renders them.
  const toRecord = (k: Keyword): string =>
    `${csvText(k.reportId)},${k.rank},${csvText(k.keyword)},${csvFormattedNumber(fixed(k.weight, 6))}` +
    (extraColumns.length === 0 ? '\r\n' : `${csvExtraFields(extra.get(k.reportId), extraColumns)}\r\n`);
  const sorted = (list: readonly Keyword[]) => [...list].sort((a, b) => byCodeUnits(a.reportId, b.reportId) || a.rank - b.rank);
  return {
    file: 'keywords.csv',
    columns: ['report_id', 'rank', 'keyword', 'weight', ...extraColumns],
    chunks: () => ('chunks' in keywords ? mapChunks(keywords.chunks(), toRow) : mappedChunks(sorted(keywords), toRow)),
    records: () => ('chunks' in keywords ? mapChunkRecords(keywords.chunks(), toRecord) : recordChunks(sorted(keywords), toRecord)),
  };
}
