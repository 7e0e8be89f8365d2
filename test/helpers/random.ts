/**
 * Deterministic pseudo-random numbers in [0, 1) (mulberry32): a test's cases are the same on every run, and a failing
 * seed can be replayed.
 */
export function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Deterministic filler text for the reuse tests: random ideographs (a comma every 23), so two fillers never share a
 * run long enough to seed a passage.
 */
export function filler(seed: number, length: number): string {
  let state = seed >>> 0;
  let out = '';
  for (let i = 0; i < length; i++) {
    // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out += String.fromCharCode(0x4e00 + (((t ^ (t >>> 14)) >>> 0) % 3000));
    if (i % 23 === 22) out += ',';
  }
  return out + '。';
}
