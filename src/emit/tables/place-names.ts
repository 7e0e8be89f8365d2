import type { PlaceFinding } from '../../aggregate/place-names.js';
import type { Cell, Table } from '../table.js';
import type { SpanMapper } from './reuse.js';

/**
 * place_names.csv: one row per name of another township's place found in a report, by report then offset.
 * `start`/`end` are half-open offsets as given by `mapSpan` (pass the cleaned→raw map to show raw offsets).
 */
export function placeNamesTable(findings: readonly PlaceFinding[], mapSpan: SpanMapper = (_id, span) => span): Table {
  return {
    file: 'place_names.csv',
    columns: ['report_id', 'place', 'owner', 'kind', 'start', 'end', 'context'],
    rows: findings.map((f): Cell[] => {
      const span = mapSpan(f.reportId, f);
      return [f.reportId, f.place, f.owner, f.kind, span.start, span.end, f.context];
    }),
  };
}
