import fs from 'node:fs';
import path from 'node:path';
import type { MessagePort } from 'node:worker_threads';
import pLimit from 'p-limit';
import { walkCorpusWithProblems, type CorpusFile, type CorpusWalk, type WalkProblem } from './io/walk.js';
import { stageOutputFolder, type StagedOutput } from './io/output-folder.js';
import { analyzeFileFingerprinted, DEFAULT_MAX_BYTES, failedDoc, reportIdOf, type ReadFingerprint, type StageTimings } from './pipeline.js';
import { reportOutputOf, type ReportOutput } from './report-output.js';
import { createProgress } from './progress.js';
import { analyzeInWorkers, defaultJobs } from './worker-pool.js';
import { loadResources } from './data/resources.js';
import { openCsvFile, writeCsvRecords, writeTable, writeTableSource, type CsvFile, type CsvOptions } from './emit/csv.js';
import { PLACEHOLDER_REPORTS_MAX, PLACEHOLDERS_PER_REPORT_MAX, writeHtmlReport, type HtmlReportInfo, type ReportTables } from './emit/html-report.js';
import { PARAGRAPH_COLUMNS, PARAGRAPHS_FILE } from './emit/tables/paragraphs.js';
import { localTableSources, reuseFindingSources, reuseTableSources, TABLE_FILES } from './emit/tables/index.js';
import { PLACEHOLDER_COLUMNS, PLACEHOLDERS_FILE, placeholdersTable } from './emit/tables/placeholders.js';
import { REUSE_FILE, reuseReportColumns } from './emit/tables/reuse.js';
import { REUSE_PAIRS_FILE } from './emit/tables/reuse-pairs.js';
import { problemsPageTable } from './emit/tables/problems.js';
import type { ProblemRow } from './aggregate/problem-clusters.js';
import { REPORTS_FILE, reportsInTwoSteps, reportsTable } from './emit/tables/reports.js';
import type { Doc, ReportMeta } from './model/report.js';
import { tableOf, type Cell, type Table, type TableSource } from './emit/table.js';
import type { OutputSetup } from './analyze-worker.js';
import { compileThemes, type ThemeTaxonomy } from './stages/themes.js';
import { preloadJieba } from './stages/segment.js';
import { prepareJiebaUserDict } from './data/user-dict.js';
import { givenMetadata, normaliseTownship, readManifest } from './io/manifest.js';
import { loadThemes } from './data/themes.js';
import { loadStopWords } from './data/stop-words.js';
import { corpusAggregate, type CorpusAggregate, type PlaceholderSummary } from './aggregate/index.js';
import type { ReportSummary } from './aggregate/report-rows.js';
import type { ReuseFindings, ReuseStepOptions } from './aggregate/reuse-findings.js';
import type { GroupBy } from './aggregate/group.js';
import { buildRunInfo, runInfoJson } from './emit/provenance.js';
import { loadGazetteer, loadReuseFormula } from './data/gazetteer.js';
import { writeAtomicSync, writeFileAtomicSync, type PendingSyncs } from './io/write-atomic.js';

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
  /** check every stage's declared contract and every document's invariants; a break is an error row; default false */
  debug?: boolean;
  /** when given, each stage's time (ms, summed over reports and threads) is added to it (for the benchmark) */
  timings?: StageTimings;
}

export const defaultRunOptions: Omit<RunOptions, 'corpus' | 'out'> = { bom: true, maxBytes: DEFAULT_MAX_BYTES, jobs: defaultJobs() };

/**
 * Worker threads are used only where each gets at least this many files. A worker thread costs about a second
 * of CPU before it pays off (its own data load, compiling the stages' code again in its own isolate, the reuse
 * thread beside it, every record copied between threads), and on 2 cores analysing in-process was faster up to
 * about 2,000 reports (`docs/bench.md`, thirteenth session: 200 reports 2.5 vs 3.4 s, 1,000 reports 4.0 vs 5.1 s,
 * 2,000 reports even, 5,000 reports 11.6 vs 10.9 s).
 */
const FILES_PER_WORKER = 1000;

/** The worker threads for `files` reports with `jobs` allowed; 0: analyse them in-process. */
export function workerThreadsFor(files: number, jobs: number): number {
  const threads = Math.min(jobs, Math.floor(files / FILES_PER_WORKER));
  return threads > 1 ? threads : 0;
}

