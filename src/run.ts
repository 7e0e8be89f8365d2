import fs from 'node:fs';
import v8 from 'node:v8';
import vm from 'node:vm';
import path from 'node:path';
import pLimit from 'p-limit';
import { walkCorpusWithProblems, type CorpusFile, type WalkProblem } from './io/walk.js';
import { analyzeFile, DEFAULT_MAX_BYTES, failedDoc, reportIdOf, reportOutputOf, type ReportOutput, type StageTimings } from './pipeline.js';
import { createProgress } from './progress.js';
import { analyzeInWorkers, defaultJobs } from './worker-pool.js';
import { loadResources } from './data/resources.js';
import { openCsvFile, writeFileAtomic, writeTable, type CsvFile } from './emit/csv.js';
import { renderHtmlReport } from './emit/html-report.js';
import { writeWorkbook } from './emit/xlsx.js';
import { reportsTable } from './emit/tables/reports.js';
import { PARAGRAPH_COLUMNS, PARAGRAPHS_FILE } from './emit/tables/paragraphs.js';
import { placeholdersTableOf } from './emit/tables/placeholders.js';
import { problemTables } from './emit/tables/problems.js';
import type { Doc, ReportMeta } from './model/report.js';
import type { ReportRecord } from './model/record.js';
import type { Cell, Table } from './emit/table.js';
import type { OutputSetup } from './analyze-worker.js';
import { compileThemes, type ThemeTaxonomy } from './stages/themes.js';
import { givenMetadata, normaliseTownship, readManifest } from './io/manifest.js';
import { loadThemes } from './data/themes.js';
import { loadStopWords } from './data/stop-words.js';
import { themeTables } from './emit/tables/theme-tables.js';
import type { GroupBy } from './aggregate/group.js';
import { buildRunInfo, runInfoJson } from './emit/provenance.js';
import { reuseStep } from './reuse-step.js';
import { loadGazetteer, loadReuseFormula } from './data/gazetteer.js';

/** Options of an analyze run; the CLI fills them from its flags. */
export interface RunOptions {
  /** corpus folder */
  corpus: string;
  /** output folder, created when missing */
  out: string;
  /** write a UTF-8 BOM at the start of each table; default true */
  bom: boolean;
  /** files larger than this many bytes are skipped; default 64 MiB */
  maxBytes: number;
  /** jieba user dictionary; default data/user-dict.txt */
  userDict?: string;
  /** worker threads for per-report analysis; default: one per core */
  jobs: number;
  /** also write every table into one workbook, zongjie.xlsx; default false */
  xlsx?: boolean;
  /** theme taxonomy; default data/themes.tsv */
  themes?: string;
  /** grouping of theme_matrix.csv and keyness.csv; default township */
  groupBy?: GroupBy;
  /** tool version written to run.json */
  version?: string;
  /** reuse: a passage in more than this share of reports is formula, not copying; default 0.2 */
  formulaShare?: number;
  /** reuse: shortest shared passage reported, in characters without punctuation; default 30 */
  reuseMinChars?: number;
  /** gazetteer of the county's townships and villages; default data/gazetteer.tsv */
  gazetteer?: string;
  /** cosine at which two problems are the same recurring problem; default DEFAULT_LINK_THRESHOLD (0.25) */
  linkThreshold?: number;
  /** when given, each stage's time (ms, summed over reports and threads) is added to it (for the benchmark) */
  timings?: StageTimings;
}

export const defaultRunOptions: Omit<RunOptions, 'corpus' | 'out'> = { bom: true, maxBytes: DEFAULT_MAX_BYTES, jobs: defaultJobs() };

/**
 * Below this many files the reports are analysed in-process: each worker thread spends about 0.7–1 s loading
 * jieba's dictionary, more than a handful of reports take to analyse.
 */
const MIN_FILES_FOR_WORKERS = 40;

/** What a run did, for the exit code and the summary line. */
export interface RunSummary {
  reports: number;
  ok: number;
  skipped: number;
  errors: number;
  tables: string[];
  /** files for people rather than scripts: report.html, and zongjie.xlsx with --xlsx */
  views: string[];
}

