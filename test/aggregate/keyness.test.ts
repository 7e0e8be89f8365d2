import { describe, expect, it } from 'vitest';
import { chiSquare, chiSquareP1, keyness, logLikelihood } from '../../src/aggregate/keyness.js';

describe('keyness', () => {
  it('keyness G2 of a 2x2 table, by hand', () => {
    // a=10 b=5 c=90 d=195, N=300; E = 5, 10, 95, 190
    // G2 = 2(10 ln 2 + 5 ln 0.5 + 90 ln(90/95) + 195 ln(195/190)) = 7.32981167…
    expect(logLikelihood({ a: 10, b: 5, c: 90, d: 195 }, 'none')).toBeCloseTo(7.329811674221491, 10);
    // smallest expected is 5, not below: quanteda's default applies no correction
    expect(logLikelihood({ a: 10, b: 5, c: 90, d: 195 })).toBeCloseTo(7.329811674221491, 10);
    // Yates: every |O − E| = 5, so χ² = 4.5² (1/5 + 1/10 + 1/95 + 1/190) = 6.39473684…
    expect(chiSquare({ a: 10, b: 5, c: 90, d: 195 })).toBeCloseTo(6.394736842105262, 10);
    expect(chiSquareP1(7.329811674221491)).toBeCloseTo(0.006782015951830023, 6);
    // under-use is negative
    expect(logLikelihood({ a: 5, b: 10, c: 195, d: 90 }, 'none')).toBeLessThan(0);
  });
  it('keyness applies the Yates correction when an expected count is small', () => {
    // a=3 b=2 c=3 d=27: E11 = 0.857 < 5 and |ad − bc| = 75 > N/2 = 17.5 → cells moved by 0.5
    expect(logLikelihood({ a: 3, b: 2, c: 3, d: 27 }, 'none')).toBeCloseTo(5.834997460727347, 10);
    expect(logLikelihood({ a: 3, b: 2, c: 3, d: 27 })).toBeCloseTo(3.5247894570309595, 10);
  });
  it('keyness ranks over-used terms per group against the rest', () => {
    const reports = [
      { reportId: 'a', township: 'T1', year: 2021, counts: new Map([['宣讲', 10], ['其他', 90]]) },
      { reportId: 'b', township: 'T2', year: 2021, counts: new Map([['宣讲', 5], ['其他', 195]]) },
    ];
    const rows = keyness(reports, 'township', { correction: 'none' });
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ group: 'T1', rank: 1, term: '宣讲', targetCount: 10, referenceCount: 5 });
    expect(rows[0].g2).toBeCloseTo(7.329811674221491, 10);
    expect(rows[1]).toMatchObject({ group: 'T2', term: '其他', targetCount: 195, referenceCount: 90 });
    // one group: no reference, no rows
    expect(keyness(reports, 'year')).toEqual([]);
  });
});
