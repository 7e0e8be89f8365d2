/**
 * `npm run bench`: builds a synthetic corpus from the bundled reports and measures, on the same texts,
 * the whole pipeline (as a child process, with its peak RSS and per-stage times), bare single-thread
 * `nodejieba.cut`, and Python jieba (`jieba.lcut`) when /usr/bin/python3 can import it; then, when the
 * recurring-problems aggregate is present, problem clustering of 10,000 and 50,000 statements.
 *
 * Options: --reports N[,N…] (default 2000,20000: the ratio at each size), --jobs N (default: cores), --keep (keep the synthetic corpus),
 * --out DIR (pipeline tables; default a temp dir), --seed N, --no-python, --no-cluster, --formula-share S,
 * --rounds N (default 1: the pipeline and bare `cut` measured N times in turn; the ratio's median and range).
 *
 * Note: on a shared host the speed of bare `cut` (one native thread) has swung 1.6× within minutes, so one pair of
 * runs can put the ratio anywhere from 0.75× to 1.18×; rounds in turn give each ratio from runs minutes apart.
 *
 * Note: every synthetic report derives from one of the five bundled reports, so each of their passages recurs in
 * a fifth of the corpus, just at the pipeline's default formula share (0.2, "more than" is formula): the hardest
 * case for passage reuse, whose output is bounded by linking widely shared passages to their earliest report.
 * The bench runs the pipeline with its defaults; --formula-share S overrides.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import nodejieba from 'nodejieba';
import { loadResources } from '../data/resources.js';
import { analyzeReport } from '../pipeline.js';
import { defaultJobs } from '../worker-pool.js';
import { seededRandom, synthesizeReport, sentenceProblems, type BaseReport } from './synthetic.js';
import type { Doc } from '../model/report.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(ROOT, 'dist/cli.js');
const PYTHON = '/usr/bin/python3';

interface BenchOptions {
  /** corpus sizes, each measured in turn */
  reports: number[];
  jobs: number;
  keep: boolean;
  out?: string;
  seed: number;
  python: boolean;
  cluster: boolean;
  /** passed to the pipeline as --formula-share (see below) */
  formulaShare: number;
  /** how many times the pipeline and bare `cut` are measured in turn on each corpus */
  rounds: number;
}

function parseArgs(argv: readonly string[]): BenchOptions {
  const options: BenchOptions = { reports: [2000, 20000], jobs: defaultJobs(), keep: false, seed: 20240601, python: true, cluster: true, formulaShare: 0.2, rounds: 1 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    const count = () => {
      const n = Number(value());
      if (!Number.isInteger(n) || n <= 0) throw new Error(`${arg} expects a positive whole number`);
      return n;
    };
    if (arg === '--reports') {
      options.reports = value().split(',').map(Number);
      if (!options.reports.every((n) => Number.isInteger(n) && n > 0)) throw new Error('--reports expects positive whole numbers, comma-separated');
    }
    else if (arg === '--jobs' || arg === '-j') options.jobs = count();
    else if (arg === '--seed') options.seed = count();
    else if (arg === '--out') options.out = value();
    else if (arg === '--formula-share') options.formulaShare = Number(value());
    else if (arg === '--rounds') options.rounds = count();
    else if (arg === '--keep') options.keep = true;
    else if (arg === '--no-python') options.python = false;
    else if (arg === '--no-cluster') options.cluster = false;
    else throw new Error(`unknown option ${arg}`);
  }
  return options;
}

const log = (line: string) => process.stdout.write(`${line}\n`);
const mb = (bytes: number) => bytes / 1e6;
const fixed = (n: number, digits = 1) => n.toFixed(digits);

/** The bundled reports, analysed once to learn each one's township and problem sentences. */
function loadBases(): { bases: BaseReport[]; docs: Doc[] } {
  const corpusDir = path.join(ROOT, 'corpus');
  const resources = loadResources();
  const files = fs.readdirSync(corpusDir).filter((f) => f.endsWith('.txt')).sort();
  const docs = files.map((file) => {
    const raw = fs.readFileSync(path.join(corpusDir, file), 'utf8');
    return analyzeReport({ id: file, source: file, format: 'txt', encoding: 'utf-8', bytes: Buffer.byteLength(raw), raw, given: {} }, resources);
  });
  const bases = docs.map((doc) => ({ text: doc.report.raw, township: doc.meta.township.replace(/(镇|乡|街道)$/u, '') }));
  return { bases, docs };
}

