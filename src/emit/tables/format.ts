/** Number formatting shared by the analysis tables: fixed decimals so two runs give byte-identical files. */

const MINUS = 0x2d;
const NEGATIVE_ZERO = /^-0\.?0*$/;

/** `x` with `decimals` fixed decimals; -0 is written as 0. */
export function fixed(x: number, decimals: number): string {
  const s = x.toFixed(decimals);
  // Only a text starting with '-' can be a negative zero: most numbers skip the pattern.
  return s.charCodeAt(0) === MINUS && NEGATIVE_ZERO.test(s) ? s.slice(1) : s;
}

/** A p-value in scientific notation with 3 decimals (`1.234e-7`), so tiny values keep their size. */
export function pValue(p: number): string {
  return p.toExponential(3);
}
