import { describe, expect, test } from 'vitest';
import { extractProblems } from '../../src/stages/problems.js';
import type { Paragraph } from '../../src/model/report.js';
import type { SectionType } from '../../src/model/kinds.js';

/**
 * Kinds of problem passage read on city and county report pages outside corpus-real (third check set, issue 13,
 * /tmp/recall-set), each in sentences written for this test. Lines are [section, text, isHeading?, level?]: the
 * sections are what the section classifier gives such passages on short pages (preamble, work), not `problems`.
 */
type Line = [SectionType, string, boolean?, number?];

function build(lines: Line[]): { text: string; paragraphs: Paragraph[] } {
  let text = '';
  const paragraphs: Paragraph[] = lines.map(([section, line, heading, level], i) => {
    const start = text.length;
    text += line + '\n';
    return { start, end: start + line.length, no: i + 1, section, isHeading: heading ?? false, level: level ?? (heading ? 2 : 0) };
  });
  return { text, paragraphs };
}

/** The first clause of each problem's headline (a [generic] mark after a bare admission). */
function headlines(lines: Line[]): string[] {
  const { text, paragraphs } = build(lines);
  return extractProblems(text, paragraphs).map((p) => text.slice(p.headline.start, p.headline.end).split(/[,，]/u)[0] + (p.generic ? ' [generic]' : ''));
}

describe('problems: announcing words of city and county reports', () => {
  test('a list announced as the government\'s 缺点 (还存在不少缺点：A，B；C) is read item by item', () => {
    const got = headlines([['work', '市长在报告中坦言,政府工作也还存在不少缺点:审批环节仍然偏多,部门之间协同不够;有的干部依法办事意识不强。']]);
    expect(got).toEqual(['审批环节仍然偏多', '部门之间协同不够', '有的干部依法办事意识不强']);
  });

  test('an announcement that names the problems in general keeps the single problem after it', () => {
    const got = headlines([
      ['preamble', '在肯定成绩的同时,我们也清醒看到面临的困难和挑战。城区污水管网建设滞后。'],
      ['plans', '二、今年工作安排', true, 1],
    ]);
    expect(got).toEqual(['城区污水管网建设滞后']);
  });

  test('an announcement naming no problems keeps a single defect clause out', () => {
    const got = headlines([['work', '我们清醒认识到,发展仍是解决一切问题的基础和关键,今年全市投资增速有所放缓。']]);
    expect(got).toEqual([]);
  });

  test('"X有短板、有差距" announces the problems after it and is none of them', () => {
    const got = headlines([['work', '我们也要看到,全县乡村振兴工作有短板、有差距。村级集体经济收入偏低,村庄规划编制滞后。']]);
    expect(got).toEqual(['村级集体经济收入偏低', '村庄规划编制滞后']);
  });
});

describe('problems: lists of problems with no verb before them', () => {
  test('A、B、C等共性问题 in a paragraph with no announcing words is one problem per element', () => {
    const got = headlines([['preamble', '全市经济总体回升。同时,县域发展不平衡、企业融资成本偏高、农民增收渠道偏窄等共性问题需要重视。']]);
    expect(got).toEqual(['县域发展不平衡', '企业融资成本偏高', '农民增收渠道偏窄']);
  });

  test('a list of problems before a 一是 run of the same paragraph is kept beside the run', () => {
    const got = headlines([
      ['preamble', '一季度全镇经济总体平稳,但农产品价格偏低、外出务工人员增多、村集体收入偏少等短板比较明显。一是道路硬化进度滞后,部分村组仍是土路。二是卫生室医生不足。'],
    ]);
    expect(got).toEqual(['农产品价格偏低', '外出务工人员增多', '村集体收入偏少', '道路硬化进度滞后', '卫生室医生不足']);
  });

  test('a list of problems solved (解决了A、B等问题) is work done', () => {
    const got = headlines([['work', '今年以来,我们着力解决了群众反映的道路不畅、照明设施不全、排水能力不足等突出问题,群众满意度明显提高。']]);
    expect(got).toEqual([]);
  });

  test('a list of problems that were put right (对A、B等问题进行了整改) is work done', () => {
    const got = headlines([['work', '检查中对台账记录不规范、消防通道不畅通、应急物资不足等问题当场进行了整改。']]);
    expect(got).toEqual([]);
  });

  test('a list whose elements mostly state no defect is no list of problems', () => {
    const got = headlines([['work', '全年接待群众来访,涉及土地流转、宅基地审批、低保评定等问题,均已按程序办理。']]);
    expect(got).toEqual([]);
  });

  test('a list of problems in the plans is a task, not a stated problem', () => {
    const got = headlines([['plans', '今年要集中力量补齐城区停车位不足、公厕数量偏少、背街小巷照明不全等短板。']]);
    expect(got).toEqual([]);
  });
});

