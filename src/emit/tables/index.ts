import type { CorpusResult, LocalResult } from '../../aggregate/index.js';
import { sourceOf, tableOf, type Cell, type Table, type TableSource } from '../table.js';
import { keynessSource } from './keyness.js';
import { keywordsSource } from './keywords.js';
import { PARAGRAPH_COLUMNS, PARAGRAPHS_FILE } from './paragraphs.js';
import { placeNamesTable } from './place-names.js';
import { PLACEHOLDER_COLUMNS, PLACEHOLDERS_FILE, placeholdersTable } from './placeholders.js';
import { problemsSource } from './problems.js';
import { recurringProblemsTable } from './recurring-problems.js';
import { reportsTable } from './reports.js';
import { reusePairsTable } from './reuse-pairs.js';
import { reuseReportColumns, reuseSource, reuseTable } from './reuse.js';
import { themeMatrixTable } from './theme-matrix.js';
import { themesSource } from './themes.js';

/**
 * Every table of a run, in the order the summary lists them, formatted from the corpus steps' results.
 * paragraphs.csv is written while the reports are analysed; its rows are here only when given (--xlsx).
 */
export function corpusTables(result: CorpusResult, paragraphRows: Cell[][] = []): Table[] {
  return corpusTableSources(result, paragraphRows).map(tableOf);
}

/**
 * `corpusTables` as sources: each table's rows are made only when it is written, a chunk at a time, so a run
 * never holds every table's rows at once. A table written where it was made (paragraphs.csv; placeholders.csv
 * and reuse.csv when the run streamed them) is `written`, with no rows. Order: `TABLE_FILES`.
 */
export function corpusTableSources(result: CorpusResult, paragraphRows?: Cell[][]): TableSource[] {
  const sources = [...localTableSources(result, paragraphRows), ...reuseTableSources(result)];
  return TABLE_FILES.map((file) => sources.find((s) => s.file === file)!);
}

/** A table written where it was made. */
function writtenSource(file: string, columns: string[]): TableSource {
  return { file, columns, chunks: () => [], written: true };
}

/** The tables that read no finding of passage reuse (they can be written while it runs), in `TABLE_FILES` order. */
export function localTableSources(result: LocalResult, paragraphRows?: Cell[][]): TableSource[] {
  const { themes } = result;
  const extra = new Map(themes.reports.map((r) => [r.reportId, r.extra]));
  return [
    paragraphRows ? sourceOf({ file: PARAGRAPHS_FILE, columns: PARAGRAPH_COLUMNS, rows: paragraphRows }) : writtenSource(PARAGRAPHS_FILE, PARAGRAPH_COLUMNS),
    result.placeholders.lists ? sourceOf(placeholdersTable(result.placeholders.lists)) : writtenSource(PLACEHOLDERS_FILE, PLACEHOLDER_COLUMNS),
    problemsSource(result.problems.rows),
    sourceOf(recurringProblemsTable(result.problems.clusters)),
    themesSource(themes.reports, themes.extraColumns),
    sourceOf(themeMatrixTable(themes.matrix)),
    keywordsSource(themes.keywords, extra, themes.extraColumns),
    keynessSource(themes.keyness),
  ];
}

/** The tables that read passage reuse's findings (reports.csv has its columns), in `TABLE_FILES` order. */
export function reuseTableSources(result: Pick<CorpusResult, 'reports' | 'reuse'>): TableSource[] {
  return [sourceOf(reportsTable(result.reports, [reuseReportColumns(result.reuse.byReport)])), ...reuseFindingSources(result.reuse)];
}

/** `reuseTableSources` but reports.csv: the tables of passage reuse's findings alone. */
export function reuseFindingSources(reuse: CorpusResult['reuse']): TableSource[] {
  return [
    reuse.passages ? reuseSource(reuse.passages) : sourceOf({ ...reuseTable([]), written: true }),
    reuse.pairs ? sourceOf(reusePairsTable(reuse.pairs)) : sourceOf({ ...reusePairsTable([]), written: true }),
    sourceOf(placeNamesTable(reuse.places)),
  ];
}

/** File names of every table `corpusTables` returns, in its order. */
export const TABLE_FILES = [
  'reports.csv', PARAGRAPHS_FILE, 'placeholders.csv', 'problems.csv', 'recurring_problems.csv', 'themes.csv',
  'theme_matrix.csv', 'keywords.csv', 'keyness.csv', 'reuse.csv', 'reuse_pairs.csv', 'place_names.csv',
] as const;
