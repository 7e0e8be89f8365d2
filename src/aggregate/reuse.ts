import type { Span } from '../model/span.js';
import { endOffset, toMatchText, type MatchText } from './normalize-match.js';
import { townshipKey } from './place-names.js';

/**
 * Passage reuse across reports (copying between townships, recycling of earlier years).
 *
 * Method (as MOSS): every report becomes a matching text (`toMatchText`: no whitespace or punctuation, figure
 * runs folded to `#`); its character k-grams are hashed and winnowed into fingerprints; fingerprints shared by
 * two reports are seeds; each seed is verified, extended to the longest exact run and then across small edits
 * into a maximal passage. Fingerprints found in too many reports are formula (stock phrases) and seed nothing.
 * Cost is linear in the corpus plus the number of seeds, never a comparison of every pair of reports.
 */

/** A report as the reuse step needs it. */
export interface ReuseInput {
  /** report_id */
  id: string;
  /** township as known (manifest, folder or text); empty or a placeholder (`X镇`) when unknown */
  township: string;
  /** year covered, null when unknown */
  year: number | null;
  /** the analysis text (`Doc.text`, same length and offsets as `Doc.cleaned`) */
  text: string;
  /** spans of the problems section in `text`, to tell whether a recycled report kept its problems unchanged */
  problems?: Span[];
}

/** Options of `findReuse`. */
export interface ReuseOptions {
  /** shortest passage reported, in matching characters (punctuation and spaces not counted, a figure run counts 1), formula text not counted; default 30 */
  minChars: number;
  /** a fingerprint in more than this share of the reports is formula, not copying (`--formula-share`); default 0.2 */
  maxDocShare: number;
  /** a fingerprint is formula only when it is also in at least this many reports, so tiny corpora keep their copies; default 4 */
  formulaMinReports?: number;
  /** phrases always treated as formula whatever the corpus size (data/reuse-formula.txt); default none */
  formulaPhrases?: readonly string[];
  /** k-gram length of the shingles, in matching characters; default 10 */
  shingle?: number;
  /** winnowing window, in k-grams; any exact common run of shingle+window-1 characters is seeded; default 8 */
  window?: number;
  /** longest edit bridged inside one passage: characters skipped in A plus characters skipped in B; default 6 */
  maxGap?: number;
  /** exact characters needed after an edit to continue a passage; also the longest stub cut off at a line break; default 6 */
  anchor?: number;
}

/** Defaults of the optional `ReuseOptions` fields. */
export const REUSE_DEFAULTS: Required<Omit<ReuseOptions, 'formulaPhrases'>> = {
  minChars: 30,
  maxDocShare: 0.2,
  formulaMinReports: 4,
  shingle: 10,
  window: 8,
  maxGap: 6,
  anchor: 6,
};

/** A passage two reports share. Offsets are into each report's `text` (cleaned offsets; map with `Doc.toRaw`). */
export interface ReusePassage {
  /** report_id of the first report (the smaller id) */
  reportA: string;
  /** report_id of the second report */
  reportB: string;
  /** span of the passage in report A's text, half-open */
  a: Span;
  /** span of the passage in report B's text, half-open */
  b: Span;
  /** characters the two passages have in common (matching characters: no punctuation, a figure run counts 1) */
  chars: number;
  /** 2 × chars / (length in A + length in B), lengths in matching characters; 1 for an exact copy */
  similarity: number;
  /** both townships known and the same */
  sameTownship: boolean;
  /** the passage as it stands in report A */
  text: string;
}

/** Reuse summed over one pair of reports. */
export interface ReusePair {
  /** report_id of the first report (the smaller id) */
  reportA: string;
  /** report_id of the second report */
  reportB: string;
  /** characters in common over all passages (sum of `ReusePassage.chars`) */
  sharedChars: number;
  /** share of report A's matching characters that lie in a shared passage, 0..1 */
  shareA: number;
  /** share of report B's matching characters that lie in a shared passage, 0..1 */
  shareB: number;
  /** number of passages */
  passages: number;
  sameTownship: boolean;
  townshipA: string;
  townshipB: string;
  yearA: number | null;
  yearB: number | null;
}

