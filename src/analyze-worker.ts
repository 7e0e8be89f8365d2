/**
 * Worker-thread entry: loads the data files and jieba once, then analyses the files it is sent.
 * Messages in: `AnalyzeJob`; messages out: `{ index, doc }`. The Doc crosses threads by structured clone.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadResources, type ResourceOptions } from './data/resources.js';
import { analyzeFile, type ReadOptions } from './pipeline.js';

/** One file to analyse. */
export interface AnalyzeJob {
  index: number;
  absPath: string;
  relPath: string;
  options: ReadOptions;
}

if (parentPort) {
  const port = parentPort;
  const resources = loadResources(workerData as ResourceOptions);
  port.on('message', (job: AnalyzeJob) => {
    void analyzeFile(job.absPath, job.relPath, resources, job.options).then((doc) => port.postMessage({ index: job.index, doc }));
  });
}