/** What a run did, for the exit code and the summary line. */
export interface RunSummary {
  reports: number;
  ok: number;
  skipped: number;
  errors: number;
  tables: string[];
  /** files for people rather than scripts: report.html, and zongjie.xlsx with --xlsx */
  views: string[];
  /** what the run found of earlier interrupted runs into the same folder, for the user */
  notices: string[];
}

/** The page over the tables, written every run. */
export const REPORT_HTML = 'report.html';
/** The workbook of all tables, written with --xlsx. */
export const WORKBOOK = 'zongjie.xlsx';
/** The run's provenance. */
export const RUN_JSON = 'run.json';
/** Every file name a run may write into the output folder (any option): what a new run replaces. */
const OWNED_FILES: ReadonlySet<string> = new Set([...TABLE_FILES, REPORT_HTML, WORKBOOK, RUN_JSON]);

/** The reuse step's scratch file in the staging folder (a hidden temp name: never swapped in, deleted when read). */
const REUSE_SCRATCH = '.reuse-texts.tmp';

/** Files read at once: enough to keep the disk busy, few enough to bound memory. */
const READ_CONCURRENCY = 8;

/** What analysing a corpus needs (a subset of RunOptions; also used by `zongjie kwic`). */
export type AnalyzeOptions = Pick<RunOptions, 'corpus' | 'userDict' | 'maxBytes' | 'jobs' | 'timings' | 'debug'>;

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
  output?: { setup: OutputSetup; reportIds: readonly string[]; reusePort?: () => MessagePort; placeholderEntries?: () => boolean },
): Promise<void> {
  const resourceOptions = { userDict: options.userDict };
  // Metadata given outside the text: manifest.csv in the corpus folder, then the folder layout.
  const manifest = readManifest(corpus);
  // A run's reports are fingerprinted as they are read, for run.json (`ReportOutput.fingerprint`).
  const readOptionsOf = (file: CorpusFile) => ({ maxBytes: options.maxBytes, given: givenMetadata(file.relPath, manifest), ...(output ? { fingerprint: true } : {}) });
  const progress = createProgress(files.length);
  const done = (index: number, result: Doc | ReportOutput) => {
    onDone(index, result);
    progress.tick(('record' in result ? result.record : result).report.bytes);
  };
  try {
    const threads = workerThreadsFor(files.length, options.jobs);
    if (threads > 0) {
      // Each job is made as it is sent, not all before the threads start.
      const jobs = { length: files.length, at: (index: number) => ({ absPath: files[index].absPath, relPath: files[index].relPath, options: readOptionsOf(files[index]), reportId: output?.reportIds[index] }) };
      const setup = { ...resourceOptions, debug: options.debug, ...(output ? { output: output.setup } : {}) };
      await analyzeInWorkers(jobs, { threads, setup, timings: options.timings, reusePort: output?.reusePort, placeholderEntries: output?.placeholderEntries }, done);
      return;
    }
    const resources = loadResources(resourceOptions);
    const reduce = output && { themes: compileThemes(loadThemes(output.setup.themes)), stopWords: loadStopWords(), keepParagraphRows: output.setup.keepParagraphRows };
    const limit = pLimit(READ_CONCURRENCY);
    await Promise.all(
      files.map((file, index) =>
        limit(async () => {
          const { doc, fingerprint } = await analyzeFileFingerprinted(file.absPath, file.relPath, resources, readOptionsOf(file), { timings: options.timings, debug: options.debug });
          done(index, reduce ? { ...(fingerprint ? { fingerprint } : {}), ...reportOutputOf(doc, { reportId: output.reportIds[index], ...reduce }) } : doc);
        }),
      ),
    );
  } finally {
    progress.done();
  }
}

/**
 * The report id of each source, in order. Report ids are paths without extension; when two files differ only by
 * extension (a/报告.docx, a/报告.pdf) both keep their extension in the id so that every row stays attributable.
 * `sources` are corpus-relative paths.
 */
function uniqueReportIds(sources: readonly string[]): string[] {
  const ids = sources.map(reportIdOf);
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) repeated.add(id);
    else seen.add(id);
  }
  if (repeated.size === 0) return ids;
  return ids.map((id, i) => (repeated.has(id) ? sources[i] : id));
}

