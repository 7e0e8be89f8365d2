/**
 * Learns data/noise-weights.tsv, the weights of the furniture line model (src/stages/line-model.ts), from
 * labelled lines: every line of the gold-labelled dev reports (../shared/eval/gold) and of the corpus-real
 * tuning fold (test/eval/gold-real minus heldout.txt), labelled noise when the gold calls most of its
 * characters noise, plus the hand-written lines of data/section-training.tsv (each as a one-line page).
 *
 * Usage: node dist/tools/train-noise.js [--shared DIR] [--out FILE] [--cv]
 *   --cv  also print a leave-one-report-out estimate over the real tuning fold (lines called furniture at the
 *         threshold clean.ts uses), instead of only writing the weights
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { goldNoiseMask, norm, type GoldFile } from './noise-score.js';
import { lineContexts, lineShapeFeatures, trainLineModel, furnitureProbability, type LineModel } from '../stages/line-model.js';
import { loadSiteWords } from '../data/noise-blocks.js';
import { readDataTsv } from '../data/load.js';
import { siteWordScore, LINE_MODEL_THRESHOLD, modelMayJudge } from '../stages/clean.js';
import { readHeldout, sharedFolder } from './dev-data.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');

export interface Example {
  /** the gold file name, `section-training` or `noise-training-pages` */
  report: string;
  line: string;
  features: string[];
  noise: boolean;
}

/** The labelled lines of one gold report. */
function examplesOf(text: string, gold: GoldFile, siteScore: (line: string) => number): Example[] {
  const raw = norm(text);
  const mask = goldNoiseMask(raw, gold);
  const lines = text.split('\n').map((l) => l.trim());
  const contexts = lineContexts(lines, siteScore);
  const out: Example[] = [];
  let at = 0;
  lines.forEach((line, i) => {
    const n = norm(line);
    const context = contexts[i];
    if (!n || !context) return;
    const start = raw.indexOf(n, at);
    if (start < 0) return;
    at = start + n.length;
    let noise = 0;
    for (let k = start; k < at; k++) if (mask[k]) noise++;
    out.push({ report: gold.file, line, features: lineShapeFeatures(line, context), noise: noise * 2 > n.length });
  });
  return out;
}

/**
 * The self-written pages of data/noise-training-pages.tsv: rows `noise|text <TAB> line`, a row `page` starting
 * each page, so that the lines get their position on a page of their own.
 */
function writtenPages(siteScore: (line: string) => number): Example[] {
  const pages: { noise: boolean; line: string }[][] = [];
  for (const { fields } of readDataTsv('noise-training-pages.tsv', 1)) {
    if (fields[0] === 'page' || pages.length === 0) pages.push([]);
    if (fields[0] === 'page') continue;
    if (fields[0] !== 'noise' && fields[0] !== 'text') throw new Error(`noise-training-pages.tsv: unknown label "${fields[0]}"`);
    pages[pages.length - 1].push({ noise: fields[0] === 'noise', line: (fields[1] ?? '').trim() });
  }
  return pages.flatMap((page, k) => {
    const lines = page.map((p) => p.line);
    const contexts = lineContexts(lines, siteScore);
    return page.flatMap((p, i) => (contexts[i] ? [{ report: `noise-training-pages#${k + 1}`, line: p.line, features: lineShapeFeatures(p.line, contexts[i]!), noise: p.noise }] : []));
  });
}

/** Every labelled line: dev gold, corpus-real tuning-fold gold, data/section-training.tsv, data/noise-training-pages.tsv. */
export function collect(shared: string): Example[] {
  const siteWords = loadSiteWords();
  const siteScore = (line: string) => siteWordScore(line, siteWords);
  const examples: Example[] = [];
  const devGold = path.join(shared, 'eval', 'gold');
  for (const f of fs.readdirSync(devGold).filter((f) => f.endsWith('.json')).sort()) {
    const gold = JSON.parse(fs.readFileSync(path.join(devGold, f), 'utf8')) as GoldFile;
    examples.push(...examplesOf(fs.readFileSync(path.join(shared, 'corpus-dev', gold.file), 'utf8'), gold, siteScore));
  }
  const realGold = path.join(repo, 'test', 'eval', 'gold-real');
  const heldout = readHeldout(realGold);
  for (const f of fs.readdirSync(realGold).filter((f) => f.endsWith('.json')).sort()) {
    if (heldout.has(f.replace(/\.json$/u, '.txt'))) continue; // never train on the held-out fold
    const gold = JSON.parse(fs.readFileSync(path.join(realGold, f), 'utf8')) as GoldFile;
    examples.push(...examplesOf(fs.readFileSync(path.join(shared, 'corpus-real', gold.file), 'utf8'), gold, siteScore));
  }
  for (const { fields } of readDataTsv('section-training.tsv', 2)) {
    const line = fields[1].trim();
    const [context] = lineContexts([line], siteScore);
    // Note: a training sentence stands alone, so its position features say "top and bottom"; only its shape counts.
    examples.push({ report: 'section-training', line, features: lineShapeFeatures(line, context!).filter((f) => !/^(top|bottom)/u.test(f)), noise: fields[0] === 'noise' });
  }
  examples.push(...writtenPages(siteScore));
  return examples;
}

export function formatWeights(model: LineModel, examples: number): string {
  const lines = [
    '# Weights of the furniture line model (src/stages/line-model.ts), learned by src/tools/train-noise.ts from',
    `# ${examples} labelled lines (dev gold, corpus-real tuning-fold gold, data/section-training.tsv,`,
    '# data/noise-training-pages.tsv). Do not edit by hand:',
    '# run `npm run build && node dist/tools/train-noise.js` after changing the features or the labelled lines.',
    '# feature <TAB> weight; the line `bias` is the intercept.',
    `bias\t${model.bias.toFixed(4)}`,
  ];
  for (const [f, w] of [...model.weights].sort((a, b) => (a[0] < b[0] ? -1 : 1))) lines.push(`${f}\t${w.toFixed(4)}`);
  return lines.join('\n') + '\n';
}

function main(args: readonly string[]): void {
  const opt = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const shared = sharedFolder(opt('--shared'));
  const examples = collect(shared);
  if (args.includes('--cv')) {
    const reports = [...new Set(examples.filter((e) => e.report.endsWith('.txt') && !/^\d{3}_/u.test(e.report)).map((e) => e.report))];
    const thresholds = [0.8, 0.9, 0.95, LINE_MODEL_THRESHOLD];
    const tally = thresholds.map(() => ({ tp: 0, fp: 0, fn: 0 }));
    for (const report of reports) {
      const model = trainLineModel(examples.filter((e) => e.report !== report));
      for (const e of examples.filter((x) => x.report === report)) {
        const p = modelMayJudge(e.line, e.features) ? furnitureProbability(model, e.features) : 0;
        thresholds.forEach((t, k) => {
          const called = p >= t;
          if (called && e.noise) tally[k].tp++;
          else if (called) tally[k].fp++;
          else if (e.noise) tally[k].fn++;
        });
      }
    }
    thresholds.forEach((t, k) => {
      const { tp, fp, fn } = tally[k];
      console.log(`leave-one-report-out over ${reports.length} reports, p >= ${t}: furniture lines caught ${tp}/${tp + fn}, text lines called furniture ${fp}`);
    });
  }
  const out = opt('--out') ?? path.join(repo, 'data', 'noise-weights.tsv');
  fs.writeFileSync(out, formatWeights(trainLineModel(examples), examples.length));
  console.log(`wrote ${out} from ${examples.length} lines (${examples.filter((e) => e.noise).length} furniture)`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
