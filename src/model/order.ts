/** Code-unit order, the tie-break used by every sorted table (locale-independent). */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