/** One spelling per township across the corpus (陵口 → 陵口镇 when the corpus also says 陵口镇), for `kwic`. */
function normaliseTownships<T extends { meta: ReportMeta }>(docs: T[]): T[] {
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
  const ids = uniqueReportIds(docs.map((d) => d.report.source));
  const withIds = docs.map((doc, i) => {
    const id = ids[i];
    return id === doc.report.id ? doc : { ...doc, report: { ...doc.report, id } };
  });
  return { docs: normaliseTownships(withIds), files };
}

/** Counts of a run by status. */
type StatusCounts = Pick<RunSummary, 'reports' | 'ok' | 'skipped' | 'errors'>;

/**
 * Reads a corpus folder, analyses every report, writes the tables, report.html and run.json. The tables are
 * written into a staging folder and swapped in together at the end (io/output-folder.ts), so an interrupted
 * run leaves the previous output whole.
 *
 * The data flow: files → per-report analysis (workers) → in output order, each report's paragraphs.csv
 * records are appended and its record is added to the corpus steps (aggregate/index.ts) → the steps' results
 * are formatted (emit/tables) and written, as much as can be while passage reuse finishes → swapped in.
 */
export async function run(options: RunOptions): Promise<RunSummary> {
  const out = path.resolve(options.out);
  const corpus = path.resolve(options.corpus);
  const data = loadRunData(options);
  const staged = stageRunOutput(out, corpus);
  // Each file written into the staging folder is flushed to disk on the thread pool while the run goes on; the
  // swap waits for them (`staged.commit`).
  const csvOptions: CsvOptions = { bom: options.bom, syncs: staged.syncs };
  const cleanups: (() => Promise<void>)[] = [];
  try {
    const walk = walkCorpusWithProblems(corpus, [out, staged.dir]);
    const aggregate = startCorpusSteps(options, data, staged.dir, walk);
    cleanups.push(() => aggregate.close());
    const analysed = await analyseWithStreamedTables(options, corpus, walk, aggregate, staged.dir, csvOptions);
    const tail = new RunTail(options, staged, csvOptions);
    const pending = tail.writeTablesBeforeReuse(aggregate, analysed, data.taxonomy.file);
    await tail.finishReuseTables(pending);
    await tail.commit(pending.written);
    return { ...analysed.counts, tables: [...TABLE_FILES], views: options.xlsx ? [REPORT_HTML, WORKBOOK] : [REPORT_HTML], notices: staged.notices };
  } catch (error) {
    staged.abort();
    throw error;
  } finally {
    for (const cleanup of cleanups) await cleanup();
  }
}

/** The data files a run reads besides the corpus: the theme taxonomy and passage reuse's lists. */
interface RunData {
  taxonomy: ThemeTaxonomy;
  /** the reuse step's options but its scratch file, which lives in the staging folder */
  reuse: Omit<ReuseStepOptions, 'scratch'>;
}

/** Starts building jieba's dictionary and loads the data files: first in a run, before anything waits on them. */
function loadRunData(options: RunOptions): RunData {
  // jieba's dictionary is built on a native thread of its own while this thread loads the data files, walks the
  // corpus and starts the analysis threads, which find it built (or wait for it) instead of building it.
  preloadJieba(prepareJiebaUserDict(options.userDict ?? 'user-dict.txt'));
  // Data files are loaded before the corpus so that a bad line fails fast.
  const taxonomy = loadThemes(options.themes ? path.resolve(options.themes) : undefined);
  loadStopWords();
  const reuse = {
    formulaShare: options.formulaShare,
    minChars: options.reuseMinChars,
    formulaPhrases: loadReuseFormula(),
    gazetteer: loadGazetteer(options.gazetteer ? path.resolve(options.gazetteer) : undefined),
  };
  return { taxonomy, reuse };
}

/** Opens the staging folder the run writes into; before the walk, which must skip it. */
function stageRunOutput(out: string, corpus: string): StagedOutput {
  // Note: a folder holding the working directory or the corpus, or a link to a folder, is not renamed away.
  const keepInPlace = contains(out, process.cwd()) || contains(out, corpus) || isSymbolicLink(out);
  return stageOutputFolder(out, { owned: OWNED_FILES, keepInPlace });
}

