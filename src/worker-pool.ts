import os from 'node:os';
import { Worker, type MessagePort } from 'node:worker_threads';
import { failedResult, WORKER_READY, type AnalyzeJob, type AnalyzeResult, type WorkerSetup } from './analyze-worker.js';
import type { StageTimings } from './pipeline.js';
import { compileThemes } from './stages/themes.js';
import { TermNumbers, TermIdDecoder } from './aggregate/term-ids.js';

/**
 * Jobs sent to a worker in one message, and answered in one: every message wakes the thread it goes to (a
 * context switch, and in a virtual machine an interrupt between cores), and a batch pays that once, not per
 * report (docs/bench.md, fifteenth session).
 */
const JOBS_PER_MESSAGE = 8;

/** Messages of jobs a worker holds: a second batch keeps it busy while the main thread takes the first's results. */
const MESSAGES_IN_FLIGHT = 2;

/**
 * Threads that may stop in a row, each while analysing a file, before the run gives up: one file that crashes its
 * thread is an error row, but a thread that keeps stopping on every file means the analysis itself is broken.
 */
const MAX_STOPS_IN_A_ROW = 3;

/** Default number of worker threads: one per core. */
export function defaultJobs(): number {
  return Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
}

/**
 * The jobs of a run: an array, or jobs made as they are sent (`at`), so that the threads start without waiting for
 * the main thread to make a job for every file first (`run`: ≈ 0.1 s at 20,000 files).
 */
export interface JobList {
  readonly length: number;
  at(index: number): Omit<AnalyzeJob, 'index'> | undefined;
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
 * analyze-worker.ts). Jobs go to a thread in batches, and come back in batches. A thread that stops while
 * analysing (a native crash, running out of memory, an exception outside the job) is replaced by a new thread;
 * the file it held, when it held one, becomes an `error` row; when it held several, they are retried one at a
 * time, each alone in a thread, so that the one that stops a thread again is the one made an `error` row. The call fails when a thread cannot start (its data files) or when threads stop
 * MAX_STOPS_IN_A_ROW times with no result in between.
 */
export async function analyzeInWorkers(
  jobs: JobList,
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
  /**
   * The next batch for a thread holding `held` jobs. The files a stopped thread held are retried one at a time,
   * each alone in its thread, so that the one that stops a thread again is known (see `analyzeInWorkers`).
   */
  const takeBatch = (held: number): number[] => {
    if (retries.length > 0) return held === 0 ? [retries.shift()!] : [];
    const batch: number[] = [];
    while (batch.length < JOBS_PER_MESSAGE && next < jobs.length) batch.push(next++);
    return batch;
  };
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
          const batch = takeBatch(inFlight.length);
          if (batch.length === 0) return;
          inFlight.push(...batch);
          worker.postMessage(
            batch.map((index) => {
              const placeholderEntries = options.placeholderEntries?.() ?? true;
              return { index, ...jobs.at(index)!, ...(placeholderEntries ? {} : { placeholderEntries }) } satisfies AnalyzeJob;
            }),
          );
        };
        const idle = () => {
          if (finished || inFlight.length > 0 || hasJobs()) return;
          finished = true;
          busy--;
          if (busy === 0) resolve();
        };
        worker.on('message', (message: AnalyzeResult[] | typeof WORKER_READY) => {
          if (message === WORKER_READY) {
            ready = true;
            return;
          }
          for (const answer of message) {
            inFlight.splice(inFlight.indexOf(answer.index), 1);
            stopsInARow = 0;
            if (options.timings && answer.timings) addTimings(options.timings, answer.timings);
            try {
              if (answer.terms && 'record' in answer.result) answer.result.record.terms = termIds.decode(answer.terms, answer.result.record.terms.counts);
              onDone(answer.index, answer.result);
            } catch (error) {
              fail(error as Error);
              return;
            }
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
          // A thread answers its jobs in order, a batch in one message: of several jobs held, any may have
          // stopped it, so they are retried one at a time; a thread that held one job stopped on it.
          if (inFlight.length === 1) {
            const blamed = inFlight[0];
            const job = { ...jobs.at(blamed)!, index: blamed };
            const message = `the analysis thread stopped while analysing this file (${reason}); the other files went on in a new thread`;
            onDone(blamed, failedResult(job, { reduce }, new Error(message)).result);
          } else retries.push(...inFlight);
          busy--;
          if (hasJobs()) start();
          else if (busy === 0) resolve();
        });
        for (let k = 0; k < MESSAGES_IN_FLIGHT; k++) feed();
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
