import type { CorpusResult } from '../../aggregate/index.js';
import type { Cell, Table } from '../table.js';
import { keynessTable } from './keyness.js';
import { keywordsTable } from './keywords.js';
import { PARAGRAPH_COLUMNS, PARAGRAPHS_FILE } from './paragraphs.js';
import { placeNamesTable } from './place-names.js';
import { placeholdersTable } from './placeholders.js';
import { problemsTable } from './problems.js';
import { recurringProblemsTable } from './recurring-problems.js';
import { reportsTable } from './reports.js';
import { reusePairsTable } from './reuse-pairs.js';
import { reuseReportColumns, reuseTable } from './reuse.js';
import { themeMatrixTable } from './theme-matrix.js';
import { themesTable } from './themes.js';

/**
 * Every table of a run, in the order the summary lists them, formatted from the corpus steps' results.
 * paragraphs.csv is written while the reports are analysed; its rows are here only when given (--xlsx).
 */
export function corpusTables(result: CorpusResult, paragraphRows: Cell[][] = []): Table[] {
  const { themes } = result;
  const extra = new Map(themes.reports.map((r) => [r.reportId, r.extra]));
  return [
    reportsTable(result.reports, [reuseReportColumns(result.reuse.byReport)]),
    { file: PARAGRAPHS_FILE, columns: PARAGRAPH_COLUMNS, rows: paragraphRows },
    placeholdersTable(result.placeholders),
    problemsTable(result.problems.rows),
    recurringProblemsTable(result.problems.clusters),
    themesTable(themes.reports, themes.extraColumns),
    themeMatrixTable(themes.matrix),
    keywordsTable(themes.keywords, extra, themes.extraColumns),
    keynessTable(themes.keyness),
    result.reuse.passages ? reuseTable(result.reuse.passages) : { ...reuseTable([]), written: true },
    reusePairsTable(result.reuse.pairs),
    placeNamesTable(result.reuse.places),
  ];
}

/** File names of every table `corpusTables` returns, in its order. */
export const TABLE_FILES = [
  'reports.csv', PARAGRAPHS_FILE, 'placeholders.csv', 'problems.csv', 'recurring_problems.csv', 'themes.csv',
  'theme_matrix.csv', 'keywords.csv', 'keyness.csv', 'reuse.csv', 'reuse_pairs.csv', 'place_names.csv',
] as const;
