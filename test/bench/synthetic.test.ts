import { describe, expect, it } from 'vitest';
import { seededRandom, synthesizeReport } from '../../src/bench/synthetic.js';

const base = {
  text: ['示范镇2020年工作总结', '一、主要工作', '全镇共开展宣传活动12场次,覆盖群众3400人,示范镇各村均有参与。'.repeat(2), '示范镇组织培训5期,参训人员260人次,效果明显,受到群众欢迎好评。'.repeat(2), '二、存在问题'].join('\n'),
  township: '示范',
};

describe('synthesizeReport', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    expect(synthesizeReport(base, seededRandom(7))).toBe(synthesizeReport(base, seededRandom(7)));
    expect(synthesizeReport(base, seededRandom(7))).not.toBe(synthesizeReport(base, seededRandom(8)));
  });

  it('renames the township, shifts years as one and keeps headings in place', () => {
    const out = synthesizeReport(base, seededRandom(3));
    expect(out).not.toContain('示范');
    const lines = out.split('\n');
    expect(lines[1]).toBe('一、主要工作');
    expect(lines[4]).toBe('二、存在问题');
    expect(lines[0]).toMatch(/^..镇20[12][0-9]年工作总结$/u);
  });
});
