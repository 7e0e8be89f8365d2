import { paragraphsTable } from '../src/emit/tables/paragraphs.js';
import type { Doc } from '../src/model/report.js';
import type { Table } from '../src/emit/table.js';

/** The per-report tables compared in the golden tests. */
export function goldenTables(docs: Doc[]): Table[] {
  return [paragraphsTable(docs)];
}