/**
 * Opens the corpus-level steps; before the analysis, since each report's record is added as it arrives and, with
 * worker threads, the analysis threads post their reports' texts straight to the reuse thread started here.
 */
function startCorpusSteps(options: RunOptions, data: RunData, dir: string, walk: CorpusWalk): CorpusAggregate {
  const usesWorkers = workerThreadsFor(walk.files.length, options.jobs) > 0;
  return corpusAggregate({
    themes: data.taxonomy.themes.map((t) => t.name),
    groupBy: options.groupBy,
    linkThreshold: options.linkThreshold,
    // The reuse step keeps the reports' texts in a scratch file of the staging folder, not in memory.
    reuse: { ...data.reuse, scratch: path.join(dir, REUSE_SCRATCH) },
    // reuse.csv and reuse_pairs.csv are written on the reuse thread (with --xlsx the workbook needs their rows here).
    reuseThread: usesWorkers ? (options.xlsx ? {} : {
      reuseCsv: { file: path.join(dir, REUSE_FILE), bom: options.bom },
      reusePairsCsv: { file: path.join(dir, REUSE_PAIRS_FILE), bom: options.bom },
    }) : undefined,
    // placeholders.csv is written as the reports arrive; the step keeps what report.html lists (every row with --xlsx).
    placeholders: { keepRows: options.xlsx ?? false, firstReports: PLACEHOLDER_REPORTS_MAX, perReport: PLACEHOLDERS_PER_REPORT_MAX },
    timings: options.timings,
  });
}

/** What the analysis leaves for the tail of a run. */
interface Analysed {
  /** the files read (the walk's files), for run.json */
  files: CorpusFile[];
  counts: StatusCounts;
  /** run.json's fingerprints of the inputs the analysis read whole, by corpus-relative path */
  fingerprints: Map<string, ReadFingerprint>;
  /** paragraphs.csv's rows, kept for the workbook (with --xlsx only) */
  paragraphRows: Cell[][] | undefined;
  /** paragraphs.csv and placeholders.csv, complete but not yet committed */
  paragraphs: CsvFile;
  placeholders: CsvFile;
}

/**
 * Analyses the corpus and takes each report in output order as it arrives: appends its paragraphs.csv and
 * placeholders.csv records and adds its record to the corpus steps. Those two tables, whose rows are per report,
 * are written while the reports are analysed (rendered in the workers), never held whole.
 */
async function analyseWithStreamedTables(
  options: RunOptions,
  corpus: string,
  walk: CorpusWalk,
  aggregate: CorpusAggregate,
  dir: string,
  csvOptions: CsvOptions,
): Promise<Analysed> {
  const paragraphs = openCsvFile(path.join(dir, PARAGRAPHS_FILE), PARAGRAPH_COLUMNS, csvOptions);
  const placeholders = openCsvFile(path.join(dir, PLACEHOLDERS_FILE), PLACEHOLDER_COLUMNS, csvOptions);
  const paragraphRows: Cell[][] | undefined = options.xlsx ? [] : undefined;
  const counts: StatusCounts = { reports: 0, ok: 0, skipped: 0, errors: 0 };
  const fingerprints = new Map<string, ReadFingerprint>();
  // A report's placeholder entries are sent only while the placeholders step needs them (report.html lists the first reports').
  const threads = { reusePort: aggregate.reusePort, placeholderEntries: () => aggregate.needsPlaceholderEntries() };
  const files = await analyzeInOrder(options, corpus, walk, threads, (output) => {
    paragraphs.write(output.paragraphsCsv);
    if (output.placeholdersCsv) placeholders.write(output.placeholdersCsv);
    if (output.fingerprint) fingerprints.set(output.record.report.source, output.fingerprint);
    if (paragraphRows && output.paragraphRows) for (const row of output.paragraphRows) paragraphRows.push(row);
    aggregate.add(output.record);
    counts.reports++;
    counts[output.record.status === 'ok' ? 'ok' : output.record.status === 'skipped' ? 'skipped' : 'errors']++;
  });
  return { files, counts, fingerprints, paragraphRows, paragraphs, placeholders };
}

