/**
 * Thread entry of the reuse step (see aggregate/reuse-thread.ts): collects the sources it is sent, and on
 * `finish` runs `reuseSources(...).finish` with the corpus's township spellings and posts the findings; with
 * `reuseCsv`, reuse.csv is written here as the passages are found; with `reusePairsCsv`, reuse_pairs.csv is
 * written here after the findings are posted.
 */
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { reuseSources, type ReuseStepOptions } from './aggregate/reuse-findings.js';
import { PostedSources, type ReuseThreadMessage, type ReuseThreadResult } from './aggregate/reuse-thread.js';
import type { ReusePair, ReusePassage } from './aggregate/reuse.js';
import { errorMessage } from './pipeline.js';
import { renderCsvHeader, writeTable, type CsvOptions } from './emit/csv.js';
import { openAtomicFile } from './io/write-atomic.js';
import { ReuseRecords, reuseTable } from './emit/tables/reuse.js';
import { reusePairsTable } from './emit/tables/reuse-pairs.js';

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

/** Writes reuse_pairs.csv at `file` (in the staging folder), atomically, as the calling thread would have. */
function writePairs(file: string, pairs: readonly ReusePair[], options: CsvOptions): void {
  writeTable(path.dirname(file), { ...reusePairsTable(pairs), file: path.basename(file) }, options);
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
    /** the pairs, kept here for reuse_pairs.csv and not sent */
    let pairs: ReusePair[] | undefined;
    try {
      const corpus = { township: (name: string) => spelling.get(name) ?? name };
      let findings;
      if (message.reuseCsv) {
        writer = passageWriter(message.reuseCsv.file, message.reuseCsv.bom);
        findings = sources.finish(corpus, (passages) => writer!.add(passages));
        writer.flush();
      } else findings = sources.finish(corpus);
      // The pairs stay here for reuse_pairs.csv: the findings go without them.
      if (message.reusePairsCsv) ({ pairs, ...findings } = findings);
      result = { findings, ms: performance.now() - started };
    } catch (error) {
      writer?.abort();
      writer = undefined;
      pairs = undefined;
      result = { error: errorMessage(error) };
    }
    port.postMessage(result satisfies ReuseThreadResult);
    if (!writer && !pairs) return;
    // reuse_pairs.csv is rendered and written, and reuse.csv (≈ 400 MB at 20,000 reports) flushed to disk, after
    // the findings are sent: the run writes its other tables meanwhile and waits for this before it swaps the
    // output folder in.
    try {
      if (pairs) writePairs(message.reusePairsCsv!.file, pairs, { bom: message.reusePairsCsv!.bom });
      writer?.commit();
      port.postMessage({ reuseCsvWritten: true } satisfies ReuseThreadResult);
    } catch (error) {
      writer?.abort();
      port.postMessage({ reuseCsvError: errorMessage(error) } satisfies ReuseThreadResult);
    }
  });
}
