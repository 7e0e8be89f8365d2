import { paragraphsTable } from '../src/emit/tables/paragraphs.js';
import { placeholdersTable } from '../src/emit/tables/placeholders.js';
import { problemsTable } from '../src/emit/tables/problems.js';
import { problemRowsOf } from '../src/aggregate/problem-clusters.js';
import { placeholderEntriesOf } from '../src/report-output.js';
import type { Doc } from '../src/model/report.js';
import type { Table } from '../src/emit/table.js';

/**
 * The per-report tables compared in the golden tests. Problems are shown without cross-report clustering
 * (cluster ids depend on the whole corpus); the multi-year fixture tests cover clustering.
 */
export function goldenTables(docs: Doc[]): Table[] {
  return [
    paragraphsTable(docs),
    placeholdersTable(docs.map((doc) => ({ reportId: doc.report.id, placeholders: placeholderEntriesOf(doc) }))),
    problemsTable(docs.flatMap((doc) => problemRowsOf(doc, () => ''))),
  ];
}
