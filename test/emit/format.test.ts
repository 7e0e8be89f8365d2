import { describe, expect, it } from 'vitest';
import { fixed, toFixedText } from '../../src/emit/tables/format.js';

/** The double `steps` units in the last place away from `x` (same sign, no crossing of zero). */
function ulpsAway(x: number, steps: number): number {
  const bits = new BigInt64Array(new Float64Array([x]).buffer);
  bits[0] += BigInt(steps);
  return new Float64Array(bits.buffer)[0];
}

/** A fixed pseudo-random sequence in [0, 1), so a failure can be run again. */
function lcg(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };
}

describe('format', () => {
  it('toFixedText gives toFixed\'s text on the halves where the rounded product and the exact one disagree', () => {
    // k + 0.5 thousandths (millionths) and the doubles next to them: 0.0045 is stored just below the half and
    // rounds down, 0.0055 just above and rounds up, though both scale to x.5 when multiplied in doubles.
    for (const decimals of [3, 6]) {
      const scale = 10 ** decimals;
      for (let k = 0; k < 5000; k++) {
        const half = (k + 0.5) / scale;
        for (let steps = -2; steps <= 2; steps++) {
          const x = ulpsAway(half, steps);
          expect(toFixedText(x, decimals)).toBe(x.toFixed(decimals));
          expect(toFixedText(-x, decimals)).toBe((-x).toFixed(decimals));
        }
      }
    }
  });

  it('toFixedText gives toFixed\'s text for numbers of every size, the edges and what it leaves to toFixed', () => {
    const random = lcg(7);
    for (const decimals of [0, 2, 3, 6]) {
      for (let i = 0; i < 50000; i++) {
        const x = (random() - 0.3) * 10 ** Math.floor(random() * 30 - 20);
        expect(toFixedText(x, decimals)).toBe(x.toFixed(decimals));
      }
      for (const x of [0, -0, NaN, Infinity, -Infinity, 1e21, -1e21, 2 ** 31 / 1000, ulpsAway(2 ** 31 / 1000, -1), 2 ** 31 / 1e6, 5e-324, -5e-324, 0.0005, 1.0005, 1.2345675, 999.9995, 0.9999995, 52.053]) {
        expect(toFixedText(x, decimals)).toBe(x.toFixed(decimals));
      }
    }
  });

  it('fixed writes a negative zero as zero', () => {
    expect(fixed(-0.0001, 3)).toBe('0.000');
    expect(fixed(-0, 6)).toBe('0.000000');
    expect(fixed(-0.0005001, 3)).toBe('-0.001');
    expect(fixed(12.3456785, 6)).toBe((12.3456785).toFixed(6));
  });
});
