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

/** Maps a span through an offset map: the start of its first character to the end of its last. */
export function mapSpan(map: OffsetMap, span: Span): Span {
  const start = map[span.start];
  const end = span.end > span.start ? map[span.end - 1] + 1 : start;
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
  private offsets: number[] = [];
  private length = 0;

  /** Appends `source.slice(start, end)` unchanged. */
  keep(source: string, start: number, end: number): void {
    if (end <= start) return;
    this.parts.push(source.slice(start, end));
    for (let i = start; i < end; i++) this.offsets.push(i);
    this.length += end - start;
  }

  /** Appends `text` standing for the source characters from `sourceStart` (each new char maps there). */
  insert(text: string, sourceStart: number): void {
    this.parts.push(text);
    for (let i = 0; i < text.length; i++) this.offsets.push(sourceStart);
    this.length += text.length;
  }

  get size(): number {
    return this.length;
  }

  build(sourceEnd: number): { text: string; map: OffsetMap } {
    const map = new Int32Array(this.length + 1);
    for (let i = 0; i < this.length; i++) map[i] = this.offsets[i];
    map[this.length] = sourceEnd;
    return { text: this.parts.join(''), map };
  }
}
