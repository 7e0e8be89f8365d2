/**
 * Trains the sequence model of sections (data/section-model.json) from gold section labels.
 *
 *   npm run train-sections -- --set GOLD_DIR:TEXT_DIR[:WEIGHT] [--set …] [--exclude LIST] [--out FILE]
 *
 * Each --set pairs a folder of gold files (shared/eval/GOLD-FORMAT.md) with the folder of their report texts;
 * WEIGHT (default 1) multiplies the weight of that set's units. --exclude names a file listing report file
 * names never to read (the held-out fold: test/eval/gold-real/heldout.txt). Without --set, the default sets
 * of `npm run train-sections` are used (see package.json). Deterministic: the same gold gives the same file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadResources } from '../data/resources.js';
import { readReport, analyzeReport } from '../pipeline.js';
import { sectionFeatures, transitionKinds } from '../stages/section-features.js';
import { countTransitions, DECODED_STATES, decode, trainSectionModel, type TrainingSequence } from '../stages/section-model.js';
import type { SectionType } from '../model/kinds.js';
import { dataPath } from '../data/load.js';
import { mapOffset } from '../model/span.js';
import { reportYears } from '../stages/section-years.js';
import { readHeldout, sharedFolder } from './dev-data.js';
import { norm, normWithOffsets } from './noise-score.js';

interface GoldFile {
  file: string;
  sections: { starts: string; section: SectionType }[];
}


/** Gold section of every raw character (null before the first boundary), located as the scorer locates them. */
export function goldLabels(raw: string, gold: GoldFile): (SectionType | null)[] {
  const { n, at } = normWithOffsets(raw);
  const labels: (SectionType | null)[] = new Array(raw.length).fill(null);
  let from = 0;
  const starts: [number, SectionType][] = [];
  for (const b of gold.sections) {
    const k = n.indexOf(norm(b.starts), from);
    if (k < 0) continue;
    starts.push([at[k], b.section]);
    from = k + 1;
  }
  starts.forEach(([start, section], k) => labels.fill(section, start, k + 1 < starts.length ? starts[k + 1][0] : raw.length));
  return labels;
}

/** The gold the model is trained on by default: own township reports, the dev set, the real reports' tuning fold. */
const SHARED = sharedFolder();
const DEFAULT_SETS = [
  { gold: 'test/fixtures/sections/gold', texts: 'test/fixtures/sections', weight: 3 },
  { gold: path.join(SHARED, 'eval/gold'), texts: path.join(SHARED, 'corpus-dev'), weight: 3 },
  { gold: 'test/eval/gold-real', texts: path.join(SHARED, 'corpus-real'), weight: 1 },
];

function parseArgs(argv: string[]) {
  const sets: { gold: string; texts: string; weight: number }[] = [];
  let exclude: string | undefined = 'test/eval/gold-real/heldout.txt';
  let out = dataPath('section-model.json');
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--set') {
      const [gold, texts, weight] = argv[++i].split(':');
      sets.push({ gold, texts, weight: weight ? Number(weight) : 1 });
    } else if (argv[i] === '--exclude') exclude = argv[++i];
    else if (argv[i] === '--out') out = argv[++i];
  }
  return { sets, exclude, out };
}

