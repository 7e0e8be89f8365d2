/**
 * Worker-thread entry: loads the data files and jieba once, then analyses the files it is sent.
 * Messages in: `AnalyzeJob`; messages out: `AnalyzeResult`, crossing threads by structured clone. Without
 * `output` in its setup the worker sends whole Docs (`zongjie kwic`); with it, each Doc is reduced to a
 * `ReportOutput` first (`zongjie analyze`), which keeps the main thread's memory small.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadResources, type ResourceOptions } from './data/resources.js';
import { analyzeFile, reportOutputOf, type ReadOptions, type ReportOutput, type StageTimings } from './pipeline.js';
import { loadThemes } from './data/themes.js';
import { loadStopWords } from './data/stop-words.js';
import { compileThemes } from './stages/themes.js';
import type { Doc } from './model/report.js';

/** One file to analyse. */
export interface AnalyzeJob {
  index: number;
  absPath: string;
  relPath: string;
  options: ReadOptions;
  /** the report's id in the tables; required when the worker reduces Docs (`WorkerSetup.output`) */
  reportId?: string;
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
}

/** One analysed file: a Doc, or a ReportOutput when the worker reduces. */
export interface AnalyzeResult {
  index: number;
  result: Doc | ReportOutput;
  /** milliseconds per stage for this file, when the worker collects timings */
  timings?: StageTimings;
}

if (parentPort) {
  const port = parentPort;
  const { collectTimings, output, ...resourceOptions } = workerData as WorkerSetup;
  const resources = loadResources(resourceOptions);
  const reduce = output ? { themes: compileThemes(loadThemes(output.themes)), stopWords: loadStopWords(), keepParagraphRows: output.keepParagraphRows } : undefined;
  port.on('message', (job: AnalyzeJob) => {
    const timings: StageTimings | undefined = collectTimings ? {} : undefined;
    void analyzeFile(job.absPath, job.relPath, resources, job.options, timings).then((doc) => {
      const result = reduce ? reportOutputOf(doc, { ...reduce, reportId: job.reportId ?? doc.report.id }) : doc;
      port.postMessage({ index: job.index, result, timings } satisfies AnalyzeResult);
    });
  });
}
