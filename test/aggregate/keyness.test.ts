import { describe, expect, it } from 'vitest';
import { chiSquare, chiSquareP1, keyness, logLikelihood, type KeynessRow, type TermCountedReport } from '../../src/aggregate/keyness.js';

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
  it('keyness gives groups of one report and of several the rows of their summed counts, in any mix', () => {
    // Groups of one report (taken as they are) between groups of several (summed): each group's rows must be
    // those of its own counts summed, ranked by G² then term, whatever group came before it.
    const words = ['宣讲', '整治', '河道', '养老', '物业', '垃圾', '治理', '文明', '道路', '网格', '教育', '卫生'];
    const reports: TermCountedReport[] = [];
    for (let r = 0; r < 40; r++) {
      const counts = new Map<string, number>();
      for (let w = 0; w < words.length; w++) if ((r * 7 + w * 3) % 5 !== 0) counts.set(words[(w + r) % words.length], 1 + ((r * 13 + w * 5) % 9));
      // Townships T00, T01, T02 of three reports each, the rest one report each, interleaved in report order.
      reports.push({ reportId: `r${r}`, township: r % 4 === 0 && r < 36 ? `T0${r % 3}` : `U${r}`, year: 2021, counts });
    }
    const groups = [...new Set(reports.map((r) => r.township))];
    const rowsByHand: KeynessRow[] = [];
    const corpus = new Map<string, number>();
    for (const r of reports) for (const [t, c] of r.counts) corpus.set(t, (corpus.get(t) ?? 0) + c);
    const corpusTotal = [...corpus.values()].reduce((x, y) => x + y, 0);
    for (const group of groups.sort()) {
      const summed = new Map<string, number>();
      for (const r of reports) if (r.township === group) for (const [t, c] of r.counts) summed.set(t, (summed.get(t) ?? 0) + c);
      const target = [...summed.values()].reduce((x, y) => x + y, 0);
      const scored = [...summed]
        .filter(([, a]) => a >= 3)
        .map(([term, a]) => {
          const b = corpus.get(term)! - a;
          return { term, a, b, g2: logLikelihood({ a, b, c: target - a, d: corpusTotal - target - b }) };
        })
        .filter((s) => s.g2 > 0)
        .sort((x, y) => y.g2 - x.g2 || (x.term < y.term ? -1 : 1))
        .slice(0, 5);
      scored.forEach((s, i) => {
        const table = { a: s.a, b: s.b, c: target - s.a, d: corpusTotal - target - s.b };
        rowsByHand.push({ group, rank: i + 1, term: s.term, targetCount: s.a, referenceCount: s.b, g2: s.g2, chi2: chiSquare(table), p: chiSquareP1(s.g2) });
      });
    }
    expect(groups.filter((g) => g.startsWith('T'))).toHaveLength(3);
    expect(rowsByHand.length).toBeGreaterThan(60);
    expect(keyness(reports, 'township', { topN: 5 })).toEqual(rowsByHand);
  });
});
