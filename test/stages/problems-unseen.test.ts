import { describe, expect, test } from 'vitest';
import { extractProblems } from '../../src/stages/problems.js';
import type { Paragraph } from '../../src/model/report.js';
import type { SectionType } from '../../src/model/kinds.js';

/**
 * Kinds of problem passage read on public report pages outside corpus-real (second check set, 2026-11-30), each in
 * sentences written for this test. Lines are [section, text, isHeading?, level?]: the sections are what the section
 * classifier gives such passages (work, preamble), not `problems`.
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

describe('problems: announcing words far from the word 问题', () => {
  test('a list lead at the end of a paragraph that admitted problems a clause earlier takes the list below it', () => {
    const got = headlines([
      ['preamble', '回顾这一年,我们虽然做了一些工作,但还存在着不少问题,有些还是工作方法上的欠缺,具体说有以下几个方面:'],
      ['work', '一是村民小组长年龄普遍偏大,难以适应新要求。二是村里的排灌设施年久失修,灌溉不便。三是村级办公经费紧张。'],
    ]);
    expect(got).toEqual(['村民小组长年龄普遍偏大', '村里的排灌设施年久失修', '村级办公经费紧张']);
  });

  test('the lead may be 具体表现在以下几个方面 after an admission that goes on (…的问题亟待解决)', () => {
    const got = headlines([
      ['preamble', '全乡卫生工作总体平稳,但对照上级要求,还存在一些不容忽视的问题亟待解决,具体表现在以下几个方面:'],
      ['work', '(一)乡卫生院医护人员不足,夜间值班难以保证。'],
      ['work', '(二)村卫生室药品配备不全,群众买药要跑远路。'],
    ]);
    expect(got).toEqual(['乡卫生院医护人员不足', '村卫生室药品配备不全']);
  });

  test('a lead before an inline 一是 (包括三个方面:) counts after a clause naming the difficulties', () => {
    const got = headlines([
      ['work', '座谈中大家谈到了当前存在的困难问题,包括三个方面:一是集镇停车位偏少,赶集日道路拥堵;二是农贸市场设施陈旧;三是垃圾清运不及时。'],
    ]);
    expect(got).toEqual(['集镇停车位偏少', '农贸市场设施陈旧', '垃圾清运不及时']);
  });

  test('a lead with no admission before it announces nothing', () => {
    const got = headlines([['work', '今年我们主要抓了以下几个方面:一是修通了两条组级公路;二是新建了一座便民桥。']]);
    expect(got).toEqual([]);
  });
});

describe('problems: risk lists', () => {
  test('risks to watch announced with a colon are problems, each 一是 one risk', () => {
    const got = headlines([
      ['work', '上半年全镇舆论环境总体向好,但仍要警惕“三类风险”:一是农村留守老人受虚假保健品宣传误导的风险,二是个别群众在网上发布不实信息的风险,三是非法集资向农村蔓延的风险。'],
    ]);
    expect(got).toHaveLength(3);
    expect(got[0]).toContain('留守老人');
  });

  test('measures against risks (防范…风险:一是建立…) are no problem list', () => {
    const got = headlines([['work', '我们着力防范化解重大风险:一是建立了矛盾纠纷排查机制;二是开展了防汛应急演练。']]);
    expect(got).toEqual([]);
  });
});

describe('problems: headings of a problems part in other words', () => {
  test('a heading naming the challenges met in some field (治理中的挑战) opens the problems part', () => {
    const got = headlines([
      ['work', '二、日常服务中的亮点', true, 1],
      ['work', '1. 办事大厅延时服务', true, 2],
      ['work', '办事大厅在午间和周末安排专人值守。'],
      ['work', '三、基层治理中的挑战', true, 1],
      ['work', '1. 外来务工人员多', true, 2],
      ['work', '辖区出租房多,人员进出频繁,底数难以摸清。'],
      ['work', '2. 小区物业管理缺位', true, 2],
      ['work', '部分老旧小区没有物业,环境卫生长期无人管理。'],
      ['work', '四、下一步的打算', true, 1],
      ['work', '1. 推行网格员包片', true, 2],
    ]);
    expect(got).toEqual(['外来务工人员多', '小区物业管理缺位']);
  });

  test('a heading stating a gap against what people ask (与群众的期盼还有差距) opens its part; 一是期望… items are its problems', () => {
    const got = headlines([
      ['work', '(一)村级便民服务与群众的期盼还有差距', true, 2],
      ['work', '在入户走访中,不少群众谈到村里的服务还要改进。'],
      ['work', '一是期望代办服务更加及时。有的代办员一周才到村一次,群众办证往往要等半个月。'],
      ['work', '二是期望村干部坐班更加规范。个别村干部坐班时间不固定,群众找人难。'],
      ['work', '(二)村级公益事业稳步推进', true, 2],
      ['work', '全年新修便民路三公里。'],
    ]);
    expect(got).toEqual(['期望代办服务更加及时', '期望村干部坐班更加规范']);
  });
});

describe('problems: nested numbering', () => {
  test('1、 items under a (一) heading of the problems part are the problems, not the heading', () => {
    const got = headlines([
      ['problems', '一、存在的主要问题', true, 1],
      ['problems', '(一)服务群众意识不够强。', true, 2],
      ['problems', '1、下村走访不经常。有的干部一个月难得下村一次。'],
      ['problems', '2、办事效率不够高。群众反映个别事项要跑好几趟。'],
      ['problems', '(二)制度执行不够严。', true, 2],
      ['problems', '1、考勤制度落实不严。'],
      ['problems', '2、值班记录填写不全。'],
    ]);
    expect(got).toEqual(['下村走访不经常', '办事效率不够高', '考勤制度落实不严', '值班记录填写不全']);
  });
});

describe('problems: inline lists inside one sentence', () => {
  test('存在A、B、C等问题 in a work paragraph: one problem per element, the subject with the first', () => {
    const got = headlines([
      ['work', '通过入户走访,我们了解到全村存在饮水管网老化、村道路灯损坏、卫生室药品短缺等问题。'],
    ]);
    expect(got).toEqual(['我们了解到全村存在饮水管网老化', '村道路灯损坏', '卫生室药品短缺']);
  });

  test('a lead closing on a colon (主要有:) takes the list after it when it closes on 等等', () => {
    const got = headlines([
      ['problems', '三、困难和问题', true, 1],
      ['problems', '我镇发展还存在不少困难,主要有:劳动力外流、土地撂荒、产业基础差、交通条件弱等等。'],
    ]);
    expect(got).toEqual(['劳动力外流', '土地撂荒', '产业基础差', '交通条件弱']);
  });

  test('如A、B等 right after an admission lists problems; after a stated problem it gives examples of it', () => {
    expect(
      headlines([
        ['problems', '二、存在的问题', true, 1],
        ['problems', '但同时也存在一些问题,如集镇污水管网不完善、农产品储运能力不足等。'],
      ]),
    ).toEqual(['集镇污水管网不完善', '农产品储运能力不足']);
    expect(
      headlines([
        ['problems', '二、存在的问题', true, 1],
        ['problems', '村级公共设施管护不到位,如路灯、健身器材等损坏后长期无人修理。'],
      ]),
    ).toHaveLength(1);
  });

  test('问题是A、B和C: the last element is cut at 和 when it states a defect of its own', () => {
    const got = headlines([['work', '调研中发现,当前村务监督存在的主要问题是监督委员履职不积极、公开内容不全面和群众参与渠道不畅。']]);
    expect(got).toEqual(['监督委员履职不积极', '公开内容不全面', '群众参与渠道不畅']);
  });

  test('three 、-parts that each state a defect of their own subject are three problems; bare predicates are one', () => {
    expect(
      headlines([['problems', '二、存在的问题', true, 1], ['problems', '同时也要看到,我镇村级道路还不完善、学校师资比较短缺、养老服务任重道远等。']]),
    ).toEqual(['我镇村级道路还不完善', '学校师资比较短缺', '养老服务任重道远']);
    expect(headlines([['problems', '二、存在的问题', true, 1], ['problems', '主要是:发展中不平衡、不协调、不可持续的问题依然突出。']])).toHaveLength(1);
  });

  test('two such parts (本领不足、作风不实) stay one problem', () => {
    const got = headlines([['problems', '二、存在的问题', true, 1], ['problems', '我们也清醒看到,少数干部本领不足、作风不实。']]);
    expect(got).toEqual(['少数干部本领不足、作风不实']);
  });
});

describe('problems: statements that run on into the problem', () => {
  test('群众普遍反映 in the middle of a work paragraph: what they report are the problems', () => {
    const got = headlines([
      ['work', '今年村里共召开党员大会4次,组织义务劳动6次,群众普遍反映村里文体活动偏少,便民服务点开放时间还需延长,村集体经济增收乏力。'],
    ]);
    expect(got).toEqual(['村里文体活动偏少', '便民服务点开放时间还需延长', '村集体经济增收乏力']);
  });

  test('a self-examination (查找出…存在着A;B;C) lists its findings', () => {
    const got = headlines([
      ['work', '按照通知要求,支部逐项对照检查,查找出支部存在着“三会一课”记录不规范;党员学习积极性不高;党费收缴不及时3个方面的问题。'],
    ]);
    expect(got).toEqual(['“三会一课”记录不规范', '党员学习积极性不高', '党费收缴不及时3个方面的问题']);
  });

  test('a statement cue followed in its clause by problems in general stays an announcement', () => {
    const got = headlines([['problems', '二、存在的问题', true, 1], ['problems', '我们也清醒看到面临的困难和挑战,村集体经济薄弱;群众增收渠道偏窄。']]);
    expect(got).toEqual(['村集体经济薄弱', '群众增收渠道偏窄']);
  });

  test('people reporting something strongly (群众反映强烈的…) is no statement of problems', () => {
    expect(headlines([['work', '严厉打击群众反映强烈的电信诈骗犯罪,妥善化解各类矛盾纠纷,全年安全事故起数下降。']])).toEqual([]);
  });
});

describe('problems: a problem paragraph with no announcing words', () => {
  test('(一)…。一是…二是… where every item ends on its shortfall is a list of problems', () => {
    const got = headlines([
      ['work', '(一)村级组织建设需加强。一是村务公开栏更新不及时。部分村半年未更新。二是党员活动室利用率低。平时大门紧锁。三是村级后备力量青黄不接。'],
    ]);
    expect(got).toEqual(['村务公开栏更新不及时', '党员活动室利用率低', '村级后备力量青黄不接']);
  });

  test('an achievement or measure run (一是…短板加快补齐) is no problem list, nor a run in the plans', () => {
    expect(headlines([['work', '一是基础设施短板加快补齐,新修村道8公里。二是公共服务能力不断提升,新建卫生室2个。']])).toEqual([]);
    expect(headlines([['plans', '下一步,一是解决村务公开更新不及时;二是解决活动室利用率低。']])).toEqual([]);
  });

  test('a clause stating a consequence (导致…困难) explains the problem before it', () => {
    const got = headlines([
      ['problems', '二、存在的问题', true, 1],
      ['problems', '我们也清醒看到,村里青壮年劳动力大量外流,导致土地流转和产业发展面临困难;集体经济收入偏低。'],
    ]);
    expect(got).toEqual(['村里青壮年劳动力大量外流', '集体经济收入偏低']);
  });
});

describe('problems: lists without numbers', () => {
  test('unnumbered heading lines under a problems heading are the problems, their paragraphs the explanation', () => {
    const { text, paragraphs } = build([
      ['problems', '二、存在的问题', true, 1],
      ['problems', '居民沟通渠道不畅', true, 2],
      ['problems', '通知主要靠张贴公告,老年人看不到手机群消息。'],
      ['problems', '公共设施维护滞后', true, 2],
      ['problems', '电梯报修后往往要等一周才有人来修。'],
      ['plans', '三、下一步打算', true, 1],
    ]);
    const items = extractProblems(text, paragraphs);
    expect(items.map((p) => text.slice(p.headline.start, p.headline.end))).toEqual(['居民沟通渠道不畅', '公共设施维护滞后']);
    expect(text.slice(items[0].start, items[0].end)).toContain('老年人看不到');
  });

  test('bullet lines: the bullet is no part of the problem', () => {
    const got = headlines([
      ['problems', '二、存在的问题', true, 1],
      ['problems', '- 居民沟通渠道不畅'],
      ['problems', '通知主要靠张贴公告。'],
      ['problems', '- 公共设施维护滞后'],
      ['plans', '三、下一步打算', true, 1],
    ]);
    expect(got).toEqual(['居民沟通渠道不畅', '公共设施维护滞后']);
  });
});

describe('problems: what a survey found, in the middle of a work paragraph', () => {
  test('调研发现/走访中了解到 followed by shortfalls lists them', () => {
    const got = headlines([
      ['work', '今年我们组织干部进村入户开展大走访。走访中了解到,部分村的自来水管网老化,夏季经常停水;村小教学点师资短缺;留守老人照料服务不足。'],
    ]);
    expect(got).toEqual(['部分村的自来水管网老化', '村小教学点师资短缺', '留守老人照料服务不足']);
  });

  test('a routine inspection finding one hazard is no problem list', () => {
    expect(headlines([['work', '开展安全生产大检查,检查发现隐患32处,已全部整改到位。']])).toEqual([]);
  });
});
