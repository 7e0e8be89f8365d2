import { mapSpan } from '../../model/span.js';
import type { Doc } from '../../model/report.js';
import type { Cell, Table } from '../table.js';

/** File name and columns of paragraphs.csv. */
export const PARAGRAPHS_FILE = 'paragraphs.csv';
export const PARAGRAPH_COLUMNS = ['report_id', 'paragraph_no', 'section', 'is_heading', 'level', 'start', 'end', 'chars', 'text'];

/** The paragraphs.csv rows of one report, in reading order, with offsets into the raw file text. */
export function paragraphRows(doc: Pick<Doc, 'report' | 'paragraphs' | 'toRaw' | 'cleaned'>): Cell[][] {
  return doc.paragraphs.map((p) => {
    const raw = mapSpan(doc.toRaw, p);
    return [doc.report.id, p.no, p.section, p.isHeading, p.level, raw.start, raw.end, p.end - p.start, doc.cleaned.slice(p.start, p.end)];
  });
}

/** paragraphs.csv: one row per paragraph in reading order, with its offsets into the raw file text. */
export function paragraphsTable(docs: readonly Doc[]): Table {
  return { file: PARAGRAPHS_FILE, columns: PARAGRAPH_COLUMNS, rows: docs.flatMap(paragraphRows) };
}
