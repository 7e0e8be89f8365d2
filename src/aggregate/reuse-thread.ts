import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { ReportRecord } from '../model/record.js';
import type { CorpusContext } from './accumulator.js';
import { reuseSourceOf, type ReuseFindings, type ReuseSource, type ReuseStepOptions } from './reuse-findings.js';

/** Messages to the reuse thread (src/reuse-worker.ts) from the thread that runs the corpus steps. */
export type ReuseThreadMessage =
  /** the next report's source, taken from its record here */
  | { source: ReuseSource }
  /** the end of a channel an analysis thread posts its reports' sources to (see `ReuseThread.connect`) */
  | { port: MessagePort }
  /** the next reports are these, in order, whose sources their analysis threads posted on those channels */
  | { take: string[] }
  /** every township spelling the thread was sent, with its corpus-wide display form */
  | { finish: [string, string][]; reuseCsv?: ReuseThreadOptions['reuseCsv']; reusePairsCsv?: ReuseThreadOptions['reusePairsCsv'] };

/** How the reuse thread hands back its passages. */
export interface ReuseThreadOptions {
  /**
   * write reuse.csv here on the thread (rendered in chunks, never held as rows) and return no passages: the
   * biggest table of a large corpus then never crosses threads; default: return the passages
   */
  reuseCsv?: { file: string; bom: boolean };
  /**
   * write reuse_pairs.csv here on the thread, after the findings are sent, and return no pairs: the file is
   * rendered while the calling thread renders the tables that need the findings (at 20,000 reports it has
   * 52,000 rows, rendered after the tail's longest step when the calling thread did it); default: return the pairs
   */
  reusePairsCsv?: { file: string; bom: boolean };
}

/**
 * The reuse thread's answers to `finish`: its findings (or the error), then, when it writes reuse.csv or
 * reuse_pairs.csv, whether the files are complete and in place (they are finished after the findings are sent,
 * see src/reuse-worker.ts; `reuseCsv*` names both files).
 */
export type ReuseThreadResult = { findings: ReuseFindings; ms: number } | { error: string } | { reuseCsvWritten: true } | { reuseCsvError: string };

/** What `ReuseThread.finish` resolves with. */
export interface ReuseThreadFindings {
  findings: ReuseFindings;
  /** the thread's time for the step, ms */
  ms: number;
  /** resolves once reuse.csv and reuse_pairs.csv, when the thread writes them (`ReuseThreadOptions`), are complete and in place; at once without them */
  written: Promise<void>;
}

/** The reuse step on its own thread: `add` as `reuseFindings`, `finish` resolves when the thread is done. */
export interface ReuseThread {
  /**
   * takes the next report in output order: its source goes to the thread, or, when its record came without
   * texts (its analysis thread posted the source itself), word to take that source next
   */
  add(record: ReportRecord): void;
  /**
   * a new channel to the thread, for one analysis thread: it posts its reports' `ReuseSource`s on the port
   * returned, a batch of reports' in each message (before it sends their records), so the texts go to the reuse
   * thread straight, not through this one (they are the bulk of every message)
   */
  connect(): MessagePort;
  /** starts the step on the thread and resolves with its findings */
  finish(corpus: CorpusContext): Promise<ReuseThreadFindings>;
  /** stops the thread (after finish, or when the run fails) */
  close(): Promise<void>;
}

/**
 * The analysis thread's half of `ReuseThread.connect`: puts the report's reuse source in `batch` (posted with
 * `postReuseSources` before the report's record is sent) and returns the output with its record's texts left
 * out, to be sent on after (the reuse thread takes the source when the record reaches `ReuseThread.add`).
 */
export function takeReuseSource<T extends { record: ReportRecord }>(output: T, batch: ReuseSource[]): T {
  const { texts: _texts, ...record } = output.record;
  const source = reuseSourceOf(output.record);
  if (source) batch.push(source);
  return { ...output, record };
}

/**
 * Posts the sources an analysis thread took from a batch of reports, in one message: each message wakes the
 * reuse thread (an event-loop wake-up, a context switch), and a batch costs that once.
 */
export function postReuseSources(port: MessagePort, batch: readonly ReuseSource[]): void {
  if (batch.length > 0) port.postMessage(batch);
}

/**
 * Reports named to the reuse thread per message (`take`): a message wakes the thread, and there are 20,000
 * reports in a large corpus; the thread falls behind by at most this many, which `finish` catches up.
 */
const TAKES_PER_MESSAGE = 16;

/**
 * Passage reuse on a thread of its own. The step's inputs (analysis texts, offset maps) are posted to the
 * thread as the reports arrive, and its `finish`, the longest corpus step, then runs there while the main
 * thread finishes the other steps and writes their tables.
 */
