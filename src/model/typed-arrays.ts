/** Typed arrays that stages and corpus steps fill as they go and grow when full. */
export type GrowableArray = Int32Array | Uint8Array | Uint16Array | Uint32Array | Float64Array;

/**
 * A copy of `array` with room for at least `length` entries: twice as long, or `length` when that is more (so
 * that filling an array one entry at a time copies it a logarithmic number of times). The new entries are
 * `fill` (default 0). The caller keeps the copy in place of `array`.
 */
export function grownTo<T extends GrowableArray>(array: T, length: number, fill = 0): T {
  const bigger = new (array.constructor as new (length: number) => T)(Math.max(2 * array.length, length));
  (bigger as GrowableArray).set(array as ArrayLike<number>);
  if (fill !== 0) bigger.fill(fill, array.length);
  return bigger;
}
