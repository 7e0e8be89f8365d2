import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compactMap, firstAtOrAfter, identityMap, mapOffset, mappedLength, mapSpan, MappedTextBuilder } from '../../src/model/span.js';

/** Pieces a derived text is built from: keep a stretch of the source, skip one, or insert text. */
const piece = fc.oneof(
  fc.record({ op: fc.constant('keep' as const), n: fc.integer({ min: 0, max: 6 }) }),
  fc.record({ op: fc.constant('skip' as const), n: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ op: fc.constant('insert' as const), n: fc.integer({ min: 1, max: 3 }) }),
);

/** A builder fed the pieces the way cleaning feeds one, and the source's end (`past` characters after the pieces). */
function builderOf(pieces: { op: 'keep' | 'skip' | 'insert'; n: number }[], past = 0) {
  const source = 'x'.repeat(pieces.reduce((sum, p) => sum + (p.op === 'insert' ? 0 : p.n), 0) + past);
  const builder = new MappedTextBuilder();
  let at = 0;
  for (const p of pieces) {
    if (p.op === 'keep') builder.keep(source, at, at + p.n);
    if (p.op === 'insert') builder.insert('y'.repeat(p.n), at);
    if (p.op !== 'insert') at += p.n;
  }
  return { builder, end: source.length };
}

/** A full offset map built the way cleaning builds one. */
function buildMap(pieces: { op: 'keep' | 'skip' | 'insert'; n: number }[]) {
  const { builder, end } = builderOf(pieces);
  return builder.build(end).map;
}

describe('compactMap', () => {
  it('compactMap maps every offset and span as the full map does', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        const full = buildMap(pieces);
        const compact = compactMap(full);
        expect(compact.length).toBe(full.length - 1);
        for (let i = 0; i < full.length; i++) expect(mapOffset(compact, i)).toBe(full[i]);
        for (let start = 0; start < full.length; start++) {
          for (let end = start; end < full.length; end++) expect(mapSpan(compact, { start, end })).toEqual(mapSpan(full, { start, end }));
        }
      }),
    );
  });

  it('compactMap keeps one run for an identity map', () => {
    const compact = compactMap(identityMap(1000));
    expect([...compact.starts]).toEqual([0]);
    expect([...compact.deltas]).toEqual([0]);
    expect(mapOffset(compact, 1000)).toBe(1000);
  });

  it('compactMap starts a run where text was removed', () => {
    // source "ab--cd": derived "abcd" skips the two dashes
    const compact = compactMap(Int32Array.from([0, 1, 4, 5, 6]));
    expect([...compact.starts]).toEqual([0, 2]);
    expect([...compact.deltas]).toEqual([0, 2]);
    expect(mapSpan(compact, { start: 1, end: 3 })).toEqual({ start: 1, end: 5 });
  });
});

describe('firstAtOrAfter', () => {
  it('finds the first element at least the value in any ascending array, the length when none is', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -20, max: 20 })), fc.integer({ min: -25, max: 25 }), (values, value) => {
        const sorted = Int32Array.from(values).sort();
        const expected = sorted.findIndex((x) => x >= value);
        expect(firstAtOrAfter(sorted, value)).toBe(expected < 0 ? sorted.length : expected);
      }),
    );
  });
});

describe('MappedTextBuilder', () => {
  it('gives the same text and map whether a stretch is kept in one piece or in consecutive pieces', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }), fc.array(fc.integer({ min: 0, max: 40 })), (source, cuts) => {
        const whole = new MappedTextBuilder();
        whole.keep(source, 0, source.length);
        const pieces = new MappedTextBuilder();
        let at = 0;
        for (const cut of [...cuts.map((c) => Math.min(c, source.length)).sort((a, b) => a - b), source.length]) {
          pieces.keep(source, at, cut);
          at = Math.max(at, cut);
        }
        const a = whole.build(source.length);
        const b = pieces.build(source.length);
        expect(b.text).toBe(source);
        expect(b.text).toBe(a.text);
        expect([...b.map]).toEqual([...a.map]);
      }),
    );
  });

  it('keeps pieces of two sources apart and maps an insertion between kept pieces to its source offset', () => {
    const builder = new MappedTextBuilder();
    builder.keep('abcdef', 0, 2);
    builder.keep('ABCDEF', 2, 4); // same offsets, another source: not one stretch with the first
    builder.insert('-', 4);
    builder.keep('abcdef', 4, 6);
    const { text, map } = builder.build(6);
    expect(text).toBe('abCD-ef');
    expect([...map]).toEqual([0, 1, 2, 3, 4, 4, 5, 6]);
  });

  it('buildCompact gives the text of build and the runs compactMap finds in its map', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), fc.integer({ min: 0, max: 3 }), (pieces, past) => {
        const full = (({ builder, end }) => builder.build(end))(builderOf(pieces, past));
        const compact = (({ builder, end }) => builder.buildCompact(end))(builderOf(pieces, past));
        expect(compact.text).toBe(full.text);
        const expected = compactMap(full.map);
        expect([...compact.map.starts]).toEqual([...expected.starts]);
        expect([...compact.map.deltas]).toEqual([...expected.deltas]);
        expect(compact.map.length).toBe(expected.length);
        expect(mappedLength(compact.map)).toBe(mappedLength(full.map));
      }),
    );
  });

  it('compactMap returns a map already compact as it is', () => {
    const compact = compactMap(Int32Array.from([0, 1, 4, 5, 6]));
    expect(compactMap(compact)).toBe(compact);
  });
});