/** Writes `count` synthetic reports into `dir`; returns their paths and total size in bytes. */
function writeCorpus(dir: string, bases: readonly BaseReport[], count: number, seed: number): { files: string[]; bytes: number } {
  const random = seededRandom(seed);
  const files: string[] = [];
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const text = synthesizeReport(bases[i % bases.length], random);
    const sub = path.join(dir, String(Math.floor(i / 1000)).padStart(3, '0'));
    if (i % 1000 === 0) fs.mkdirSync(sub, { recursive: true });
    const file = path.join(sub, `${String(i).padStart(6, '0')}.txt`);
    fs.writeFileSync(file, text);
    files.push(file);
    bytes += Buffer.byteLength(text);
  }
  return { files, bytes };
}

interface PipelineResult {
  wallMs: number;
  maxRssBytes: number;
  stages: Record<string, number>;
}

/** Runs the CLI on the corpus as a child process; peak RSS from the CLI's own rusage (threads included). */
async function runPipeline(corpus: string, out: string, jobs: number, timingsFile: string, formulaShare: number): Promise<PipelineResult> {
  const started = performance.now();
  const args = [CLI, 'analyze', corpus, '--out', out, '--jobs', String(jobs), '--timings', timingsFile, '--formula-share', String(formulaShare)];
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  // Cross-check: poll the child's VmHWM while it runs (it is gone by the time it exits).
  let polledHwm = 0;
  const poll = setInterval(() => {
    try {
      const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = Number(/VmHWM:\s+(\d+)/u.exec(status)?.[1] ?? 0);
      polledHwm = Math.max(polledHwm, kb * 1024);
    } catch {
      // the child has exited
    }
  }, 100);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearInterval(poll);
  const wallMs = performance.now() - started;
  if (code !== 0) throw new Error(`pipeline exited with ${code}: ${stderr}`);
  const reported = JSON.parse(fs.readFileSync(timingsFile, 'utf8')) as PipelineResult;
  return { wallMs, maxRssBytes: Math.max(reported.maxRssBytes, polledHwm), stages: reported.stages };
}

/** Bare `nodejieba.cut(text, true)` over each file's whole text on this thread; reading is not timed. */
function runNodejieba(files: readonly string[], userDict: string): { loadMs: number; cutMs: number } {
  const loadStarted = performance.now();
  nodejieba.load({ userDict });
  const loadMs = performance.now() - loadStarted;
  nodejieba.cut('预热一下分词器。', true);
  return { loadMs, cutMs: timeNodejieba(files) };
}

/** Milliseconds of bare `nodejieba.cut(text, true)` over each file's whole text (dictionary loaded). */
function timeNodejieba(files: readonly string[]): number {
  let cutMs = 0;
  let words = 0;
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const started = performance.now();
    words += nodejieba.cut(text, true).length;
    cutMs += performance.now() - started;
  }
  if (words === 0) throw new Error('nodejieba cut no words');
  return cutMs;
}

const PYTHON_SCRIPT = `
import sys, time, json
t0 = time.perf_counter()
import jieba
jieba.setLogLevel(60)
jieba.initialize()
jieba.lcut("预热一下分词器。")
load = time.perf_counter() - t0
cut = 0.0
words = 0
for name in open(sys.argv[1], encoding="utf-8").read().split("\\n"):
    if not name:
        continue
    text = open(name, encoding="utf-8").read()
    t = time.perf_counter()
    words += len(jieba.lcut(text))
    cut += time.perf_counter() - t
print(json.dumps({"loadMs": load * 1000, "cutMs": cut * 1000, "words": words}))
`;

