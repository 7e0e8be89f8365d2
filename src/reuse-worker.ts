/**
 * Thread entry of the reuse step (see aggregate/reuse-thread.ts): collects the sources it is sent, and on
 * `finish` runs `reuseSources(...).finish` with the corpus's township spellings and posts the findings; with
 * `reuseCsv`, reuse.csv is written here as the passages are found.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { reuseSources, type ReuseStepOptions } from './aggregate/reuse-findings.js';
import { PostedSources, type ReuseThreadMessage, type ReuseThreadResult } from './aggregate/reuse-thread.js';
import type { ReusePassage } from './aggregate/reuse.js';
import { errorMessage } from './pipeline.js';
import { renderCsvHeader } from './emit/csv.js';
import { openAtomicFile } from './io/write-atomic.js';
import { ReuseRecords, reuseTable } from './emit/tables/reuse.js';

/** reuse.csv written as the passages are found, a chunk at a time: its rows are never all held. */
function passageWriter(file: string, bom: boolean): { add(passages: ReusePassage[]): void; flush(): void; commit(): void; abort(): void } {
  const out = openAtomicFile(file);
  out.write(renderCsvHeader(reuseTable([]).columns, { bom }));
  const records = new ReuseRecords((bytes) => out.write(bytes));
  return {
    add: (passages) => records.add(passages),
    /** writes the passages not yet written */
    flush: () => records.flush(),
    /** flushes the file to disk and renames it into place */
    commit() {
      records.flush();
      out.commit();
    },
    abort: () => out.abort(),
  };
}

if (parentPort) {
  const port = parentPort;
  const sources = reuseSources(workerData as ReuseStepOptions);
  const posted = new PostedSources();
  port.on('message', (message: ReuseThreadMessage) => {
    if ('source' in message) {
      sources.add(message.source);
      return;
    }
    if ('port' in message) {
      posted.connect(message.port);
      return;
    }
    if ('take' in message) {
      for (const id of message.take) sources.add(posted.take(id));
      return;
    }
    const spelling = new Map(message.finish);
    const started = performance.now();
    let result: ReuseThreadResult;
    let writer: ReturnType<typeof passageWriter> | undefined;
    try {
      const corpus = { township: (name: string) => spelling.get(name) ?? name };
      let findings;
      if (message.reuseCsv) {
        writer = passageWriter(message.reuseCsv.file, message.reuseCsv.bom);
        findings = sources.finish(corpus, (passages) => writer!.add(passages));
        writer.flush();
      } else findings = sources.finish(corpus);
      result = { findings, ms: performance.now() - started };
    } catch (error) {
      writer?.abort();
      writer = undefined;
      result = { error: errorMessage(error) };
    }
    port.postMessage(result satisfies ReuseThreadResult);
    if (!writer) return;
    // reuse.csv (≈ 400 MB at 20,000 reports) is flushed to disk after the findings are sent: the run writes
    // its other tables meanwhile and waits for this before it swaps the output folder in.
    try {
      writer.commit();
      port.postMessage({ reuseCsvWritten: true } satisfies ReuseThreadResult);
    } catch (error) {
      port.postMessage({ reuseCsvError: errorMessage(error) } satisfies ReuseThreadResult);
    }
  });
}
