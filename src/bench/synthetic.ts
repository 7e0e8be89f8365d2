/**
 * A synthetic corpus for the benchmark, made from the bundled reports: each synthetic report is one bundled
 * report with its body paragraphs shuffled within their section, its figures changed, its years shifted and
 * its township renamed, so no two reports share a text and nothing downstream can be served from a cache.
 * Deterministic: the same seed gives the same corpus, so runs are comparable.
 */
import { markerLevel } from '../stages/paragraphs.js';
import type { ProblemToCluster } from '../aggregate/recurring-problems.js';

/** A bundled report the synthetic reports are made from. */
export interface BaseReport {
  /** the report's text as read */
  text: string;
  /** the township's name without 镇/乡/街道 (陵口 for 陵口镇); empty when the report names none */
  township: string;
}

/** A seeded PRNG (mulberry32): uniform floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Characters place names are made of (two drawn per name). */
const PLACE_CHARS = '安宝北昌城大东丰凤福高古桂海河和红华黄江金锦进井乐临龙芦马梅明南宁平浦青清山上石水顺松桃天田通王文西溪新兴阳永玉长镇中竹';

/** A made-up two-character place name. */
export function placeName(random: () => number): string {
  const pick = () => PLACE_CHARS[Math.floor(random() * PLACE_CHARS.length)];
  let name = pick() + pick();
  while (name.includes('镇')) name = pick() + pick();
  return name;
}

/** A body line: long enough to be a paragraph of text and not a numbered heading. */
function isBodyLine(line: string): boolean {
  const trimmed = line.trim();
  return trimmed.length >= 40 && trimmed.length <= 1500 && markerLevel(trimmed) === 0;
}

function shuffleInPlace<T>(items: T[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
}

/**
 * One synthetic report. Runs of body lines between headings are shuffled (so sections keep their paragraphs),
 * every figure gets new digits of the same length, four-digit years (19xx/20xx) move by one shift for the whole
 * report, and the township's name is replaced.
 */
export function synthesizeReport(base: BaseReport, random: () => number): string {
  const lines = base.text.split('\n');
  for (let i = 0; i < lines.length; ) {
    if (!isBodyLine(lines[i])) {
      i++;
      continue;
    }
    let j = i;
    while (j < lines.length && isBodyLine(lines[j])) j++;
    const run = lines.slice(i, j);
    shuffleInPlace(run, random);
    lines.splice(i, run.length, ...run);
    i = j;
  }
  let text = lines.join('\n');
  const yearShift = Math.floor(random() * 9) - 5;
  text = text.replace(/[0-9]+/gu, (digits) => {
    if (/^(?:19|20)[0-9]{2}$/u.test(digits)) return String(Number(digits) + yearShift);
    let out = String(1 + Math.floor(random() * 9));
    for (let k = 1; k < digits.length; k++) out += String(Math.floor(random() * 10));
    return out;
  });
  if (base.township) text = text.split(base.township).join(placeName(random));
  return text;
}

/**
 * Synthetic problem statements for the clustering benchmarks: real problem sentences (as jieba words) with about
 * a third of the words swapped for others, five problems per report, twenty reports per township.
 */
export function sentenceProblems(sentences: string[][], count: number, seed: number): ProblemToCluster[] {
  const pool = sentences.flat();
  const random = seededRandom(seed + count);
  const towns = Array.from({ length: Math.max(1, Math.floor(count / 20)) }, () => `${placeName(random)}镇`);
  return Array.from({ length: count }, (_, i) => {
    const words = sentences[Math.floor(random() * sentences.length)].map((w) => (random() < 0.33 ? pool[Math.floor(random() * pool.length)] : w));
    const report = Math.floor(i / 5);
    return {
      key: `syn/${report}#${(i % 5) + 1}`,
      reportId: `syn/${report}`,
      township: towns[report % towns.length],
      year: 2015 + (report % 8),
      headline: words.slice(0, 6).join(''),
      words,
    };
  });
}
