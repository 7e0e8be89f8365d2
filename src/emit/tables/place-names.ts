import type { PlaceFinding } from '../../aggregate/place-names.js';
import type { Cell, Table } from '../table.js';

/**
 * place_names.csv: one row per name of another township's place found in a report, by report then offset.
 * `start`/`end` are as given (the run gives half-open offsets in the raw file text).
 */
export function placeNamesTable(findings: readonly PlaceFinding[]): Table {
  return {
    file: 'place_names.csv',
    columns: ['report_id', 'place', 'owner', 'kind', 'start', 'end', 'context'],
    rows: findings.map((f): Cell[] => [f.reportId, f.place, f.owner, f.kind, f.start, f.end, f.context]),
  };
}
