/**
 * Thread entry of the reuse step (see aggregate/reuse-thread.ts): collects the sources it is sent, and on
 * `finish` runs `reuseSources(...).finish` with the corpus's township spellings and posts the findings; with
 * `reuseCsv`, reuse.csv is written here as the passages are found.
 */
import { parentPort, receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { reuseSources, type ReuseSource, type ReuseStepOptions } from './aggregate/reuse-findings.js';
import type { ReuseThreadMessage, ReuseThreadResult } from './aggregate/reuse-thread.js';
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

/**
 * The sources the analysis threads post on their channels, taken in the order the corpus steps name them
 * (`take`, a few reports a message). A thread posts a report's source before its record, so by the time its id is named here the
 * source is in its channel's queue: it is read from the queues synchronously (`receiveMessageOnPort`), the
 * sources met on the way kept until their turn (a thread has at most a few reports in flight).
 */
class PostedSources {
  private readonly ports: MessagePort[] = [];
  private readonly early = new Map<string, ReuseSource>();

  connect(port: MessagePort): void {
    this.ports.push(port);
  }

  /** The source of report `id`. */
  take(id: string): ReuseSource {
    const kept = this.early.get(id);
    if (kept) {
      this.early.delete(id);
      return kept;
    }
    // Note: a report analysed twice (its first thread stopped after posting it) has the same source both times.
    for (const port of this.ports) {
      for (let received = receiveMessageOnPort(port); received; received = receiveMessageOnPort(port)) {
        const source = received.message as ReuseSource;
        if (source.id === id) return source;
        this.early.set(source.id, source);
      }
    }
    throw new Error(`reuse: no source was posted for ${id}`);
  }
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
