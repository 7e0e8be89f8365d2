/**
 * Matching text for passage reuse: the analysis text with whitespace and punctuation dropped, Latin letters
 * lower-cased, and every run of figures or placeholder marks (`12.5`, `X`, `*`, `２０２１`) folded into one `#`,
 * so that a copy whose figures were swapped (`开展活动12场` / `开展活动8场` / `开展活动X场`) still matches.
 * `starts` maps each matching character back to its offset in the input text.
 */
export interface MatchText {
  /** the folded text; one UTF-16 unit per kept character or per figure run */
  chars: string;
  /**
   * `starts[i]` is the offset in the input text of the first character behind `chars[i]` (16-bit when every
   * offset fits, as the reuse store reads it back: one array less per report read)
   */
  starts: Int32Array | Uint16Array;
}

/** The character standing for a run of figures or placeholder marks. */
export const FIGURE = '#';

const FIGURE_CODE = 0x23;

function isLatinLetter(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || (code >= 0xff21 && code <= 0xff3a) || (code >= 0xff41 && code <= 0xff5a);
}

function isDigit(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0xff10 && code <= 0xff19);
}

/** `x` or `X`, half- or full-width: a placeholder mark when it stands alone or only with other x's (`XX镇`). */
function isLetterX(code: number): boolean {
  return code === 0x78 || code === 0x58 || code === 0xff58 || code === 0xff38;
}

/** `*`, `＊`, `×`: placeholder marks. */
function isMark(code: number): boolean {
  return code === 0x2a || code === 0xff0a || code === 0xd7;
}

/** Chinese characters (BMP ideographs, 〇, compatibility ideographs, surrogate halves of supplementary ones). */
function isHan(code: number): boolean {
  return (code >= 0x3400 && code <= 0x9fff) || code === 0x3007 || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xd800 && code <= 0xdfff);
}

function lowerLatin(code: number): number {
  if (code >= 0xff21 && code <= 0xff3a) return code - 0xff21 + 0x61;
  if (code >= 0xff41 && code <= 0xff5a) return code - 0xff41 + 0x61;
  if (code >= 0x41 && code <= 0x5a) return code + 0x20;
  return code;
}

/** Kind of each input character for matching: dropped, part of a figure run, kept as itself, or a Latin letter (its run decides). */
const enum Kind {
  Drop = 0,
  Figure = 1,
  Keep = 2,
  Latin = 3,
}

/**
 * The kind of every code unit, looked up once per character of every report (a few predicates a character
 * were most of the folding's time); a Latin letter's kind depends on its run (see `latinRunKind`).
 */
const KIND_OF = new Uint8Array(0x10000);
for (let code = 0; code < 0x10000; code++) {
  KIND_OF[code] = isLatinLetter(code) ? Kind.Latin : isDigit(code) || isMark(code) ? Kind.Figure : isHan(code) ? Kind.Keep : Kind.Drop;
}

/** End of the run of Latin letters that starts at `start`. */
function latinRunEnd(text: Uint16Array, start: number): number {
  let end = start;
  while (end < text.length && KIND_OF[text[end]] === Kind.Latin) end++;
  return end;
}

/** Kind of the Latin letters [start, end): a run made only of x's is a placeholder mark (a figure), other letters are kept. */
function latinRunKind(text: Uint16Array, start: number, end: number): Kind.Figure | Kind.Keep {
  for (let i = start; i < end; i++) if (!isLetterX(text[i])) return Kind.Keep;
  return Kind.Figure;
}

/**
 * Scratch arrays of the folding, grown as needed and reused from text to text: a report's matching text is
 * made once per report as it arrives (20,000 at the bench's largest corpus), and arrays as long as the text,
 * made and dropped each time, were memory allocated outside the heap and freed by its collector.
 */
let kindsScratch = new Uint8Array(1 << 10);
let codesScratch = new Uint16Array(1 << 14);
let startsScratch = new Int32Array(1 << 14);

/** Classifies every code unit of `text` (see `fold`). A view of the scratch, valid until the next call. */
function classify(text: Uint16Array): Uint8Array {
  if (kindsScratch.length < text.length) kindsScratch = new Uint8Array(2 * text.length);
  const kinds = kindsScratch.subarray(0, text.length);
  for (let i = 0; i < text.length; ) {
    const kind = KIND_OF[text[i]];
    if (kind !== Kind.Latin) {
      kinds[i++] = kind;
      continue;
    }
    const end = latinRunEnd(text, i);
    kinds.fill(latinRunKind(text, i, end), i, end);
    i = end;
  }
  return kinds;
}

/** UTF-16 decoder: turns the matching codes into a string in one native call (spreading them into `String.fromCharCode` is slower). */
const utf16 = new TextDecoder('utf-16le');

