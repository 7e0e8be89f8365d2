import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { goldSpans, readPageSet } from '../../src/tools/train-problem-scorer.js';

const PAGES = path.join(import.meta.dirname, '..', 'fixtures', 'problem-scorer', 'pages');

describe('train-problem-scorer: the reader of page sets', () => {
  test('reads the pages of the folder with their gold lines from the gold.tsv one level up, and no other page', () => {
    const docs = readPageSet(PAGES);
    expect(docs.map((d) => d.file)).toEqual(['p01.txt', 'p02.txt', 'p03.txt']);
    expect(docs[0].problems).toEqual([
      { headline: '村组道路年久失修', end: '群众出行不便', generic: false },
      { headline: '工作中还有一些不足', generic: true },
    ]);
    expect(docs[1].problems).toEqual([{ headline: '办公经费比较紧张', generic: false }]);
    // a page with no gold line is a page that states no problem; p09's line is never used
    expect(docs[2].problems).toEqual([]);
  });

  test('a folder with no gold.tsv beside or above it is an error', () => {
    expect(() => readPageSet(path.join(import.meta.dirname, '..', 'fixtures', 'problem-scorer', 'nowhere'))).toThrow();
  });

  test('gold spans: the headline where it stands, the text to its end mark, or to the next headline or line end', () => {
    const text = '青山镇工作总结\n今年完成了道路建设。村组道路 年久失修，群众出行不便。办公经费比较紧张，难以保障。\n下一行';
    const spans = goldSpans(text, [
      { headline: '村组道路年久失修', end: '群众出行不便', generic: false },
      { headline: '办公经费比较紧张', generic: false },
    ]);
    expect(spans.map((s) => text.slice(s.headline.start, s.headline.end))).toEqual(['村组道路 年久失修', '办公经费比较紧张']);
    expect(text.slice(spans[0].text.start, spans[0].text.end)).toBe('村组道路 年久失修，群众出行不便');
    expect(text.slice(spans[1].text.start, spans[1].text.end)).toBe('办公经费比较紧张，难以保障。');
  });

  test('a headline written in full-width letters or with spaces is still found; one not in the text is left out', () => {
    const text = '二、存在问题\nＡ级景区 数量偏少。';
    const spans = goldSpans(text, [
      { headline: 'A级景区数量偏少', generic: false },
      { headline: '根本没有这句话', generic: false },
    ]);
    expect(spans).toHaveLength(1);
    expect(text.slice(spans[0].headline.start, spans[0].headline.end)).toBe('Ａ级景区 数量偏少');
  });
});
