import { describe, expect, it } from 'vitest';
import { themeSummary } from '../../src/aggregate/theme-summary.js';
import { TermBlocks } from '../../src/aggregate/terms.js';
import type { ReportRecord, ThemeHits } from '../../src/model/record.js';
import { reportRecordFor } from '../helpers/report-record.js';

/** Theme hits over a buffer of their own with other data before them, as an analysis thread's record holds them. */
function hitsInBuffer(themes: number[], hits: number[], bySection: number[], terms: string[]): ThemeHits {
  const w = themes.length;
  const buffer = new ArrayBuffer(64 + 22 * w);
  const out = { themes: new Uint16Array(buffer, 64 + 20 * w, w), hits: new Int32Array(buffer, 64, w), bySection: new Int32Array(buffer, 64 + 4 * w, 4 * w), terms };
  out.themes.set(themes);
  out.hits.set(hits);
  out.bySection.set(bySection);
  return out;
}

function record(id: string, themeHits: ThemeHits): ReportRecord {
  return reportRecordFor(id, '东镇', { themeHits, analysedChars: 200 });
}

describe('themeSummary', () => {
  it('theme-summary keeps copies of a record\'s theme hits, not views of the buffer the record came in', () => {
    const step = themeSummary({ themes: ['宣讲', '舆情', '阵地'] });
    const a = hitsInBuffer([0, 2], [3, 1], [1, 1, 0, 1, 0, 0, 1, 0], ['宣讲:3', '阵地:1']);
    const b = hitsInBuffer([1], [4], [0, 4, 0, 0], ['舆情:4']);
    step.add(record('a', a));
    step.add(record('b', b));
    // the records' buffers are the thread's to reuse or drop once added
    for (const hits of [a, b]) new Uint8Array(hits.hits.buffer).fill(0xff);
    const { reports } = step.finish({ township: (name) => name });
    expect(reports.map((r) => [r.reportId, [...r.themes], [...r.hits], [...r.bySection], [...r.per10k], r.terms])).toEqual([
      ['a', [0, 2], [3, 1], [1, 1, 0, 1, 0, 0, 1, 0], [150, 50], ['宣讲:3', '阵地:1']],
      ['b', [1], [4], [0, 4, 0, 0], [200], ['舆情:4']],
    ]);
    for (const r of reports) expect(r.hits.buffer).not.toBe(a.hits.buffer);
  });
});

describe('TermBlocks', () => {
  it('term-blocks copies counts that fit 16 bits into the block and keeps a report\'s own counts when one does not', () => {
    const blocks = new TermBlocks();
    const given = Int32Array.from([1, 0xffff, 7]);
    const a = blocks.take(3, given, true);
    expect(a.ids).toBeInstanceOf(Uint16Array);
    expect(a.counts).toBeInstanceOf(Uint16Array);
    expect([...a.counts]).toEqual([1, 0xffff, 7]);
    given.fill(0);
    expect([...a.counts]).toEqual([1, 0xffff, 7]);
    const big = Int32Array.from([2, 0x10000]);
    const b = blocks.take(2, big, false);
    expect(b.ids).toBeInstanceOf(Int32Array);
    expect(b.counts).toBe(big);
    expect(b.ids.length).toBe(2);
    const c = blocks.take(1, Int32Array.from([5]), true);
    expect([...c.counts]).toEqual([5]);
    // each report's ids are its own room in the block
    a.ids.fill(0xffff);
    b.ids.fill(0x10000);
    c.ids.fill(3);
    expect([...a.ids, ...b.ids, ...c.ids]).toEqual([0xffff, 0xffff, 0xffff, 0x10000, 0x10000, 3]);
    expect([...a.counts]).toEqual([1, 0xffff, 7]);
  });
});

describe('theme-summary term ids', () => {
  it('theme-summary keeps ids in 16 bits only while every id a report can be given fits them', () => {
    const step = themeSummary({ themes: ['宣讲'], keywords: 1 });
    // 65,530 distinct terms, then a report of ten: four old terms and six new ones (ids 65,530 .. 65,535 still fit)
    const many = Array.from({ length: 65530 }, (_, i) => `词${i}`);
    step.add(reportRecordFor('a', '东镇', { terms: { terms: many, counts: new Int32Array(many.length).fill(1) } }));
    const next = [...many.slice(0, 4), ...Array.from({ length: 6 }, (_, i) => `新${i}`)];
    step.add(reportRecordFor('b', '东镇', { terms: { terms: next, counts: Int32Array.from(next, (_, i) => i + 1) } }));
    const last = ['新5', '后'];
    step.add(reportRecordFor('c', '东镇', { terms: { terms: last, counts: Int32Array.from([1, 9]) } }));
    const rows = [...step.finish({ township: (name) => name }).keywords.chunks()].flat().map((k) => [k.reportId, k.keyword]);
    // a's best: the first in code-unit order of its terms no other report has; b's: 新4 (新5 is in c too);
    // c's: 后, the term numbered 65,536 (read back as 词0 if its id had been kept in 16 bits)
    expect(rows).toEqual([['a', '词10'], ['b', '新4'], ['c', '后']]);
  });
});

describe('blocks start small', () => {
  // The theme step's `add` (with `take` inlined) is compiled with what its first calls met; a branch that starts a
  // new block and is first taken thousands of reports later throws that code away. Small first blocks take it early.
  it('term-blocks starts with a block of 8 KiB, each next twice the last, up to 4 MiB', () => {
    const blocks = new TermBlocks();
    const sizes: number[] = [];
    let last: ArrayBufferLike | undefined;
    for (let r = 0; r < 40; r++) {
      const { ids } = blocks.take(1500, new Int32Array(1500), true);
      if (ids.buffer !== last) sizes.push((last = ids.buffer).byteLength);
    }
    expect(sizes.slice(0, 4)).toEqual([8192, 16384, 32768, 65536]);
    const large = new Int32Array(1 << 18);
    for (let r = 0; r < 40; r++) {
      const { ids } = blocks.take(large.length, large, true);
      if (ids.buffer !== last) sizes.push((last = ids.buffer).byteLength);
    }
    expect(Math.max(...sizes)).toBe(1 << 22);
    expect(sizes.filter((size) => size === 1 << 22).length).toBeGreaterThan(2);
  });

  it('theme-summary keeps the first reports\' theme hits in a block of 256 themes, the next in one twice as large', () => {
    const step = themeSummary({ themes: ['宣讲', '舆情', '阵地'] });
    for (let r = 0; r < 200; r++) step.add(record(`r${r}`, hitsInBuffer([0, 1, 2], [1, 1, 1], new Array(12).fill(0), ['宣讲:1', '舆情:1', '阵地:1'])));
    const { reports } = step.finish({ township: (name) => name });
    const sizes = [...new Set(reports.map((r) => r.themes.buffer))].map((buffer) => buffer.byteLength / 2);
    expect(sizes).toEqual([256, 512]);
  });
});

