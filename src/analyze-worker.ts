/**
 * Worker-thread entry: loads the data files and jieba once, then analyses the files it is sent.
 * Messages in: `AnalyzeJob`; messages out: `AnalyzeResult`, crossing threads by structured clone. Without
 * `output` in its setup the worker sends whole Docs (`zongjie kwic`); with it, each Doc is reduced to a
 * `ReportOutput` first (`zongjie analyze`), which keeps the main thread's memory small.
 *
 * Every job gets exactly one result: when anything throws while a file is read, analysed, reduced or sent,
 * the result is an `error` row (code `internal`) for that file and the worker goes on with the next job.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import path from 'node:path';
import { loadResources, type ResourceOptions, type Resources } from './data/resources.js';
import { analyzeFileFingerprinted, errorMessage, failedDoc, reportIdOf, type AnalyzeOptions, type ReadOptions, type StageTimings } from './pipeline.js';
import { contentTermsMet, reportOutputOf, type ReportOutput, type ReportOutputOptions } from './report-output.js';
import type { TermCounts } from './model/record.js';
import { loadThemes } from './data/themes.js';
import { loadStopWords } from './data/stop-words.js';
import { compileThemes } from './stages/themes.js';
import { composeStages, type AnyStage, type ComposedStages } from './stages/stage.js';
import { postReuseSources, takeReuseSource } from './aggregate/reuse-thread.js';
import type { ReuseSource } from './aggregate/reuse-findings.js';
import type { Doc } from './model/report.js';
import { TermIdEncoder, type EncodedTerms } from './aggregate/term-ids.js';

/** One file to analyse. */
export interface AnalyzeJob {
  index: number;
  absPath: string;
  relPath: string;
  options: ReadOptions;
  /** the report's id in the tables; required when the worker reduces Docs (`WorkerSetup.output`) */
  reportId?: string;
  /** false: the record leaves its placeholder entries out (`ReportOutputOptions.placeholderEntries`); default true */
  placeholderEntries?: boolean;
}

/** How a worker reduces each Doc before sending it (see `reportOutputOf`). */
export interface OutputSetup {
  /** theme taxonomy file; default data/themes.tsv */
  themes?: string;
  /** also send the paragraphs.csv rows unrendered (--xlsx) */
  keepParagraphRows: boolean;
}

/** What a worker is started with. */
export interface WorkerSetup extends ResourceOptions {
  /** send each file's stage timings with its result (for the benchmark) */
  collectTimings: boolean;
  /** reduce each Doc to a ReportOutput; absent: send the Doc */
  output?: OutputSetup;
  /** run the stages checked and assert every document's invariants (`--debug`); default false */
  debug?: boolean;
  /**
   * URL of an ES module whose `stages` export replaces the pipeline's ordered stages (composed and checked the
   * same way); default the stages of src/stages/index.ts. For tests that need a stage to fail in a worker.
   */
  stagesModule?: string;
  /**
   * with `output`: a channel to the reuse thread (aggregate/reuse-thread.ts, `connect`); each report's
   * `ReuseSource` is posted on it, before the result, and the record is sent without its texts
   */
  reusePort?: MessagePort;
}

/** One analysed file: a Doc, or a ReportOutput when the worker reduces. */
export interface AnalyzeResult {
  index: number;
  result: Doc | ReportOutput;
  /** milliseconds per stage for this file, when the worker collects timings */
  timings?: StageTimings;
  /** the record's content terms as the thread's numbers, its `terms.terms` empty (see `withEncodedTerms`) */
  terms?: EncodedTerms;
}

/** What a worker holds for all its jobs. */
export interface WorkerContext {
  resources: Resources;
  reduce?: Omit<ReportOutputOptions, 'reportId'>;
  analyze: Omit<AnalyzeOptions, 'timings'>;
  collectTimings: boolean;
  reusePort?: MessagePort;
}

/** Loads what every job of a worker needs (data files, jieba, the stages). */
export async function workerContext(setup: WorkerSetup): Promise<WorkerContext> {
  const { collectTimings, output, debug, stagesModule, reusePort, ...resourceOptions } = setup;
  const stages: ComposedStages | undefined = stagesModule
    ? composeStages(((await import(stagesModule)) as { stages: readonly AnyStage[] }).stages)
    : undefined;
  return {
    resources: loadResources(resourceOptions),
    // Note: no term strings in the records: a result's terms cross as the thread's numbers (`withEncodedTerms`)
    reduce: output ? { themes: compileThemes(loadThemes(output.themes)), stopWords: loadStopWords(), keepParagraphRows: output.keepParagraphRows, termStrings: false } : undefined,
    analyze: { debug, ...(stages ? { stages } : {}) },
    collectTimings,
    ...(output && reusePort ? { reusePort } : {}),
  };
}

/** Analyses one job into its result. Never throws: a failure anywhere is an `error` row for the file. */
export async function analyzeJob(job: AnalyzeJob, context: WorkerContext): Promise<AnalyzeResult> {
  const timings: StageTimings | undefined = context.collectTimings ? {} : undefined;
  try {
    const { doc, fingerprint } = await analyzeFileFingerprinted(job.absPath, job.relPath, context.resources, job.options, { timings, ...context.analyze });
    const started = timings ? performance.now() : 0;
    const output = context.reduce && reportOutputOf(doc, { reportId: job.reportId ?? doc.report.id, placeholderEntries: job.placeholderEntries, ...context.reduce });
    // Note: the spread last, here and below: Node 20's optimised code gives each object of `{ ...source, added }`
    // (a field the source lacks) a hidden class of its own, which made every site reading the results megamorphic.
    const result = output ? (fingerprint ? { fingerprint, ...output } : output) : doc;
    // The reduction to a record (theme hits, term counts, paragraphs.csv rows) is per-report work too.
    if (timings) timings.reduce = (timings.reduce ?? 0) + performance.now() - started;
    return { index: job.index, result, timings };
  } catch (error) {
    return failedResult(job, context, error);
  }
}

