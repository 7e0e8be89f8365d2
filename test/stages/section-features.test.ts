import { describe, expect, it } from 'vitest';
import { countMatches, densityBucket } from '../../src/stages/section-features.js';
import { afterMarkerOf, markerLength } from '../../src/stages/paragraphs.js';

describe('section-features', () => {
  it('section-features countMatches counts as text.match does, empty matches included', () => {
    const texts = ['', '完成了任务，已经完成，已完成', '力争增长5%，确保完成', '2025年增长12.5%，2026年增长8%', '没有要找的字'];
    const patterns = [/(了|已经|已|完成)/gu, /[0-9]+(\.[0-9]+)?/gu, /(将|要|力争|确保)/gu, /x*/gu, /(?=完成)/gu, /$/gu];
    for (const pattern of patterns) {
      for (const text of texts) expect(countMatches(pattern, text)).toBe(text.match(pattern)?.length ?? 0);
    }
  });

  it('section-features densityBucket is the bucket of the full count, though it stops counting early', () => {
    const bucketOf = (n: number, length: number) => {
      const perHundred = (100 * n) / Math.max(length, 1);
      return perHundred === 0 ? 0 : perHundred < 1.5 ? 1 : 2;
    };
    const texts = ['', '完成了任务，已经完成，已完成', '力争增长5%，确保完成', '2025年增长12.5%，2026年增长8%', '没有要找的字', '完成'.repeat(3) + '其余'.repeat(200), '完成' + '其余'.repeat(60)];
    const patterns = [/(了|已经|已|完成)/gu, /[0-9]+(\.[0-9]+)?/gu, /(将|要|力争|确保)/gu, /x*/gu, /(?=完成)/gu, /$/gu];
    for (const pattern of patterns) {
      for (const text of texts) {
        expect(densityBucket(pattern, text)).toBe(bucketOf(text.match(pattern)?.length ?? 0, text.length));
        expect(pattern.lastIndex).toBe(0);
      }
    }
  });

  it('section-features afterMarkerOf drops a heading marker and an opening 一是 … 十是, as the regex did', () => {
    const bodies = ['一、主要工作', '（二）存在问题', '一是加强党建', '三、二是什么', '十是落实', '是否完成', '一是', '一', '', '1.一是', '第一部分工作回顾'];
    for (const body of bodies) {
      expect(afterMarkerOf(body)).toBe(body.slice(markerLength(body)).replace(/^[一二三四五六七八九十]是/u, ''));
    }
    expect(afterMarkerOf('一是加强党建')).toBe('加强党建');
  });
});
