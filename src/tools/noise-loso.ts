/**
 * Leave-one-site-out estimate of page-furniture removal: for each site of the corpus-real tuning fold (the host
 * of the report's address in ../shared/corpus-real.sources.csv) and for the dev set, the furniture line model is
 * retrained without that site's reports, the pipeline runs over the site's reports with that model, and the
 * site's noise is scored as `npm run eval` scores it (src/tools/noise-score.ts). The held-out fold is never read.
 *
 * Note: only the learned model is retrained; the rules of data/noise-*.txt|tsv were written having seen every
 * tuning-fold site, so for the rules this is an in-sample figure.
 *
 * Usage: node dist/tools/noise-loso.js [--shared DIR] [--details]
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadResources } from '../data/resources.js';
import { analyzeReport, readReport } from '../pipeline.js';
import { furnitureProbability, trainLineModel } from '../stages/line-model.js';
import { LINE_MODEL_THRESHOLD, modelMayJudge } from '../stages/clean.js';
import { collect } from './train-noise.js';
import { addTally, noiseShares, scoreReport, type GoldFile, type NoiseTally } from './noise-score.js';
import { readHeldout, sharedFolder } from './dev-data.js';

/** Thresholds at which the model alone is also scored, to choose LINE_MODEL_THRESHOLD. */
const SWEEP = [0.8, 0.85, 0.9, 0.95];

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');

/** The host of each corpus-real file's source address. */
function sitesOf(shared: string): Map<string, string> {
  const [head, ...rows] = fs.readFileSync(path.join(shared, 'corpus-real.sources.csv'), 'utf8').trim().split('\n');
  const cols = head.split(',');
  const [fileCol, urlCol] = [cols.indexOf('file'), cols.indexOf('source_url')];
  return new Map(rows.map((r) => r.split(',')).map((f) => [f[fileCol], new URL(f[urlCol]).hostname]));
}

