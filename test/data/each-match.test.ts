import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eachMatch } from '../../src/data/patterns.js';

/** Every match `eachMatch` visits, as [index, text]. */
function visited(pattern: RegExp, text: string): [number, string][] {
  const out: [number, string][] = [];
  eachMatch(pattern, text, (m) => void out.push([m.index, m[0]]));
  return out;
}

describe('eachMatch', () => {
  it('eachMatch visits what matchAll gives, empty matches and surrogate pairs included', () => {
    const patterns = [/[一二三]、/gu, /x*/gu, /x*/g, /(?:)/gu, /[a-c]+|(?=d)/gu, /\s*/gu];
    const unit = fc.constantFrom('一', '、', 'x', 'a', 'b', 'd', ' ', '\ud842', '\udfb7', '镇');
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 30 }).map((units) => units.join('')), fc.constantFrom(...patterns), (text, pattern) => {
        const expected = [...text.matchAll(pattern)].map((m): [number, string] => [m.index, m[0]]);
        expect(visited(pattern, text)).toEqual(expected);
        expect(pattern.lastIndex).toBe(0);
      }),
    );
  });

  it('eachMatch stops when the visitor returns true and refuses a pattern without flag g', () => {
    const seen: number[] = [];
    eachMatch(/[0-9]/g, 'a1b2c3', (m) => {
      seen.push(m.index);
      return m.index >= 3;
    });
    expect(seen).toEqual([1, 3]);
    expect(() => eachMatch(/[0-9]/, 'a1', () => {})).toThrow(TypeError);
  });
});
