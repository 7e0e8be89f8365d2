/**
 * Passage reuse (reuse.ts): a passage grown from a seed to the longest exact run and across small edits, its stubs
 * trimmed at line breaks; the share of a report its passages cover; and the formula marks a passage is checked
 * against (it must hold enough matching characters that no formula fingerprint or phrase covers).
 */

/** Length of the exact common run of `a` from `i` and `b` from `j` (matching texts as code units), going right. */
export function runRight(a: Uint16Array, i: number, b: Uint16Array, j: number): number {
  let n = 0;
  while (i + n < a.length && j + n < b.length && a[i + n] === b[j + n]) n++;
  return n;
}

/** Length of the exact common run ending just before `i` in `a` and `j` in `b`, going left. */
function runLeft(a: Uint16Array, i: number, b: Uint16Array, j: number): number {
  let n = 0;
  while (i - n > 0 && j - n > 0 && a[i - n - 1] === b[j - n - 1]) n++;
  return n;
}

/** A passage in matching-text coordinates. */
export interface RawPassage {
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
export function extend(a: Uint16Array, b: Uint16Array, i: number, j: number, maxGap: number, anchor: number): RawPassage {
  const left = runLeft(a, i, b, j);
  const right = runRight(a, i, b, j);
  let startA = i - left;
  let startB = j - left;
  let endA = i + right;
  let endB = j + right;
  let matched = left + right;
  for (let skip = gapAfter(a, endA, b, endB, maxGap, anchor); skip >= 0; skip = gapAfter(a, endA, b, endB, maxGap, anchor)) {
    const skipA = skip >>> 16;
    const skipB = skip & 0xffff;
    const run = runRight(a, endA + skipA, b, endB + skipB);
    endA += skipA + run;
    endB += skipB + run;
    matched += run;
  }
  for (let skip = gapBefore(a, startA, b, startB, maxGap, anchor); skip >= 0; skip = gapBefore(a, startA, b, startB, maxGap, anchor)) {
    const skipA = skip >>> 16;
    const skipB = skip & 0xffff;
    const run = runLeft(a, startA - skipA, b, startB - skipB);
    startA -= skipA + run;
    startB -= skipB + run;
    matched += run;
  }
  return { startA, endA, startB, endB, matched };
}

/** Largest gap `gapAfter` and `gapBefore` look for: its two parts are packed in 16 bits each. */
const MAX_GAP = 0x7fff;

/**
 * The smallest edit after A's `endA` and B's `endB` (`da` characters of A and `db` of B skipped, `da + db` at
 * most `maxGap`, fewer in A first) after which `anchor` characters agree, as `da << 16 | db`; -1 when there is
 * none. A number, not a pair: `extend` looks for one after every run of every passage. (Gaps past 2^15 are not
 * looked for: each costs maxGap² comparisons at every run's end, and a passage is a few thousand characters.)
 */
function gapAfter(a: Uint16Array, endA: number, b: Uint16Array, endB: number, maxGap: number, anchor: number): number {
  for (let total = 1; total <= Math.min(maxGap, MAX_GAP); total++) {
    for (let da = 0; da <= total; da++) if (runRight(a, endA + da, b, endB + total - da) >= anchor) return (da << 16) | (total - da);
  }
  return -1;
}

/** `gapAfter` before A's `startA` and B's `startB`, leftwards. */
function gapBefore(a: Uint16Array, startA: number, b: Uint16Array, startB: number, maxGap: number, anchor: number): number {
  for (let total = 1; total <= Math.min(maxGap, MAX_GAP); total++) {
    for (let da = 0; da <= total; da++) {
      const db = total - da;
      if (startA - da >= 0 && startB - db >= 0 && runLeft(a, startA - da, b, startB - db) >= anchor) return (da << 16) | db;
    }
  }
  return -1;
}

/** True when the text (code units) between matching characters `index - 1` and `index` (at `starts`) holds a line break. */
function breakBefore(text: Uint16Array, starts: Int32Array | Uint16Array, index: number): boolean {
  const from = index > 0 ? starts[index - 1] + 1 : 0;
  const to = starts[index];
  for (let i = from; i < to; i++) {
    const code = text[i];
    if (code === 10 || code === 13) return true;
  }
  return false;
}

/**
 * Cuts stubs of fewer than `anchor` characters that a passage carries across a line break at either end:
 * two copied paragraphs followed by different ones often both go on with the same numbering (`三、`).
 * The stubs lie inside the passage's first or last exact run, so A and B lose the same count. Returns `passage`, cut.
 */
export function trimStubs(passage: RawPassage, text: Uint16Array, starts: Int32Array | Uint16Array, anchor: number): RawPassage {
  // In place: the passage is `extend`'s, made for this.
  for (let t = passage.endA - 1; t > passage.endA - anchor && t > passage.startA; t--) {
    if (breakBefore(text, starts, t)) {
      const cut = passage.endA - t;
      passage.endA -= cut;
      passage.endB -= cut;
      passage.matched -= cut;
      break;
    }
  }
  for (let t = passage.startA + 1; t < passage.startA + anchor && t < passage.endA; t++) {
    if (breakBefore(text, starts, t)) {
      const cut = t - passage.startA;
      passage.startA += cut;
      passage.startB += cut;
      passage.matched -= cut;
      break;
    }
  }
  return passage;
}

/** Total length of the union of half-open intervals. */
export function unionLength(intervals: [number, number][]): number {
  intervals.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  fitUnionSpans(intervals.length);
  intervals.forEach(([start, end], p) => {
    unionStarts[p] = start;
    unionEnds[p] = end;
  });
  return unionOfSpans(intervals.length);
}

/** Spans in order of start, for `unionOfSpans` (filled by `unionLength` and `sideUnion`; grown as needed). */
let unionStarts = new Uint32Array(64);
let unionEnds = new Uint32Array(64);

/** Makes room for `count` spans in `unionStarts` / `unionEnds`. */
function fitUnionSpans(count: number): void {
  if (unionStarts.length >= count) return;
  unionStarts = new Uint32Array(2 * count);
  unionEnds = new Uint32Array(2 * count);
}

/** Total length of the union of the first `count` spans of `unionStarts` / `unionEnds`, in order of start. */
function unionOfSpans(count: number): number {
  let total = 0;
  let curStart = -1;
  let curEnd = -1;
  for (let p = 0; p < count; p++) {
    if (unionStarts[p] > curEnd) {
      total += curEnd - curStart;
      curStart = unionStarts[p];
      curEnd = unionEnds[p];
    } else if (unionEnds[p] > curEnd) curEnd = unionEnds[p];
  }
  return total + (curEnd - curStart);
}

/**
 * `unionLength` of the spans of `found` in report A ([startA, endA)) or, with `sideB`, in report B, read from the
 * passages as they are: no array of spans is made for each pair (two arrays and a span each, for every pair at
 * 20,000 reports). The spans are put in order of start by insertion (a pair has a passage or two, rarely dozens);
 * spans with the same start may come in any order, which does not change the union's length.
 */
export function sideUnion(found: readonly RawPassage[], sideB: boolean): number {
  const count = found.length;
  fitUnionSpans(count);
  for (let p = 0; p < count; p++) {
    const start = sideB ? found[p].startB : found[p].startA;
    const end = sideB ? found[p].endB : found[p].endA;
    let at = p;
    for (; at > 0 && unionStarts[at - 1] > start; at--) {
      unionStarts[at] = unionStarts[at - 1];
      unionEnds[at] = unionEnds[at - 1];
    }
    unionStarts[at] = start;
    unionEnds[at] = end;
  }
  return unionOfSpans(count);
}

/** Number of set bits of each byte value. */
const SET_BITS = Uint8Array.from({ length: 256 }, (_, byte) => {
  let count = 0;
  for (let b = byte; b; b >>>= 1) count += b & 1;
  return count;
});

/** Per-report formula marks over matching positions, one bit per position (an eighth of a byte map). */
export class FormulaBits {
  private readonly bits: (Uint8Array | undefined)[];
  constructor(private readonly lengths: Uint32Array) {
    this.bits = new Array(lengths.length);
  }
  /** Marks matching positions [start, end) of report `d` as formula. */
  mark(d: number, start: number, end: number): void {
    const bits = (this.bits[d] ??= new Uint8Array((this.lengths[d] + 7) >>> 3));
    for (let i = start; i < end; i++) bits[i >>> 3] |= 1 << (i & 7);
  }
  /**
   * Number of positions of report `d` in [start, end) not marked. Whole bytes are counted with a table of
   * set bits (a passage is checked in both reports, a million passages at 20,000 reports).
   */
  unmarked(d: number, start: number, end: number): number {
    const bits = this.bits[d];
    if (!bits) return end - start;
    let marked = 0;
    let i = start;
    for (; i < end && (i & 7) !== 0; i++) marked += (bits[i >>> 3] >>> (i & 7)) & 1;
    for (; i + 8 <= end; i += 8) marked += SET_BITS[bits[i >>> 3]];
    for (; i < end; i++) marked += (bits[i >>> 3] >>> (i & 7)) & 1;
    return end - start - marked;
  }
}