/**
 * Analyses every file, in worker threads for larger corpora, and hands each result to `onDone` by file index.
 * With `output`, each Doc is reduced to a ReportOutput where it was made (`reportOutputOf`, ids from
 * `reportIds`); without it, `onDone` gets the Doc.
 */
async function analyzeFiles(
  files: readonly CorpusFile[],
  options: AnalyzeOptions,
  corpus: string,
  onDone: (index: number, result: Doc | ReportOutput) => void,
  output?: { setup: OutputSetup; reportIds: readonly string[] },
): Promise<void> {
  const resourceOptions = { userDict: options.userDict };
  // Metadata given outside the text: manifest.csv in the corpus folder, then the folder layout.
  const manifest = readManifest(corpus);
  const readOptionsOf = (file: CorpusFile) => ({ maxBytes: options.maxBytes, given: givenMetadata(file.relPath, manifest) });
  const progress = createProgress(files.length);
  const done = (index: number, result: Doc | ReportOutput) => {
    onDone(index, result);
    progress.tick(('record' in result ? result.record : result).report.bytes);
  };
  try {
    if (options.jobs > 1 && files.length >= MIN_FILES_FOR_WORKERS) {
      const jobs = files.map((file, index) => ({ absPath: file.absPath, relPath: file.relPath, options: readOptionsOf(file), reportId: output?.reportIds[index] }));
      await analyzeInWorkers(jobs, options.jobs, resourceOptions, done, options.timings, output?.setup);
      return;
    }
    const resources = loadResources(resourceOptions);
    const reduce = output && { themes: compileThemes(loadThemes(output.setup.themes)), stopWords: loadStopWords(), keepParagraphRows: output.setup.keepParagraphRows };
    const limit = pLimit(READ_CONCURRENCY);
    await Promise.all(
      files.map((file, index) =>
        limit(async () => {
          const doc = await analyzeFile(file.absPath, file.relPath, resources, readOptionsOf(file), options.timings);
          done(index, reduce ? reportOutputOf(doc, { ...reduce, reportId: output.reportIds[index] }) : doc);
        }),
      ),
    );
  } finally {
    progress.done();
  }
}

/** The page over the tables, written every run. */
export const REPORT_HTML = 'report.html';
/** The workbook of all tables, written with --xlsx. */
export const WORKBOOK = 'zongjie.xlsx';

/** Files read at once: enough to keep the disk busy, few enough to bound memory. */
const READ_CONCURRENCY = 8;

/** What analysing a corpus needs (a subset of RunOptions; also used by `zongjie kwic`). */
export type AnalyzeOptions = Pick<RunOptions, 'corpus' | 'userDict' | 'maxBytes' | 'jobs' | 'timings'>;

/**
 * Report ids are paths without extension; when two files differ only by extension (a/报告.docx, a/报告.pdf)
 * both keep their extension in the id so that every row stays attributable. `sources` are corpus-relative paths.
 */
function uniqueReportIds(sources: readonly string[]): Map<string, string> {
  const count = new Map<string, number>();
  for (const source of sources) count.set(reportIdOf(source), (count.get(reportIdOf(source)) ?? 0) + 1);
  return new Map(sources.map((source) => [source, (count.get(reportIdOf(source)) ?? 0) > 1 ? source : reportIdOf(source)]));
}

/** What township normalisation reads and rewrites of a Doc or a ReportRecord. */
type WithTownship = { meta: ReportMeta };

/** One spelling per township across the corpus (陵口 → 陵口镇 when the corpus also says 陵口镇), for every table. */
function normaliseTownships<T extends WithTownship>(docs: T[]): T[] {
  const known = [...new Set(docs.map((d) => d.meta.township).filter(Boolean))];
  return docs.map((doc) => {
    const township = doc.meta.township ? normaliseTownship(doc.meta.township, known) : '';
    return township === doc.meta.township ? doc : { ...doc, meta: { ...doc.meta, township } };
  });
}