/** Counts for benchmarks and the run log. */
export interface ReuseStats {
  reports: number;
  /** matching characters over all reports */
  chars: number;
  fingerprints: number;
  /** distinct fingerprint hashes ruled formula */
  formulaHashes: number;
  /** seeds (shared fingerprint occurrences) examined */
  seeds: number;
  /** report pairs with at least one seed */
  candidatePairs: number;
}

/** Result of `findReuse`, rows in a stable order (pairs by shared characters, passages by pair then offset). */
export interface ReuseResult {
  passages: ReusePassage[];
  pairs: ReusePair[];
  stats: ReuseStats;
}

const BASE = 0x01000193;

/** Finalizer of murmur3: spreads the rolling hash so that winnowing minima are not biased to low code points. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Growable typed array of 32-bit unsigned values. */
class U32List {
  data = new Uint32Array(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new Uint32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }
}

/** Winnowed fingerprints of one matching text: (hash, position) pairs appended to the lists (rightmost minimum per window). */
function winnow(chars: string, k: number, w: number, hashes: U32List, positions: U32List): number {
  const n = chars.length - k + 1;
  if (n <= 0) return 0;
  const grams = new Uint32Array(n);
  let pow = 1;
  for (let i = 1; i < k; i++) pow = Math.imul(pow, BASE);
  let h = 0;
  for (let i = 0; i < k; i++) h = (Math.imul(h, BASE) + chars.charCodeAt(i)) | 0;
  grams[0] = mix(h);
  for (let i = 1; i < n; i++) {
    h = (Math.imul(h - Math.imul(chars.charCodeAt(i - 1), pow), BASE) + chars.charCodeAt(i + k - 1)) | 0;
    grams[i] = mix(h);
  }
  const window = Math.min(w, n);
  const deque = new Int32Array(n);
  let head = 0;
  let tail = 0;
  let last = -1;
  let count = 0;
  for (let r = 0; r < n; r++) {
    while (tail > head && grams[deque[tail - 1]] >= grams[r]) tail--;
    deque[tail++] = r;
    if (r < window - 1) continue;
    while (deque[head] <= r - window) head++;
    const pick = deque[head];
    if (pick !== last) {
      hashes.push(grams[pick]);
      positions.push(pick);
      last = pick;
      count++;
    }
  }
  return count;
}

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Sorts fingerprint indices by hash (then index) with a native 64-bit sort: hash in the high word, index in the low. */
function sortByHash(hashes: Uint32Array, count: number): Uint32Array {
  const keys = new BigUint64Array(count);
  const words = new Uint32Array(keys.buffer);
  const lo = littleEndian ? 0 : 1;
  const hi = 1 - lo;
  for (let i = 0; i < count; i++) {
    words[2 * i + lo] = i;
    words[2 * i + hi] = hashes[i];
  }
  keys.sort();
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = words[2 * i + lo];
  return order;
}

/** Length of the exact common run of `a` from `i` and `b` from `j`, going right. */
function runRight(a: string, i: number, b: string, j: number): number {
  let n = 0;
  while (i + n < a.length && j + n < b.length && a.charCodeAt(i + n) === b.charCodeAt(j + n)) n++;
  return n;
}

/** Length of the exact common run ending just before `i` in `a` and `j` in `b`, going left. */
function runLeft(a: string, i: number, b: string, j: number): number {
  let n = 0;
  while (i - n > 0 && j - n > 0 && a.charCodeAt(i - n - 1) === b.charCodeAt(j - n - 1)) n++;
  return n;
}

/** A passage in matching-text coordinates. */
interface RawPassage {
  startA: number;
  endA: number;
  startB: number;
  endB: number;
  matched: number;
}

/**
 * Grows an exact seed run into a maximal passage: extends the run, then repeatedly skips the smallest edit
 * (up to `maxGap` characters in A and B together) after which `anchor` characters agree again, in both directions.
 */