/** Python jieba's `lcut` over the same files, its dictionary load excluded; null when jieba is not importable. */
function runPythonJieba(files: readonly string[], workDir: string): { loadMs: number; cutMs: number } | null {
  if (!fs.existsSync(PYTHON) || spawnSync(PYTHON, ['-c', 'import jieba'], { stdio: 'ignore' }).status !== 0) return null;
  const listFile = path.join(workDir, 'files.txt');
  const scriptFile = path.join(workDir, 'lcut.py');
  fs.writeFileSync(listFile, files.join('\n'));
  fs.writeFileSync(scriptFile, PYTHON_SCRIPT);
  const result = spawnSync(PYTHON, [scriptFile, listFile], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (result.status !== 0) throw new Error(`python jieba failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').pop()!) as { loadMs: number; cutMs: number };
}

/** The shape of the recurring-problems aggregate this bench calls, when it is present. */
interface ClusterModule {
  clusterProblems(
    items: { key: string; reportId: string; township: string; year: number | null; headline: string; words: string[] }[],
    options: { threshold: number },
  ): { clusters: unknown[] };
}

/**
 * Hook for the problem-clustering target: loads src/aggregate/recurring-problems.ts when it exists and clusters
 * `counts` synthetic statements made from the problems parts of the bundled reports (words of a real problem
 * sentence, about a third of them swapped for other problem words). Returns null when the aggregate is absent.
 */
async function benchClustering(docs: readonly Doc[], counts: readonly number[], seed: number): Promise<{ count: number; ms: number; clusters: number }[] | null> {
  const modulePath = '../aggregate/recurring-problems.js';
  let cluster: ClusterModule;
  try {
    cluster = (await import(modulePath)) as ClusterModule;
  } catch {
    return null;
  }
  if (typeof cluster.clusterProblems !== 'function') return null;
  const sentences: string[][] = [];
  for (const doc of docs) {
    for (const p of doc.paragraphs) {
      if (p.section !== 'problems') continue;
      for (const sentence of doc.text.slice(p.start, p.end).split(/[。；;！？]/u)) {
        const words = nodejieba.cut(sentence, true).filter((w) => w.trim() !== '');
        if (words.length >= 4) sentences.push(words);
      }
    }
  }
  if (sentences.length === 0) return null;
  const out: { count: number; ms: number; clusters: number }[] = [];
  for (const count of counts) {
    const items = sentenceProblems(sentences, count, seed);
    const started = performance.now();
    const result = cluster.clusterProblems(items, { threshold: 0.25 });
    out.push({ count, ms: performance.now() - started, clusters: result.clusters.length });
  }
  return out;
}

function machineLines(): string[] {
  const lscpu = spawnSync('lscpu', { encoding: 'utf8' });
  const model = /Model name:\s*(.+)/u.exec(lscpu.stdout ?? '')?.[1]?.trim() ?? os.cpus()[0]?.model ?? '?';
  return [`machine: ${os.availableParallelism?.() ?? os.cpus().length} cores (${model}), ${fixed(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`];
}

/** Stage shares of a pipeline run: per-report stages against segmentation, and the corpus steps. */
function logStages(stages: Record<string, number>): void {
  // `tail` (last record to the end of the run) is a span of the whole run, not a stage of each report.
  const corpusSteps = (name: string) => name === 'aggregate' || name === 'write' || name === 'tail' || name.startsWith('aggregate:');
  // Note: `read` is wall time from the start of a file's read to its end, which includes waiting for the
  // worker's event loop while the previous file is analysed; it is shown but left out of the shares.
  const perReport = Object.entries(stages).filter(([name]) => !corpusSteps(name) && name !== 'read');
  const total = perReport.reduce((sum, [, ms]) => sum + ms, 0);
  log('per-report stages (ms summed over reports and threads; share of their sum):');
  for (const [stage, ms] of perReport.sort((a, b) => b[1] - a[1])) log(`  ${stage.padEnd(14)} ${fixed(ms, 0).padStart(9)} ms  ${fixed((100 * ms) / total).padStart(5)}%`);
  const segment = stages.segment ?? 0;
  if (segment > 0) log(`  other per-report stages / segment: ${fixed((total - segment) / segment, 2)}  (target < 0.33)`);
  if (stages.read !== undefined) log(`  read (wall, includes waiting): ${fixed(stages.read, 0)} ms`);
  log('corpus steps (ms, main thread unless noted):');
  for (const [stage, ms] of Object.entries(stages).filter(([name]) => corpusSteps(name))) {
    log(`  ${stage.padEnd(22)} ${fixed(ms, 0).padStart(9)} ms${stage === 'aggregate:reuse' ? '  (on its own thread when the run uses workers)' : stage === 'tail' ? '  (wall, last record to the end of the run)' : ''}`);
  }
}

/**
 * Rounds 2 … `options.rounds` of the pipeline then bare `cut` on the same files, and the ratio's median and range
 * over all rounds (`firstRatio`: the first round's). The ratio of a round is bare `cut`'s time over the pipeline's
 * wall time (the same bytes: the throughputs' ratio).
 */
async function moreRounds(options: BenchOptions, count: number, corpusDir: string, outDir: string, files: readonly string[], firstRatio: number): Promise<void> {
  const ratios = [firstRatio];
  log(`rounds in turn (pipeline, then nodejieba.cut): round 1 ratio ${fixed(ratios[0], 2)}×`);
  for (let round = 2; round <= options.rounds; round++) {
    const pipeline = await runPipeline(corpusDir, outDir, options.jobs, path.join(path.dirname(corpusDir), `timings-${count}-round.json`), options.formulaShare);
    const cutMs = timeNodejieba(files);
    ratios.push(cutMs / pipeline.wallMs);
    log(`  round ${round}: pipeline ${fixed(pipeline.wallMs / 1000, 2)} s, nodejieba.cut ${fixed(cutMs / 1000, 2)} s → ${fixed(ratios[ratios.length - 1], 2)}×`);
  }
  const sorted = [...ratios].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  const median = sorted.length % 2 === 1 ? sorted[Math.floor(middle)] : (sorted[middle - 1] + sorted[middle]) / 2;
  log(`ratio pipeline / nodejieba.cut at ${count} reports, median of ${ratios.length} rounds: ${fixed(median, 2)}×  (${fixed(sorted[0], 2)}–${fixed(sorted[sorted.length - 1], 2)}; target ≥ 1)`);
}

/** Builds one corpus of `count` reports and measures the pipeline and the baselines on it. */
async function benchSize(options: BenchOptions, count: number, bases: readonly BaseReport[], workDir: string): Promise<void> {
  const corpusDir = path.join(workDir, `corpus-${count}`);
  const outDir = path.resolve(options.out ? (options.reports.length > 1 ? path.join(options.out, String(count)) : options.out) : path.join(workDir, `out-${count}`));
  try {
    const { files, bytes } = writeCorpus(corpusDir, bases, count, options.seed);
    log(`corpus: ${count} synthetic reports, ${fixed(mb(bytes))} MB (seed ${options.seed}) in ${corpusDir}`);

    const pipeline = await runPipeline(corpusDir, outDir, options.jobs, path.join(workDir, `timings-${count}.json`), options.formulaShare);
    const pipelineRate = mb(bytes) / (pipeline.wallMs / 1000);
    log(`pipeline (--jobs ${options.jobs} --formula-share ${options.formulaShare}, whole run incl. start-up and jieba load): ${fixed(pipeline.wallMs / 1000, 2)} s, ${fixed(pipelineRate, 2)} MB/s, peak RSS ${fixed(pipeline.maxRssBytes / 2 ** 20, 0)} MiB`);

    const userDict = path.join(ROOT, 'data/user-dict.txt');
    const bare = runNodejieba(files, userDict);
    const bareRate = mb(bytes) / (bare.cutMs / 1000);
    log(`nodejieba.cut, 1 thread: ${fixed(bare.cutMs / 1000, 2)} s, ${fixed(bareRate, 2)} MB/s (dictionary load ${fixed(bare.loadMs, 0)} ms, not counted)`);

    const python = options.python ? runPythonJieba(files, workDir) : null;
    const pythonRate = python ? mb(bytes) / (python.cutMs / 1000) : null;
    if (python) log(`python jieba.lcut, 1 thread: ${fixed(python.cutMs / 1000, 2)} s, ${fixed(pythonRate!, 2)} MB/s (load ${fixed(python.loadMs, 0)} ms, not counted)`);
    else log(`python jieba: ${options.python ? `not importable by ${PYTHON} (apt-get install python3-jieba)` : 'skipped (--no-python)'}`);

    log(`ratio pipeline / nodejieba.cut at ${count} reports: ${fixed(pipelineRate / bareRate, 2)}×  (target ≥ 1)`);
    if (pythonRate) log(`ratio pipeline / python jieba: ${fixed(pipelineRate / pythonRate, 2)}×  (target ≥ 7)`);
    logStages(pipeline.stages);
    if (options.rounds > 1) await moreRounds(options, count, corpusDir, outDir, files, bare.cutMs / pipeline.wallMs);
  } finally {
    if (options.keep) log(`kept: ${corpusDir}`);
    else fs.rmSync(corpusDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zongjie-bench-'));
  try {
    for (const line of machineLines()) log(line);
    const { bases, docs } = loadBases();
    for (const count of options.reports) await benchSize(options, count, bases, workDir);

    if (options.cluster) {
      const clustering = await benchClustering(docs, [10_000, 50_000], options.seed);
      if (!clustering) log('problem clustering: src/aggregate/recurring-problems.ts (clusterProblems) not present; skipped');
      else {
        for (const c of clustering) log(`problem clustering, ${c.count} statements: ${fixed(c.ms / 1000, 2)} s, ${c.clusters} clusters`);
        const [small, large] = clustering;
        log(`  growth 10k→50k: ${fixed(large.ms / small.ms, 2)}× for 5× the statements (target < 20 s at 50k, near-linear)`);
      }
    }
  } finally {
    if (!options.out && !options.keep) fs.rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  process.stderr.write(`bench: ${error.message}\n`);
  process.exitCode = 1;
});
