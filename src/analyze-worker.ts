/**
 * Worker-thread entry: loads the data files and jieba once, then analyses the files it is sent.
 * Messages in: `AnalyzeJob`; messages out: `AnalyzeResult`. The Doc crosses threads by structured clone.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadResources, type ResourceOptions } from './data/resources.js';
import { analyzeFile, type ReadOptions, type StageTimings } from './pipeline.js';
import type { Doc } from './model/report.js';

/** One file to analyse. */
export interface AnalyzeJob {
  index: number;
  absPath: string;
  relPath: string;
  options: ReadOptions;
}

/** What a worker is started with. */
export interface WorkerSetup extends ResourceOptions {
  /** send each file's stage timings with its result (for the benchmark) */
  collectTimings: boolean;
}

/** One analysed file. */
export interface AnalyzeResult {
  index: number;
  doc: Doc;
  /** milliseconds per stage for this file, when the worker collects timings */
  timings?: StageTimings;
}

if (parentPort) {
  const port = parentPort;
  const { collectTimings, ...resourceOptions } = workerData as WorkerSetup;
  const resources = loadResources(resourceOptions);
  port.on('message', (job: AnalyzeJob) => {
    const timings: StageTimings | undefined = collectTimings ? {} : undefined;
    void analyzeFile(job.absPath, job.relPath, resources, job.options, timings).then((doc) =>
      port.postMessage({ index: job.index, doc, timings } satisfies AnalyzeResult),
    );
  });
}