function extend(a: string, b: string, i: number, j: number, maxGap: number, anchor: number): RawPassage {
  const left = runLeft(a, i, b, j);
  const right = runRight(a, i, b, j);
  let startA = i - left;
  let startB = j - left;
  let endA = i + right;
  let endB = j + right;
  let matched = left + right;
  for (;;) {
    let best: [number, number] | null = null;
    for (let total = 1; total <= maxGap && !best; total++) {
      for (let da = 0; da <= total && !best; da++) {
        const db = total - da;
        if (runRight(a, endA + da, b, endB + db) >= anchor) best = [da, db];
      }
    }
    if (!best) break;
    const run = runRight(a, endA + best[0], b, endB + best[1]);
    endA += best[0] + run;
    endB += best[1] + run;
    matched += run;
  }
  for (;;) {
    let best: [number, number] | null = null;
    for (let total = 1; total <= maxGap && !best; total++) {
      for (let da = 0; da <= total && !best; da++) {
        const db = total - da;
        if (startA - da >= 0 && startB - db >= 0 && runLeft(a, startA - da, b, startB - db) >= anchor) best = [da, db];
      }
    }
    if (!best) break;
    const run = runLeft(a, startA - best[0], b, startB - best[1]);
    startA -= best[0] + run;
    startB -= best[1] + run;
    matched += run;
  }
  return { startA, endA, startB, endB, matched };
}

/** True when the text between matching characters `index - 1` and `index` holds a line break. */
function breakBefore(text: string, match: MatchText, index: number): boolean {
  const from = index > 0 ? match.starts[index - 1] + 1 : 0;
  const to = match.starts[index];
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code === 10 || code === 13) return true;
  }
  return false;
}

/**
 * Cuts stubs of fewer than `anchor` characters that a passage carries across a line break at either end:
 * two copied paragraphs followed by different ones often both go on with the same numbering (`三、`).
 * The stubs lie inside the passage's first or last exact run, so A and B lose the same count.
 */
function trimStubs(passage: RawPassage, text: string, match: MatchText, anchor: number): RawPassage {
  let { startA, endA, startB, endB, matched } = passage;
  for (let t = endA - 1; t > endA - anchor && t > startA; t--) {
    if (breakBefore(text, match, t)) {
      const cut = endA - t;
      endA -= cut;
      endB -= cut;
      matched -= cut;
      break;
    }
  }
  for (let t = startA + 1; t < startA + anchor && t < endA; t++) {
    if (breakBefore(text, match, t)) {
      const cut = t - startA;
      startA += cut;
      startB += cut;
      matched -= cut;
      break;
    }
  }
  return { startA, endA, startB, endB, matched };
}

/** Number of positions in [start, end) not marked in `mask`. */
function unmarked(mask: Uint8Array | undefined, start: number, end: number): number {
  if (!mask) return end - start;
  let n = 0;
  for (let i = start; i < end; i++) if (!mask[i]) n++;
  return n;
}

/** Total length of the union of half-open intervals. */
function unionLength(intervals: [number, number][]): number {
  intervals.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  let total = 0;
  let curStart = -1;
  let curEnd = -1;
  for (const [s, e] of intervals) {
    if (s > curEnd) {
      total += curEnd - curStart;
      curStart = s;
      curEnd = e;
    } else if (e > curEnd) curEnd = e;
  }
  return total + (curEnd - curStart);
}

/**
 * Finds passages shared by pairs of reports. Offsets in the result are into each report's `text`
 * (cleaned offsets; the caller maps them to raw offsets with `Doc.toRaw`).
 */
