import { describe, expect, it } from 'vitest';
import { concordance, displayWidth, formatKwic, kwicSourceOf, padDisplay } from '../../src/aggregate/concordance.js';
import { kwicTable } from '../../src/commands/kwic.js';
import { fixtureDocs } from '../helpers/fixture-docs.js';

describe('kwic', () => {
  const sources = fixtureDocs().map(kwicSourceOf);
  it('kwic finds token-aligned matches with section, skipping noise', () => {
    const lines = concordance(sources, '宣讲', { width: 4 });
    expect(lines.map((l) => [l.reportId, l.section, l.left, l.match, l.right])).toEqual([
      ['2022/西河乡', 'work', '', '宣讲', ' 宣讲 '],
      ['2022/西河乡', 'work', '宣讲 ', '宣讲', ' 宣讲 '],
      ['2022/西河乡', 'work', ' 宣讲 ', '宣讲', ' , 舆'],
      ['陵口/2021', 'work', '务 队 ', '宣讲', ' 三 场'],
      ['陵口/2021', 'plans', ' 开展 ', '宣讲', ' 和 微'],
    ]);
    expect(concordance(sources, '网络舆情').map((l) => l.match)).toEqual(['网络 舆情']);
  });
  it('kwic --substring also finds the term inside words', () => {
    expect(concordance(sources, '宣讲', { substring: true })).toHaveLength(7);
    expect(concordance(sources, '志愿服务', { substring: true, includeNoise: true }).filter((l) => l.section === 'noise')).toHaveLength(1);
  });
  it('kwic aligns by display width (CJK is two columns)', () => {
    expect(displayWidth('宣讲ab，')).toBe(8);
    expect(padDisplay('宣讲', 6, 'start')).toBe('  宣讲');
    const out = formatKwic(concordance(sources, '宣讲', { width: 4 }), 4);
    const column = out.map((l) => displayWidth(l.slice(0, l.indexOf('【'))));
    expect(new Set(column).size).toBe(1);
    expect(kwicTable([]).columns).toEqual(['report_id', 'township', 'year', 'section', 'start', 'end', 'left', 'match', 'right']);
  });
});
