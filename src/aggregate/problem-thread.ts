import { Worker } from 'node:worker_threads';
import type { ReportRecord } from '../model/record.js';
import type { CorpusContext } from './accumulator.js';
import type { ProblemClusters } from './problem-clusters.js';

/** What the problems step reads of a record (`problemClusters`' `add`), posted to its thread. */
export type ProblemRecord = Pick<ReportRecord, 'status' | 'meta' | 'problems' | 'toRaw'> & { report: Pick<ReportRecord['report'], 'id'> };

/** Messages to the problems thread (src/problem-worker.ts). */
export type ProblemThreadMessage =
  | { record: ProblemRecord }
  /** every township spelling the thread was sent, with its corpus-wide display form */
  | { finish: [string, string][] };

/** The problems thread's answer to `finish`. */
export type ProblemThreadResult = { clusters: ProblemClusters; ms: number } | { error: string };

/** The problems step on its own thread: `add` as `problemClusters`, `finish` resolves when the thread is done. */
export interface ProblemThread {
  add(record: ReportRecord): void;
  /** clusters the problems on the thread and resolves with the step's result (and the thread's time, ms) */
  finish(corpus: CorpusContext): Promise<{ clusters: ProblemClusters; ms: number }>;
  /** stops the thread (after finish, or when the run fails) */
  close(): Promise<void>;
}

/**
 * Recurring problems (`problemClusters`, unchanged) on a thread of its own. Each record's problems are posted
 * to the thread as the reports arrive, and the clustering, which makes a great deal of short-lived garbage,
 * runs there while this thread writes the other tables: its heap is freed whole when the thread ends, where
 * on this thread it stayed grown (at 20,000 reports by about 200 MB) while passage reuse was at its peak.
 */
export function problemThread(options: { threshold?: number }): ProblemThread {
  const worker = new Worker(new URL('../problem-worker.js', import.meta.url), { workerData: options });
  const townships = new Set<string>();
  let failure: Error | undefined;
  worker.on('error', (error) => (failure = error));
  return {
    add(record) {
      const { status, meta, problems, toRaw } = record;
      if (meta.township) townships.add(meta.township);
      worker.postMessage({ record: { status, report: { id: record.report.id }, meta, problems, toRaw } } satisfies ProblemThreadMessage);
    },
    finish(corpus) {
      return new Promise((resolve, reject) => {
        if (failure) return reject(failure);
        worker.once('error', reject);
        worker.once('exit', (code) => reject(new Error(`problems thread stopped with exit code ${code}`)));
        worker.once('message', (result: ProblemThreadResult) => {
          worker.removeAllListeners('exit');
          void worker.terminate();
          if ('error' in result) reject(new Error(result.error));
          else resolve(result);
        });
        worker.postMessage({ finish: [...townships].map((name) => [name, corpus.township(name)]) } satisfies ProblemThreadMessage);
      });
    },
    async close() {
      await worker.terminate();
    },
  };
}