/** Reads and analyses every report of a corpus folder into whole Docs (`zongjie kwic`); `exclude` holds folders not entered. */
export async function analyzeCorpus(options: AnalyzeOptions, exclude: string[] = []): Promise<{ docs: Doc[]; files: CorpusFile[] }> {
  const corpus = path.resolve(options.corpus);
  const { files, problems } = walkCorpusWithProblems(corpus, exclude);
  const analysed: Doc[] = new Array(files.length);
  await analyzeFiles(files, options, corpus, (index, result) => (analysed[index] = result as Doc));
  // Folders and links the walk skipped get rows too, merged in path order.
  const docs = [...analysed, ...problems.map(walkProblemDoc)].sort(bySource);
  const idOf = uniqueReportIds(docs.map((d) => d.report.source));
  const withIds = docs.map((doc) => {
    const id = idOf.get(doc.report.source)!;
    return id === doc.report.id ? doc : { ...doc, report: { ...doc.report, id } };
  });
  return { docs: normaliseTownships(withIds), files };
}

/**
 * Analyses a corpus for `run`: each report is reduced to its record in the worker, its paragraphs.csv rows are
 * written to `paragraphs` in file order as results arrive, and only records and placeholder rows are kept.
 */
async function analyzeForRun(
  options: RunOptions,
  exclude: string[],
  paragraphs: CsvFile,
): Promise<{ records: ReportRecord[]; files: CorpusFile[]; placeholderRows: Cell[][]; paragraphRows?: Cell[][] }> {
  const corpus = path.resolve(options.corpus);
  const { files, problems } = walkCorpusWithProblems(corpus, exclude);
  const idOf = uniqueReportIds([...files, ...problems].map((f) => f.relPath));
  const outputs: ReportOutput[] = new Array(files.length);
  const records: ReportRecord[] = new Array(files.length);
  const intern = stringInterner();
  // Note: files come sorted by path, so file order is the paragraphs.csv order; results that arrive early wait.
  let nextToWrite = 0;
  const onDone = (index: number, result: Doc | ReportOutput) => {
    const output = result as ReportOutput;
    internOutput(output, intern);
    records[index] = output.record;
    outputs[index] = output;
    for (; nextToWrite < files.length && outputs[nextToWrite]; nextToWrite++) {
      paragraphs.write(outputs[nextToWrite].paragraphsCsv);
      outputs[nextToWrite].paragraphsCsv = '';
    }
  };
  const setup: OutputSetup = { themes: options.themes ? path.resolve(options.themes) : undefined, keepParagraphRows: options.xlsx ?? false };
  await analyzeFiles(files, options, corpus, onDone, { setup, reportIds: files.map((f) => idOf.get(f.relPath)!) });
  const problemRecords = problems.map((p) => reportOutputOf(walkProblemDoc(p), { reportId: idOf.get(p.relPath)!, themes: compileThemes({ file: '', themes: [] }), stopWords: new Set() }).record);
  return {
    records: normaliseTownships([...records, ...problemRecords].sort(bySource)),
    files,
    placeholderRows: outputs.flatMap((o) => o.placeholderRows),
    ...(options.xlsx ? { paragraphRows: outputs.flatMap((o) => o.paragraphRows ?? []) } : {}),
  };
}

/** A function that returns one shared instance per distinct string, so repeated words cost one pointer each. */
function stringInterner(): (s: string) => string {
  const seen = new Map<string, string>();
  return (s) => {
    const known = seen.get(s);
    if (known !== undefined) return known;
    seen.set(s, s);
    return s;
  };
}

/**
 * Interns the strings of a worker's result that repeat across reports (problem words, terms, theme names,
 * placeholder ids and kinds): each arrives as a fresh copy, and at 20,000 reports the copies cost hundreds of MB.
 */
