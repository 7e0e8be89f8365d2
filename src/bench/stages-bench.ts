/**
 * One-thread benchmark of the per-report stages on the worker's code path: every file of a corpus is read
 * once into memory (reading is not timed), then analysed pass after pass as a worker of `zongjie analyze` does
 * it — the stages (`analyzeReport`), the reduction to a record and its rows (`reportOutputOf`, "reduce") and the
 * structured clone of the result that `postMessage` makes ("clone": serialisation in the worker and
 * deserialisation on the main thread, both here) — with each stage's CPU time (user + system of the process,
 * which runs one thread of JavaScript) summed over the corpus. The first pass warms up (jieba's dictionary
 * load, compiled code, per-token caches) and is not counted; each stage's figure is the median over the
 * passes after it.
 *
 * Usage: node dist/bench/stages-bench.js CORPUS [--passes N (default 3)] [--limit N] [--json FILE]
 */
import fs from 'node:fs';
import { walkCorpusWithProblems } from '../io/walk.js';
import { givenMetadata, readManifest } from '../io/manifest.js';
import { analyzeReport, failedDoc, readReport, reportIdOf, type ReadOutcome, type StageTimings } from '../pipeline.js';
import { reportOutputOf } from '../report-output.js';
import { workerContext } from '../analyze-worker.js';

/** CPU time of the process in milliseconds (user + system). */
export function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** The median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Per-stage CPU ms of one pass over the reports (stages, then `reduce` and `clone`). */
function runPass(outcomes: readonly { outcome: ReadOutcome; reportId: string }[], context: Awaited<ReturnType<typeof workerContext>>): StageTimings {
  const timings: StageTimings = {};
  for (const { outcome, reportId } of outcomes) {
    const doc = outcome.ok ? analyzeReport(outcome.report, context.resources, { ...context.analyze, timings, clock: cpuMs }) : failedDoc(outcome.report, outcome.diagnostic);
    let at = cpuMs();
    const result = reportOutputOf(doc, { ...context.reduce!, reportId });
    let now = cpuMs();
    timings.reduce = (timings.reduce ?? 0) + now - at;
    at = now;
    structuredClone(result);
    now = cpuMs();
    timings.clone = (timings.clone ?? 0) + now - at;
  }
  return timings;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const option = (name: string): string | undefined => {
    const at = args.indexOf(name);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const corpus = args.find((a, i) => !a.startsWith('--') && (i === 0 || !args[i - 1].startsWith('--')));
  if (!corpus) {
    console.error('usage: node dist/bench/stages-bench.js CORPUS [--passes N] [--limit N] [--json FILE]');
    process.exit(2);
  }
  const passes = Number(option('--passes') ?? 3);
  const limit = Number(option('--limit') ?? Infinity);
  const manifest = readManifest(corpus);
  const files = walkCorpusWithProblems(corpus).files.slice(0, limit);
  const outcomes: { outcome: ReadOutcome; reportId: string }[] = [];
  let bytes = 0;
  for (const file of files) {
    const outcome = await readReport(file.absPath, file.relPath, { given: givenMetadata(file.relPath, manifest) });
    bytes += outcome.report.bytes;
    outcomes.push({ outcome, reportId: reportIdOf(file.relPath) });
  }
  const context = await workerContext({ collectTimings: false, output: { keepParagraphRows: false } });
  runPass(outcomes, context); // warm-up: jieba's dictionary, compiled code, caches
  const perPass: StageTimings[] = [];
  for (let p = 0; p < passes; p++) perPass.push(runPass(outcomes, context));
  const stages = Object.keys(perPass[0]);
  const medians: StageTimings = {};
  for (const stage of stages) medians[stage] = median(perPass.map((t) => t[stage] ?? 0));
  const others = stages.filter((s) => s !== 'segment').reduce((sum, s) => sum + medians[s], 0);
  console.log(`${files.length} reports, ${(bytes / 1e6).toFixed(1)} MB, ${passes} passes after a warm-up; CPU ms per pass (median, then each pass)`);
  for (const stage of stages) {
    console.log(`  ${stage.padEnd(13)} ${medians[stage].toFixed(0).padStart(7)}   ${perPass.map((t) => (t[stage] ?? 0).toFixed(0)).join(' ')}`);
  }
  console.log(`  ${'others'.padEnd(13)} ${others.toFixed(0).padStart(7)}   (every stage but segment, reduce and clone included)`);
  console.log(`others / segment: ${(others / medians.segment).toFixed(2)}`);
  const json = option('--json');
  if (json) fs.writeFileSync(json, JSON.stringify({ reports: files.length, bytes, passes: perPass, medians, othersOverSegment: others / medians.segment }, null, 2));
}

await main();
