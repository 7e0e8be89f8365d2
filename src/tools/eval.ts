/**
 * `npm run eval`: runs the pipeline once over each evaluation corpus and scores the output against gold.
 *
 * Sets:
 *  - `dev`           ../shared/corpus-dev, gold in ../shared/eval/gold
 *  - `real`          ../shared/corpus-real, gold in test/eval/gold-real, minus the held-out fold (tuning fold)
 *  - `real_heldout`  the files listed in test/eval/gold-real/heldout.txt (scored apart; only totals are shown,
 *                    so that nobody tunes on its misses)
 *
 * Scores come from ../shared/eval/score.mjs (run on a temporary folder holding the set's gold files); the
 * share of gold-noise lines kept out (`noise_removed`), of gold-noise characters kept out (`noise_chars_removed`)
 * and of gold report characters lost (`text_chars_lost`) are computed here (src/tools/noise-score.ts) with the
 * scorer's character alignment.
 *
 * Usage: node dist/tools/eval.js [--json] [--shared DIR] [--keep DIR]
 *   --shared DIR  the shared folder (default: $ZONGJIE_SHARED, else ../shared from the working directory)
 *   --keep DIR    write the pipeline output under DIR instead of a temporary folder, and keep it
 *   --gold-real DIR  gold of corpus-real with its heldout.txt (default: test/eval/gold-real)
 *   --tuning      leave the held-out fold unscored (for runs made while tuning)
 *   --details     with --json: also the misses of dev and real (never of real_heldout)
 */
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCsv } from '../io/csv-parse.js';
import { noiseRemoved, type GoldFile } from './noise-score.js';
import { readHeldout, sharedFolder } from './dev-data.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');

/** The measures printed per set, in this order. */
export const MEASURES = [
  'reports',
  'section_accuracy',
  'section_macro_f1',
  'noise_removed',
  'noise_chars_removed',
  'text_chars_lost',
  'metadata_accuracy',
  'placeholder_recall',
  'placeholder_precision',
  'problem_recall',
  'problem_precision',
  'problems_per_matched_row',
  'label_recurrence',
  'largest_cluster_share',
] as const;

export type SetScores = Record<(typeof MEASURES)[number], number | null> & { details?: Record<string, unknown> };

function option(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

function runPipeline(corpus: string, out: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(repo, 'dist', 'cli.js'), 'analyze', corpus, '--out', out, '--no-bom'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`analyze ${corpus} exited ${code}: ${stderr}`))));
  });
}

function readGold(dir: string, files: readonly string[]): GoldFile[] {
  return files.map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as GoldFile);
}

