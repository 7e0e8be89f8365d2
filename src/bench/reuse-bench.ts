/**
 * Benchmark of the reuse step: builds a synthetic corpus (default 2,000 reports of about 8,000 characters) from
 * random sentences, so that most text is distinct, with stock sentences in a large share of reports (formula),
 * regional template paragraphs in a few dozen reports each, planted cross-township copies (some edited) and
 * recycled years; times `findReuse` and checks that the planted copies are found.
 *
 * Usage: node dist/bench/reuse-bench.js [reports=2000] [chars=8000] [seed=1]
 *        node --expose-gc dist/bench/reuse-bench.js --synthetic [reports=2000] [formulaShare=0.2] [seed=20240601]
 *
 * `--synthetic` times findReuse + recycledFrom on the pipeline bench's corpus instead (src/bench/synthetic.ts:
 * every report derives from one of the bundled reports, so every passage recurs in a fifth of the corpus — the
 * stress case of many reports sharing a passage just under the formula share), with time and memory.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findReuse, recycledFrom, type ReuseInput } from '../aggregate/reuse.js';
import { findForeignPlaces } from '../aggregate/place-names.js';
import { seededRandom, synthesizeReport } from './synthetic.js';

if (process.argv[2] === '--synthetic') {
  syntheticBench(process.argv.slice(3).map(Number));
  process.exit(0);
}

const args = process.argv.slice(2).map(Number);
const REPORTS = args[0] || 2000;
const CHARS = args[1] || 8000;
const random = seededRandom(args[2] || 1);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
const int = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));

// A vocabulary of 3,000 two- to four-character words over 1,500 common-range ideographs.
const ideographs = Array.from({ length: 1500 }, () => String.fromCharCode(0x4e00 + Math.floor(random() * 0x5000)));
const words = Array.from({ length: 3000 }, () => Array.from({ length: int(2, 4) }, () => pick(ideographs)).join(''));
const punctuation = [',', ',', ',', '、', ';'];

function sentence(): string {
  const parts: string[] = [];
  const n = int(6, 14);
  for (let i = 0; i < n; i++) {
    parts.push(pick(words));
    if (i < n - 1 && random() < 0.2) parts.push(pick(punctuation));
    if (random() < 0.05) parts.push(String(int(2, 300)));
  }
  return parts.join('') + '。';
}

function paragraph(sentences: number): string {
  return Array.from({ length: sentences }, sentence).join('');
}

// Ten stock passages, each in about a quarter of the reports: formula at the default share of 0.2.
const stock = Array.from({ length: 10 }, () => sentence() + sentence());
// Thirty template paragraphs, each in a few dozen reports: below the formula share, so reported as reuse.
const templates = Array.from({ length: 30 }, () => paragraph(3));

interface Plant {
  a: number;
  b: number;
  text: string;
  edited: boolean;
}

const townships = Array.from({ length: Math.ceil(REPORTS / 4) }, (_, i) => `${pick(words).slice(0, 2)}${i}镇`);
const reports: ReuseInput[] = [];
for (let i = 0; i < REPORTS; i++) {
  const paragraphs: string[] = [];
  let length = 0;
  while (length < CHARS) {
    const roll = random();
    const p = roll < 0.08 ? pick(stock) : roll < 0.1 ? pick(templates) : paragraph(int(3, 8));
    paragraphs.push(p);
    length += p.length + 1;
  }
  // Four reports per township, years 2019–2022.
  reports.push({ id: `r${String(i).padStart(5, '0')}`, township: townships[Math.floor(i / 4)], year: 2019 + (i % 4), text: paragraphs.join('\n') });
}

// Recycled years: one township in ten repeats most of its previous year.
for (let t = 0; t < townships.length; t += 10) {
  const earlier = reports[4 * t];
  const later = reports[4 * t + 1];
  if (!earlier || !later) continue;
  const kept = earlier.text.split('\n').map((p) => (random() < 0.75 ? p : paragraph(4)));
  reports[4 * t + 1] = { ...later, text: kept.join('\n') };
}

// Planted cross-township copies: a stretch of report a pasted into report b, every third one edited.
const plants: Plant[] = [];
for (let n = 0; n < REPORTS / 10; n++) {
  const a = int(0, REPORTS - 1);
  let b = int(0, REPORTS - 1);
  while (Math.floor(b / 4) === Math.floor(a / 4)) b = int(0, REPORTS - 1);
  const source = reports[a].text;
  const start = int(0, source.length - 800);
  let text = source.slice(start, start + int(150, 700));
  const edited = n % 3 === 0;
  if (edited) text = [...text].map((ch, i) => (i % 25 === 12 ? pick(ideographs) : ch)).join('');
  const host = reports[b].text;
  const at = host.indexOf('\n', int(0, host.length - 1));
  reports[b] = { ...reports[b], text: at < 0 ? host + '\n' + text : host.slice(0, at + 1) + text + '\n' + host.slice(at + 1) };
  plants.push({ a, b, text, edited });
}

const totalChars = reports.reduce((n, r) => n + r.text.length, 0);
const started = process.hrtime.bigint();
const result = findReuse(reports, { minChars: 30, maxDocShare: 0.2 });
const reuseMs = Number(process.hrtime.bigint() - started) / 1e6;
const recycled = recycledFrom(reports, result);
const totalMs = Number(process.hrtime.bigint() - started) / 1e6;
const placesStarted = process.hrtime.bigint();
const places = findForeignPlaces(reports);
const placesMs = Number(process.hrtime.bigint() - placesStarted) / 1e6;

const pairKeys = new Set(result.passages.map((p) => `${p.reportA}|${p.reportB}`));
const key = (x: number, y: number): string => {
  const [a, b] = [reports[x].id, reports[y].id].sort();
  return `${a}|${b}`;
};
const foundPlain = plants.filter((p) => !p.edited && pairKeys.has(key(p.a, p.b))).length;
const foundEdited = plants.filter((p) => p.edited && pairKeys.has(key(p.a, p.b))).length;
const flagged = [...recycled.values()].filter((r) => r.flagged).length;

const memory = process.memoryUsage();
console.log(
  JSON.stringify(
    {
      reports: REPORTS,
      chars: totalChars,
      findReuseMs: Math.round(reuseMs),
      withRecyclingMs: Math.round(totalMs),
      stats: result.stats,
      passages: result.passages.length,
      pairs: result.pairs.length,
      plantedCopiesFound: `${foundPlain}/${plants.filter((p) => !p.edited).length}`,
      plantedEditedCopiesFound: `${foundEdited}/${plants.filter((p) => p.edited).length}`,
      recycledFlagged: flagged,
      // Passages made only of a stock passage: the formula rule should leave none.
      stockOnlyPassages: result.passages.filter((p) => stock.some((s) => s.includes(p.text))).length,
      findForeignPlacesMs: Math.round(placesMs),
      foreignPlaces: places.length,
      heapMB: Math.round(memory.heapUsed / 1e6),
      rssMB: Math.round(memory.rss / 1e6),
    },
    null,
    2,
  ),
);

/**
 * The `--synthetic` mode. Report i derives from bundled report i mod 5; its township is shared by the five
 * reports of the same base in consecutive blocks of 25 (one per year 2015–2019), so every report but the first
 * of its township repeats an earlier year almost whole and should be flagged as recycled from the year before.
 */