export function findReuse(reports: readonly ReuseInput[], options: ReuseOptions): ReuseResult {
  const opts = { ...REUSE_DEFAULTS, ...options };
  const k = opts.shingle;
  const docs = [...reports].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  const matches: MatchText[] = docs.map((d) => toMatchText(d.text));
  const keys = docs.map((d) => townshipKey(d.township));

  // Fingerprints of all reports, report by report, so that index order is report order.
  const hashes = new U32List();
  const positions = new U32List();
  const docStarts = new Uint32Array(docs.length + 1);
  let totalChars = 0;
  for (let d = 0; d < docs.length; d++) {
    docStarts[d] = hashes.length;
    totalChars += matches[d].chars.length;
    winnow(matches[d].chars, k, opts.window, hashes, positions);
  }
  docStarts[docs.length] = hashes.length;
  const count = hashes.length;
  const docOf = new Uint32Array(count);
  for (let d = 0; d < docs.length; d++) docOf.fill(d, docStarts[d], docStarts[d + 1]);

  // Formula masks: matching positions covered by a formula fingerprint or a listed formula phrase.
  const masks: (Uint8Array | undefined)[] = new Array(docs.length);
  const mark = (d: number, start: number, end: number): void => {
    const mask = (masks[d] ??= new Uint8Array(matches[d].chars.length));
    mask.fill(1, start, end);
  };
  for (const phrase of opts.formulaPhrases ?? []) {
    const needle = toMatchText(phrase).chars;
    if (needle.length < 2) continue;
    for (let d = 0; d < docs.length; d++) {
      for (let at = matches[d].chars.indexOf(needle); at >= 0; at = matches[d].chars.indexOf(needle, at + 1)) mark(d, at, at + needle.length);
    }
  }

  // Walk fingerprints grouped by hash: formula groups mark masks, the others seed report pairs.
  const order = sortByHash(hashes.data, count);
  const seedsByPair = new Map<number, number[]>();
  let formulaHashes = 0;
  let seeds = 0;
  const formulaLimit = opts.maxDocShare * docs.length;
  for (let g = 0; g < count; ) {
    const hash = hashes.data[order[g]];
    let end = g + 1;
    while (end < count && hashes.data[order[end]] === hash) end++;
    if (end - g > 1) {
      let distinct = 1;
      for (let x = g + 1; x < end; x++) if (docOf[order[x]] !== docOf[order[x - 1]]) distinct++;
      if (distinct > 1 && distinct >= opts.formulaMinReports && distinct > formulaLimit) {
        formulaHashes++;
        for (let x = g; x < end; x++) mark(docOf[order[x]], positions.data[order[x]], positions.data[order[x]] + k);
      } else if (distinct > 1) {
        for (let x = g; x < end; x++) {
          const dx = docOf[order[x]];
          for (let y = x + 1; y < end; y++) {
            const dy = docOf[order[y]];
            if (dy === dx) continue;
            const key = dx * docs.length + dy;
            let list = seedsByPair.get(key);
            if (!list) seedsByPair.set(key, (list = []));
            list.push(positions.data[order[x]], positions.data[order[y]]);
            seeds++;
          }
        }
      }
    }
    g = end;
  }

  const passages: ReusePassage[] = [];
  const pairs: ReusePair[] = [];
  const pairKeys = [...seedsByPair.keys()].sort((x, y) => x - y);
  for (const key of pairKeys) {
    const da = Math.floor(key / docs.length);
    const db = key % docs.length;
    const a = matches[da].chars;
    const b = matches[db].chars;
    const list = seedsByPair.get(key)!;
    const seedOrder = Array.from({ length: list.length / 2 }, (_, s) => s).sort((x, y) => list[2 * x] - list[2 * y] || list[2 * x + 1] - list[2 * y + 1]);
    const found: RawPassage[] = [];
    const visited: RawPassage[] = [];
    for (const s of seedOrder) {
      const i = list[2 * s];
      const j = list[2 * s + 1];
      if (visited.some((p) => i >= p.startA && i < p.endA && j >= p.startB && j < p.endB)) continue;
      if (runRight(a, i, b, j) < k) continue; // hash collision
      const passage = trimStubs(extend(a, b, i, j, opts.maxGap, opts.anchor), docs[da].text, matches[da], opts.anchor);
      visited.push(passage);
      const distinctive = Math.min(unmarked(masks[da], passage.startA, passage.endA), unmarked(masks[db], passage.startB, passage.endB));
      if (passage.matched >= opts.minChars && distinctive >= opts.minChars) found.push(passage);
    }
    if (found.length === 0) continue;
    const docA = docs[da];
    const docB = docs[db];
    const sameTownship = keys[da] !== '' && keys[da] === keys[db];
    found.sort((x, y) => x.startA - y.startA || x.startB - y.startB);
    let sharedChars = 0;
    for (const p of found) {
      const start = matches[da].starts[p.startA];
      const end = endOffset(docA.text, matches[da], p.endA - 1);
      sharedChars += p.matched;
      passages.push({
        reportA: docA.id,
        reportB: docB.id,
        a: { start, end },
        b: { start: matches[db].starts[p.startB], end: endOffset(docB.text, matches[db], p.endB - 1) },
        chars: p.matched,
        similarity: (2 * p.matched) / (p.endA - p.startA + p.endB - p.startB),
        sameTownship,
        text: docA.text.slice(start, end),
      });
    }
    pairs.push({
      reportA: docA.id,
      reportB: docB.id,
      sharedChars,
      shareA: unionLength(found.map((p) => [p.startA, p.endA])) / Math.max(1, a.length),
      shareB: unionLength(found.map((p) => [p.startB, p.endB])) / Math.max(1, b.length),
      passages: found.length,
      sameTownship,
      townshipA: docA.township,
      townshipB: docB.township,
      yearA: docA.year,
      yearB: docB.year,
    });
  }
  pairs.sort((x, y) => y.sharedChars - x.sharedChars || compare(x.reportA, y.reportA) || compare(x.reportB, y.reportB));
  return {
    passages,
    pairs,
    stats: { reports: docs.length, chars: totalChars, fingerprints: count, formulaHashes, seeds, candidatePairs: seedsByPair.size },
  };
}

