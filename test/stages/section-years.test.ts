import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { markerLength } from '../../src/stages/paragraphs.js';
import { opensOnPlanPeriod, periodSection, yearCue, type ReportYears } from '../../src/stages/section-years.js';

/** The two functions as they read before the 年/五 gates: slice first, then ask `periodSection`. */
function referenceYearCue(body: string, years: ReportYears | null) {
  const at = markerLength(body);
  return periodSection(body.slice(at, at + 30), years);
}
function referenceOpensOnPlanPeriod(body: string, years: ReportYears | null): boolean {
  if (!years) return false;
  if (periodSection(body.slice(0, 12), years) === 'plans') return true;
  const opening = body.slice(0, 40);
  if (!opening.includes('五')) return false;
  const clause = opening.split(/[，,。；;：:！？]/u)[0];
  const m = /十([一二三四五六七八九])五|第十([一二三四五六七八九])个五年/u.exec(clause);
  if (!m) return false;
  const period = 1981 + 5 * (10 + '一二三四五六七八九'.indexOf(m[1] ?? m[2]) + 1 - 6);
  return years.latest >= period && years.latest < period + 5;
}

describe('section-years', () => {
  it('section-years: yearCue and opensOnPlanPeriod, which slice only an opening holding 年 or 五, answer as when every opening was sliced', () => {
    const pieces = ['2025年', '2026年', '年', '五', '十五五', '十四五', '第十五个五年', '一、', '(二)', '工作', '计划', '，', '。', '时期', '我镇将', '好好学习天天向上'];
    const years: (ReportYears | null)[] = [null, { latest: 2026, earliest: 2025 }, { latest: 2026, earliest: 2026 }, { latest: 2021, earliest: 2019 }];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 16 }), fc.constantFrom(...years), (parts, y) => {
        const body = parts.join('');
        expect(yearCue(body, y), body).toBe(referenceYearCue(body, y));
        expect(opensOnPlanPeriod(body, y), body).toBe(referenceOpensOnPlanPeriod(body, y));
      }),
      { numRuns: 20000 },
    );
  });
});