/** Builds the matching text of `text` (see `MatchText`). */
export function toMatchText(text: string): MatchText {
  const { chars, starts } = toMatchCodesScratch(codeUnits(text));
  return { chars: decode(chars), starts: starts.slice() };
}

/**
 * `toMatchText` over code units, without making a string: the matching text as code units and its offsets map,
 * both views of scratch arrays reused by the next call (copy them to keep them). The reuse store folds every
 * report as it arrives, straight from the code units its analysis thread sent.
 */
export function toMatchCodesScratch(text: Uint16Array): { chars: Uint16Array; starts: Int32Array } {
  if (codesScratch.length < text.length) codesScratch = new Uint16Array(2 * text.length);
  if (startsScratch.length < text.length + 1) startsScratch = new Int32Array(2 * (text.length + 1));
  const n = fold(text, startsScratch, codesScratch);
  return { chars: codesScratch.subarray(0, n), starts: startsScratch.subarray(0, n + 1) };
}

/** `toMatchText(text).starts` alone, without building the characters: for rebuilding an offset map that was not kept. */
export function matchStarts(text: string): Int32Array {
  if (startsScratch.length < text.length + 1) startsScratch = new Int32Array(2 * (text.length + 1));
  const n = fold(codeUnits(text), startsScratch, null);
  return startsScratch.slice(0, n + 1);
}

/**
 * Fills `starts` (and `codes` when given) with the matching characters of `text` (code units); returns their
 * number. One pass: a character's kind is a table look-up, and a run of Latin letters is classified when met.
 */
function fold(text: Uint16Array, starts: Int32Array, codes: Uint16Array | null): number {
  let n = 0;
  let lastKind = Kind.Drop;
  /** the Latin letter run the characters up to `latinEnd` belong to, and its kind */
  let latinEnd = 0;
  let latinKind: Kind.Figure | Kind.Keep = Kind.Keep;
  for (let i = 0; i < text.length; i++) {
    let kind = KIND_OF[text[i]] as Kind;
    if (kind === Kind.Drop) continue;
    if (kind === Kind.Latin) {
      if (i >= latinEnd) {
        latinEnd = latinRunEnd(text, i);
        latinKind = latinRunKind(text, i, latinEnd);
      }
      kind = latinKind;
    }
    // A figure run continues across dropped characters (`12.5`, `X, X`) but not across kept ones.
    if (kind === Kind.Figure && lastKind === Kind.Figure) continue;
    if (codes) codes[n] = kind === Kind.Figure ? FIGURE_CODE : lowerLatin(text[i]);
    starts[n] = i;
    n++;
    lastKind = kind;
  }
  starts[n] = text.length;
  return n;
}

/** The string of UTF-16 code units `codes`; lone surrogates are kept as they are (the decoder would replace them). */
function decode(codes: Uint16Array): string {
  for (let i = 0; i < codes.length; i++) {
    if (codes[i] >= 0xd800 && codes[i] <= 0xdfff) {
      let chars = '';
      const chunk = 8192;
      for (let at = 0; at < codes.length; at += chunk) chars += String.fromCharCode(...codes.subarray(at, Math.min(codes.length, at + chunk)));
      return chars;
    }
  }
  if (!littleEndian) {
    let chars = '';
    for (let i = 0; i < codes.length; i++) chars += String.fromCharCode(codes[i]);
    return chars;
  }
  return utf16.decode(codes);
}

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Offset in the input text just past matching character `index`: past the last figure of a folded run, so
 * that a passage ending on a figure does not swallow the punctuation after it. `text` and `chars` (the
 * matching text) are code units, `starts` the matching text's offsets map.
 */
export function endOffset(text: Uint16Array, chars: Uint16Array, starts: Int32Array | Uint16Array, index: number): number {
  const start = starts[index];
  // Note: each surrogate half is its own matching character, so a kept character always spans one unit.
  if (chars[index] !== FIGURE_CODE) return start + 1;
  const limit = index + 1 < starts.length - 1 ? starts[index + 1] : text.length;
  return pastLastFigure(text.subarray(start, limit), start);
}

/** Offset just past the last figure of `run` (a folded figure run and what follows it up to the next matching character), which starts at `start`. */
function pastLastFigure(run: Uint16Array, start: number): number {
  const kinds = classify(run);
  let end = start + 1;
  for (let i = 0; i < kinds.length; i++) if (kinds[i] === Kind.Figure) end = start + i + 1;
  return end;
}

/** The UTF-16 code units of `text`. */
export function codeUnits(text: string): Uint16Array {
  const codes = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) codes[i] = text.charCodeAt(i);
  return codes;
}
