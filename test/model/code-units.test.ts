import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CodeUnitScratch, codeUnitsOf, isTrimmedSpace, learnedUnitTest, TRIMMED_SPACE_UNITS, trimmedEnd, trimmedStart } from '../../src/model/code-units.js';

describe('code units', () => {
  it('codeUnitsOf gives each charCodeAt, for one-byte, two-byte and sliced strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.nat(5), (text, cut) => {
        for (const t of [text, text.slice(Math.min(cut, text.length)), 'abc' + text]) {
          const units = codeUnitsOf(t);
          expect(units.length).toBe(t.length);
          expect(Array.from(units)).toEqual(Array.from({ length: t.length }, (_, i) => t.charCodeAt(i)));
        }
      }),
    );
    expect(Array.from(codeUnitsOf('a\ud800b\udc00'))).toEqual([0x61, 0xd800, 0x62, 0xdc00]); // lone surrogates kept
    const wide = '今年以来\u3000我镇'.repeat(1000); // not from Buffer's pool
    expect(Array.from(codeUnitsOf(wide))).toEqual([...wide].map((ch) => ch.charCodeAt(0)));
  });

  it('CodeUnitScratch gives the units of text after text, longer and shorter, as codeUnitsOf does', () => {
    const scratch = new CodeUnitScratch();
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 200 }), { maxLength: 8 }), (texts) => {
        for (const text of [...texts, '镇'.repeat(40_000), ...texts]) expect(Array.from(scratch.of(text))).toEqual(Array.from(codeUnitsOf(text)));
      }),
      { numRuns: 50 },
    );
    const huge = '镇'.repeat((1 << 20) + 1); // beyond what the scratch keeps: its own array, the scratch left as it was
    const small = scratch.of('青石镇');
    expect(scratch.of(huge).length).toBe(huge.length);
    expect(Array.from(small)).toEqual(Array.from(codeUnitsOf('青石镇')));
  });

  it('isTrimmedSpace holds for exactly the code units String.prototype.trim removes', () => {
    const wrong: number[] = [];
    for (let unit = 0; unit < 0x10000; unit++) if (isTrimmedSpace(unit) !== (String.fromCharCode(unit).trim() === '')) wrong.push(unit);
    expect(wrong).toEqual([]);
  });

  it('trimmedStart and trimmedEnd bound what trim leaves of a stretch', () => {
    const unit = fc.constantFrom(' ', '\t', '\u3000', '\ufeff', '\u00a0', '\r', '镇', 'a', '\u200b');
    fc.assert(
      fc.property(fc.string({ unit }), fc.nat(), fc.nat(), (text, a, b) => {
        const start = Math.min(a, text.length);
        const end = start + Math.min(b, text.length - start);
        const units = codeUnitsOf(text);
        const from = trimmedStart(units, start, end);
        expect(text.slice(from, trimmedEnd(units, from, end))).toBe(text.slice(start, end).trim());
      }),
    );
  });
  it('TRIMMED_SPACE_UNITS lists exactly the units isTrimmedSpace accepts', () => {
    const differing: number[] = [];
    for (let code = 0; code < 0x10000; code++) if (TRIMMED_SPACE_UNITS.includes(String.fromCharCode(code)) !== isTrimmedSpace(code)) differing.push(code);
    expect(differing).toEqual([]);
  });
  it('learnedUnitTest answers for every unit as its test does, asking the test once per unit', () => {
    const asked = new Map<string, number>();
    const isHan = (ch: string) => {
      asked.set(ch, (asked.get(ch) ?? 0) + 1);
      return /\p{Script=Han}/u.test(ch);
    };
    const isHanUnit = learnedUnitTest(isHan);
    const wrong: number[] = [];
    for (let round = 0; round < 2; round++) for (let unit = 0; unit < 0x10000; unit++) if (isHanUnit(unit) !== /\p{Script=Han}/u.test(String.fromCharCode(unit))) wrong.push(unit);
    expect(wrong).toEqual([]);
    expect(asked.size).toBe(0x10000);
    expect([...asked.values()].every((n) => n === 1)).toBe(true);
  });
});
