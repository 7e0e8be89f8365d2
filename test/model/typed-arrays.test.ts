import { describe, expect, it } from 'vitest';
import { grownTo } from '../../src/model/typed-arrays.js';

describe('grownTo', () => {
  it('doubles a full array, keeps its entries and zeroes the new room', () => {
    const full = Int32Array.of(5, -6, 7);
    const grown = grownTo(full, 4);
    expect(grown).toBeInstanceOf(Int32Array);
    expect([...grown]).toEqual([5, -6, 7, 0, 0, 0]);
    expect([...full]).toEqual([5, -6, 7]); // the original is left as it was
  });

  it('grows to the length asked for when that is more than double', () => {
    expect(grownTo(new Uint8Array(2), 9).length).toBe(9);
    expect(grownTo(new Float64Array(0), 1).length).toBe(1);
  });

  it('fills only the new room with the given value', () => {
    const grown = grownTo(Int32Array.of(0, 3), 3, -2);
    expect([...grown]).toEqual([0, 3, -2, -2]);
  });

  it('keeps the kind of array (a Uint8Array stays bytes)', () => {
    const grown = grownTo(Uint8Array.of(255), 2);
    expect(grown).toBeInstanceOf(Uint8Array);
    grown[1] = 256;
    expect(grown[1]).toBe(0);
  });
});
