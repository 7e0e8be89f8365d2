import { describe, expect, it } from 'vitest';
import { TermNumbers, TermIdDecoder, TermIdEncoder } from '../../src/aggregate/term-ids.js';
import { themeSummary } from '../../src/aggregate/theme-summary.js';
import { termEntries, type ReportRecord, type TermCounts } from '../../src/model/record.js';
import { reportRecordFor } from '../helpers/report-record.js';

const counts = (...values: number[]) => Int32Array.from(values);
/** A decoded report's terms as strings, in its order. */
const termsOf = (decoded: TermCounts) => [...termEntries(decoded)].map(([term]) => term);

/** An analysis thread's side: its terms numbered as met (as the reduction numbers them) and its encoder. */
function thread(): { met: TermNumbers; encoder: TermIdEncoder; encode: (terms: string[]) => ReturnType<TermIdEncoder['encode']> } {
  const met = new TermNumbers();
  const encoder = new TermIdEncoder(met.terms);
  return { met, encoder, encode: (terms) => encoder.encode(Int32Array.from(terms, (term) => met.idOfTerm(term))) };
}

describe('content terms by id between threads', () => {
  it('term ids: each thread sends a term once; the main thread gives every thread the same run number for it', () => {
    const run = new TermNumbers();
    const [a, b] = [thread(), thread()];
    const [fromA, fromB] = [new TermIdDecoder(run), new TermIdDecoder(run)];
    const first = a.encode(['宣讲', '舆情']);
    expect(first.fresh).toEqual(['宣讲', '舆情']);
    const second = a.encode(['舆情', '乡村振兴', '宣讲']);
    expect(second.fresh).toEqual(['乡村振兴']);
    expect([...second.ids]).toEqual([1, 2, 0]);
    const other = b.encode(['乡村振兴', '宣讲']);
    expect([...fromA.decode(first, counts(1, 2)).ids!]).toEqual([0, 1]);
    const decoded = fromA.decode(second, counts(3, 4, 5));
    expect(termsOf(decoded)).toEqual(['舆情', '乡村振兴', '宣讲']);
    expect(decoded).toMatchObject({ terms: [], counts: counts(3, 4, 5), ids: Int32Array.from([1, 2, 0]) });
    // thread b numbered 乡村振兴 0 and 宣讲 1; the run's numbers are the ones thread a's reports gave them
    const fromOther = fromB.decode(other, counts(1, 1));
    expect(termsOf(fromOther)).toEqual(['乡村振兴', '宣讲']);
    expect(fromOther).toMatchObject({ counts: counts(1, 1), ids: Int32Array.from([2, 0]) });
    // the run's numbers are written over the thread's in the array that came across (the receiver's own)
    expect(fromOther.ids).toBe(other.ids);
    expect(run.terms).toEqual(['宣讲', '舆情', '乡村振兴']);
  });

  it('term ids: terms of a result that could not be sent are sent again with the next one', () => {
    const { met, encoder, encode } = thread();
    const decoder = new TermIdDecoder(new TermNumbers());
    decoder.decode(encode(['宣讲']), counts(1));
    const lost = encode(['宣讲', '舆情']);
    expect(lost.fresh).toEqual(['舆情']);
    encoder.unsend(lost);
    // a report met 河长制 and was never sent (it failed after its terms were numbered)
    met.idOfTerm('河长制');
    const next = encode(['舆情', '宣讲']);
    expect(next.fresh).toEqual(['舆情', '河长制']);
    expect(termsOf(decoder.decode(next, counts(2, 1)))).toEqual(['舆情', '宣讲']);
    expect(termsOf(decoder.decode(encode(['河长制', '宣讲']), counts(1, 1)))).toEqual(['河长制', '宣讲']);
  });

  it('term ids: a number the thread never sent fails the decode', () => {
    const decoder = new TermIdDecoder(new TermNumbers());
    expect(() => decoder.decode({ ids: Int32Array.from([0]), fresh: [] }, counts(1))).toThrow(/never sent/);
  });

  it('term ids: keywords and keyness are the same whether records carry run numbers or not, or some of them do', () => {
    const reports: [string, string, string[], number[]][] = [
      ['a', '东镇', ['宣讲', '舆情', '乡村振兴'], [3, 1, 2]],
      ['b', '西乡', ['舆情', '河长制'], [2, 5]],
      ['c', '东镇', ['河长制', '宣讲', '志愿服务'], [1, 4, 2]],
      ['d', '西乡', ['志愿服务', '乡村振兴', '宣讲'], [6, 1, 1]],
    ];
    const recordWith = ([id, township, , ]: (typeof reports)[number], terms: TermCounts): ReportRecord => reportRecordFor(id, township, { terms });
    const summaryOf = (withIds: (index: number) => boolean) => {
      const step = themeSummary({ themes: [], keyness: { minCount: 1 } });
      const encoders = [thread(), thread()];
      const run = new TermNumbers();
      const decoders = [new TermIdDecoder(run), new TermIdDecoder(run)];
      reports.forEach((report, index) => {
        const [, , terms, values] = report;
        const thread = index % 2;
        const given = withIds(index) ? decoders[thread].decode(encoders[thread].encode(terms), counts(...values)) : { terms: [...terms], counts: counts(...values) };
        step.add(recordWith(report, given));
      });
      const result = step.finish({ township: (name) => name });
      return { keywords: [...result.keywords.chunks()].flat(), keyness: [...result.keyness.chunks()].flat() };
    };
    const byString = summaryOf(() => false);
    expect(byString.keywords.length).toBeGreaterThan(0);
    expect(byString.keyness.length).toBeGreaterThan(0);
    expect(summaryOf(() => true)).toEqual(byString);
    expect(summaryOf((index) => index % 3 !== 1)).toEqual(byString);
    expect(summaryOf((index) => index === 0)).toEqual(byString);
  });
});
