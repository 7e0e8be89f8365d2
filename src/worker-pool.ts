import os from 'node:os';
import { Worker, type MessagePort } from 'node:worker_threads';
import { failedResult, WORKER_READY, type AnalyzeJob, type AnalyzeResult, type WorkerSetup } from './analyze-worker.js';
import type { StageTimings } from './pipeline.js';
import { compileThemes } from './stages/themes.js';
import { TermNumbers, TermIdDecoder } from './aggregate/term-ids.js';

/** Jobs sent to a worker before its first result comes back. */
const JOBS_IN_FLIGHT = 2;

/**
 * Threads that may stop in a row, each while analysing a file, before the run gives up: one file that crashes its
 * thread is an error row, but a thread that keeps stopping on every file means the analysis itself is broken.
 */
const MAX_STOPS_IN_A_ROW = 3;

/** Default number of worker threads: one per core. */
export function defaultJobs(): number {
  return Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
}

/** How `analyzeInWorkers` runs. */
export interface WorkerPoolOptions {
  /** worker threads (at most one per job) */
  threads: number;
  /** what each worker is started with (resources, reduction, --debug); `collectTimings` follows `timings` */
  setup: Omit<WorkerSetup, 'collectTimings' | 'reusePort'>;
  /** called for each thread started: its channel to the reuse thread (`WorkerSetup.reusePort`); default none */
  reusePort?: () => MessagePort;
  /** when given, each stage's time (ms, summed over reports and threads) is added to it */
  timings?: StageTimings;
  /**
   * asked as each job is sent: whether its record must carry its placeholder entries (`AnalyzeJob.placeholderEntries`);
   * default always
   */
  placeholderEntries?: () => boolean;
}

/**
 * Analyses files on worker threads. Each worker loads jieba once (about 0.7–1 s), so small corpora are
 * better analysed in-process; the caller decides. Results are delivered by index, so output order never
 * depends on which worker finished first. A file whose analysis throws comes back as an `error` row (see
 * analyze-worker.ts). A thread that stops while analysing (a native crash, running out of memory, an exception
 * outside the job) makes the oldest file it held an `error` row; the others it held go back in the queue and a
 * new thread takes its place. The call fails when a thread cannot start (its data files) or when threads stop
 * MAX_STOPS_IN_A_ROW times with no result in between.
 */
export async function analyzeInWorkers(
  jobs: readonly Omit<AnalyzeJob, 'index'>[],
  options: WorkerPoolOptions,
  onDone: (index: number, result: AnalyzeResult['result']) => void,
): Promise<void> {
  const workerUrl = new URL('./analyze-worker.js', import.meta.url);
  const setup: WorkerSetup = { ...options.setup, collectTimings: options.timings !== undefined };
  const reduce = setup.output && { themes: compileThemes({ file: '', themes: [] }), stopWords: new Set<string>(), keepParagraphRows: setup.output.keepParagraphRows };
  const retries: number[] = [];
  const runTerms = new TermNumbers();
  const workers = new Set<Worker>();
  let next = 0;
  let stopsInARow = 0;
  const takeJob = (): number | undefined => (retries.length > 0 ? retries.shift() : next < jobs.length ? next++ : undefined);
  const hasJobs = () => retries.length > 0 || next < jobs.length;
  let busy = 0;

  try {
    await new Promise<void>((resolve, reject) => {
      let failed = false;
      const fail = (error: Error) => {
        failed = true;
        reject(error);
      };
      const start = () => {
        const reusePort = options.reusePort?.();
        const worker = new Worker(workerUrl, { workerData: { ...setup, reusePort } satisfies WorkerSetup, transferList: reusePort ? [reusePort] : [] });
        workers.add(worker);
        busy++;
        /** what the thread's content-term numbers are (it numbers the terms it sends, see aggregate/term-ids.ts) */
        const termIds = new TermIdDecoder(runTerms);
        /** indexes sent and not yet answered, oldest first */
        const inFlight: number[] = [];
        let ready = false;
        /** set once the thread has nothing left to do (counted out of `busy`) */
        let finished = false;
        let lastError: Error | undefined;
        const feed = () => {
          const index = takeJob();
          if (index === undefined) return;
          inFlight.push(index);
          const placeholderEntries = options.placeholderEntries?.() ?? true;
          worker.postMessage({ ...jobs[index], index, ...(placeholderEntries ? {} : { placeholderEntries }) } satisfies AnalyzeJob);
        };
        const idle = () => {
          if (finished || inFlight.length > 0 || hasJobs()) return;
          finished = true;
          busy--;
          if (busy === 0) resolve();
        };
        worker.on('message', (message: AnalyzeResult | typeof WORKER_READY) => {
          if (message === WORKER_READY) {
            ready = true;
            return;
          }
          inFlight.splice(inFlight.indexOf(message.index), 1);
          stopsInARow = 0;
          if (options.timings && message.timings) addTimings(options.timings, message.timings);
          try {
            if (message.terms && 'record' in message.result) message.result.record.terms = termIds.decode(message.terms, message.result.record.terms.counts);
            onDone(message.index, message.result);
          } catch (error) {
            fail(error as Error);
            return;
          }
          feed();
          idle();
        });
        worker.on('error', (error) => (lastError = error));
        worker.on('exit', (code) => {
          workers.delete(worker);
          if (failed || finished) return; // ended by terminate() once the work is done
          const reason = lastError?.message ?? `exit code ${code}`;
          if (!ready) return fail(lastError ?? new Error(`worker stopped with exit code ${code}`));
          if (++stopsInARow >= MAX_STOPS_IN_A_ROW) return fail(new Error(`analysis threads stopped ${stopsInARow} times in a row; last: ${reason}`));
          const blamed = inFlight.shift();
          retries.unshift(...inFlight);
          if (blamed !== undefined) {
            const job = { ...jobs[blamed], index: blamed };
            const message = `the analysis thread stopped while analysing this file (${reason}); the other files went on in a new thread`;
            onDone(blamed, failedResult(job, { reduce }, new Error(message)).result);
          }
          busy--;
          if (hasJobs()) start();
          else if (busy === 0) resolve();
        });
        // Note: a second job queued per worker keeps it busy while the main thread receives the previous result.
        for (let k = 0; k < JOBS_IN_FLIGHT; k++) feed();
        idle();
      };
      const threads = Math.min(options.threads, jobs.length);
      if (threads === 0) return resolve();
      for (let t = 0; t < threads; t++) start();
    });
  } finally {
    await Promise.all([...workers].map((worker) => worker.terminate()));
  }
}

/** Adds each stage's time of `more` into `into`. */
export function addTimings(into: StageTimings, more: StageTimings): void {
  for (const [stage, ms] of Object.entries(more)) into[stage] = (into[stage] ?? 0) + ms;
}
