import { describe, expect, it } from 'vitest';
import { findReuse, recycledFrom, type ReuseInput } from '../../src/aggregate/reuse.js';
import { filler } from '../helpers/random.js';

const SHARED = '全镇组织文艺骨干编排了反映乡村振兴的小戏小品十二个,在各村文化礼堂巡回演出,观众累计达到两万余人次,并评选出优秀节目参加县里的汇演。';

/** `count` reports, each with its own filler around the same passage; report i is of year 2010 + (i mod 7). */
function sharingCorpus(count: number, township: (i: number) => string = (i) => `镇${i}`): ReuseInput[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `r${String(i).padStart(3, '0')}`,
    township: township(i),
    year: 2010 + (i % 7),
    text: `${filler(2 * i + 1, 120)}\n${SHARED}\n${filler(2 * i + 2, 120)}`,
  }));
}

const NEVER_FORMULA = { minChars: 30, maxDocShare: 1 };

describe('findReuse on a passage shared by many reports', () => {
  it('reuse links each copy to an anchor, so rows grow linearly, not as every pair', () => {
    // Winnowing picks slightly different fingerprints where the passage meets each report's own text, so a few
    // sub-groups have an anchor of their own: a few rows more than one per copy, far from the 1,225 pairs of 50.
    const rows = [25, 50, 100].map((count) => {
      const result = findReuse(sharingCorpus(count), NEVER_FORMULA);
      expect(result.passages.length).toBeGreaterThanOrEqual(count - 1);
      expect(result.passages.length).toBeLessThanOrEqual(2 * (count - 1));
      expect(result.pairs.length).toBe(result.passages.length);
      expect(result.stats.starGroups).toBeGreaterThan(0);
      return result.passages.length;
    });
    expect(rows[2]).toBeLessThan(5 * rows[0]);
  });

  it('reuse picks the earliest report by year, then id, as the anchor and links every other report to it', () => {
    const corpus = sharingCorpus(50);
    const result = findReuse(corpus, NEVER_FORMULA);
    // Years cycle 2010..2016: r000, r007, r014, … are of 2010; the smallest id among them is r000.
    const anchor = 'r000';
    for (const report of corpus) {
      if (report.id === anchor) continue;
      const pair = result.pairs.find((p) => (p.reportA === anchor && p.reportB === report.id) || (p.reportB === anchor && p.reportA === report.id));
      expect(pair, `${report.id} linked to the anchor`).toBeDefined();
    }
    for (const p of result.passages) expect(p.text).toContain('全镇组织文艺骨干编排了反映乡村振兴的小戏小品');
    const linkedTo = (result: ReturnType<typeof findReuse>, id: string) => result.pairs.filter((p) => p.reportA === id || p.reportB === id).length;
    expect(linkedTo(result, anchor)).toBe(49);
    // The earliest year wins over the smallest id: with r000 moved to a later year, r007 (2010) is the anchor.
    const moved = corpus.map((r) => (r.id === 'r000' ? { ...r, year: 2016 } : r));
    const again = findReuse(moved, NEVER_FORMULA);
    expect(linkedTo(again, 'r007')).toBe(49);
    expect(linkedTo(again, 'r000')).toBeLessThan(10);
  });

  it('reuse still reports every pair when asked to (allPairsMaxReports) and for a few copies', () => {
    const all = findReuse(sharingCorpus(20), { ...NEVER_FORMULA, allPairsMaxReports: Infinity });
    expect(all.passages.length).toBe((20 * 19) / 2);
    const few = findReuse(sharingCorpus(4), NEVER_FORMULA);
    expect(few.pairs.length).toBe(6);
    expect(few.stats.starGroups).toBe(0);
  });

  it('reuse keeps the pairs of one township inside a star, so recycling is still found', () => {
    // Ten reports of one township (years 2010..2016 cycling) among forty others: each is linked to its nearest
    // earlier reports of the township, not only to the anchor.
    const corpus = sharingCorpus(50, (i) => (i % 5 === 0 ? '青山镇' : `镇${i}`));
    const result = findReuse(corpus, NEVER_FORMULA);
    const town = corpus.filter((r) => r.township === '青山镇');
    expect(town.length).toBe(10);
    const sameTownPairs = result.pairs.filter((p) => p.sameTownship);
    expect(sameTownPairs.length).toBeGreaterThanOrEqual(town.length - 1);
    expect(sameTownPairs.length).toBeLessThanOrEqual(4 * town.length);
    const recycling = recycledFrom(corpus, result);
    for (const report of town) {
      const earlier = town.filter((r) => r.year! < report.year!);
      const row = recycling.get(report.id);
      if (earlier.length === 0) {
        expect(row).toBeUndefined();
        continue;
      }
      expect(row, report.id).toBeDefined();
      expect(row!.share).toBeGreaterThan(0.2);
      // The latest earlier year that shares the passage: the year just before when there is one.
      expect(row!.fromYear).toBe(Math.max(...earlier.map((r) => r.year!)));
    }
  });

  it('reuse gives the same star whatever the input order', () => {
    const corpus = sharingCorpus(40, (i) => (i % 4 === 0 ? '青山镇' : `镇${i}`));
    const forward = findReuse(corpus, NEVER_FORMULA);
    const backward = findReuse([...corpus].reverse(), NEVER_FORMULA);
    expect(backward.passages).toEqual(forward.passages);
    expect(backward.pairs).toEqual(forward.pairs);
  });

  it('reuse stays bounded when the passage sits just under the formula share', () => {
    // 50 of 250 reports share the passage: exactly the share 0.2, not more, so it is copying, not formula.
    const sharing = sharingCorpus(50);
    const others = Array.from({ length: 200 }, (_, i) => ({ id: `s${String(i).padStart(3, '0')}`, township: `乡${i}`, year: 2015, text: filler(1000 + i, 250) }));
    const result = findReuse([...sharing, ...others], { minChars: 30, maxDocShare: 0.2 });
    expect(result.passages.length).toBeGreaterThanOrEqual(49);
    expect(result.passages.length).toBeLessThanOrEqual(2 * 49);
    expect(findReuse([...sharing, ...others.slice(1)], { minChars: 30, maxDocShare: 0.2 }).passages).toEqual([]);
  });
});

describe('recycledFrom with many reports of one township', () => {
  it('reuse picks the earlier report it repeats most and flags it, independent of how many there are', () => {
    const base = filler(77, 400);
    const corpus: ReuseInput[] = Array.from({ length: 30 }, (_, i) => ({
      id: `t${String(i).padStart(2, '0')}`,
      township: '青山镇',
      year: 2000 + i,
      // Each year keeps the base and adds its own paragraph; year 2010 is a fresh report.
      text: i === 10 ? filler(500, 400) : `${base}\n${filler(300 + i, 80)}`,
    }));
    const recycling = recycledFrom(corpus, findReuse(corpus, NEVER_FORMULA));
    expect(recycling.has('t00')).toBe(false);
    expect(recycling.get('t01')!.from).toBe('t00');
    expect(recycling.get('t10')!.flagged).toBe(false);
    expect(recycling.get('t10')!.fromYear).toBe(2009); // nothing shared: the latest earlier year, share 0
    expect(recycling.get('t11')!.from).toBe('t09');
    expect(recycling.get('t29')!.flagged).toBe(true);
    expect(recycling.get('t29')!.fromYear).toBe(2028);
  });
});