describe('problems: defect words of city and county reports', () => {
  test('one problem per sentence, with 不宽 and 偏多 as defects of their own', () => {
    const got = headlines([['work', '我们也清醒地认识到存在的困难和问题。工业投资增长乏力。城乡居民增收渠道不宽。基层医疗服务能力不强。']]);
    expect(got).toEqual(['工业投资增长乏力', '城乡居民增收渠道不宽', '基层医疗服务能力不强']);
  });

  test('a problem that has not been solved (还没有得到根本解决) after a ；is an item of its own', () => {
    const got = headlines([['work', '我们也清醒看到,工作中还存在不少问题:部门之间职责不清,办事效率不高;有些涉及群众利益的问题还没有得到根本解决。']]);
    expect(got).toEqual(['部门之间职责不清', '办事效率不高', '有些涉及群众利益的问题还没有得到根本解决']);
  });
});

describe('problems: kinds main already handled (guards)', () => {
  test('a framing sentence (现将…汇报如下) announces a report and states no problem', () => {
    const got = headlines([
      ['preamble', '今年以来,在县委的领导下,我局认真履职,各项工作有序推进,现将工作开展情况和存在的不足汇报如下:'],
      ['work', '一、工作开展情况', true, 1],
      ['work', '一是开展了安全生产大检查。二是完成了道路维修任务。'],
    ]);
    expect(got).toEqual([]);
  });

  test('subject before topic (有的部门对…重视不够) heads its item', () => {
    const got = headlines([['work', '在看到成绩的同时,我们也清醒地认识到工作中存在的问题,主要是:有的企业对隐患整改敷衍应付;少数乡镇对应急演练组织不力。']]);
    expect(got).toEqual(['有的企业对隐患整改敷衍应付', '少数乡镇对应急演练组织不力']);
  });

  test('the single paragraph under a lone (二) heading of shortcomings is one problem', () => {
    const got = headlines([
      ['work', '一、工作开展情况', true, 1],
      ['work', '(一)主要做法', true, 2],
      ['work', '全年共开展宣讲活动20场。'],
      ['work', '(二)存在的不足', true, 2],
      ['work', '村级文化阵地利用率不高,部分农家书屋长期闲置。'],
      ['plans', '二、下步打算', true, 1],
      ['plans', '加强阵地管理。'],
    ]);
    expect(got).toEqual(['村级文化阵地利用率不高']);
  });

  test('主要是：A；B；C with 仍需/有待/还不够/偏弱 is one item per part', () => {
    const got = headlines([['work', '我们也清醒看到,发展中还有不少困难,主要是:产业转型仍需加力;城市管理水平有待提升;公共服务供给还不够均衡;干部担当意识偏弱。']]);
    expect(got).toEqual(['产业转型仍需加力', '城市管理水平有待提升', '公共服务供给还不够均衡', '干部担当意识偏弱']);
  });
});

