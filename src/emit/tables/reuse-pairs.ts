import type { ReusePair } from '../../aggregate/reuse.js';
import type { Cell, Table } from '../table.js';
import { round3 } from './reuse.js';

/** File name of reuse_pairs.csv. */
export const REUSE_PAIRS_FILE = 'reuse_pairs.csv';

/** reuse_pairs.csv: one row per report pair sharing at least one passage, most shared characters first. */
export function reusePairsTable(pairs: readonly ReusePair[]): Table {
  return {
    file: REUSE_PAIRS_FILE,
    columns: ['report_a', 'report_b', 'shared_chars', 'share_a', 'share_b', 'passages', 'same_township', 'township_a', 'township_b', 'year_a', 'year_b'],
    rows: pairs.map((p): Cell[] => [
      p.reportA,
      p.reportB,
      p.sharedChars,
      round3(p.shareA),
      round3(p.shareB),
      p.passages,
      p.sameTownship,
      p.townshipA,
      p.townshipB,
      p.yearA,
      p.yearB,
    ]),
  };
}
