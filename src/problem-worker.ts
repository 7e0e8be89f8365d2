/**
 * Thread entry of the problems step (see aggregate/problem-thread.ts): adds the records it is sent to
 * `problemClusters`, and on `finish` clusters them with the corpus's township spellings and posts the result.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { problemClusters } from './aggregate/problem-clusters.js';
import type { ProblemThreadMessage, ProblemThreadResult } from './aggregate/problem-thread.js';
import type { ReportRecord } from './model/record.js';
import { errorMessage } from './pipeline.js';

if (parentPort) {
  const port = parentPort;
  const step = problemClusters(workerData as { threshold?: number });
  port.on('message', (message: ProblemThreadMessage) => {
    if ('record' in message) {
      // Note: the record holds only what `problemClusters` reads (ProblemRecord).
      step.add(message.record as ReportRecord);
      return;
    }
    const spelling = new Map(message.finish);
    const started = performance.now();
    let result: ProblemThreadResult;
    try {
      result = { clusters: step.finish({ township: (name) => spelling.get(name) ?? name }), ms: performance.now() - started };
    } catch (error) {
      result = { error: errorMessage(error) };
    }
    port.postMessage(result);
  });
}