function internOutput(output: ReportOutput, intern: (s: string) => string): void {
  const { record } = output;
  for (const problem of record.problems) problem.words = problem.words.map(intern);
  record.terms.terms = record.terms.terms.map(intern);
  for (const count of record.themeCounts) {
    count.theme = intern(count.theme);
    for (const term of count.terms) term.term = intern(term.term);
  }
  const id = intern(record.report.id);
  // Columns of placeholders.csv that repeat: report_id, section, kind.
  for (const row of output.placeholderRows) {
    row[0] = id;
    row[2] = intern(String(row[2]));
    row[3] = intern(String(row[3]));
  }
}

/** Reads a corpus folder, analyses every report, writes the tables and run.json. */
export async function run(options: RunOptions): Promise<RunSummary> {
  const out = path.resolve(options.out);
  // Data files are loaded before the corpus so that a bad line fails fast.
  const taxonomy = loadThemes(options.themes ? path.resolve(options.themes) : undefined);
  loadStopWords();
  fs.mkdirSync(out, { recursive: true });
  // Note: the per-report records go out of scope when this returns, before report.html is rendered.
  const { tables, written, files, counts } = await analyzeAndAggregate(options, out, taxonomy);
  const started = options.timings ? performance.now() : 0;
  collectGarbage();
  for (const table of tables) {
    if (table.file === PARAGRAPHS_FILE || written.has(table.file)) continue;
    writeTable(out, table, { bom: options.bom });
    collectGarbage();
  }
  writeFileAtomic(path.join(out, REPORT_HTML), renderHtmlReport(tables, { generatedFrom: options.corpus }));
  if (options.xlsx) await writeWorkbook(path.join(out, WORKBOOK), tables);
  const { jobs: _jobs, timings: _timings, ...recorded } = options; // worker count and timings do not change the output
  const runInfo = buildRunInfo({
    toolVersion: options.version ?? '',
    options: recorded,
    corpus: options.corpus,
    inputs: files.map((f) => f.relPath),
    extraDataFiles: [taxonomy.file, ...(options.userDict ? [options.userDict] : [])],
  });
  writeFileAtomic(path.join(out, 'run.json'), runInfoJson(runInfo));
  if (options.timings) options.timings.write = (options.timings.write ?? 0) + performance.now() - started;
  return { ...counts, tables: tables.map((t) => t.file), views: options.xlsx ? [REPORT_HTML, WORKBOOK] : [REPORT_HTML] };
}

/**
 * Analyses the corpus, writing paragraphs.csv on the way, then runs the corpus-level steps and builds every
 * other table. paragraphs.csv is among the tables with rows only under --xlsx (the workbook needs them).
 */