/** Scores one set: score.mjs over a temporary gold folder holding `goldFiles`, plus noise_removed. */
function scoreSet(options: { scorer: string; goldDir: string; goldFiles: string[]; texts: string; out: string; work: string }): SetScores {
  const empty = Object.fromEntries(MEASURES.map((m) => [m, null])) as unknown as SetScores;
  if (options.goldFiles.length === 0) return { ...empty, reports: 0 };
  const goldDir = fs.mkdtempSync(path.join(options.work, 'gold-'));
  for (const f of options.goldFiles) fs.copyFileSync(path.join(options.goldDir, f), path.join(goldDir, f));
  const json = execFileSync(process.execPath, [options.scorer, options.out, '--gold', goldDir, '--texts', options.texts, '--json'], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const scored = JSON.parse(json) as Record<string, unknown>;
  const paragraphs = parseCsv(fs.readFileSync(path.join(options.out, 'paragraphs.csv'), 'utf8'));
  const golds = readGold(options.goldDir, options.goldFiles);
  const noise = noiseRemoved(golds, (file) => fs.readFileSync(path.join(options.texts, file), 'utf8'), paragraphs);
  const result = { ...empty } as SetScores;
  for (const m of MEASURES) {
    const v = m === 'noise_removed' ? noise.share : m === 'noise_chars_removed' ? noise.charShare : m === 'text_chars_lost' ? noise.textLost : scored[m];
    result[m] = typeof v === 'number' ? v : null;
  }
  result.details = {
    metadata_missed: scored.metadata_missed,
    noise_kept: noise.kept,
    section_f1: scored.section_f1,
    placeholder_missed: scored.placeholder_missed,
    placeholder_extra: scored.placeholder_extra,
    problem_missed: scored.problem_missed,
  };
  return result;
}

const pct = (x: number | null): string => (x === null ? 'n/a' : `${(100 * x).toFixed(1)}%`);

function printSet(name: string, s: SetScores, withDetails: boolean): void {
  console.log(`${name} (${s.reports} reports)`);
  for (const m of MEASURES) {
    if (m === 'reports') continue;
    const v = s[m];
    const shown = m === 'problems_per_matched_row' ? (v === null ? 'n/a' : v.toFixed(2)) : pct(v);
    console.log(`  ${m.padEnd(26)}${shown}`);
  }
  if (!withDetails || !s.details) return;
  const d = s.details as { metadata_missed?: string[]; noise_kept?: string[] };
  if (d.metadata_missed?.length) console.log(`  metadata wrong: ${d.metadata_missed.join(' | ')}`);
  if (d.noise_kept?.length) console.log(`  noise kept: ${d.noise_kept.slice(0, 20).join(' | ')}${d.noise_kept.length > 20 ? ' …' : ''}`);
}

/** Scores of the three sets. */
export interface EvalResult {
  dev: SetScores;
  real: SetScores;
  real_heldout: SetScores;
}

/** Runs the pipeline over both corpora and scores every set (see the file comment for the options). */
export async function evaluate(args: readonly string[]): Promise<EvalResult> {
  const shared = sharedFolder(option(args, '--shared'));
  const scorer = path.join(shared, 'eval', 'score.mjs');
  if (!fs.existsSync(scorer)) throw new Error(`no scorer at ${scorer} (point --shared or ZONGJIE_SHARED at the shared folder)`);
  const keep = option(args, '--keep');
  const work = keep ? path.resolve(keep) : fs.mkdtempSync(path.join(os.tmpdir(), 'zongjie-eval-'));
  fs.mkdirSync(work, { recursive: true });
  const devTexts = path.join(shared, 'corpus-dev');
  const realTexts = path.join(shared, 'corpus-real');
  const devGold = path.join(shared, 'eval', 'gold');
  const realGold = path.resolve(option(args, '--gold-real') ?? path.join(repo, 'test', 'eval', 'gold-real'));
  const heldout = new Set([...readHeldout(realGold)].map((file) => file.replace(/\.txt$/u, '')));
  const jsonIn = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort() : []);
  const realGoldFiles = jsonIn(realGold);
  const isHeldout = (f: string) => heldout.has(f.replace(/\.json$/u, ''));

  const devOut = path.join(work, 'dev');
  const realOut = path.join(work, 'real');
  // One run per corpus (both folds of corpus-real come from the same run); the two corpora in parallel.
  await Promise.all([runPipeline(devTexts, devOut), runPipeline(realTexts, realOut)]);

  const result = {
    dev: scoreSet({ scorer, goldDir: devGold, goldFiles: jsonIn(devGold), texts: devTexts, out: devOut, work }),
    real: scoreSet({ scorer, goldDir: realGold, goldFiles: realGoldFiles.filter((f) => !isHeldout(f)), texts: realTexts, out: realOut, work }),
    // --tuning: leave the held-out fold unscored (while tuning, its figures are not to be looked at)
    real_heldout: scoreSet({ scorer, goldDir: realGold, goldFiles: args.includes('--tuning') ? [] : realGoldFiles.filter(isHeldout), texts: realTexts, out: realOut, work }),
  };
  // Note: the held-out fold's misses are never shown, only its totals: tuning on them would spoil the fold.
  delete result.real_heldout.details;
  if (!keep) fs.rmSync(work, { recursive: true, force: true });
  return result;
}

export async function main(args: readonly string[]): Promise<void> {
  const result = await evaluate(args);
  if (args.includes('--json')) {
    const compact = Object.fromEntries(Object.entries(result).map(([k, v]) => [k, Object.fromEntries(MEASURES.map((m) => [m, v[m]]))]));
    if (args.includes('--details')) for (const k of ['dev', 'real'] as const) (compact[k] as Record<string, unknown>).details = result[k].details;
    console.log(JSON.stringify(compact, null, 2));
    return;
  }
  printSet('dev', result.dev, true);
  printSet('real (tuning fold)', result.real, true);
  printSet('real_heldout', result.real_heldout, false);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(`eval: ${(error as Error).message}`);
    process.exit(1);
  });
}