async function main(args: readonly string[]): Promise<void> {
  const i = args.indexOf('--shared');
  const shared = sharedFolder(i >= 0 ? args[i + 1] : undefined);
  const realGold = path.join(repo, 'test', 'eval', 'gold-real');
  const heldout = readHeldout(realGold);
  const sites = sitesOf(shared);
  // report file -> [site, corpus folder, gold folder]
  const folds = new Map<string, { site: string; corpus: string; gold: string }[]>();
  const add = (site: string, corpus: string, gold: string) => folds.set(site, [...(folds.get(site) ?? []), { site, corpus, gold }]);
  for (const f of fs.readdirSync(realGold).filter((f) => f.endsWith('.json')).sort()) {
    const file = f.replace(/\.json$/u, '.txt');
    if (heldout.has(file)) continue;
    add(sites.get(file) ?? 'unknown', path.join(shared, 'corpus-real', file), path.join(realGold, f));
  }
  const devGold = path.join(shared, 'eval', 'gold');
  for (const f of fs.readdirSync(devGold).filter((f) => f.endsWith('.json')).sort()) add('dev', path.join(shared, 'corpus-dev', f.replace(/\.json$/u, '.txt')), path.join(devGold, f));

  const examples = collect(shared);
  const resources = loadResources();
  const total: NoiseTally = { noiseLines: 0, removedLines: 0, noiseChars: 0, removedChars: 0, textChars: 0, lostChars: 0 };
  const modelAlone = { caught: 0, noise: 0, wrong: 0 };
  const sweeps = new Map(SWEEP.map((t) => [t, { caught: 0, wrong: 0 }]));
  const pct = (x: number | null) => (x === null ? 'n/a' : `${(100 * x).toFixed(1)}%`);
  for (const [site, reports] of folds) {
    const left = new Set(reports.map((r) => path.basename(r.gold)));
    const isLeft = (e: { report: string }) => left.has(e.report.replace(/\.txt$/u, '.json'));
    const model = trainLineModel(examples.filter((e) => !isLeft(e)));
    // the model alone, on the left-out site's labelled lines (the lines it may judge: short, no clause mark)
    const alone = { caught: 0, noise: 0, wrong: 0, text: 0 };
    for (const e of examples.filter(isLeft)) {
      const judged = modelMayJudge(e.line, e.features);
      const called = judged && furnitureProbability(model, e.features) >= LINE_MODEL_THRESHOLD;
      if (e.noise) {
        alone.noise++;
        if (called) alone.caught++;
        else if (judged && args.includes('--model-misses')) console.log(`    model missed: ${e.report.slice(0, 6)} p=${furnitureProbability(model, e.features).toFixed(2)} ${e.line.slice(0, 30)}`);
      } else {
        alone.text++;
        if (called) alone.wrong++;
      }
    }
    for (const t of SWEEP) {
      const sweep = sweeps.get(t)!;
      for (const e of examples.filter(isLeft)) {
        const judged = modelMayJudge(e.line, e.features);
        if (!judged || furnitureProbability(model, e.features) < t) continue;
        if (e.noise) sweep.caught++;
        else {
          sweep.wrong++;
          if (t === SWEEP[0] && args.includes('--model-misses')) console.log(`    model wrong: ${e.report.slice(0, 6)} p=${furnitureProbability(model, e.features).toFixed(2)} ${e.line.slice(0, 30)}`);
        }
      }
    }
    modelAlone.caught += alone.caught;
    modelAlone.noise += alone.noise;
    modelAlone.wrong += alone.wrong;
    const tally: NoiseTally = { noiseLines: 0, removedLines: 0, noiseChars: 0, removedChars: 0, textChars: 0, lostChars: 0 };
    const kept: string[] = [];
    const lost: string[] = [];
    for (const r of reports) {
      const read = await readReport(r.corpus, path.basename(r.corpus));
      if (!read.ok) throw new Error(`${r.corpus}: ${read.diagnostic.message}`);
      const doc = analyzeReport(read.report, { ...resources, noiseLineModel: model });
      const paragraphs = doc.paragraphs.map((p) => ({ text: doc.cleaned.slice(p.start, p.end), section: p.section }));
      const gold = JSON.parse(fs.readFileSync(r.gold, 'utf8')) as GoldFile;
      const one = scoreReport(path.basename(r.corpus, '.txt'), read.report.raw, gold, paragraphs);
      addTally(tally, one.tally);
      kept.push(...one.kept);
      lost.push(...one.lost);
    }
    if (site !== 'dev') addTally(total, tally);
    const s = noiseShares(tally);
    console.log(
      `${site.padEnd(22)} ${String(reports.length).padStart(2)} reports  noise lines kept out ${tally.removedLines}/${tally.noiseLines} (${pct(s.lines)})  noise chars ${pct(s.chars)}  report chars lost ${pct(s.textLost)}  |  model alone: ${alone.caught}/${alone.noise} noise lines, ${alone.wrong}/${alone.text} report lines`,
    );
    if (args.includes('--details')) {
      for (const k of kept) console.log(`    noise kept: ${k}`);
      for (const k of lost) console.log(`    report line lost: ${k}`);
    }
  }
  const s = noiseShares(total);
  console.log(`all tuning-fold sites, each left out: noise lines kept out ${total.removedLines}/${total.noiseLines} (${pct(s.lines)})  noise chars ${pct(s.chars)}  report chars lost ${pct(s.textLost)}`);
  console.log(`the model alone, each site left out (dev included): ${modelAlone.caught}/${modelAlone.noise} noise lines called furniture, ${modelAlone.wrong} report lines`);
  for (const [t, { caught, wrong }] of sweeps) console.log(`  at p >= ${t}: ${caught}/${modelAlone.noise} noise lines, ${wrong} report lines`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(`noise-loso: ${(error as Error).message}`);
    process.exit(1);
  });
}