/** What the tables written after passage reuse's findings need, and reuse's findings to come. */
interface ReuseToCome {
  /** the report summaries: reports.csv takes reuse's columns */
  reports: ReportSummary[];
  /** reports.csv's own and manifest cells, rendered; undefined with --xlsx (the workbook needs the table's rows) */
  reportsCsv: ReturnType<typeof reportsInTwoSteps> | undefined;
  /** waits for reuse's findings */
  reuse: () => Promise<ReuseFindings>;
  /** waits for the files the reuse thread writes itself (reuse.csv, reuse_pairs.csv) */
  written: () => Promise<void>;
}

/**
 * The tail of a run, after its last report: finishes the corpus steps and writes their tables into the staging
 * folder, then swaps it in. The order is tuned so that as much as possible is written while passage reuse's end
 * phase goes on (on its own thread for larger corpora). Keeps the tables report.html and the workbook read, and
 * the --timings laps.
 */
class RunTail {
  /** the tables report.html reads whole, kept as they are written (without --xlsx) */
  private readonly pageTables: Table[] = [];
  /** every table, kept for the workbook and its report.html (with --xlsx) */
  private readonly tables: Table[] = [];
  private readonly timer: TailTimer | undefined;

  constructor(
    private readonly options: RunOptions,
    private readonly staged: StagedOutput,
    private readonly csvOptions: CsvOptions,
  ) {
    this.timer = options.timings ? new TailTimer(options.timings) : undefined;
  }

  /**
   * Writes everything that does not wait for passage reuse, while its end phase goes on: commits paragraphs.csv
   * and placeholders.csv, finishes the other steps and writes their tables, run.json, report.html (without
   * --xlsx) and reports.csv's own cells. Returns what the tables after reuse need.
   */
  writeTablesBeforeReuse(aggregate: CorpusAggregate, analysed: Analysed, taxonomyFile: string): ReuseToCome {
    // The two largest files but reuse.csv (≈ 240 MB at 20,000 reports): their flush to disk starts on the thread
    // pool now and goes on while the corpus steps finish.
    analysed.paragraphs.commit();
    analysed.placeholders.commit();
    this.lap('write');
    const { reports, placeholderSummary, problemRows, reuse, written } = this.writeLocalTables(aggregate, analysed.paragraphRows);
    this.writeRunJson(analysed, taxonomyFile);
    this.lap('write');
    if (!this.options.xlsx) {
      this.writeReportPageBeforeReuse(reports, placeholderSummary, problemRows);
      this.lap('write');
    }
    // reports.csv's own cells are rendered while reuse's end phase goes on; reuse's columns, between them and the
    // manifest's, are filled in once it ends (with --xlsx the workbook needs the table's rows).
    const reportsCsv = this.options.xlsx ? undefined : reportsInTwoSteps(reports);
    this.lap('write');
    return { reports, reportsCsv, reuse, written };
  }

  /**
   * Finishes every corpus step but passage reuse and writes their tables while reuse (on its own thread for
   * larger corpora) goes on. Returns only what later tables read: the report summaries, the placeholder figures
   * and problem rows (report.html), and reuse's findings to come; the steps' other results are no longer
   * referenced once this returns.
   */
  private writeLocalTables(
    aggregate: CorpusAggregate,
    paragraphRows: Cell[][] | undefined,
  ): Omit<ReuseToCome, 'reportsCsv'> & { placeholderSummary: PlaceholderSummary; problemRows: ProblemRow[] } {
    const { local, reuse, written } = aggregate.finishSteps();
    this.lap('aggregate');
    this.write(localTableSources(local, paragraphRows));
    this.lap('write');
    return { reports: local.reports, placeholderSummary: local.placeholders.summary, problemRows: local.problems.rows, reuse, written };
  }

  /**
   * Writes run.json. The inputs the analysis read are fingerprinted already; the others (too large, unreadable,
   * of no known format) are read here, while reuse's end phase goes on, not after it.
   */
  private writeRunJson(analysed: Analysed, taxonomyFile: string): void {
    const { options } = this;
    const { jobs: _jobs, timings: _timings, debug: _debug, ...recorded } = options; // these do not change the output
    const runInfo = buildRunInfo({
      toolVersion: options.version ?? '',
      options: recorded,
      corpus: options.corpus,
      inputs: analysed.files.map((f) => f.relPath),
      fingerprinted: analysed.fingerprints,
      extraDataFiles: [taxonomyFile, ...(options.userDict ? [options.userDict] : [])],
    });
    writeFileAtomicSync(path.join(this.staged.dir, RUN_JSON), runInfoJson(runInfo), { syncs: this.staged.syncs });
  }

