/**
 * Thread entry of the reuse step (see aggregate/reuse-thread.ts): collects the sources it is sent, and on
 * `finish` runs `reuseSources(...).finish` with the corpus's township spellings and posts the findings.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { reuseSources, type ReuseStepOptions } from './aggregate/reuse-findings.js';
import type { ReuseThreadMessage, ReuseThreadResult } from './aggregate/reuse-thread.js';
import type { ReusePassage } from './aggregate/reuse.js';
import { errorMessage } from './pipeline.js';
import { openCsvFile, renderCsvRows } from './emit/csv.js';
import { reuseTable } from './emit/tables/reuse.js';

/** Passages formatted and written a chunk at a time, so their rows are never all held at once. */
function writePassages(file: string, passages: readonly ReusePassage[], bom: boolean): void {
  const CHUNK = 5000;
  const out = openCsvFile(file, reuseTable([]).columns, { bom });
  try {
    for (let i = 0; i < passages.length; i += CHUNK) out.write(renderCsvRows(reuseTable(passages.slice(i, i + CHUNK)).rows));
  } catch (error) {
    out.abort();
    throw error;
  }
  out.commit();
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
      const findings = sources.finish({ township: (name) => spelling.get(name) ?? name });
      if (message.reuseCsv && findings.passages) {
        writePassages(message.reuseCsv.file, findings.passages, message.reuseCsv.bom);
        delete findings.passages;
      }
      result = { findings, ms: performance.now() - started };
    } catch (error) {
      result = { error: errorMessage(error) };
    }
    port.postMessage(result);
  });
}