async function analyzeAndAggregate(
  options: RunOptions,
  out: string,
  taxonomy: ThemeTaxonomy,
): Promise<{ tables: Table[]; written: Set<string>; files: CorpusFile[]; counts: Pick<RunSummary, 'reports' | 'ok' | 'skipped' | 'errors'> }> {
  // paragraphs.csv, the biggest table, is written while the reports are analysed, never held whole.
  const paragraphsFile = openCsvFile(path.join(out, PARAGRAPHS_FILE), PARAGRAPH_COLUMNS, { bom: options.bom });
  let analysed: Awaited<ReturnType<typeof analyzeForRun>>;
  try {
    analysed = await analyzeForRun(options, [out], paragraphsFile);
    paragraphsFile.commit();
  } catch (error) {
    paragraphsFile.abort();
    throw error;
  }
  const { records, files } = analysed;
  collectGarbage();
  const started = options.timings ? performance.now() : 0;
  // Tables report.html does not read are written as soon as they are built and their rows dropped (unless the
  // workbook needs them), so that the live heap, and with it the GC's headroom, stays small for the later steps.
  const written = new Set<string>();
  let writeMs = 0;
  const early = (built: Table[]): Table[] =>
    built.map((table) => {
      if (options.xlsx || !WRITTEN_EARLY.has(table.file)) return table;
      const writeStarted = performance.now();
      writeTable(out, table, { bom: options.bom });
      writeMs += performance.now() - writeStarted;
      written.add(table.file);
      collectGarbage();
      return { ...table, rows: [] };
    });
  // Problems and themes come first: their per-report inputs (problem words, term and theme counts) are then
  // dropped before passage reuse, the step with the largest working memory.
  const problemTablesBuilt = afterwards(problemTables(records, { threshold: options.linkThreshold }), collectGarbage);
  const themeTablesBuilt = early(themeTables(records, { taxonomy }, { groupBy: options.groupBy }));
  for (const record of records) {
    record.themeCounts = [];
    record.terms = { terms: [], counts: new Int32Array(0) };
    for (const problem of record.problems) problem.words = [];
  }
  collectGarbage();
  // Note: ZONGJIE_SKIP_REUSE=1 (undocumented, for the benchmark) leaves the reuse tables empty to measure the rest.
  const reuse = reuseStep(process.env.ZONGJIE_SKIP_REUSE === '1' ? [] : records, {
    formulaShare: options.formulaShare,
    minChars: options.reuseMinChars,
    formulaPhrases: loadReuseFormula(),
    gazetteer: loadGazetteer(options.gazetteer ? path.resolve(options.gazetteer) : undefined),
  });
  collectGarbage();
  const reuseTables = early(reuse.tables);
  const reports = reportsTable(records, [reuse.reportColumns]);
  // Nothing after reports.csv reads the texts; dropping them here frees about 115 MB at 20,000 reports.
  for (const record of records) {
    record.cleaned = '';
    delete record.text;
  }
  const tables: Table[] = [
    reports,
    { file: PARAGRAPHS_FILE, columns: PARAGRAPH_COLUMNS, rows: analysed.paragraphRows ?? [] },
    placeholdersTableOf(analysed.placeholderRows),
    ...problemTablesBuilt,
    ...themeTablesBuilt,
    ...reuseTables,
  ];
  if (options.timings) {
    options.timings.aggregate = (options.timings.aggregate ?? 0) + performance.now() - started - writeMs;
    options.timings.write = (options.timings.write ?? 0) + writeMs;
  }
  const counts = {
    reports: records.length,
    ok: records.filter((d) => d.status === 'ok').length,
    skipped: records.filter((d) => d.status === 'skipped').length,
    errors: records.filter((d) => d.status === 'error').length,
  };
  return { tables, written, files, counts };
}

/**
 * A full garbage collection, called between the corpus-level steps. Each step leaves hundreds of MB of
 * short-lived objects that V8, far from its heap limit, would rather keep than collect: at 20,000 reports the
 * live heap stays near 0.5 GB while the RSS, without these calls, climbs to 2.8 GB. A no-op where V8 will not
 * expose `gc`.
 */
function collectGarbage(): void {
  fullGc ??= exposedGc();
  fullGc();
}

let fullGc: (() => void) | undefined;

/** V8's `gc`, exposed on demand (set once, on the first call of collectGarbage, not at import). */
function exposedGc(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc: unknown = vm.runInNewContext('gc');
    if (typeof gc === 'function') return gc as () => void;
  } catch {
    // Note: without gc the run is the same, only with a higher peak RSS.
  }
  return () => {};
}

/** Tables report.html does not read: written while the others are still being built (see analyzeAndAggregate). */
const WRITTEN_EARLY = new Set(['reuse.csv', 'reuse_pairs.csv', 'place_names.csv', 'keywords.csv', 'keyness.csv']);

/** `value`, once `then` has run (for a step inside an expression). */
function afterwards<T>(value: T, then: () => void): T {
  then();
  return value;
}

/** A reports.csv row for a folder or link the walk skipped (unlistable folder, link loop, broken link). */
function walkProblemDoc(problem: WalkProblem): Doc {
  const report = { id: reportIdOf(problem.relPath), source: problem.relPath, format: '', encoding: '', bytes: 0, raw: '', given: {} };
  return failedDoc(report, { code: problem.code, message: problem.message });
}

/** Rows in file order (code-unit order of the relative path), so runs are byte-identical. */
function bySource(a: { report: { source: string } }, b: { report: { source: string } }): number {
  return a.report.source < b.report.source ? -1 : a.report.source > b.report.source ? 1 : 0;
}