export function reuseThread(options: ReuseStepOptions, threadOptions: ReuseThreadOptions = {}): ReuseThread {
  const worker = new Worker(new URL('../reuse-worker.js', import.meta.url), { workerData: options });
  const townships = new Set<string>();
  let failure: Error | undefined;
  worker.on('error', (error) => (failure = error));
  let takes: string[] = [];
  const postTakes = () => {
    if (takes.length > 0) worker.postMessage({ take: takes } satisfies ReuseThreadMessage);
    takes = [];
  };
  return {
    add(record) {
      if (record.status !== 'ok') return;
      townships.add(record.meta.township);
      if (!record.texts) {
        takes.push(record.report.id);
        if (takes.length >= TAKES_PER_MESSAGE) postTakes();
        return;
      }
      postTakes(); // sources stay in the order added
      worker.postMessage({ source: reuseSourceOf(record)! } satisfies ReuseThreadMessage);
    },
    connect() {
      const { port1, port2 } = new MessageChannel();
      worker.postMessage({ port: port2 } satisfies ReuseThreadMessage, [port2]);
      return port1;
    },
    finish(corpus) {
      return new Promise((resolve, reject) => {
        if (failure) return reject(failure);
        let settleWritten: { resolve: () => void; reject: (error: Error) => void } | undefined;
        const written = new Promise<void>((resolveWritten, rejectWritten) => (settleWritten = { resolve: resolveWritten, reject: rejectWritten }));
        // Note: a rejection is handled where `written` is awaited; until then it must not count as unhandled.
        written.catch(() => undefined);
        /** The thread's heap (every text, the fingerprints) is freed as soon as it has nothing more to send. */
        const done = () => {
          worker.removeAllListeners('exit');
          worker.removeAllListeners('message');
          void worker.terminate();
        };
        const fail = (error: Error) => {
          reject(error); // no-op once the findings are here
          settleWritten!.reject(error);
        };
        worker.once('error', fail);
        worker.once('exit', (code) => fail(new Error(`reuse thread stopped with exit code ${code}`)));
        worker.on('message', (result: ReuseThreadResult) => {
          if ('findings' in result) {
            resolve({ ...result, written });
            if (threadOptions.reuseCsv || threadOptions.reusePairsCsv) return; // the thread is still writing them
            settleWritten!.resolve();
          } else if ('reuseCsvWritten' in result) settleWritten!.resolve();
          else fail(new Error('error' in result ? result.error : result.reuseCsvError));
          done();
        });
        postTakes();
        worker.postMessage({ finish: [...townships].map((name) => [name, corpus.township(name)]), reuseCsv: threadOptions.reuseCsv, reusePairsCsv: threadOptions.reusePairsCsv } satisfies ReuseThreadMessage);
      });
    },
    async close() {
      await worker.terminate();
    },
  };
}

/**
 * On the reuse thread (src/reuse-worker.ts): the sources the analysis threads post on their channels (`connect`,
 * a batch of reports' sources a message, `postReuseSources`), taken in the order the corpus steps name them
 * (`take`, a few reports a message). A thread posts a report's source before its record, so by the time its id
 * is named here the source is in its channel's queue: it is read from the queues synchronously
 * (`receiveMessageOnPort`). A thread's sources come in the order it analysed its reports, which is the order
 * they are named in, so a channel is read one source at a time and not read further while a source read from it
 * waits for its turn: the sources still to come wait in the channel's queue, off the heap. (Draining every queue
 * up to the source named kept dozens of sources waiting on the heap, long enough to be moved to the old
 * generation, whose growth set off most of the thread's collections of the whole heap.)
 */
export class PostedSources {
  private readonly ports: MessagePort[] = [];
  /** per channel, the sources of the message read last (a batch, see `postReuseSources`), and how many of them were read */
  private readonly batches: ReuseSource[][] = [];
  private readonly readInBatch: number[] = [];
  /** sources read before their turn, and the channel each came on */
  private readonly early = new Map<string, { source: ReuseSource; port: number }>();
  /** per channel, how many of its sources wait in `early` */
  private readonly waiting: number[] = [];

  connect(port: MessagePort): void {
    this.ports.push(port);
    this.batches.push([]);
    this.readInBatch.push(0);
    this.waiting.push(0);
  }

  /** Sources read before their turn and held (for the tests). */
  get held(): number {
    return this.early.size;
  }

  /** The source of report `id`. */
  take(id: string): ReuseSource {
    const kept = this.early.get(id);
    if (kept) {
      this.early.delete(id);
      this.waiting[kept.port]--;
      return kept.source;
    }
    // One source at a time from each channel with none waiting, until the one named comes.
    for (let progress = true; progress; ) {
      progress = false;
      for (let port = 0; port < this.ports.length; port++) {
        if (this.waiting[port] > 0) continue;
        const source = this.receive(port);
        if (!source) continue;
        if (source.id === id) return source;
        this.keep(source, port);
        progress = true;
      }
    }
    // Note: not in the order named (a report analysed twice, its first thread stopped after posting it, has the
    // same source both times): every queue is read to its end.
    for (let port = 0; port < this.ports.length; port++) {
      for (let source = this.receive(port); source; source = this.receive(port)) {
        if (source.id === id) return source;
        this.keep(source, port);
      }
    }
    throw new Error(`reuse: no source was posted for ${id}`);
  }

  /** The channel's next source: the next of its last batch, or the first of the next message's. */
  private receive(port: number): ReuseSource | undefined {
    while (this.readInBatch[port] === this.batches[port].length) {
      const batch = receiveMessageOnPort(this.ports[port])?.message as ReuseSource[] | undefined;
      if (!batch) return undefined;
      this.batches[port] = batch;
      this.readInBatch[port] = 0;
    }
    return this.batches[port][this.readInBatch[port]++];
  }

  private keep(source: ReuseSource, port: number): void {
    const before = this.early.get(source.id);
    if (before) this.waiting[before.port]--;
    this.early.set(source.id, { source, port });
    this.waiting[port]++;
  }
}