  /**
   * Writes report.html before reuse ends (without --xlsx). It reads none of reuse's columns of reports.csv
   * (test/emit/html-report.test.ts checks it); at 20,000 reports the page is ≈ 10 MB, and the time to render it
   * came after the tail's longest step.
   */
  private writeReportPageBeforeReuse(reports: ReportSummary[], placeholderSummary: PlaceholderSummary, problemRows: ProblemRow[]): void {
    // problems.csv was written a chunk at a time; the page gets only what it reads of it.
    const pageSources = [placeholderPageTable(placeholderSummary), reportsTable(reports), problemsPageTable(problemRows), ...this.pageTables];
    writeReportPage(path.join(this.staged.dir, REPORT_HTML), pageSources, { generatedFrom: this.options.corpus, placeholderCounts: placeholderSummary }, this.staged.syncs);
  }

  /**
   * Waits for passage reuse's findings, then writes what needs them: reports.csv with reuse's columns, reuse's
   * own tables, and with --xlsx report.html and the workbook, which need every table.
   */
  async finishReuseTables(pending: ReuseToCome): Promise<void> {
    const findings = await pending.reuse();
    this.lap('aggregate');
    if (pending.reportsCsv) {
      const { columns, records } = pending.reportsCsv.withExtra([reuseReportColumns(findings.byReport)]);
      writeCsvRecords(this.staged.dir, REPORTS_FILE, columns, records(), this.csvOptions);
      this.write(reuseFindingSources(findings));
    } else this.write(reuseTableSources({ reports: pending.reports, reuse: findings }));
    if (this.options.xlsx) {
      writeReportPage(path.join(this.staged.dir, REPORT_HTML), this.tables, { generatedFrom: this.options.corpus }, this.staged.syncs);
      // Loaded only for --xlsx: exceljs takes ≈ 0.8 s of CPU to load, on the main thread while the workers start.
      const { writeWorkbook } = await import('./emit/xlsx.js');
      await writeWorkbook(path.join(this.staged.dir, WORKBOOK), TABLE_FILES.map((file) => this.tables.find((t) => t.file === file)!));
    }
  }

  /** Swaps the staging folder in, last: once every file in it is complete and flushed. */
  async commit(reuseWritten: () => Promise<void>): Promise<void> {
    // reuse.csv, written on the reuse thread, is flushed to disk there while this thread wrote the tables above.
    await reuseWritten();
    await this.staged.commit(OWNED_FILES);
    this.lap('write');
    this.timer?.end();
  }

  /**
   * Writes tables into the staging folder as they are formatted. Without --xlsx only the tables report.html reads
   * are kept as rows; with --xlsx every table is kept, for the workbook.
   */
  private write(sources: readonly TableSource[]): void {
    for (const source of sources) {
      if (this.options.xlsx) {
        // The workbook needs every table at once.
        const table = tableOf(source);
        if (!table.written && table.file !== PARAGRAPHS_FILE && table.file !== PLACEHOLDERS_FILE) writeTable(this.staged.dir, table, this.csvOptions);
        this.tables.push(table);
      } else if (source.written) continue;
      else if (PAGE_TABLES.has(source.file)) {
        // Only the tables report.html reads are kept as rows, and of placeholders.csv only the rows it lists.
        const table = tableOf(source);
        writeTable(this.staged.dir, table, this.csvOptions);
        this.pageTables.push(table);
      } else writeTableSource(this.staged.dir, source, this.csvOptions);
    }
  }

  /** Adds the time since the last lap to `phase` (for --timings). */
  private lap(phase: 'aggregate' | 'write'): void {
    this.timer?.lap(phase);
  }
}

/** The --timings of a run's tail: time spent in the corpus steps and in writing after the analysis, and in all. */
class TailTimer {
  private aggregate = 0;
  private write = 0;
  private at = performance.now();
  private readonly lastReport = performance.now();

