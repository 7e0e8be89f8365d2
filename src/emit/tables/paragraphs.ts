import { mapSpan } from '../../model/span.js';
import type { Doc } from '../../model/report.js';
import type { Table } from '../table.js';

/** paragraphs.csv: one row per paragraph in reading order, with its offsets into the raw file text. */
export function paragraphsTable(docs: readonly Doc[]): Table {
  return {
    file: 'paragraphs.csv',
    columns: ['report_id', 'paragraph_no', 'section', 'is_heading', 'level', 'start', 'end', 'chars', 'text'],
    rows: docs.flatMap((doc) =>
      doc.paragraphs.map((p) => {
        const raw = mapSpan(doc.toRaw, p);
        return [doc.report.id, p.no, p.section, p.isHeading, p.level, raw.start, raw.end, p.end - p.start, doc.cleaned.slice(p.start, p.end)];
      }),
    ),
  };
}
