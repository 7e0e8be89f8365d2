import fs from 'node:fs';
import path from 'node:path';
import pLimit from 'p-limit';
import { walkCorpusWithProblems, type CorpusFile, type WalkProblem } from './io/walk.js';
import { analyzeFile, DEFAULT_MAX_BYTES, failedDoc, reportIdOf, type StageTimings } from './pipeline.js';
import { createProgress } from './progress.js';
import { analyzeInWorkers, defaultJobs } from './worker-pool.js';
import { loadResources } from './data/resources.js';
import { writeFileAtomic, writeTable } from './emit/csv.js';
import { renderHtmlReport } from './emit/html-report.js';
import { writeWorkbook } from './emit/xlsx.js';
import { reportsTable } from './emit/tables/reports.js';
import { paragraphsTable } from './emit/tables/paragraphs.js';
import { placeholdersTable } from './emit/tables/placeholders.js';
import { problemTables } from './emit/tables/problems.js';
import type { Doc } from './model/report.js';
import type { Table } from './emit/table.js';
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
 * Below this many files the reports are analysed in-process: each worker thread spends about 2.5 s loading
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

/** Analyses every file, in worker threads for larger corpora; the result is in file order. */
async function analyzeAll(files: readonly CorpusFile[], options: AnalyzeOptions, corpus: string): Promise<Doc[]> {
  const resourceOptions = { userDict: options.userDict };
  // Metadata given outside the text: manifest.csv in the corpus folder, then the folder layout.
  const manifest = readManifest(corpus);
  const readOptionsOf = (file: CorpusFile) => ({ maxBytes: options.maxBytes, given: givenMetadata(file.relPath, manifest) });
  const docs: Doc[] = new Array(files.length);
  const progress = createProgress(files.length);
  const done = (index: number, doc: Doc) => {
    docs[index] = doc;
    progress.tick(doc.report.bytes);
  };
  try {
    if (options.jobs > 1 && files.length >= MIN_FILES_FOR_WORKERS) {
      const jobs = files.map((file) => ({ absPath: file.absPath, relPath: file.relPath, options: readOptionsOf(file) }));
      await analyzeInWorkers(jobs, options.jobs, resourceOptions, done, options.timings);
      return docs;
    }
    const resources = loadResources(resourceOptions);
    const limit = pLimit(READ_CONCURRENCY);
    await Promise.all(
      files.map((file, index) => limit(async () => done(index, await analyzeFile(file.absPath, file.relPath, resources, readOptionsOf(file), options.timings)))),
    );
    return docs;
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
 * both keep their extension in the id so that every row stays attributable.
 */
function disambiguateIds(docs: Doc[]): Doc[] {
  const count = new Map<string, number>();
  for (const doc of docs) count.set(doc.report.id, (count.get(doc.report.id) ?? 0) + 1);
  return docs.map((doc) => ((count.get(doc.report.id) ?? 0) > 1 ? { ...doc, report: { ...doc.report, id: doc.report.source } } : doc));
}

/** One spelling per township across the corpus (陵口 → 陵口镇 when the corpus also says 陵口镇), for every table. */
function normaliseTownships(docs: Doc[]): Doc[] {
  const known = [...new Set(docs.map((d) => d.meta.township).filter(Boolean))];
  return docs.map((doc) => {
    const township = doc.meta.township ? normaliseTownship(doc.meta.township, known) : '';
    return township === doc.meta.township ? doc : { ...doc, meta: { ...doc.meta, township } };
  });
}

/** Reads and analyses every report of a corpus folder; `exclude` holds folders not entered (the output). */
export async function analyzeCorpus(options: AnalyzeOptions, exclude: string[] = []): Promise<{ docs: Doc[]; files: CorpusFile[] }> {
  const corpus = path.resolve(options.corpus);
  const { files, problems } = walkCorpusWithProblems(corpus, exclude);
  // Folders and links the walk skipped get rows too, merged in path order.
  const docs = [...(await analyzeAll(files, options, corpus)), ...problems.map(walkProblemDoc)].sort(bySource);
  return { docs: normaliseTownships(disambiguateIds(docs)), files };
}

/** Reads a corpus folder, analyses every report, writes the tables and run.json. */
export async function run(options: RunOptions): Promise<RunSummary> {
  const out = path.resolve(options.out);
  // Data files are loaded before the corpus so that a bad line fails fast.
  const taxonomy = loadThemes(options.themes ? path.resolve(options.themes) : undefined);
  const stopWords = loadStopWords();
  const { docs, files } = await analyzeCorpus(options, [out]);
  const aggregateStarted = options.timings ? performance.now() : 0;
  const reuse = reuseStep(docs, {
    formulaShare: options.formulaShare,
    minChars: options.reuseMinChars,
    formulaPhrases: loadReuseFormula(),
    gazetteer: loadGazetteer(options.gazetteer ? path.resolve(options.gazetteer) : undefined),
  });
  const tables: Table[] = [
    reportsTable(docs, [reuse.reportColumns]),
    paragraphsTable(docs),
    placeholdersTable(docs),
    ...problemTables(docs, { threshold: options.linkThreshold }),
    ...themeTables(docs, { taxonomy, stopWords }, { groupBy: options.groupBy }),
    ...reuse.tables,
  ];
  const started = options.timings ? performance.now() : 0;
  if (options.timings) options.timings.aggregate = (options.timings.aggregate ?? 0) + started - aggregateStarted;
  fs.mkdirSync(out, { recursive: true });
  for (const table of tables) writeTable(out, table, { bom: options.bom });
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
  return {
    reports: docs.length,
    ok: docs.filter((d) => d.status === 'ok').length,
    skipped: docs.filter((d) => d.status === 'skipped').length,
    errors: docs.filter((d) => d.status === 'error').length,
    tables: tables.map((t) => t.file),
    views: options.xlsx ? [REPORT_HTML, WORKBOOK] : [REPORT_HTML],
  };
}

/** A reports.csv row for a folder or link the walk skipped (unlistable folder, link loop, broken link). */
function walkProblemDoc(problem: WalkProblem): Doc {
  const report = { id: reportIdOf(problem.relPath), source: problem.relPath, format: '', encoding: '', bytes: 0, raw: '', given: {} };
  return failedDoc(report, { code: problem.code, message: problem.message });
}

/** Rows in file order (code-unit order of the relative path), so runs are byte-identical. */
function bySource(a: Doc, b: Doc): number {
  return a.report.source < b.report.source ? -1 : a.report.source > b.report.source ? 1 : 0;
}