function compare(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

/** A report's recycling of an earlier report of the same township. */
export interface Recycling {
  /** report_id of the recycling (later) report */
  reportId: string;
  /** report_id of the earlier same-township report it repeats most */
  from: string;
  /** year of `from` */
  fromYear: number | null;
  /** share of this report's matching characters found in `from`, 0..1 */
  share: number;
  /** share of this report's problems section (given spans) covered by passages from `from`; null when no problems span is given */
  problemsShare: number | null;
  /** share ≥ `minShare`: the report is flagged as recycled */
  flagged: boolean;
}

/** Options of `recycledFrom`. */
export interface RecyclingOptions {
  /** flag a report when at least this share of it repeats an earlier year; default 0.3 */
  minShare?: number;
  /** compare only with the year just before (N−1); false compares with every earlier year; default false */
  previousYearOnly?: boolean;
}

/**
 * For each report with a known township and year, the earlier report of the same township it repeats most
 * (by share of the later report), from the result of `findReuse` over the same inputs.
 * Reports with no earlier same-township report are left out.
 */
export function recycledFrom(reports: readonly ReuseInput[], result: ReuseResult, options: RecyclingOptions = {}): Map<string, Recycling> {
  const minShare = options.minShare ?? 0.3;
  const out = new Map<string, Recycling>();
  const passagesByPair = new Map<string, ReusePassage[]>();
  for (const p of result.passages) {
    const key = `${p.reportA}\n${p.reportB}`;
    const list = passagesByPair.get(key);
    if (list) list.push(p);
    else passagesByPair.set(key, [p]);
  }
  const pairsById = new Map(result.pairs.map((p) => [`${p.reportA}\n${p.reportB}`, p]));
  const byTownship = new Map<string, ReuseInput[]>();
  for (const report of reports) {
    const key = townshipKey(report.township);
    if (!key || report.year === null) continue;
    const list = byTownship.get(key);
    if (list) list.push(report);
    else byTownship.set(key, [report]);
  }
  for (const report of reports) {
    const key = townshipKey(report.township);
    if (!key || report.year === null) continue;
    let best: Recycling | null = null;
    for (const earlier of byTownship.get(key)!) {
      if (earlier === report || earlier.year === null) continue;
      if (options.previousYearOnly ? earlier.year !== report.year - 1 : earlier.year >= report.year) continue;
      const aIsReport = report.id < earlier.id;
      const pair = pairsById.get(aIsReport ? `${report.id}\n${earlier.id}` : `${earlier.id}\n${report.id}`);
      const share = pair ? (aIsReport ? pair.shareA : pair.shareB) : 0;
      const passages = pair ? passagesByPair.get(`${pair.reportA}\n${pair.reportB}`) ?? [] : [];
      const spans = passages.map((p) => (aIsReport ? p.a : p.b));
      const problemsShare = report.problems && report.problems.length ? coveredShare(report.problems, spans) : null;
      const candidate: Recycling = { reportId: report.id, from: earlier.id, fromYear: earlier.year, share, problemsShare, flagged: share >= minShare };
      if (!best || share > best.share || (share === best.share && (earlier.year ?? 0) > (best.fromYear ?? 0))) best = candidate;
    }
    if (best) out.set(report.id, best);
  }
  return out;
}

/** Share of the characters in `targets` covered by `cover`, in text offsets. */
function coveredShare(targets: readonly Span[], cover: readonly Span[]): number {
  let total = 0;
  let covered = 0;
  for (const t of targets) {
    total += t.end - t.start;
    const parts: [number, number][] = [];
    for (const c of cover) {
      const s = Math.max(t.start, c.start);
      const e = Math.min(t.end, c.end);
      if (e > s) parts.push([s, e]);
    }
    if (parts.length) covered += unionLength(parts);
  }
  return total ? covered / total : 0;
}
