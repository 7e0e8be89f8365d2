/**
 * Thread entry of the reuse step (see aggregate/reuse-thread.ts): collects the sources it is sent, and on
 * `finish` runs `reuseSources(...).finish` with the corpus's township spellings and posts the findings.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { reuseSources, type ReuseStepOptions } from './aggregate/reuse-findings.js';
import type { ReuseThreadMessage, ReuseThreadResult } from './aggregate/reuse-thread.js';
import { errorMessage } from './pipeline.js';

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
      result = { findings, ms: performance.now() - started };
    } catch (error) {
      result = { error: errorMessage(error) };
    }
    port.postMessage(result);
  });
}
