/**
 * Problems stated in prose (no numbering): found by what they say, wherever they stand, and cut into one item per
 * problem clause. The sentences are written for these tests in the styles of long government reports and township
 * reports; none is copied from a report.
 */
import { describe, expect, test } from 'vitest';
import { extractProblems } from '../../src/stages/problems.js';
import { clausesOf, ClauseSpans, clauseSpans, endsOnColon, listItems, SPACE_CODE } from '../../src/stages/problem-list.js';
import { defaultProblemCues } from '../../src/data/problem-cues.js';
import type { Paragraph } from '../../src/model/report.js';
import type { SectionType } from '../../src/model/kinds.js';

function build(lines: [SectionType, string][]): { text: string; paragraphs: Paragraph[] } {
  let text = '';
  const paragraphs: Paragraph[] = lines.map(([section, line], i) => {
    const start = text.length;
    text += line + '\n';
    return { start, end: start + line.length, no: i + 1, section, isHeading: false, level: 0 };
  });
  return { text, paragraphs };
}

function found(lines: [SectionType, string][]): { headline: string; text: string; generic: boolean }[] {
  const { text, paragraphs } = build(lines);
  return extractProblems(text, paragraphs).map((p) => ({
    headline: text.slice(p.headline.start, p.headline.end),
    text: text.slice(p.start, p.end),
    generic: p.generic,
  }));
}

const headlines = (lines: [SectionType, string][]) => found(lines).map((p) => p.headline + (p.generic ? ' [generic]' : ''));

/** Clauses as cut before the arrays: one object a clause, character by character with the punctuation sets. */
function clausesOneByOne(text: string, from: number, to: number) {
  const out: { start: number; end: number; endsPart: boolean; endsSentence: boolean }[] = [];
  let start = from;
  let depth = 0;
  for (let i = from; i <= to; i++) {
    const ch = i < to ? text[i] : '';
    if ('（(“《'.includes(ch) && ch) depth++;
    else if (ch && '）)”》'.includes(ch) && depth > 0) depth--;
    if (i === to || (depth === 0 && '，,；;。！？!?：:'.includes(ch))) {
      let a = start;
      let b = i;
      while (a < b && /\s/u.test(text[a])) a++;
      while (b > a && /\s/u.test(text[b - 1])) b--;
      if (b > a) out.push({ start: a, end: b, endsPart: i === to || '；;。！？!?：:'.includes(ch), endsSentence: i === to || '。！？!?'.includes(ch) });
      start = i + 1;
    }
  }
  return out;
}