/** The `error` row of a job whose analysis threw outside the stages (reading, reducing, sending). */
export function failedResult(job: AnalyzeJob, context: Pick<WorkerContext, 'reduce'>, error: unknown): AnalyzeResult {
  const id = job.reportId ?? reportIdOf(job.relPath);
  const report = { id, source: job.relPath, format: path.extname(job.relPath).slice(1).toLowerCase() || 'none', encoding: '', bytes: 0, raw: '', given: job.options.given ?? {} };
  const doc = failedDoc(report, { code: 'internal', message: errorMessage(error) });
  return { index: job.index, result: context.reduce ? reportOutputOf(doc, { reportId: id, ...context.reduce }) : doc };
}

/**
 * The result as sent with its record's content terms as numbers (`terms`, see aggregate/term-ids.ts): the
 * record's `terms.terms` is empty (the reduction made it without strings), and the pool gives the record its
 * terms by the run's numbers (`TermIdDecoder`). Note: `terms.ids` is the record's own `terms.numbers` array, which
 * the structured clone copies once (a second reference to an object is sent as a reference).
 */
function withEncodedTerms(result: AnalyzeResult, terms: EncodedTerms): AnalyzeResult {
  return { terms, ...result };
}

/** The thread's numbers of a record's terms (`TermCounts.numbers`; a record with no terms, an error row's, has none). */
function termNumbers(terms: TermCounts): Int32Array {
  if (terms.numbers && terms.numbers.length === terms.counts.length) return terms.numbers;
  if (terms.counts.length === 0) return new Int32Array(0);
  throw new Error(`a record's ${terms.counts.length} terms came without their numbers`);
}

/** What a worker posts once its data files and stages are loaded, before any result. */
export const WORKER_READY = 'ready';

/**
 * Analyses a batch of jobs (one message from the pool) and posts their results in one message, and their reuse
 * sources in one message before it: each message wakes the thread it goes to, and a batch costs that once.
 */
async function answerBatch(jobs: readonly AnalyzeJob[], context: WorkerContext, port: MessagePort, termIds: TermIdEncoder | undefined): Promise<void> {
  const results: AnalyzeResult[] = [];
  const sources: ReuseSource[] = [];
  for (const job of jobs) results.push(withoutTexts(job, await analyzeJob(job, context), context, sources));
  if (context.reusePort) postReuseSources(context.reusePort, sources);
  if (!postResults(port, results, termIds)) return;
  // One result cannot be cloned (a stage returned a function, say): each is sent alone, and that one is an error row.
  jobs.forEach((job, i) => {
    const failed = postResults(port, [results[i]], termIds);
    if (failed) port.postMessage([failedResult(job, context, failed.error)]);
  });
}

/**
 * Posts `results` in one message, their records' terms as the thread's numbers (`withEncodedTerms`). When the
 * message cannot be posted, the numbers' sending is taken back and the error returned.
 */
function postResults(port: MessagePort, results: readonly AnalyzeResult[], termIds: TermIdEncoder | undefined): { error: unknown } | undefined {
  const encoded: EncodedTerms[] = [];
  try {
    const sent = results.map((result) => {
      if (!termIds) return result;
      const terms = encodeTerms(result, termIds);
      encoded.push(terms);
      return withEncodedTerms(result, terms);
    });
    port.postMessage(sent);
    return undefined;
  } catch (error) {
    for (let i = encoded.length - 1; i >= 0; i--) termIds!.unsend(encoded[i]);
    return { error };
  }
}

/** The result as sent to the pool: with a reuse thread, the report's texts go to it (into `sources`), the rest to the pool. */
function withoutTexts(job: AnalyzeJob, result: AnalyzeResult, context: WorkerContext, sources: ReuseSource[]): AnalyzeResult {
  if (!context.reusePort || !('record' in result.result)) return result;
  try {
    return { ...result, result: takeReuseSource(result.result, sources) };
  } catch (error) {
    return failedResult(job, context, error);
  }
}

/** The record's content terms as the thread's numbers (an empty list for a Doc: `zongjie kwic` sends no records). */
function encodeTerms(result: AnalyzeResult, termIds: TermIdEncoder): EncodedTerms {
  return termIds.encode('record' in result.result ? termNumbers(result.result.record.terms) : new Int32Array(0));
}

if (parentPort) {
  const port = parentPort;
  const context = await workerContext(workerData as WorkerSetup);
  // The pool tells a thread that cannot start (a bad data file: the run fails) from one that stops on a file.
  port.postMessage(WORKER_READY);
  const termIds = context.reduce && new TermIdEncoder(contentTermsMet(context.reduce.themes, context.reduce.stopWords));
  // Note: batches are answered one after the other, in the order they came (each job's result is complete before
  // the next job starts, as the pool's blame for a thread that stops assumes).
  let answered = Promise.resolve();
  port.on('message', (jobs: AnalyzeJob[]) => {
    answered = answered.then(() => answerBatch(jobs, context, port, termIds));
  });
}
