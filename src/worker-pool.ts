import os from 'node:os';
import { Worker, type MessagePort } from 'node:worker_threads';
import { failedResult, WORKER_READY, type AnalyzeJob, type AnalyzeResult, type WorkerContext, type WorkerSetup } from './analyze-worker.js';
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
 * time, each alone in a thread, so that the one that stops a thread again is the one made an `error` row. The
 * call fails when a thread cannot start (its data files) or when threads stop MAX_STOPS_IN_A_ROW times with no
 * result in between.
 */
export async function analyzeInWorkers(
  jobs: JobList,
  options: WorkerPoolOptions,
  onDone: (index: number, result: AnalyzeResult['result']) => void,
): Promise<void> {
  const pool = new WorkerPool(jobs, options, onDone);
  try {
    await pool.run();
  } finally {
    await pool.terminate();
  }
}

/** The jobs not yet sent: the new ones in order, and the files a stopped thread held, to retry. */
class JobQueue {
  /** the next new job */
  private next = 0;
  /** the files a stopped thread held, retried one at a time */
  private readonly retries: number[] = [];

  constructor(private readonly jobs: JobList) {}

  /**
   * The next batch for a thread holding `held` jobs. The files a stopped thread held are retried one at a time,
   * each alone in its thread, so that the one that stops a thread again is known (see `analyzeInWorkers`).
   */
  takeBatch(held: number): number[] {
    if (this.retries.length > 0) return held === 0 ? [this.retries.shift()!] : [];
    const batch: number[] = [];
    while (batch.length < JOBS_PER_MESSAGE && this.next < this.jobs.length) batch.push(this.next++);
    return batch;
  }

  /** Whether jobs are left to send. */
  hasJobs(): boolean {
    return this.retries.length > 0 || this.next < this.jobs.length;
  }

  /** Queues the files a stopped thread held, to be retried one at a time. */
  retry(indexes: readonly number[]): void {
    this.retries.push(...indexes);
  }
}

/** One analysis thread of a pool, and what it holds. */
interface PoolThread {
  worker: Worker;
  /** what the thread's content-term numbers are (it numbers the terms it sends, see aggregate/term-ids.ts) */
  termIds: TermIdDecoder;
  /** indexes sent and not yet answered, oldest first */
  inFlight: number[];
  /** set once the thread has loaded its data (`WORKER_READY`): a thread that stops before cannot start */
  ready: boolean;
  /** set once the thread has nothing left to do (counted out of `busy`) */
  finished: boolean;
  /** the thread's last uncaught error, the reason given when it stops */
  lastError: Error | undefined;
}

/**
 * The state of one `analyzeInWorkers` call: its jobs, its threads and how it ends. Its methods are the threads'
 * event handlers; `run` settles once every job is answered and no thread is busy, or when the pool fails.
 */
class WorkerPool {
  private readonly workerUrl = new URL('./analyze-worker.js', import.meta.url);
  /** what each thread is started with (`WorkerPoolOptions.setup`, and whether to time the stages) */
  private readonly setup: WorkerSetup;
  /** how the `error` row of a file that stopped its thread is reduced (as the workers reduce theirs) */
  private readonly reduce: WorkerContext['reduce'];
  private readonly queue: JobQueue;
  /** the run's numbers of content terms, shared by every thread's decoder */
  private readonly runTerms = new TermNumbers();
  /** the threads running, terminated when the call ends */
  private readonly workers = new Set<Worker>();
  /** threads started and not yet finished */
  private busy = 0;
  /** threads that stopped since the last answer (see MAX_STOPS_IN_A_ROW) */
  private stopsInARow = 0;
  /** set once the call has failed: threads that stop after that are not replaced */
  private failed = false;
  /** settle `run`'s promise (set as it starts) */
  private resolve: () => void = () => {};
  private reject: (error: Error) => void = () => {};

  constructor(
    private readonly jobs: JobList,
    private readonly options: WorkerPoolOptions,
    private readonly onDone: (index: number, result: AnalyzeResult['result']) => void,
  ) {
    this.setup = { ...options.setup, collectTimings: options.timings !== undefined };
    this.reduce = this.setup.output && { themes: compileThemes({ file: '', themes: [] }), stopWords: new Set<string>(), keepParagraphRows: this.setup.output.keepParagraphRows };
    this.queue = new JobQueue(jobs);
  }