describe('problems: paragraphs after an announcement', () => {
  test('an announcement standing alone is followed by problem paragraphs the classifier filed as work', () => {
    const got = headlines([
      ['work', '在肯定成绩的同时,我们也清醒看到,全省发展仍面临不少困难和挑战。'],
      ['work', '外部环境更趋复杂,出口企业订单减少。'],
      ['work', '消费恢复偏慢,居民增收压力较大。'],
      ['work', '政府自身建设还有差距,少数干部作风不实。'],
      ['plans', '二、今年主要目标', true, 1],
    ]);
    expect(got).toEqual(['外部环境更趋复杂', '消费恢复偏慢', '政府自身建设还有差距']);
  });

  test('an announcement closing on a colon is no problem itself; the paragraphs below it are', () => {
    const got = headlines([
      ['work', '在肯定成绩的同时,我们也清醒看到面临的困难和问题:'],
      ['work', '经济回升基础还不稳固,有效需求不足。'],
      ['work', '科技创新能力不强,产业链供应链韧性有待增强。'],
      ['work', '民生保障还有短板。'],
      ['plans', '二、今年主要目标', true, 1],
    ]);
    expect(got).toEqual(['经济回升基础还不稳固', '科技创新能力不强', '民生保障还有短板']);
  });

  test('the run of problem paragraphs ends at the first paragraph that opens on no defect', () => {
    const got = headlines([
      ['work', '我们也清醒认识到,发展中还存在一些困难和问题。'],
      ['work', '县城综合承载能力偏弱,公共服务配套滞后。'],
      ['work', '过去一年,全县新建学校三所,新增学位两千个。'],
      ['work', '乡村道路养护资金缺口较大。'],
    ]);
    expect(got).toEqual(['县城综合承载能力偏弱']);
  });

  test('a paragraph after the announcement that opens on what will be done (下一步，…不足) is none of its problems', () => {
    const got = headlines([
      ['work', '在肯定成绩的同时,我们也清醒地看到工作中存在的问题和不足。'],
      ['work', '下一步,我们将针对宣传手段不足的问题,创新工作方法。'],
    ]);
    expect(got).toEqual([]);
  });

  test('an announcement inside the plans keeps no single defect clause', () => {
    const got = headlines([['plans', '我们清醒看到面临的困难和挑战,今年将着力补齐基础设施短板。']]);
    expect(got).toEqual([]);
  });

  test('a general announcement of new difficulties (当前经济运行面临新的困难挑战) is none of the problems it announces', () => {
    const got = headlines([['work', '同时也要看到,当前经济运行面临新的困难挑战。主要是国内需求不足,一些企业经营困难,重点领域风险隐患较多,外部环境复杂严峻。']]);
    expect(got).toEqual(['国内需求不足', '一些企业经营困难', '重点领域风险隐患较多', '外部环境复杂严峻']);
  });

  test('problems worded as 紧平衡 and 本领恐慌 are problems of their own after an announcement', () => {
    const got = headlines([['work', '我们也清醒看到,发展中还存在一些困难和问题:房地产市场仍在调整,部分企业经营困难;地方财政收支紧平衡;一些干部本领恐慌。']]);
    expect(got).toEqual(['部分企业经营困难', '地方财政收支紧平衡', '一些干部本领恐慌']);
  });
});

describe('problems: lists announced with a colon', () => {
  test('each ；-part of a list announced with a colon is an item, defect word or not', () => {
    const got = headlines([['work', '我们也清醒看到面临的问题和挑战:全省经济总量在全国位次后移;人口老龄化加快,劳动力供给减少;房地产市场持续调整;部分市县三保压力大。']]);
    expect(got).toEqual(['全省经济总量在全国位次后移', '人口老龄化加快', '房地产市场持续调整', '部分市县三保压力大']);
  });

  test('a closing 等等 is no part of its own, and a sentence after the list is no item', () => {
    const got = headlines([['work', '发展中还存在不少问题,主要是:县域经济总量偏小;城市更新任务繁重;等等。这是发展中的问题。']]);
    expect(got).toEqual(['县域经济总量偏小', '城市更新任务繁重']);
  });

  test('difficulties met (遇到了不少困难) announce problems; a cause clause (受…影响) is context of the problem after it', () => {
    const got = headlines([
      ['work', '过去一年,我们也遇到了不少困难。受市场需求收缩影响,工业产品价格下跌,企业利润下滑。'],
      ['plans', '二、今年工作安排', true, 1],
    ]);
    expect(got).toEqual(['工业产品价格下跌', '企业利润下滑']);
  });
});
