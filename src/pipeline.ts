import { stages } from './stages/index.js';
import { readReport, type ReadOptions } from './io/ingest.js';
import { diagnosticInfo } from './model/kinds.js';
import type { Diagnostic, Doc, GivenMetadata, Report } from './model/report.js';
import type { Resources } from './data/resources.js';
import type { ReportRecord } from './model/record.js';
import { compactMap } from './model/span.js';
import type { ThemeMatcher } from './stages/themes.js';
import type { Cell } from './emit/table.js';
import { renderCsvRows } from './emit/csv.js';
import { paragraphRows } from './emit/tables/paragraphs.js';
import { placeholderRows } from './emit/tables/placeholders.js';
import { themeSummaryOf } from './emit/tables/theme-tables.js';

export { DEFAULT_MAX_BYTES, readReport, reportIdOf, type ReadOptions, type ReadOutcome } from './io/ingest.js';

/** A document with nothing analysed yet. */
export function emptyDoc(report: Report): Doc {
  return {
    report,
    status: 'ok',
    diagnostics: [],
    cleaned: '',
    toRaw: new Int32Array(1),
    text: '',
    script: 'simplified',
    paragraphs: [],
    tokens: { starts: new Int32Array(0), ends: new Int32Array(0), words: [], paragraphStarts: new Int32Array(1) },
    meta: { title: '', township: report.given.township ?? '', year: report.given.year ?? null, planYear: null, period: '' },
    placeholders: [],
    problems: [],
  };
}

/** A document for a file that could not be read or analysed. */
export function failedDoc(report: Report, diagnostic: Diagnostic): Doc {
  return { ...emptyDoc(report), status: diagnosticInfo[diagnostic.code].status, diagnostics: [diagnostic] };
}

/** Milliseconds spent in each stage, summed over reports (for the benchmark). */
export type StageTimings = Record<string, number>;

/**
 * Runs every stage over a report. Never throws: a failing stage turns the report into an `error` row.
 * When `timings` is given, each stage's wall time is added to it.
 */
export function analyzeReport(report: Report, resources: Resources, timings?: StageTimings): Doc {
  let doc = emptyDoc(report);
  try {
    for (const stage of stages) {
      const started = timings ? performance.now() : 0;
      doc = { ...doc, ...stage.run(doc, resources) };
      if (timings) timings[stage.name] = (timings[stage.name] ?? 0) + performance.now() - started;
    }
  } catch (error) {
    return failedDoc(report, { code: 'internal', message: `${(error as Error).message}` });
  }
  if (doc.paragraphs.every((p) => p.section === 'noise')) {
    return { ...failedDoc(report, { code: 'no-text', message: 'only web-page noise, no report text' }), cleaned: doc.cleaned, toRaw: doc.toRaw };
  }
  return doc;
}

/** Reads and analyses one file. */
export async function analyzeFile(
  absPath: string,
  relPath: string,
  resources: Resources,
  options: ReadOptions = {},
  timings?: StageTimings,
): Promise<Doc> {
  const started = timings ? performance.now() : 0;
  const outcome = await readReport(absPath, relPath, options);
  if (timings) timings.read = (timings.read ?? 0) + performance.now() - started;
  return outcome.ok ? analyzeReport(outcome.report, resources, timings) : failedDoc(outcome.report, outcome.diagnostic);
}

/** What a run needs, besides jieba, to reduce an analysed report to its record and rows. */
export interface ReportOutputOptions {
  /** the report's id in the tables (ids are made unique across the corpus before analysis) */
  reportId: string;
  /** the run's theme taxonomy, compiled */
  themes: ThemeMatcher;
  /** stop words for keywords and keyness */
  stopWords: ReadonlySet<string>;
  /** also return the paragraphs.csv rows unrendered (for --xlsx); default false */
  keepParagraphRows?: boolean;
}

/** One analysed report as a run uses it: the record it keeps and the per-report rows. */
export interface ReportOutput {
  record: ReportRecord;
  /** the report's paragraphs.csv records, rendered (no header, no BOM), written as reports arrive */
  paragraphsCsv: string;
  /** the report's paragraphs.csv rows, only with `keepParagraphRows` */
  paragraphRows?: Cell[][];
  /** the report's placeholders.csv rows (few; report.html reads them) */
  placeholderRows: Cell[][];
}

/**
 * Reduces an analysed Doc to what a run keeps (see ReportRecord) plus its per-report rows. Runs where the Doc
 * was made (the worker), so only the reduced form crosses threads: no raw text, no full offset map, no token
 * strings, and the analysis text only when it differs from the cleaned text.
 */
export function reportOutputOf(analysed: Doc, options: ReportOutputOptions): ReportOutput {
  const doc = analysed.report.id === options.reportId ? analysed : { ...analysed, report: { ...analysed.report, id: options.reportId } };
  const { raw: _raw, ...report } = doc.report;
  const record: ReportRecord = {
    report,
    status: doc.status,
    diagnostics: doc.diagnostics,
    script: doc.script,
    meta: doc.meta,
    cleaned: doc.cleaned,
    ...(doc.text !== doc.cleaned ? { text: doc.text } : {}),
    toRaw: compactMap(doc.toRaw),
    paragraphCount: doc.paragraphs.length,
    problemParagraphs: doc.paragraphs.filter((p) => p.section === 'problems').map(({ start, end }) => ({ start, end })),
    placeholderCount: doc.placeholders.length,
    problems: doc.problems,
    ...(doc.status === 'ok' ? themeSummaryOf(doc, options.themes, options.stopWords) : { themeCounts: [], analysedChars: 0, terms: { terms: [], counts: new Int32Array(0) } }),
  };
  const rows = paragraphRows(doc);
  return {
    record,
    paragraphsCsv: renderCsvRows(rows),
    ...(options.keepParagraphRows ? { paragraphRows: rows } : {}),
    placeholderRows: placeholderRows(doc),
  };
}
