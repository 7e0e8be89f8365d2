import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { AnalyzeJob, AnalyzeResult, WorkerSetup } from './analyze-worker.js';
import type { StageTimings } from './pipeline.js';

/** Jobs sent to a worker before its first result comes back. */
const JOBS_IN_FLIGHT = 2;

/** Default number of worker threads: one per core. */
export function defaultJobs(): number {
  return Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
}

/** How `analyzeInWorkers` runs. */
export interface WorkerPoolOptions {
  /** worker threads (at most one per job) */
  threads: number;
  /** what each worker is started with (resources, reduction, --debug); `collectTimings` follows `timings` */
  setup: Omit<WorkerSetup, 'collectTimings'>;
  /** when given, each stage's time (ms, summed over reports and threads) is added to it */
  timings?: StageTimings;
}

/**
 * Analyses files on worker threads. Each worker loads jieba once (about 0.7–1 s), so small corpora are
 * better analysed in-process; the caller decides. Results are delivered by index, so output order never
 * depends on which worker finished first. A file whose analysis throws comes back as an `error` row (see
 * analyze-worker.ts); only a worker that dies (its thread crashed) fails the whole call.
 */
export async function analyzeInWorkers(
  jobs: readonly Omit<AnalyzeJob, 'index'>[],
  options: WorkerPoolOptions,
  onDone: (index: number, result: AnalyzeResult['result']) => void,
): Promise<void> {
  const workerUrl = new URL('./analyze-worker.js', import.meta.url);
  const setup: WorkerSetup = { ...options.setup, collectTimings: options.timings !== undefined };
  const workers = Array.from({ length: Math.min(options.threads, jobs.length) }, () => new Worker(workerUrl, { workerData: setup }));
  let next = 0;
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            let inFlight = 0;
            const feed = () => {
              if (next >= jobs.length) {
                if (inFlight === 0) resolve();
                return;
              }
              const index = next++;
              inFlight++;
              worker.postMessage({ ...jobs[index], index } satisfies AnalyzeJob);
            };
            worker.on('message', (message: AnalyzeResult) => {
              inFlight--;
              if (options.timings && message.timings) addTimings(options.timings, message.timings);
              try {
                onDone(message.index, message.result);
              } catch (error) {
                reject(error as Error);
                return;
              }
              feed();
            });
            worker.on('error', reject);
            worker.on('exit', (code) => (code === 0 && inFlight === 0 ? resolve() : reject(new Error(`worker stopped with exit code ${code}`))));
            // Note: a second job queued per worker keeps it busy while the main thread receives the previous result.
            for (let k = 0; k < JOBS_IN_FLIGHT; k++) feed();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

/** Adds each stage's time of `more` into `into`. */
export function addTimings(into: StageTimings, more: StageTimings): void {
  for (const [stage, ms] of Object.entries(more)) into[stage] = (into[stage] ?? 0) + ms;
}
