/** Number formatting shared by the analysis tables: fixed decimals so two runs give byte-identical files. */

const MINUS = 0x2d;
const NEGATIVE_ZERO = /^-0\.?0*$/;

/** `x` with `decimals` fixed decimals; -0 is written as 0. */
export function fixed(x: number, decimals: number): string {
  const s = toFixedText(x, decimals);
  // Only a text starting with '-' can be a negative zero: most numbers skip the pattern.
  return s.charCodeAt(0) === MINUS && NEGATIVE_ZERO.test(s) ? s.slice(1) : s;
}

/** A p-value in scientific notation with 3 decimals (`1.234e-7`), so tiny values keep their size. */
export function pValue(p: number): string {
  return p.toExponential(3);
}

/** '000', '001', … '999': the decimals of `toFixedText`, three at a time. */
const THREE_DIGITS: readonly string[] = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/** Scaled values (`x × 10^decimals`) from which `toFixedText` leaves the number to `toFixed`: see `roundedScaled`. */
const MAX_SCALED = 2 ** 31;

/** 2^27 + 1: splits a double into two halves of at most 26 significant bits each (Veltkamp). */
const SPLITTER = 134217729;

/**
 * `x.toFixed(decimals)`, the same text for every number. The tables format their rates and scores with 3 or 6
 * decimals (about 1.7 million numbers at 20,000 reports), and the engine's `toFixed` costs about a thousand
 * instructions a call: those two are made here from an exactly rounded integer, the others left to `toFixed`.
 */
export function toFixedText(x: number, decimals: number): string {
  if (decimals !== 3 && decimals !== 6) return x.toFixed(decimals);
  // As toFixed: the sign of a number below zero, then the magnitude (so -0 gives "0.000", -0.0001 "-0.000").
  const negative = x < 0;
  const scale = decimals === 3 ? 1000 : 1000000;
  const n = roundedScaled(negative ? -x : x, scale);
  if (n < 0) return x.toFixed(decimals);
  // n < 2^31 + 1, so the whole part fits an int32: a small integer, which the engine turns into text from a cache
  const whole = (n / scale) | 0;
  const fraction = n - whole * scale;
  const digits = decimals === 3 ? THREE_DIGITS[fraction] : THREE_DIGITS[(fraction / 1000) | 0] + THREE_DIGITS[fraction % 1000];
  return negative ? `-${whole}.${digits}` : `${whole}.${digits}`;
}

/**
 * The integer n nearest to the exact product `magnitude × scale`, the larger on a tie (what toFixed rounds to);
 * -1 when the product is not below `MAX_SCALED` (or not a number). `scale` is 10^3 or 10^6.
 *
 * The rounded product `hi` may sit on the other side of a half than the exact one, so the product's rounding
 * error `lo` (exact, Dekker's product; `scale` needs no split, having at most 20 significant bits) decides: the
 * exact fraction above `whole` is `f + lo`, where `f = hi − whole` is exact and |lo| is at most half an ulp of
 * `hi` (at most 2^-23 under `MAX_SCALED`). It reaches one half only when f ≥ 0.25, and then `f − 0.5` is exact
 * (Sterbenz), so the comparison with `-lo` is exact too.
 */
function roundedScaled(magnitude: number, scale: number): number {
  const hi = magnitude * scale;
  if (!(hi < MAX_SCALED)) return -1;
  const whole = Math.floor(hi);
  const f = hi - whole;
  if (f < 0.25) return whole;
  const c = SPLITTER * magnitude;
  const high = c - (c - magnitude);
  const low = magnitude - high;
  const lo = high * scale - hi + low * scale;
  return f - 0.5 >= -lo ? whole + 1 : whole;
}