  /** Starts the threads (at most one per job); settles when every job is answered, or when the pool fails. */
  run(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
      const threads = Math.min(this.options.threads, this.jobs.length);
      if (threads === 0) return resolve();
      for (let t = 0; t < threads; t++) this.start();
    });
  }

  /** Ends the threads still running: idle ones once the work is done, all of them when the pool failed. */
  async terminate(): Promise<void> {
    await Promise.all([...this.workers].map((worker) => worker.terminate()));
  }

  /** Fails the call with `error`. */
  private fail(error: Error): void {
    this.failed = true;
    this.reject(error);
  }

  /** Starts a thread (with its channel to the reuse thread, if any) and sends it its first batches. */
  private start(): void {
    const reusePort = this.options.reusePort?.();
    const worker = new Worker(this.workerUrl, { workerData: { ...this.setup, reusePort } satisfies WorkerSetup, transferList: reusePort ? [reusePort] : [] });
    this.workers.add(worker);
    this.busy++;
    const thread: PoolThread = { worker, termIds: new TermIdDecoder(this.runTerms), inFlight: [], ready: false, finished: false, lastError: undefined };
    worker.on('message', (message: AnalyzeResult[] | typeof WORKER_READY) => this.onMessage(thread, message));
    worker.on('error', (error) => (thread.lastError = error));
    worker.on('exit', (code) => this.onExit(thread, code));
    for (let k = 0; k < MESSAGES_IN_FLIGHT; k++) this.feed(thread);
    this.idle(thread);
  }

  /** Sends `thread` its next batch, if any; each job is made as it is sent. */
  private feed(thread: PoolThread): void {
    const batch = this.queue.takeBatch(thread.inFlight.length);
    if (batch.length === 0) return;
    thread.inFlight.push(...batch);
    thread.worker.postMessage(
      batch.map((index) => {
        const placeholderEntries = this.options.placeholderEntries?.() ?? true;
        return { index, ...this.jobs.at(index)!, ...(placeholderEntries ? {} : { placeholderEntries }) } satisfies AnalyzeJob;
      }),
    );
  }

  /** Counts `thread` out once it holds nothing and nothing is left to send; the last one out settles the call. */
  private idle(thread: PoolThread): void {
    if (thread.finished || thread.inFlight.length > 0 || this.queue.hasJobs()) return;
    thread.finished = true;
    this.busy--;
    if (this.busy === 0) this.resolve();
  }

  /** A thread's message: that it is ready, or a batch of answers, each handed to `onDone` by index. */
  private onMessage(thread: PoolThread, message: AnalyzeResult[] | typeof WORKER_READY): void {
    if (message === WORKER_READY) {
      thread.ready = true;
      return;
    }
    const { options, onDone } = this;
    for (const answer of message) {
      thread.inFlight.splice(thread.inFlight.indexOf(answer.index), 1);
      this.stopsInARow = 0;
      if (options.timings && answer.timings) addTimings(options.timings, answer.timings);
      try {
        if (answer.terms && 'record' in answer.result) answer.result.record.terms = thread.termIds.decode(answer.terms, answer.result.record.terms.counts);
        onDone(answer.index, answer.result);
      } catch (error) {
        this.fail(error as Error);
        return;
      }
    }
    this.feed(thread);
    this.idle(thread);
  }

  /**
   * A thread's end. After the work or a failure: nothing. Before it was ready: the call fails. While analysing: the
   * file it held is an `error` row, or the files it held are retried, and a new thread takes over.
   */
  private onExit(thread: PoolThread, code: number): void {
    this.workers.delete(thread.worker);
    if (this.failed || thread.finished) return; // ended by terminate() once the work is done
    const reason = thread.lastError?.message ?? `exit code ${code}`;
    if (!thread.ready) return this.fail(thread.lastError ?? new Error(`worker stopped with exit code ${code}`));
    if (++this.stopsInARow >= MAX_STOPS_IN_A_ROW) return this.fail(new Error(`analysis threads stopped ${this.stopsInARow} times in a row; last: ${reason}`));
    // A thread answers its jobs in order, a batch in one message: of several jobs held, any may have
    // stopped it, so they are retried one at a time; a thread that held one job stopped on it.
    if (thread.inFlight.length === 1) {
      const blamed = thread.inFlight[0];
      const job = { ...this.jobs.at(blamed)!, index: blamed };
      const message = `the analysis thread stopped while analysing this file (${reason}); the other files went on in a new thread`;
      const { onDone } = this;
      onDone(blamed, failedResult(job, { reduce: this.reduce }, new Error(message)).result);
    } else this.queue.retry(thread.inFlight);
    this.busy--;
    if (this.queue.hasJobs()) this.start();
    else if (this.busy === 0) this.resolve();
  }
}

/** Adds each stage's time of `more` into `into`. */
export function addTimings(into: StageTimings, more: StageTimings): void {
  for (const [stage, ms] of Object.entries(more)) into[stage] = (into[stage] ?? 0) + ms;
}
