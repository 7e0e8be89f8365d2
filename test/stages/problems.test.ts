import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { extractProblems, problemsStage, wordsIn } from '../../src/stages/problems.js';
import type { Doc, Paragraph } from '../../src/model/report.js';
import type { SectionType } from '../../src/model/kinds.js';
import { identityMap } from '../../src/model/span.js';
import { MULTIYEAR_DIR, multiyearReports } from '../helpers/multiyear.js';
import { roughParagraphs } from '../helpers/rough-paragraphs.js';
import { tokenize } from '../helpers/tokens.js';

/** Paragraphs from lines given as [section, text, isHeading?]; returns the text and its paragraphs. */
function build(lines: [SectionType, string, boolean?][]): { text: string; paragraphs: Paragraph[] } {
  let text = '';
  const paragraphs: Paragraph[] = lines.map(([section, line, heading], i) => {
    const start = text.length;
    text += line + '\n';
    return { start, end: start + line.length, no: i + 1, section, isHeading: heading ?? false, level: heading ? 2 : 0 };
  });
  return { text, paragraphs };
}

function headlines(lines: [SectionType, string, boolean?][]): string[] {
  const { text, paragraphs } = build(lines);
  return extractProblems(text, paragraphs).map((p) => text.slice(p.headline.start, p.headline.end) + (p.generic ? ' [generic]' : ''));
}

describe('problems', () => {
  test.each<{ name: string; lines: [SectionType, string, boolean?][]; want: string[] }>([
    {
      name: 'heading items with their body paragraphs',
      lines: [
        ['problems', '二、存在问题', true],
        ['problems', '(一)宣传阵地建设滞后。', true],
        ['problems', '部分村宣传栏破损,内容长期不更新。'],
        ['problems', '(二)干部学习积极性不高。', true],
        ['problems', '个别干部以工作忙为由缺席学习。'],
        ['plans', '三、下步打算', true],
      ],
      want: ['宣传阵地建设滞后', '干部学习积极性不高'],
    },
    {
      name: '一是/二是 run after an intro; the intro is no problem',
      lines: [['problems', '虽然取得了一定成绩,但是也存在一些薄弱环节:一是宣传手段单一,创新不够。二是经费保障不足,活动难以开展。']],
      want: ['宣传手段单一,创新不够', '经费保障不足,活动难以开展'],
    },
    {
      name: 'nested 一是 under a (三) item replace it',
      lines: [
        ['problems', '(一)统筹谋划不够。缺少长远规划。'],
        ['problems', '(二)队伍素质不高。一是培训次数少,覆盖面窄;二是年轻干部经验不足。'],
      ],
      want: ['统筹谋划不够', '培训次数少,覆盖面窄', '年轻干部经验不足'],
    },
    {
      name: 'strong cue in a work paragraph',
      lines: [['work', '全年开展活动30场。但也存在一些问题和不足:一是舆情监测手段落后;二是志愿者队伍不稳定。']],
      want: ['舆情监测手段落后', '志愿者队伍不稳定'],
    },
    {
      name: 'generic admission without items',
      lines: [['problems', '在肯定成绩的同时,我们也清醒地认识到,与群众期盼相比,我们的工作还存在着一定的差距和不足。2016年我们将继续做好以下工作:']],
      want: ['还存在着一定的差距和不足 [generic]'],
    },
    {
      name: 'plans after an end cue are no problems',
      lines: [
        ['problems', '但还存在着一定的差距和不足。明年,我们将着力做好以下工作:'],
        ['problems', '1、进一步加强理论学习。'],
      ],
      want: ['还存在着一定的差距和不足 [generic]'],
    },
  ])('problems $name', ({ lines, want }) => {
    expect(headlines(lines)).toEqual(want);
  });

  test.each<{ name: string; lines: [SectionType, string, boolean?][] }>([
    { name: 'a 一是 run in a work paragraph without a problem cue', lines: [['work', '我们采取了多项措施:一是加强学习;二是强化督查。']] },
    { name: 'plans sections', lines: [['plans', '下一步,一是补齐短板不足;二是加强队伍建设。']] },
    { name: 'a lone 一是 in prose', lines: [['problems', '存在的问题一是']] },
  ])('problems finds nothing in $name', ({ lines }) => {
    expect(headlines(lines)).toEqual([]);
  });

  test('problems keeps a remedy sentence out of the text and the headline', () => {
    const { text, paragraphs } = build([['problems', '一是宣传力量薄弱,缺乏专业人才。对此,我们将加强培训。二是阵地利用率低。']]);
    const items = extractProblems(text, paragraphs);
    expect(items.map((p) => text.slice(p.start, p.end))).toEqual(['宣传力量薄弱,缺乏专业人才', '阵地利用率低']);
    // range of the first item: after "一是", up to the 。 before 对此; a short sentence is its own headline
    expect(items[0]).toMatchObject({ start: 2, end: 15, headline: { start: 2, end: 15 }, paragraphNo: 1 });
  });

  test('problems golden on the multi-year fixtures', () => {
    const expected = JSON.parse(fs.readFileSync(path.join(MULTIYEAR_DIR, 'expected.json'), 'utf8'));
    const got: Record<string, string[]> = {};
    for (const report of multiyearReports()) {
      const paragraphs = roughParagraphs(report.text);
      const items = extractProblems(report.text, paragraphs);
      got[report.id] = items.map((p) => report.text.slice(p.headline.start, p.headline.end));
      items.forEach((item, i) => {
        const excluded = expected.textExcludes[`${report.id}#${i + 1}`];
        if (excluded) expect(report.text.slice(item.start, item.end)).not.toContain(excluded);
        expect(item.headline.start).toBeGreaterThanOrEqual(item.start);
        expect(item.headline.end).toBeLessThanOrEqual(item.end);
      });
    }
    expect(got).toEqual(expected.headlines);
  });

  test('problems stage assigns numbered problems with words from the tokens', () => {
    const { text, paragraphs } = build([['problems', '一是网络舆情监测滞后;二是宣传队伍力量薄弱。']]);
    const doc = { text, cleaned: text, toRaw: identityMap(text.length), paragraphs, tokens: tokenize(text, paragraphs) } as unknown as Doc;
    const { problems } = problemsStage.run(doc, {} as never);
    expect(problems.map((p) => [p.no, p.headlineText, p.text])).toEqual([
      [1, '网络舆情监测滞后', '网络舆情监测滞后'],
      [2, '宣传队伍力量薄弱', '宣传队伍力量薄弱'],
    ]);
    expect(problems[0].words.join('')).toBe('网络舆情监测滞后');
    expect(wordsIn(doc.tokens, problems[1].start, problems[1].end).join('')).toBe('宣传队伍力量薄弱');
    // Note: the first jieba call loads its dictionary, seconds on a busy machine.
  }, 60_000);
});
