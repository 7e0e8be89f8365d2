/**
 * Thread entry of the reuse step (see aggregate/reuse-thread.ts): collects the sources it is sent, and on
 * `finish` runs `reuseSources(...).finish` with the corpus's township spellings and posts the findings; with
 * `reuseCsv`, reuse.csv is written here as the passages are found.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { reuseSources, type ReuseStepOptions } from './aggregate/reuse-findings.js';
import type { ReuseThreadMessage, ReuseThreadResult } from './aggregate/reuse-thread.js';
import type { ReusePassage } from './aggregate/reuse.js';
import { errorMessage } from './pipeline.js';
import { openCsvFile, renderCsvRecords } from './emit/csv.js';
import { reuseTable } from './emit/tables/reuse.js';

/** Passages rendered at a time (few, so that they die young; see ROWS_PER_CHUNK in emit/table.ts). */
const PASSAGES_PER_CHUNK = 500;

/** reuse.csv written as the passages are found, a chunk at a time: its rows are never all held. */
function passageWriter(file: string, bom: boolean): { add(passages: ReusePassage[]): void; commit(): void; abort(): void } {
  const out = openCsvFile(file, reuseTable([]).columns, { bom });
  let pending: ReusePassage[] = [];
  const flush = () => {
    if (pending.length) out.write(renderCsvRecords(reuseTable(pending).rows));
    pending = [];
  };
  return {
    add(passages) {
      for (const p of passages) pending.push(p);
      if (pending.length >= PASSAGES_PER_CHUNK) flush();
    },
    commit() {
      flush();
      out.commit();
    },
    abort: () => out.abort(),
  };
}

if (parentPort) {
  const port = parentPort;
  const sources = reuseSources(workerData as ReuseStepOptions);
  port.on('message', (message: ReuseThreadMessage) => {
    if ('source' in message) {
      sources.add(message.source);
      return;
    }
    const spelling = new Map(message.finish);
    const started = performance.now();
    let result: ReuseThreadResult;
    try {
      const corpus = { township: (name: string) => spelling.get(name) ?? name };
      let findings;
      if (message.reuseCsv) {
        const writer = passageWriter(message.reuseCsv.file, message.reuseCsv.bom);
        try {
          findings = sources.finish(corpus, (passages) => writer.add(passages));
        } catch (error) {
          writer.abort();
          throw error;
        }
        writer.commit();
      } else findings = sources.finish(corpus);
      result = { findings, ms: performance.now() - started };
    } catch (error) {
      result = { error: errorMessage(error) };
    }
    port.postMessage(result);
  });
}