describe('problem-list', () => {
  test('problem-list SPACE_CODE marks exactly the codes \\s and U+3000 match', () => {
    const space = /[\s\u3000]/u;
    const differ: number[] = [];
    for (let code = 0; code < 0x10000; code++) if (SPACE_CODE[code] !== (space.test(String.fromCharCode(code)) ? 1 : 0)) differ.push(code);
    expect(differ).toEqual([]);
  });

  test.each<{ name: string; lines: [SectionType, string][]; want: string[] }>([
    {
      name: 'colon and semicolons after 清醒认识到, inside a work paragraph',
      lines: [
        [
          'work',
          '全年新增市场主体1200户。在看到成绩的同时，我们也清醒认识到，发展中还面临一些困难和挑战，主要是：外贸订单增长乏力，部分园区企业开工不足；镇村财力紧张，债务化解任务较重；公共服务还有短板。对此，我们将认真加以解决。',
        ],
      ],
      want: ['外贸订单增长乏力', '部分园区企业开工不足', '镇村财力紧张', '债务化解任务较重', '公共服务还有短板'],
    },
    {
      name: 'comma list after 主要是 without a colon',
      lines: [['results', '我们也认识到，老问题、新挑战仍然不少，主要是农民增收渠道偏窄，村集体经济底子薄弱，人居环境整治还有死角。']],
      want: ['农民增收渠道偏窄', '村集体经济底子薄弱', '人居环境整治还有死角'],
    },
    {
      name: 'one problem a sentence after a standalone admission',
      lines: [
        ['work', '同时也要看到，政府工作中仍存在一些不足。县域经济总量偏小。科技投入强度仍然偏低。基层医疗服务能力还不够强。我们一定正视问题，改进工作。'],
      ],
      want: ['县域经济总量偏小', '科技投入强度仍然偏低', '基层医疗服务能力还不够强'],
    },
    {
      name: 'a vague admission standing alone opens the list (no 清醒 cue)',
      lines: [['closing', '同时，全县经济社会发展还面临一些困难和挑战，主要是：工业项目储备不足，招商引资难度加大，城乡融合发展水平不高。']],
      want: ['工业项目储备不足', '招商引资难度加大', '城乡融合发展水平不高'],
    },
    {
      name: 'a problems-section paragraph beside a numbered list of targets',
      lines: [
        ['problems', '我们也清醒看到，全镇发展仍面临不少困难：土地要素保障偏紧；集镇承载能力较弱。'],
        ['problems', '1.综合实力明显提升。2.群众生活持续改善。'],
      ],
      want: ['土地要素保障偏紧', '集镇承载能力较弱'],
    },
    {
      name: 'a comparison admission opens the list',
      lines: [['problems', '同时，与上级要求和群众期盼相比还有不小差距，主要表现在：宣传阵地作用发挥不充分；网络评论员队伍力量偏弱。']],
      want: ['宣传阵地作用发挥不充分', '网络评论员队伍力量偏弱'],
    },
    {
      name: 'an admission with its subject and a qualified noun (我们仍面临着诸多亟待破解的困难)',
      lines: [['work', '站在新的起点上，我们仍面临着诸多亟待破解的困难和问题：集镇承载能力偏弱，村集体经济收入不稳定。']],
      want: ['集镇承载能力偏弱', '村集体经济收入不稳定'],
    },
    {
      name: 'a clause naming risks in general before the announcement, in the same sentence part',
      lines: [['work', '全区发展与外部风险挑战相互交织，面临的老问题、新挑战仍然不少：企业经营困难较多；就业压力较大。']],
      want: ['企业经营困难较多', '就业压力较大'],
    },
  ])('problem-list $name', ({ lines, want }) => {
    expect(headlines(lines)).toEqual(want);
  });

  test.each<{ name: string; lines: [SectionType, string][] }>([
    { name: 'a statement cue followed by only one problem outside the problems section', lines: [['plans', '我们必须清醒认识到，外部环境更趋复杂。']] },
    { name: 'a work paragraph without any statement cue', lines: [['work', '全年开展宣讲80场，覆盖群众1.2万人次，群众满意度较高。']] },
    { name: 'a measure filed under problems, its defect word only in a later sentence', lines: [['problems', '强化阵地管理。健全宣传栏更新制度，明确专人负责。每季度检查一次，及时纠正内容陈旧、更新不及时的情况。']] },
    { name: 'the answer to the problems filed under problems', lines: [['problems', '对这些问题，我们一定正视困难、迎难而上，切实加以解决。']] },
  ])('problem-list finds nothing in $name', ({ lines }) => {
    expect(headlines(lines)).toEqual([]);
  });

  test('problem-list keeps the context before a problem and the explanation after it with that problem', () => {
    const items = found([
      ['work', '我们也清醒认识到，发展中还存在不少困难和问题：受市场行情影响，特色种植效益下滑，群众收入受到冲击；人口外流加快，村级组织后继乏人。'],
    ]);
    expect(items.map((p) => [p.headline, p.text])).toEqual([
      ['特色种植效益下滑', '受市场行情影响，特色种植效益下滑，群众收入受到冲击'],
      ['人口外流加快', '人口外流加快'],
      ['村级组织后继乏人', '村级组织后继乏人'],
    ]);
  });

  test('problem-list keeps a second defect of the same topic after a comma in its item, not a new one', () => {
    const items = found([
      ['work', '同时也要看到，全区发展还面临不少困难和问题：市场预期偏弱，投资信心不足；基层财力紧张，保运转压力较大；产业层次不高，就业压力较大。'],
    ]);
    expect(items.map((p) => [p.headline, p.text])).toEqual([
      ['市场预期偏弱', '市场预期偏弱，投资信心不足'],
      ['基层财力紧张', '基层财力紧张，保运转压力较大'],
      // different topics after a comma stay apart
      ['产业层次不高', '产业层次不高'],
      ['就业压力较大', '就业压力较大'],
    ]);
  });

  test('problems under a problems heading are found when the classifier filed them under another section', () => {
    const lines: [string, number][] = [
      ['二、存在的问题', 1],
      ['(一)宣传阵地管理不够规范。', 2],
      ['部分村宣传栏内容陈旧，更新不及时。', 0],
      ['(二)网评员队伍力量薄弱。', 2],
      ['三、下步打算', 1],
      ['(一)加强阵地管理。', 2],
    ];
    let text = '';
    const paragraphs: Paragraph[] = lines.map(([line, level], i) => {
      const start = text.length;
      text += line + '\n';
      return { start, end: start + line.length, no: i + 1, section: 'work', isHeading: level > 0, level };
    });
    expect(extractProblems(text, paragraphs).map((p) => text.slice(p.headline.start, p.headline.end))).toEqual(['宣传阵地管理不够规范', '网评员队伍力量薄弱']);
  });

  test('problem-list keeps a bare admission as one generic problem', () => {
    expect(headlines([['problems', '在肯定成绩的同时，我们也清醒地认识到，我们的工作还存在着一定的差距和不足。']])).toEqual(['还存在着一定的差距和不足 [generic]']);
  });

  test('problem-list gives ranges into the text: two different problems never share one', () => {
    const text = '主要是：财力偏紧，项目储备不足。';
    const items = listItems(text, 0, text.length, defaultProblemCues());
    //            主要是：财力偏紧，项目储备不足。
    //                ^^^^ [4, 8)  ^^^^^^ [9, 15)
    expect(items).toEqual([
      { start: 4, end: 8, headline: { start: 4, end: 8 } },
      { start: 9, end: 15, headline: { start: 9, end: 15 } },
    ]);
  });

  test('problem-list does not cut clauses inside quotation marks or brackets', () => {
    const text = '“三农”短板（含水利、道路，等）仍较明显，财力偏紧';
    expect(clausesOf(text, 0, text.length).map((c) => text.slice(c.start, c.end))).toEqual(['“三农”短板（含水利、道路，等）仍较明显', '财力偏紧']);
  });

  test('clause spans are the clauses of clausesOf, in arrays reused from stretch to stretch (and grown when needed)', () => {
    const alphabet = [...'，,；;。！？!?：:（(“《）)”》 \u3000字问题不足'];
    const spans = new ClauseSpans();
    let state = 7;
    for (let round = 0; round < 300; round++) {
      let text = '';
      for (let i = 0; i < 40 + (round % 5) * 60; i++) {
        state = (Math.imul(state, 1103515245) + 12345) >>> 0;
        text += alphabet[(state >>> 8) % alphabet.length];
      }
      const from = round % 3;
      clauseSpans(text, from, text.length, spans);
      const arrays = Array.from({ length: spans.count }, (_, k) => ({ start: spans.starts[k], end: spans.ends[k], endsPart: spans.endsPart(k), endsSentence: spans.endsSentence(k) }));
      expect(arrays, text).toEqual(clausesOneByOne(text, from, text.length));
      expect(clausesOf(text, from, text.length), text).toEqual(arrays);
    }
    const long = '问题，'.repeat(200);
    expect(clauseSpans(long, 0, long.length, spans).count).toBe(200);
    expect([spans.starts[199], spans.ends[199], spans.endsPart(199), spans.endsSentence(199)]).toEqual([597, 599, false, false]);
  });

  test('clause spans told an offset stop after the clause that holds the offset before it: the first clauses of the whole list', () => {
    const alphabet = [...'，,；;。！？!?：:（(“《）)”》 \u3000字问题不足'];
    const spans = new ClauseSpans();
    let state = 5;
    let cut = 0;
    for (let round = 0; round < 200; round++) {
      let text = '';
      for (let i = 0; i < 30 + (round % 4) * 20; i++) {
        state = (Math.imul(state, 1103515245) + 12345) >>> 0;
        text += alphabet[(state >>> 8) % alphabet.length];
      }
      const from = round % 3;
      const whole = clausesOf(text, from, text.length);
      for (let until = from; until <= text.length; until++) {
        clauseSpans(text, from, text.length, spans, until);
        const first = Array.from({ length: spans.count }, (_, k) => ({ start: spans.starts[k], end: spans.ends[k], endsPart: spans.endsPart(k), endsSentence: spans.endsSentence(k) }));
        const context = JSON.stringify([text, from, until]);
        expect(first, context).toEqual(whole.slice(0, first.length));
        // every clause holding an offset before `until`, and none that opens two clauses after it
        expect(whole.filter((c) => c.start < until).length, context).toBeLessThanOrEqual(first.length);
        expect(first.filter((c) => c.start >= until).length, context).toBeLessThanOrEqual(1);
        if (first.length < whole.length) cut++;
      }
    }
    expect(cut).toBeGreaterThan(1000);
  });

  test('endsOnColon says what /[：:]\\s*$/u says of the slice', () => {
    for (const text of ['存在以下问题：', '存在以下问题： \u3000', '问题:\n', '问题：。', '：', '', '   ', '问题', '：问题']) {
      for (let start = 0; start <= text.length; start++) {
        expect(endsOnColon(text, start, text.length), JSON.stringify([text, start])).toBe(/[：:]\s*$/u.test(text.slice(start)));
      }
    }
  });
});
