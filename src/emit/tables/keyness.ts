import { mapChunks, mappedChunks, tableOf, type Cell, type Table, type TableSource } from '../table.js';
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
  return {
    file: 'keyness.csv',
    columns: ['group', 'rank', 'term', 'target_count', 'reference_count', 'g2', 'chi2', 'p'],
    chunks: () => ('chunks' in rows ? mapChunks(rows.chunks(), toRow) : mappedChunks([...rows].sort((a, b) => byCodeUnits(a.group, b.group) || a.rank - b.rank), toRow)),
  };
}
