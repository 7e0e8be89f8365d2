import { location } from '../../model/location.js';
import { mapSpan } from '../../model/span.js';
import type { Doc } from '../../model/report.js';
import type { Table } from '../table.js';

/**
 * placeholders.csv: one row per unfilled figure, date or name, reports in the given order, placeholders in
 * reading order. `start`/`end` are offsets into the raw file text (half-open, UTF-16); `line`/`column` are
 * 1-based positions of `start` in it.
 */
export function placeholdersTable(docs: readonly Doc[]): Table {
  return {
    file: 'placeholders.csv',
    columns: ['report_id', 'paragraph_no', 'section', 'kind', 'token', 'context', 'start', 'end', 'line', 'column'],
    rows: docs.flatMap((doc) => {
      if (doc.placeholders.length === 0) return [];
      const sectionOf = new Map(doc.paragraphs.map((p) => [p.no, p.section]));
      const locate = location(doc.report.raw);
      return doc.placeholders.map((p) => {
        const raw = mapSpan(doc.toRaw, p);
        const { line, column } = locate(raw.start);
        return [doc.report.id, p.paragraphNo, sectionOf.get(p.paragraphNo) ?? '', p.kind, p.token, p.context, raw.start, raw.end, line, column];
      });
    }),
  };
}