function syntheticBench(argv: number[]): void {
  const count = argv[0] || 2000;
  const formulaShare = argv[1] || 0.2;
  const random = seededRandom(argv[2] || 20240601);
  const corpusDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../corpus');
  const bases = fs
    .readdirSync(corpusDir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => ({ text: fs.readFileSync(path.join(corpusDir, f), 'utf8'), township: '' }));
  const inputs: ReuseInput[] = [];
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const text = synthesizeReport(bases[i % bases.length], random);
    bytes += Buffer.byteLength(text);
    const block = Math.floor(i / (5 * bases.length));
    inputs.push({ id: String(i).padStart(6, '0'), township: `镇${block}-${i % bases.length}`, year: 2015 + (Math.floor(i / bases.length) % 5), text });
  }
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage();
  const started = performance.now();
  const result = findReuse(inputs, { minChars: 30, maxDocShare: formulaShare });
  const reuseMs = performance.now() - started;
  const recycled = recycledFrom(inputs, result);
  const totalMs = performance.now() - started;
  const after = process.memoryUsage();
  const maxRss = process.resourceUsage().maxRSS * 1024;
  gc?.();
  const retained = process.memoryUsage();
  const rows = [...recycled.values()];
  const yearOf = new Map(inputs.map((r) => [r.id, r.year]));
  const mb = (n: number) => Math.round(n / 1e6);
  console.log(
    JSON.stringify(
      {
        reports: count,
        textMB: +(bytes / 1e6).toFixed(1),
        formulaShare,
        findReuseMs: Math.round(reuseMs),
        withRecyclingMs: Math.round(totalMs),
        stats: result.stats,
        passages: result.passages.length,
        pairs: result.pairs.length,
        passageTextMB: mb(result.passages.reduce((n, p) => n + Buffer.byteLength(p.text), 0)),
        recycling: {
          rows: rows.length,
          flagged: rows.filter((r) => r.flagged).length,
          fromPreviousYear: rows.filter((r) => r.flagged && r.fromYear === (yearOf.get(r.reportId) ?? 0) - 1).length,
        },
        memoryMB: {
          gc: Boolean(gc),
          heapBefore: mb(before.heapUsed),
          arrayBuffersBefore: mb(before.arrayBuffers),
          rssBefore: mb(before.rss),
          heapAfter: mb(after.heapUsed),
          heapRetainedAfterGc: mb(retained.heapUsed),
          arrayBuffersAfter: mb(after.arrayBuffers),
          rssAfter: mb(after.rss),
          maxRss: mb(maxRss),
          peakRssAboveBefore: mb(maxRss - before.rss),
          // Keeps the result alive across the collection above, so that heapRetainedAfterGc includes it.
          rowsKept: result.passages.length + recycled.size,
        },
      },
      null,
      2,
    ),
  );
}
