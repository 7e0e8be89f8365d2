/**
 * Offsets convention, stated once for the whole code base:
 * a span is `{ start, end }`, half-open, 0-based, in UTF-16 code units (JavaScript string indices).
 * Unless a field's doc says otherwise, spans index `Doc.cleaned` (the cleaned text); `toRaw` maps them
 * back into `Report.raw`, the text as read from the file. Line/column (1-based) is derived only at output,
 * by `location()` in `model/location.ts`.
 */
export interface Span {
  /** first code unit, inclusive */
  start: number;
  /** one past the last code unit */
  end: number;
}

/**
 * Maps offsets of a derived text back to the text it came from.
 * `toSource[i]` is the source offset of derived character `i`; `toSource[derived.length]` is the source
 * offset just past the last retained character. Monotone non-decreasing.
 */
export type OffsetMap = Int32Array;

/** The identity map for a text of `length` code units. */
export function identityMap(length: number): OffsetMap {
  const map = new Int32Array(length + 1);
  for (let i = 0; i <= length; i++) map[i] = i;
  return map;
}

/**
 * An `OffsetMap` stored as runs, for keeping many reports in memory: from derived offset `starts[k]` up to the
 * next run, `source = derived + deltas[k]`. Cleaning removes or inserts text in a few places, so a report has
 * a handful of runs where the full map holds one entry (4 bytes) per character. `starts[0]` is 0.
 */
export interface CompactOffsetMap {
  /** first derived offset of each run, ascending */
  starts: Int32Array;
  /** source offset minus derived offset within each run */
  deltas: Int32Array;
  /** length of the derived text; offsets 0..length (inclusive) can be mapped */
  length: number;
}

/** Either form of the derived → source map; `mapOffset`/`mapSpan` read both. */
export type AnyOffsetMap = OffsetMap | CompactOffsetMap;

/**
 * The runs of an offset map: one run per stretch where `map[i] - i` stays the same. A map already compact is
 * returned as it is.
 */
export function compactMap(map: AnyOffsetMap): CompactOffsetMap {
  if (!(map instanceof Int32Array)) return map;
  const starts: number[] = [0];
  let delta = map[0];
  const deltas: number[] = [delta];
  // Note: one comparison per character against the run's delta held in a local (the full map is read once
  // per report, and most reports have a handful of runs)
  for (let i = 1; i < map.length; i++) {
    if (map[i] - i === delta) continue;
    delta = map[i] - i;
    starts.push(i);
    deltas.push(delta);
  }
  return { starts: Int32Array.from(starts), deltas: Int32Array.from(deltas), length: map.length - 1 };
}

/** The length of the derived text an offset map maps (its offsets 0..length, inclusive, can be mapped). */
export function mappedLength(map: AnyOffsetMap): number {
  return map instanceof Int32Array ? map.length - 1 : map.length;
}

