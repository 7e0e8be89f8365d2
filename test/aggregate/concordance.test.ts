import { describe, expect, it } from 'vitest';
import { concordance, displayWidth, formatKwic, kwicSourceOf, padDisplay } from '../../src/aggregate/concordance.js';
import { kwicTable } from '../../src/commands/kwic.js';
import { fixtureDocs } from '../helpers/fixture-docs.js';

describe('kwic', () => {
  const sources = fixtureDocs().map(kwicSourceOf);
  it('kwic --token finds token-aligned matches with section, skipping noise', () => {
    const lines = concordance(sources, '宣讲', { width: 4, tokens: true });
    expect(lines.map((l) => [l.reportId, l.section, l.left, l.match, l.right])).toEqual([
      ['2022/西河乡', 'work', '', '宣讲', ' 宣讲 '],
      ['2022/西河乡', 'work', '宣讲 ', '宣讲', ' 宣讲 '],
      ['2022/西河乡', 'work', ' 宣讲 ', '宣讲', ' , 舆'],
      ['陵口/2021', 'work', '务 队 ', '宣讲', ' 三 场'],
      ['陵口/2021', 'plans', ' 开展 ', '宣讲', ' 和 微'],
    ]);
    expect(concordance(sources, '网络舆情', { tokens: true }).map((l) => l.match)).toEqual(['网络 舆情']);
  });
  it('kwic by default finds the term inside words, with the jieba token it stands in', () => {
    const all = concordance(sources, '宣讲');
    expect(all).toHaveLength(7);
    expect(all.length).toBeGreaterThan(concordance(sources, '宣讲', { tokens: true }).length);
    expect(concordance(sources, '志愿服务', { includeNoise: true }).filter((l) => l.section === 'noise')).toHaveLength(1);
    expect(concordance(sources, '网络舆情').map((l) => l.match)).toEqual(['网络 舆情']);
  });
  it('kwic counts every occurrence of a term in a hand-made source, inside words and across spaces', () => {
    // tokens as jieba might cut them: 网络舆情 / 舆情监测 split / 舆情 alone
    const text = '加强网络舆情监测，做好舆情 应对，舆\n情处置及时。舆论引导。';
    const words = ['加强', '网络舆情', '监测', '，', '做好', '舆情', ' ', '应对', '，', '舆', '\n', '情', '处置', '及时', '。', '舆论', '引导', '。'];
    const starts: number[] = [];
    let at = 0;
    for (const w of words) (starts.push(at), (at += w.length));
    const source = {
      reportId: 'r',
      township: '',
      year: null,
      text,
      display: text,
      tokens: { starts: Int32Array.from(starts), ends: Int32Array.from(starts.map((s, i) => s + words[i].length)), words },
      paragraphs: [],
    };
    const lines = concordance([source], '舆情', { width: 3 });
    expect(lines.map((l) => [l.start, l.match, l.token])).toEqual([
      [4, '舆情', '网络舆情'],
      [11, '舆情', '舆情'],
      [17, '舆\n情', '舆/情'],
    ]);
    expect(concordance([source], '舆情', { tokens: true }).map((l) => l.start)).toEqual([11]);
    expect(formatKwic(lines, 3)[0]).toMatch(/【舆情】.*‹网络舆情›$/);
  });
  it('kwic aligns by display width (CJK is two columns)', () => {
    expect(displayWidth('宣讲ab，')).toBe(8);
    expect(padDisplay('宣讲', 6, 'start')).toBe('  宣讲');
    const out = formatKwic(concordance(sources, '宣讲', { width: 4, tokens: true }), 4);
    const column = out.map((l) => displayWidth(l.slice(0, l.indexOf('【'))));
    expect(new Set(column).size).toBe(1);
    expect(kwicTable([]).columns).toEqual(['report_id', 'township', 'year', 'section', 'start', 'end', 'left', 'match', 'right', 'token']);
  });
});
