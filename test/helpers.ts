import { loadResources, type Resources } from '../src/data/resources.js';
import { analyzeReport } from '../src/pipeline.js';
import { reportOutputOf, reportRecordOf } from '../src/report-output.js';
import { corpusAggregate, type AggregateOptions } from '../src/aggregate/index.js';
import { themeSummary, type ThemeStepOptions } from '../src/aggregate/theme-summary.js';
import { townshipSpellings } from '../src/aggregate/townships.js';
import { corpusTables } from '../src/emit/tables/index.js';
import { themesTable } from '../src/emit/tables/themes.js';
import { themeMatrixTable } from '../src/emit/tables/theme-matrix.js';
import { keywordsTable } from '../src/emit/tables/keywords.js';
import { keynessTable } from '../src/emit/tables/keyness.js';
import type { Table } from '../src/emit/table.js';
import type { ThemeTaxonomy } from '../src/stages/themes.js';
import { loadThemes } from '../src/data/themes.js';
import { loadStopWords } from '../src/data/stop-words.js';
import { compileThemes, type ThemeMatcher } from '../src/stages/themes.js';
import type { ReportRecord } from '../src/model/record.js';
import type { Doc, Report } from '../src/model/report.js';

let cached: Resources | undefined;

/** The default data files, loaded once per test file. */
export function resources(): Resources {
  cached ??= loadResources();
  return cached;
}

/** A report built by hand from text. */
export function reportOf(raw: string, id = 'fixture', given: Report['given'] = {}): Report {
  return { id, source: `${id}.txt`, format: 'txt', encoding: 'utf-8', bytes: Buffer.byteLength(raw), raw, given };
}

/** Runs every stage over a text. */
export function analyze(raw: string, id = 'fixture'): Doc {
  return analyzeReport(reportOf(raw, id), resources(), { debug: true });
}

/** Paragraph texts with their sections, for compact assertions. */
export function sectionsOf(doc: Doc): [string, string][] {
  return doc.paragraphs.map((p) => [p.section, doc.cleaned.slice(p.start, p.end)]);
}

/** What a run keeps of an analysed Doc (the worker's reduction), with the default themes and stop words. */
export function recordOf(doc: Doc): ReportRecord {
  recordContext ??= { themes: compileThemes(loadThemes()), stopWords: loadStopWords() };
  return reportOutputOf(doc, { ...recordContext, reportId: doc.report.id }).record;
}
let recordContext: { themes: ThemeMatcher; stopWords: ReadonlySet<string> } | undefined;

/** Every table of a run over these records (added in the order given), as `run` formats them. */
export async function corpusTablesOf(records: readonly ReportRecord[], options: Partial<AggregateOptions> = {}): Promise<Table[]> {
  const aggregate = corpusAggregate({ themes: loadThemes().themes.map((t) => t.name), ...options });
  try {
    for (const record of records) aggregate.add(record);
    return corpusTables(await aggregate.finish());
  } finally {
    await aggregate.close();
  }
}

/** themes.csv, theme_matrix.csv, keywords.csv and keyness.csv of these Docs with this taxonomy and these stop words. */
export function themeTablesOf(docs: readonly Doc[], taxonomy: ThemeTaxonomy, stopWords: ReadonlySet<string>, options: Omit<ThemeStepOptions, 'themes'> = {}): Table[] {
  const matcher = compileThemes(taxonomy);
  const townships = townshipSpellings();
  const step = themeSummary({ themes: taxonomy.themes.map((t) => t.name), ...options });
  for (const doc of docs) {
    const record = reportRecordOf(doc, { reportId: doc.report.id, themes: matcher, stopWords });
    townships.add(record);
    step.add(record);
  }
  const result = step.finish(townships.finish({ township: (name) => name }));
  const extra = new Map(result.reports.map((r) => [r.reportId, r.extra]));
  return [themesTable(result.reports, result.extraColumns), themeMatrixTable(result.matrix), keywordsTable(result.keywords, extra, result.extraColumns), keynessTable(result.keyness)];
}