/** Index of the last element of an ascending array that is at most `value` (0 when none is). */
export function lastAtOrBefore(sorted: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sorted[mid] <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Index of the first element of an ascending array that is at least `value` (the array's length when none is). */
export function firstAtOrAfter(sorted: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The source offset of derived offset `offset` (0..derived length, inclusive). */
export function mapOffset(map: AnyOffsetMap, offset: number): number {
  if (map instanceof Int32Array) return map[offset];
  return offset + map.deltas[lastAtOrBefore(map.starts, offset)];
}

/** Maps a span through an offset map: the start of its first character to the end of its last. */
export function mapSpan(map: AnyOffsetMap, span: Span): Span {
  const start = mapOffset(map, span.start);
  const end = span.end > span.start ? mapOffset(map, span.end - 1) + 1 : start;
  return { start, end };
}

/** Composes two maps: `outer` maps C→B, `inner` maps B→A; the result maps C→A. */
export function composeMaps(outer: OffsetMap, inner: OffsetMap): OffsetMap {
  const out = new Int32Array(outer.length);
  for (let i = 0; i < outer.length; i++) out[i] = inner[outer[i]];
  return out;
}

/** Builds a derived text and its offset map by keeping or replacing pieces of a source, left to right. */
export class MappedTextBuilder {
  private parts: string[] = [];
  /**
   * the pieces as runs of three numbers: the source offset, the length, and 1 when the piece is kept (its
   * characters map to consecutive source offsets) or 0 when inserted (each maps to the same source offset);
   * the map is filled from them once, in `build`, not a character at a time
   */
  private runs: number[] = [];
  private length = 0;
  /**
   * the kept stretch not yet in `parts`: a keep that goes on where the last one ended (cleaning keeps most of a
   * text line after line) extends it, so that a text kept whole is one slice and one run, not one per line
   */
  private pendingSource: string | null = null;
  private pendingStart = 0;
  private pendingEnd = 0;

  /** Appends `source.slice(start, end)` unchanged. */
  keep(source: string, start: number, end: number): void {
    if (end <= start) return;
    this.length += end - start;
    if (source === this.pendingSource && start === this.pendingEnd) {
      this.pendingEnd = end;
      return;
    }
    this.flushKept();
    this.pendingSource = source;
    this.pendingStart = start;
    this.pendingEnd = end;
  }

  /** Appends `text` standing for the source characters from `sourceStart` (each new char maps there). */
  insert(text: string, sourceStart: number): void {
    this.flushKept();
    this.parts.push(text);
    this.runs.push(sourceStart, text.length, 0);
    this.length += text.length;
  }

  get size(): number {
    return this.length;
  }

  /**
   * The derived text and its map as runs (`CompactOffsetMap`, the same runs `compactMap` finds in `build`'s
   * map): read from the pieces, with no array of a number per character, which for a report of 20,000
   * characters is an 80 kB buffer allocated, zeroed, filled and read once more to be compacted.
   */
  buildCompact(sourceEnd: number): { text: string; map: CompactOffsetMap } {
    this.flushKept();
    const starts: number[] = [];
    const deltas: number[] = [];
    const runFrom = (derived: number, source: number) => {
      if (deltas.length > 0 && deltas[deltas.length - 1] === source - derived) return;
      starts.push(derived);
      deltas.push(source - derived);
    };
    let at = 0;
    for (let r = 0; r < this.runs.length; r += 3) {
      const source = this.runs[r];
      const length = this.runs[r + 1];
      if (this.runs[r + 2] === 1) runFrom(at, source);
      else for (let k = 0; k < length; k++) runFrom(at + k, source); // inserted: every character maps to `source`
      at += length;
    }
    runFrom(this.length, sourceEnd);
    return { text: this.text(), map: { starts: Int32Array.from(starts), deltas: Int32Array.from(deltas), length: this.length } };
  }

  build(sourceEnd: number): { text: string; map: OffsetMap } {
    this.flushKept();
    const map = new Int32Array(this.length + 1);
    let at = 0;
    for (let r = 0; r < this.runs.length; r += 3) {
      const source = this.runs[r];
      const length = this.runs[r + 1];
      if (this.runs[r + 2] === 1) for (let k = 0; k < length; k++) map[at + k] = source + k;
      else map.fill(source, at, at + length);
      at += length;
    }
    map[this.length] = sourceEnd;
    return { text: this.text(), map };
  }

  /** The derived text, once `flushKept` has run. */
  private text(): string {
    return this.parts.length === 1 ? this.parts[0] : this.parts.join('');
  }

  /** Moves the pending kept stretch into `parts` and `runs`. */
  private flushKept(): void {
    if (this.pendingSource === null) return;
    this.parts.push(this.pendingSource.slice(this.pendingStart, this.pendingEnd));
    this.runs.push(this.pendingStart, this.pendingEnd - this.pendingStart, 1);
    this.pendingSource = null;
  }
}
