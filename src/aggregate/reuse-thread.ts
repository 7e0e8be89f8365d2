import { Worker } from 'node:worker_threads';
import type { ReportRecord } from '../model/record.js';
import type { CorpusContext } from './accumulator.js';
import { reuseSourceOf, type ReuseFindings, type ReuseStepOptions } from './reuse-findings.js';

/** Messages to the reuse thread (src/reuse-worker.ts). */
export type ReuseThreadMessage =
  | { source: import('./reuse-findings.js').ReuseSource }
  /** every township spelling the thread was sent, with its corpus-wide display form */
  | { finish: [string, string][]; reuseCsv?: ReuseThreadOptions['reuseCsv'] };

/** How the reuse thread hands back its passages. */
export interface ReuseThreadOptions {
  /**
   * write reuse.csv here on the thread (rendered in chunks, never held as rows) and return no passages: the
   * biggest table of a large corpus then never crosses threads; default: return the passages
   */
  reuseCsv?: { file: string; bom: boolean };
}

/** The reuse thread's answer to `finish`. */
export type ReuseThreadResult = { findings: ReuseFindings; ms: number } | { error: string };

/** The reuse step on its own thread: `add` as `reuseFindings`, `finish` resolves when the thread is done. */
export interface ReuseThread {
  add(record: ReportRecord): void;
  /** starts the step on the thread and resolves with its findings (and the thread's time, ms) */
  finish(corpus: CorpusContext): Promise<{ findings: ReuseFindings; ms: number }>;
  /** stops the thread (after finish, or when the run fails) */
  close(): Promise<void>;
}

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
  return {
    add(record) {
      const source = reuseSourceOf(record);
      if (!source) return;
      townships.add(source.township);
      worker.postMessage({ source } satisfies ReuseThreadMessage);
    },
    finish(corpus) {
      return new Promise((resolve, reject) => {
        if (failure) return reject(failure);
        worker.once('error', reject);
        worker.once('exit', (code) => reject(new Error(`reuse thread stopped with exit code ${code}`)));
        worker.once('message', (result: ReuseThreadResult) => {
          // The thread's heap (every text, the fingerprints) is freed as soon as its findings are here.
          worker.removeAllListeners('exit');
          void worker.terminate();
          if ('error' in result) reject(new Error(result.error));
          else resolve(result);
        });
        worker.postMessage({ finish: [...townships].map((name) => [name, corpus.township(name)]), reuseCsv: threadOptions.reuseCsv } satisfies ReuseThreadMessage);
      });
    },
    async close() {
      await worker.terminate();
    },
  };
}
