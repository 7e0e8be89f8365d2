import { describe, expect, it } from 'vitest';
import { scoreReport, type GoldFile } from '../../src/tools/noise-score.js';

// Self-written page: a byline, a two-line report and a footer.
const text = ['来源：某某日报', '关于某镇2023年工作的总结', '今年全镇完成各项任务，群众满意度提升。', '责任编辑：某某'].join('\n');
const gold: GoldFile = {
  file: 'page.txt',
  sections: [
    { starts: '来源：某某日报', section: 'noise' },
    { starts: '关于某镇2023年工作的总结', section: 'title' },
    { starts: '今年全镇完成', section: 'work' },
    { starts: '责任编辑：某某', section: 'noise' },
  ],
};

describe('noise-score', () => {
  it('counts gold-noise lines kept out and report characters lost', () => {
    const paragraphs = [
      { text: '关于某镇2023年工作的总结', section: 'title' },
      { text: '今年全镇完成各项任务，群众满意度提升。', section: 'work' },
      { text: '责任编辑：某某', section: 'closing' },
    ];
    const { tally, kept } = scoreReport('page', text, gold, paragraphs);
    expect(tally.noiseLines).toBe(2);
    expect(tally.removedLines).toBe(1);
    expect(kept).toEqual(['page: 责任编辑:某某']);
    expect(tally.lostChars).toBe(0);
  });

  it('counts a report line left out as lost text, and a noise paragraph as kept out', () => {
    const paragraphs = [
      { text: '来源：某某日报', section: 'noise' },
      { text: '关于某镇2023年工作的总结', section: 'title' },
    ];
    const { tally } = scoreReport('page', text, gold, paragraphs);
    expect(tally.removedLines).toBe(2);
    expect(tally.lostChars).toBe('今年全镇完成各项任务,群众满意度提升。'.length);
  });
});