  constructor(private readonly timings: StageTimings) {}

  /** Adds the time since the last call to `aggregate` or `write`. */
  lap(phase: 'aggregate' | 'write'): void {
    const now = performance.now();
    this[phase] += now - this.at;
    this.at = now;
  }

  /** Adds the laps to the run's timings. */
  end(): void {
    const { timings } = this;
    timings.aggregate = (timings.aggregate ?? 0) + this.aggregate;
    timings.write = (timings.write ?? 0) + this.write;
    // The time from the last report's record to the end: what the corpus steps and writing add after the analysis.
    timings.tail = (timings.tail ?? 0) + performance.now() - this.lastReport;
  }
}

/** Writes report.html into `file` atomically, each piece as it is rendered (the page is never one string); its flush is left on `syncs`. */
function writeReportPage(file: string, tables: ReportTables, info: HtmlReportInfo, syncs: PendingSyncs): void {
  writeAtomicSync(file, (write) => writeHtmlReport(tables, info, write), { syncs });
}

/**
 * The tables report.html reads whole as they are written (placeholders.csv and problems.csv it reads in part,
 * see `placeholderPageTable` and `problemsPageTable`; reports.csv before reuse's columns are added, see `run`).
 */
const PAGE_TABLES: ReadonlySet<string> = new Set(['recurring_problems.csv', 'theme_matrix.csv']);

/** The placeholders.csv rows report.html lists: the first reports' first placeholders, as the summary kept them. */
function placeholderPageTable(summary: PlaceholderSummary): Table {
  return placeholdersTable(summary.first);
}

/** True when `file` is a symbolic link. */
function isSymbolicLink(file: string): boolean {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

/** True when `inner` is `outer` or lies inside it. */
function contains(outer: string, inner: string): boolean {
  const relative = path.relative(outer, path.resolve(inner));
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/**
 * Analyses a corpus for `run` and hands each report's output to `onReport` in output order (corpus-relative
 * path, code-unit order; the folders and links the walk skipped included), as soon as all before it are done:
 * results that arrive early wait. With `threads.reusePort` (a reuse thread's `connect`), each analysis thread posts
 * its reports' reuse sources to the reuse thread itself and their records arrive without texts; with
 * `threads.placeholderEntries`, the records of the files sent while it says false arrive without their
 * placeholder entries. Returns the files read.
 */
async function analyzeInOrder(
  options: RunOptions,
  corpus: string,
  walk: CorpusWalk,
  threads: { reusePort?: () => MessagePort; placeholderEntries?: () => boolean },
  onReport: (output: ReportOutput) => void,
): Promise<CorpusFile[]> {
  const { files, problems } = walk;
  // Ids of the files, then of the problems.
  const ids = uniqueReportIds([...files, ...problems].map((f) => f.relPath));
  const reduceEmpty = { themes: compileThemes({ file: '', themes: [] }), stopWords: new Set<string>() };
  // Output order: the files (sorted by the walk) merged with the walk's problems. A slot is a file index or
  // the ready output of a problem.
  const slots: (number | ReportOutput)[] = [];
  let p = 0;
  for (let f = 0; f <= files.length; f++) {
    while (p < problems.length && (f === files.length || problems[p].relPath < files[f].relPath)) {
      slots.push(reportOutputOf(walkProblemDoc(problems[p]), { reportId: ids[files.length + p], ...reduceEmpty }));
      p++;
    }
    if (f < files.length) slots.push(f);
  }
  const arrived: (ReportOutput | undefined)[] = new Array(files.length);
  let next = 0;
  const drain = () => {
    for (; next < slots.length; next++) {
      const slot = slots[next];
      if (typeof slot !== 'number') onReport(slot);
      else if (arrived[slot]) {
        onReport(arrived[slot]);
        arrived[slot] = undefined;
      } else return;
    }
  };
  const setup: OutputSetup = { themes: options.themes ? path.resolve(options.themes) : undefined, keepParagraphRows: options.xlsx ?? false };
  drain();
  await analyzeFiles(files, options, corpus, (index, result) => {
    arrived[index] = result as ReportOutput;
    drain();
  }, { setup, reportIds: ids, ...threads });
  drain();
  return files;
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
