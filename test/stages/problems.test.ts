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

/** Paragraphs from lines given as [section, text, heading level (0: not a heading)]. */
function headlinesAt(lines: [SectionType, string, number?][]): string[] {
  let text = '';
  const paragraphs: Paragraph[] = lines.map(([section, line, level], i) => {
    const start = text.length;
    text += line + '\n';
    return { start, end: start + line.length, no: i + 1, section, isHeading: (level ?? 0) > 0, level: level ?? 0 };
  });
  return extractProblems(text, paragraphs).map((p) => text.slice(p.headline.start, p.headline.end));
}

describe('problems: wordings of reports outside the tuning fold (self-written)', () => {
  test('a heading that names difficulties or challenges opens the problems part', () => {
    expect(
      headlinesAt([
        ['work', '二、当前镇村工作的难点', 1],
        ['work', '1、村级债务逐年增加。修路项目超出预算的部分由村里垫付,村级财力更加紧张。'],
        ['work', '2、人居环境整治缺少长效办法。集中整治后反弹较快。'],
        ['work', '三、下步打算', 1],
        ['work', '1、加强债务管理。'],
      ]),
    ).toEqual(['村级债务逐年增加', '人居环境整治缺少长效办法']);
    expect(
      headlinesAt([
        ['work', '三、本月工作挑战', 1],
        ['work', '1. 志愿者队伍不稳定', 2],
        ['work', '志愿者流动快,骨干少。'],
        ['work', '2. 活动经费不足', 2],
        ['work', '经费主要靠上级拨付。'],
      ]),
    ).toEqual(['志愿者队伍不稳定', '活动经费不足']);
  });

  test('a list announced at the end of a paragraph takes the numbered paragraphs that follow, whatever their section', () => {
    expect(
      headlinesAt([
        ['problems', '区长在报告中列出了当前的五个突出问题,这五个问题是:'],
        ['work', '一、产业层次偏低,龙头企业少;'],
        ['work', '二、城乡差距较大,农村公共服务欠账多;'],
        ['problems', '三、财政收支矛盾突出;'],
        ['work', '四、政府办事效率不高。'],
        ['work', '区长表示,对这些问题要认真加以解决。'],
        ['work', '一、加快产业升级。'],
      ]),
    ).toEqual(['产业层次偏低,龙头企业少', '城乡差距较大,农村公共服务欠账多', '财政收支矛盾突出', '政府办事效率不高']);
  });

  test('the paragraph after an announcement is read clause by clause', () => {
    expect(
      headlinesAt([
        ['problems', '在肯定成绩的同时,我们也清醒看到面临的问题和挑战。'],
        ['problems', '从外部看,周边地区竞争加剧,招商难度加大。从内部看,工业投资增长乏力,消费恢复偏慢。部分小微企业经营困难。基层财力紧张。'],
        ['plans', '二、今年工作安排'],
      ]),
    ).toEqual(['周边地区竞争加剧', '招商难度加大', '工业投资增长乏力', '消费恢复偏慢', '部分小微企业经营困难', '基层财力紧张']);
  });

  test('each sentence of an unnumbered paragraph that opens on a defect of its own is a problem; a linked sentence explains it', () => {
    expect(
      headlinesAt([
        ['problems', '上半年,全镇税收收入增速未达到预期目标,主要是因为两家重点企业停产检修。固定资产投资未完成序时进度,主要是新开工项目偏少。特别是工业项目储备不足。'],
      ]),
    ).toEqual(['上半年,全镇税收收入增速未达到预期目标', '固定资产投资未完成序时进度']);
  });

  test('a numbered item that only names a topic has the problem lines below it as its problems', () => {
    expect(
      headlinesAt([
        ['work', '二、存在的问题', 1],
        ['work', '1. 队伍建设', 2],
        ['problems', '虽然队伍建设有一定进步,但仍存在以下问题:'],
        ['problems', '- 人员老化:工作人员平均年龄偏大,缺少年轻人。'],
        ['problems', '- 能力不足:部分人员业务能力不强。'],
        ['problems', '2. 阵地管理', 2],
        ['problems', '- 利用率低:部分活动室长期闲置。'],
        ['problems', '- 管理松散:制度执行不到位。'],
        ['work', '三、下步打算', 1],
      ]),
    ).toEqual(['人员老化:工作人员平均年龄偏大', '能力不足:部分人员业务能力不强', '利用率低:部分活动室长期闲置', '管理松散:制度执行不到位']);
  });

  test('a short first sentence is the title of one problem; a sentence on the same topic restates it', () => {
    expect(
      headlinesAt([
        ['problems', '问题一:宣传形式单一。各村普遍只用标语和横幅,缺乏新媒体手段,群众关注度不高。'],
        ['problems', '全镇文化活动室多数时间关闭,利用率低,部分活动室长期闲置无人管理。活动室管理松散,钥匙由村干部个人保管。'],
      ]),
    ).toEqual(['问题一:宣传形式单一', '全镇文化活动室多数时间关闭,利用率低']);
  });

  test('a disclosed shortfall in the review counts even alone; a lone problem after a general statement does not', () => {
    expect(
      headlinesAt([
        ['results', '全年地区生产总值增长5.2%,规上工业增加值增长6%。需要向各位代表说明的是,受重点企业停产影响,一般公共预算收入增长目标没有完成。'],
        ['plans', '二、今年工作安排', 1],
      ]),
    ).toEqual(['一般公共预算收入增长目标没有完成']);
    expect(
      headlinesAt([
        ['results', '全年地区生产总值增长5.2%。同时也要看到,一般公共预算收入增长目标没有完成。'],
        ['plans', '二、今年工作安排', 1],
      ]),
    ).toEqual([]);
  });

  test('a numbered line the classifier filed as problems, or that admits problems in general, stays an item of its list', () => {
    expect(
      headlinesAt([
        ['problems', '当前的四个主要问题是:'],
        ['work', '一、集镇建设滞后;'],
        ['problems', '二、社会治理方面存在一些突出矛盾,矛盾纠纷调处不及时;'],
        ['work', '三、干部作风不够扎实;'],
        ['work', '四、财政收支矛盾突出。'],
        ['work', '对这些问题,我们将认真研究解决。'],
      ]),
    ).toEqual(['集镇建设滞后', '社会治理方面存在一些突出矛盾', '干部作风不够扎实', '财政收支矛盾突出']);
  });
});
