/**
 * A text's UTF-16 code units as a typed array, for the loops that read every character of a report (cleaning's
 * script count and literal scan). `charCodeAt` in optimised code dispatches on the string's representation
 * (flat or sliced, one or two bytes a character) at every call; an element of a `Uint16Array` is one load. The
 * copy is one native pass (`Buffer.from(text, 'utf16le')`), made once per text and read by every loop over it.
 */

/** `text`'s code units: `codeUnitsOf(text)[i] === text.charCodeAt(i)` for every i. */
export function codeUnitsOf(text: string): Uint16Array {
  // Note: Buffer.from's pooled slices start at multiples of 8 bytes, as a Uint16Array's offset must be even.
  const bytes = Buffer.from(text, 'utf16le');
  return new Uint16Array(bytes.buffer, bytes.byteOffset, text.length);
}

/** Whether a code unit is an ASCII digit, 0–9. */
export function isDigitUnit(unit: number): boolean {
  return unit >= 0x30 && unit <= 0x39;
}

/** Whether a code unit ends a sentence: one of 。！？!?；; */
export function isSentenceEndUnit(unit: number): boolean {
  return unit === 0x3002 || unit === 0xff01 || unit === 0xff1f || unit === 0x21 || unit === 0x3f || unit === 0xff1b || unit === 0x3b;
}

/**
 * A test of one code unit, answered as `isCharacter` answers for the unit as a one-character string (a lone
 * surrogate included), each unit's answer learned the first time it is asked about and kept in a table: for scans
 * that ask about most units of a text, where a regex call per unit would cost more than the scan.
 */
export function learnedUnitTest(isCharacter: (character: string) => boolean): (unit: number) => boolean {
  /** per unit: 0 not asked yet, 1 yes, 2 no */
  const answers = new Uint8Array(0x10000);
  return (unit) => {
    let answer = answers[unit];
    if (answer === 0) answers[unit] = answer = isCharacter(String.fromCharCode(unit)) ? 1 : 2;
    return answer === 1;
  };
}

/** The units `isTrimmedSpace` accepts, as a string (for tables set by character). */
export const TRIMMED_SPACE_UNITS = '\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';

/**
 * Whether a code unit is one that `String.prototype.trim` removes: ECMAScript's WhiteSpace (tab, VT, FF, U+FEFF
 * and the space separators Zs: U+0020, U+00A0, U+1680, U+2000–U+200A, U+202F, U+205F, U+3000) and
 * LineTerminator (LF, CR, U+2028, U+2029).
 */
export function isTrimmedSpace(unit: number): boolean {
  if (unit <= 0x20) return unit === 0x20 || (unit >= 0x09 && unit <= 0x0d);
  if (unit < 0xa0) return false;
  return (
    unit === 0xa0 ||
    unit === 0x1680 ||
    (unit >= 0x2000 && unit <= 0x200a) ||
    unit === 0x2028 ||
    unit === 0x2029 ||
    unit === 0x202f ||
    unit === 0x205f ||
    unit === 0x3000 ||
    unit === 0xfeff
  );
}

/** The first offset in [start, end) whose unit `trim` keeps (`end` when there is none). */
export function trimmedStart(units: Uint16Array, start: number, end: number): number {
  while (start < end && isTrimmedSpace(units[start])) start++;
  return start;
}

/** The end of `units[start, end)` trimmed at its end (`start` when all of it is trimmed). */
export function trimmedEnd(units: Uint16Array, start: number, end: number): number {
  while (end > start && isTrimmedSpace(units[end - 1])) end--;
  return end;
}

/** Longest text (code units) whose units `CodeUnitScratch` keeps storage for: a rare huge file gets its own. */
const SCRATCH_MAX_UNITS = 1 << 20;

/**
 * `codeUnitsOf` into storage kept from text to text: no array buffer allocated (off the heap, with its GC
 * bookkeeping) per report. The array `of` returns is overwritten by the next call: read it before then.
 */
export class CodeUnitScratch {
  private bytes = Buffer.alloc(0);

  /** `text`'s code units, valid until the next call. */
  of(text: string): Uint16Array {
    if (text.length > SCRATCH_MAX_UNITS) return codeUnitsOf(text);
    if (this.bytes.length < text.length * 2) this.bytes = Buffer.alloc(Math.min(Math.max(text.length * 2, this.bytes.length * 2, 1 << 16), SCRATCH_MAX_UNITS * 2));
    this.bytes.write(text, 0, 'utf16le');
    return new Uint16Array(this.bytes.buffer, this.bytes.byteOffset, text.length);
  }
}