async function main() {
  const parsed = parseArgs(process.argv.slice(2));
  const { exclude, out } = parsed;
  const sets = parsed.sets.length ? parsed.sets : DEFAULT_SETS;
  const heldOut = exclude && fs.existsSync(exclude) ? readHeldout(exclude) : new Set<string>();
  const base = loadResources({ sectionModel: false });
  const rulesOnly = base;
  const sequences: (TrainingSequence & { chars: number[]; set: string; proposed: SectionType[] })[] = [];
  const trainedOn: string[] = [];
  for (const set of sets) {
    if (!fs.existsSync(set.gold)) continue;
    for (const name of fs.readdirSync(set.gold).filter((f) => f.endsWith('.json')).sort()) {
      // Note: the held-out fold is skipped by name, before its gold is read.
      if (heldOut.has(name.replace(/\.json$/u, '.txt'))) continue;
      const gold = JSON.parse(fs.readFileSync(path.join(set.gold, name), 'utf8')) as GoldFile;
      if (!gold.file || !Array.isArray(gold.sections) || heldOut.has(gold.file)) continue;
      const textPath = path.join(set.texts, gold.file);
      if (!fs.existsSync(textPath)) continue;
      const read = await readReport(textPath, gold.file);
      if (!read.ok) continue;
      const doc = analyzeReport(read.report, rulesOnly);
      const raw = read.report.raw;
      const labels = goldLabels(raw, gold);
      const units = doc.paragraphs.filter((p) => p.section !== 'noise');
      const gl: SectionType[] = [];
      const keep: typeof units = [];
      for (const p of units) {
        const counts = new Map<SectionType, number>();
        for (let c = p.start; c < p.end; c++) {
          const l = labels[mapOffset(doc.toRaw, c)];
          if (l && DECODED_STATES.includes(l)) counts.set(l, (counts.get(l) ?? 0) + 1);
        }
        const best = [...counts].sort((a, b) => b[1] - a[1])[0];
        if (!best) continue;
        gl.push(best[0]);
        keep.push(p);
      }
      if (keep.length === 0) continue;
      const titleCount = keep.findIndex((p) => p.section !== 'title');
      const years = reportYears(doc.text, keep, titleCount < 0 ? keep.length : titleCount);
      const features = sectionFeatures({ text: doc.text, units: keep, ruleSections: keep.map((p) => p.section), years }, base.sectionEvidence, base.paragraphCues);
      sequences.push({
        features,
        kinds: transitionKinds(doc.text, keep, keep.map((p) => p.section)),
        gold: gl,
        unitWeights: keep.map((p) => set.weight * Math.sqrt(Math.min(p.end - p.start, 400))),
        chars: keep.map((p) => p.end - p.start),
        proposed: keep.map((p) => p.section),
        set: set.gold,
      });
      trainedOn.push(`${path.basename(set.gold)}/${gold.file}`);
    }
  }
  if (sequences.length === 0) throw new Error('no gold found: pass --set GOLD_DIR:TEXT_DIR');
  // Cross-validation by report (3 folds): chooses how much the transitions count against the unit scores,
  // and gives an honest figure (each report decoded by a model that never saw it).
  const FOLDS = 3;
  const BACKOFFS = [0, 0.2, 0.5];
  const GRID = BACKOFFS.flatMap((backoff) =>
    [0.35, 0.5, 0.75, 1].flatMap((transitionScale) => [0, 0.5, 1].map((priorScale) => ({ backoff, transitionScale, priorScale }))),
  );
  const cv = GRID.map(() => ({ right: 0, total: 0 }));
  const perSet = new Map<string, { right: number; total: number }>();
  const foldModels = Array.from({ length: FOLDS }, (_, fold) => trainSectionModel(sequences.filter((_, k) => k % FOLDS !== fold)));
  const foldTransitions = Array.from({ length: FOLDS }, (_, fold) => {
    const train = sequences.filter((_, k) => k % FOLDS !== fold);
    return new Map(BACKOFFS.map((backoff) => [backoff, countTransitions(train, 0.5, backoff)]));
  });
  sequences.forEach((seq, k) => {
    GRID.forEach((setting, j) => {
      const got = decode({ ...foldModels[k % FOLDS], ...setting, transitions: foldTransitions[k % FOLDS].get(setting.backoff)! }, seq.features, seq.kinds, seq.proposed);
      got.forEach((s, i) => {
        cv[j].total += seq.chars[i];
        if (s === seq.gold[i]) cv[j].right += seq.chars[i];
      });
    });
  });
  const best = cv.map((c) => c.right / c.total).reduce((b, v, j, all) => (v > all[b] ? j : b), 0);
  sequences.forEach((seq, k) => {
    const tally = perSet.get(seq.set) ?? { right: 0, total: 0 };
    const setting = GRID[best];
    decode({ ...foldModels[k % FOLDS], ...setting, transitions: foldTransitions[k % FOLDS].get(setting.backoff)! }, seq.features, seq.kinds, seq.proposed).forEach((s, i) => {
      tally.total += seq.chars[i];
      if (s === seq.gold[i]) tally.right += seq.chars[i];
    });
    perSet.set(seq.set, tally);
  });
  const { backoff, transitionScale, priorScale } = GRID[best];
  const model = { ...trainSectionModel(sequences, { backoff }), transitionScale, priorScale, backoff };
  fs.writeFileSync(out, JSON.stringify({ ...model, trainedOn }, null, 0).replace(/\],"/gu, '],\n"') + '\n');
  const pct = (t: { right: number; total: number }) => `${((100 * t.right) / t.total).toFixed(1)}%`;
  console.log(`trained on ${sequences.length} reports, ${sequences.reduce((a, s) => a + s.gold.length, 0)} units → ${out}`);
  console.log(`cross-validated (3 folds by report, characters of units): ${GRID.map((g, j) => `${g.backoff}/${g.transitionScale}/${g.priorScale}: ${pct(cv[j])}`).join(', ')}; chosen ${JSON.stringify(GRID[best])}`);
  for (const [set, tally] of perSet) console.log(`  ${set}: ${pct(tally)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
