import { mapChunkRecords, mapChunks, mappedChunks, recordChunks, tableOf, type Cell, type Table, type TableSource } from '../table.js';
import { csvFormattedNumber, csvText } from '../csv.js';
import type { Keyness, KeynessRow } from '../../aggregate/keyness.js';
import { byCodeUnits } from '../../model/order.js';
import { fixed, pValue } from './format.js';

/**
 * keyness.csv: group, rank, term, target_count, reference_count, g2, chi2 (3 decimals), p (`1.234e-7`);
 * groups in code-unit order, then rank.
 */
export function keynessTable(rows: readonly KeynessRow[] | Keyness): Table {
  return tableOf(keynessSource(rows));
}

/**
 * keyness.csv (see `keynessTable`) made a chunk of rows at a time; `Keyness` (made when read, already in the
 * table's order) is read a chunk at a time too.
 */
export function keynessSource(rows: readonly KeynessRow[] | Keyness): TableSource {
  const toRow = (r: KeynessRow): Cell[] => [r.group, r.rank, r.term, r.targetCount, r.referenceCount, fixed(r.g2, 3), fixed(r.chi2, 3), pValue(r.p)];
  // toRow's cells as csvField renders them (the formatted numbers are text: a '-' first would be neutralised).
  const toRecord = (r: KeynessRow): string =>
    `${csvText(r.group)},${r.rank},${csvText(r.term)},${r.targetCount},${r.referenceCount},${csvFormattedNumber(fixed(r.g2, 3))},${csvFormattedNumber(fixed(r.chi2, 3))},${csvFormattedNumber(pValue(r.p))}\r\n`;
  const sorted = (list: readonly KeynessRow[]) => [...list].sort((a, b) => byCodeUnits(a.group, b.group) || a.rank - b.rank);
  return {
    file: 'keyness.csv',
    columns: ['group', 'rank', 'term', 'target_count', 'reference_count', 'g2', 'chi2', 'p'],
    chunks: () => ('chunks' in rows ? mapChunks(rows.chunks(), toRow) : mappedChunks(sorted(rows), toRow)),
    records: () => ('chunks' in rows ? mapChunkRecords(rows.chunks(), toRecord) : recordChunks(sorted(rows), toRecord)),
  };
}
