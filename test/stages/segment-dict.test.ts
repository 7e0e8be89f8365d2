import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import jieba from 'zongjie-jieba';
import { beforeAll, describe, expect, it } from 'vitest';
import { readDataLines } from '../../src/data/load.js';
import { parseUserDict, prepareJiebaUserDict } from '../../src/data/user-dict.js';

/** Domain term and a report-style sentence that contains it; the term must come out as one token. */
const TERMS: [term: string, sentence: string][] = [
  ['新时代文明实践站', '充分发挥新时代文明实践站作用,每月开展一次主题活动'],
  ['新时代文明实践所', '依托镇新时代文明实践所组织志愿者开展环境整治'],
  ['新时代文明实践中心', '县新时代文明实践中心派员到村指导工作'],
  ['学习强国', '持续推进学习强国平台推广使用,党员注册率达到百分之百'],
  ['意识形态', '牢牢掌握意识形态主动权'],
  ['意识形态工作责任制', '全面落实意识形态工作责任制,层层签订责任书'],
  ['两个维护', '坚决做到两个维护,确保政令畅通'],
  ['四个意识', '党员干部不断增强四个意识'],
  ['四个自信', '引导群众坚定四个自信'],
  ['两个确立', '深刻领悟两个确立的决定性意义'],
  ['网评员', '组建一支由二十名网评员组成的队伍'],
  ['网格员', '发挥网格员熟悉村情的优势收集社情民意'],
  ['宣传专干', '各村配备一名宣传专干负责信息报送'],
  ['理论学习中心组', '全年召开理论学习中心组集中学习十二次'],
  ['主题党日', '各支部结合主题党日开展政策宣讲'],
  ['三会一课', '严格落实三会一课制度'],
  ['第一书记', '各村第一书记带头入户走访群众'],
  ['志愿服务队', '成立巾帼志愿服务队开展关爱活动'],
  ['道德模范', '评选表彰一批道德模范和身边典型'],
  ['身边好人', '广泛宣传身边好人先进事迹'],
  ['移风易俗', '大力推进移风易俗,遏制大操大办之风'],
  ['红白理事会', '各村成立红白理事会,规范办事标准'],
  ['村规民约', '修订完善村规民约,引导村民自我约束'],
  ['星级文明户', '开展星级文明户评选活动'],
  ['美丽乡村', '结合美丽乡村建设绘制文化墙'],
  ['乡村振兴', '为全面推进乡村振兴提供精神动力'],
  ['脱贫攻坚', '全面总结脱贫攻坚经验做法'],
  ['县融媒体中心', '全年向县融媒体中心报送稿件八十余篇'],
  ['网络舆情', '及时处置网络舆情,防止事态扩大'],
  ['舆情监测', '加强对重点领域的舆情监测'],
  ['舆论引导', '切实提高舆论引导水平'],
  ['正能量', '积极传播社会正能量'],
  ['主旋律', '唱响时代主旋律'],
  ['社会主义核心价值观', '把社会主义核心价值观融入村规民约'],
  ['党史学习教育', '扎实开展党史学习教育,推动学史力行'],
  ['宣讲团', '组建乡土宣讲团深入田间地头'],
  ['农家书屋', '更新补充农家书屋图书一千余册'],
  ['综合文化站', '镇综合文化站全年免费开放'],
  ['送戏下乡', '组织送戏下乡演出十场'],
  ['留守儿童', '为留守儿童开展心理健康辅导'],
  ['铸牢中华民族共同体意识', '深入开展铸牢中华民族共同体意识宣传教育'],
  ['疫情防控', '统筹做好疫情防控宣传工作'],
  ['微信公众号', '通过镇微信公众号发布各类信息'],
  ['宣传阵地', '加强对各类宣传阵地的管理'],
  ['风险排查', '每季度开展一次意识形态领域风险排查'],
  ['一岗双责', '班子成员认真履行一岗双责'],
  ['全面从严治党', '坚定不移推进全面从严治党'],
  ['文明家庭', '评选镇级文明家庭二十户'],
  ['分析研判', '定期召开会议分析研判意识形态形势'],
  ['主体责任', '镇党委切实扛起主体责任'],
];

/** The words the pipeline's segmenter (the zongjie-jieba addon) gives, without HMM as a dictionary check. */
function tokensWith(sentence: string): string[] {
  return jieba.cutWords(sentence, false);
}

describe('segment-dict default dictionary', () => {
  beforeAll(() => {
    jieba.load(); // nodejieba's dictionaries only
  });

  // Proves the table discriminates: without our dictionary jieba splits many of these terms.
  it('segment-dict default jieba splits most domain terms', () => {
    const split = TERMS.filter(([term, sentence]) => !tokensWith(sentence).includes(term));
    expect(split.length).toBeGreaterThanOrEqual(TERMS.length / 2);
  });
});

describe('segment-dict user dictionary', () => {
  beforeAll(() => {
    jieba.load({ userDict: prepareJiebaUserDict('user-dict.txt') });
  });

  it('segment-dict table has at least 40 distinct terms', () => {
    expect(new Set(TERMS.map(([term]) => term)).size).toBeGreaterThanOrEqual(40);
    for (const [term, sentence] of TERMS) expect(sentence).toContain(term);
  });

  it.each(TERMS)('segment-dict keeps %s as one token', (term, sentence) => {
    expect(tokensWith(sentence)).toContain(term);
  });

  it('segment-dict leaves ordinary words around the terms intact', () => {
    // Guards against frequencies so high that a term swallows neighbouring characters.
    expect(tokensWith('培育乡风文明、良好家风')).toEqual(['培育', '乡风文明', '、', '良好', '家风']);
    expect(tokensWith('构建宣讲队伍体系')).toEqual(['构建', '宣讲队伍', '体系']);
    expect(tokensWith('与上级宣传部门互动')).toContain('宣传部门');
  });
});

describe('segment-dict dictionary file', () => {
  const entries = parseUserDict('user-dict.txt');

  it('segment-dict every line parses and has a frequency and tag', () => {
    expect(entries.length).toBeGreaterThanOrEqual(200);
    for (const { word, freq, tag } of entries) {
      expect(word).toMatch(/^\S+$/u);
      expect(Number.isInteger(freq)).toBe(true);
      expect(tag).toMatch(/^[a-z]+$/u);
    }
  });

  it('segment-dict has no duplicates and no placeholders', () => {
    const words = entries.map((e) => e.word);
    expect(new Set(words).size).toBe(words.length);
    const placeholders = words.filter((w) => /某|[Xx×*＊○□Ｘ]/u.test(w));
    expect(placeholders).toEqual([]);
  });

  it('segment-dict lines use single spaces and no tabs', () => {
    for (const { text } of readDataLines('user-dict.txt')) expect(text).toMatch(/^\S+( \d+ [a-z]+| [a-z]+)?$/u);
  });

  it('segment-dict parser rejects malformed lines', () => {
    expect(() => parseUserDict(fixture('词语 100\n'))).toThrow(/expected/);
    expect(() => parseUserDict(fixture('词语 100 n\n词语 5 n\n'))).toThrow(/duplicate/);
    expect(() => parseUserDict(fixture('词语\t100\tn\n'))).toThrow(/expected/);
  });
});

function fixture(text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zongjie-dict-'));
  const file = path.join(dir, 'dict.txt');
  fs.writeFileSync(file, text, 'utf8');
  return file;
}
