import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { inferTownship, inferUnit, lengthsBetween, mayOpenField, mostNamedTownship, readDisclosureHeader, unitsIn } from '../../src/stages/metadata.js';
import { loadDivisions } from '../../src/data/divisions.js';
import { analyze, resources } from '../helpers.js';

describe('metadata', () => {
  it('metadata reads year and plan year from the title', () => {
    const doc = analyze('石门乡2021年宣传思想工作总结及2022年工作计划\n2021年,我乡宣传工作稳步推进。\n一、主要做法\n石门乡开展宣讲30场。');
    expect(doc.meta).toMatchObject({ title: '石门乡2021年宣传思想工作总结及2022年工作计划', year: 2021, planYear: 2022, period: 'annual', township: '石门乡' });
  });

  it('metadata takes the opening\'s first year of the clearest kind when the title names none', () => {
    const sameRank = analyze('石门乡宣传思想工作总结\n2019年以来，我乡工作稳步推进，2020年以来继续推进。\n一、主要做法\n石门乡开展宣讲30场。');
    expect(sameRank.meta.year).toBe(2019);
    const yearPhrase = analyze('石门乡宣传思想工作总结\n2019年以来，我乡工作稳步推进，2020年度继续推进。\n一、主要做法\n石门乡开展宣讲30场。');
    expect(yearPhrase.meta.year).toBe(2020);
  });

  it('metadata reads the year from the opening (title and preamble) before the rest of the first lines', () => {
    // the body's 2020年度 ranks higher, but the opening names a year: the opening's is taken
    const doc = analyze('石门乡宣传思想工作总结\n2019年以来，我乡工作稳步推进。\n一、主要做法\n2020年度石门乡开展宣讲30场。');
    expect(doc.meta).toMatchObject({ year: 2019, period: 'annual' });
  });

  it('metadata leaves the year empty when the title holds a placeholder year', () => {
    const doc = analyze('基层乡镇202x年第三季度意识形态工作情况总结\n今年以来,X镇党委认真贯彻落实。\n一、工作开展情况\n开展学习。');
    expect(doc.meta).toMatchObject({ year: null, planYear: null, period: 'quarter', township: '' });
  });

  it('metadata takes the plan year from the plan part: the first year after the one reviewed that a plan follows', () => {
    const doc = analyze(
      '石门乡2021年宣传思想工作总结\n2021年,我乡宣传工作稳步推进。\n一、主要做法\n石门乡开展宣讲30场。\n二、下一步工作计划\n推进2020年计划的项目收尾，2023年计划建成文化站。\n2022年，我乡将继续推进宣讲。',
    );
    expect(doc.meta).toMatchObject({ year: 2021, planYear: 2023 });
  });

  it('metadata reads a year written in Chinese numerals', () => {
    const doc = analyze('二〇二一年宣传思想工作总结及二○二二年工作计划\n今年以来,我镇宣传工作稳步推进。');
    expect(doc.meta).toMatchObject({ year: 2021, planYear: 2022 });
  });

  it('metadata prefers given metadata over the text', () => {
    const doc = analyze('陵口镇2015年宣传工作总结\n2015年以来,陵口镇宣传工作扎实推进。');
    expect(doc.meta.township).toBe('陵口镇');
    expect(doc.meta.year).toBe(2015);
  });

  it.each([
    ['推进陵口镇经济社会发展,打造美丽陵口,结合陵口实际,陵口镇党委', '陵口镇'],
    ['全镇上下,我镇各乡镇,城乡统筹,基层乡镇', ''],
    ['新河街道办事处,新河街道党工委', '新河街道'],
  ])('metadata township of %s is %s', (text, township) => {
    expect(inferTownship('', text, resources())).toBe(township);
  });
});

describe('metadata reporting unit', () => {
  it.each([
    // a placeholder unit is no township, wherever the mark stands
    ['某镇2020年宣传思想工作总结\n2020年,某镇党委认真落实意识形态工作责任制。', ''],
    ['某某镇2020年意识形态工作总结\n今年以来,我镇扎实推进各项工作。', ''],
    ['XX镇2019年宣传工作总结\n今年以来,XX镇认真开展宣传工作。', ''],
    ['2021年某镇宣传思想工作总结\n一年来,我镇宣传工作稳步推进。', ''],
    ['○○镇2018年工作总结\n今年以来,我镇宣传工作稳步推进。', ''],
    // official names are read whole
    ['徐家井街道2022年意识形态工作总结\n今年以来,街道党工委落实责任制。', '徐家井街道'],
    // a name never starts inside the one before it: 天津市市长 holds no 津市市 (a county-level city of Hunan)
    ['政府工作报告\n天津市市长 李明\n各位代表:\n现在,我代表市人民政府向大会报告工作。', '天津市'],
    // a phrase ending in 乡/镇 is no unit
    ['宣传思想工作总结\n今年以来,我们推进乡村振兴,推进乡风文明,发展中心镇和中心镇经济。', ''],
  ])('metadata unit of %j is %j', (text, township) => {
    expect(analyze(text).meta.township).toBe(township);
  });

  it('metadata takes a province from the title and the congress line', () => {
    const doc = analyze('政府工作报告\n——2026年1月20日在河北省第十四届人民代表大会第四次会议上\n各位代表:\n现在,我代表省人民政府向大会报告工作。\n一、2025年工作回顾\n过去一年,全省经济稳中有进。');
    expect(doc.meta).toMatchObject({ township: '河北省', year: 2025, planYear: 2026, province: '河北省', city: '', county: '' });
  });

  it('metadata reads the year reviewed, not the delivery date', () => {
    const doc = analyze('2016年政府工作报告\n——2016年2月19日在东坝镇第十八届人民代表大会第五次会议上\n各位代表:\n2015年,全镇上下团结一心。');
    expect(doc.meta).toMatchObject({ year: 2015, planYear: 2016 });
  });

  it('metadata reads a delivery date written after 在, and of two delivery lines the first, either form', () => {
    const afterFirst = analyze('政府工作报告\n各位代表:在2008年1月19日镇人民代表大会会议上，2010年7月1日在镇党委全会上，都讲了。\n过去一年,全镇上下团结一心。');
    expect(afterFirst.meta).toMatchObject({ year: 2007, planYear: 2008 });
    const beforeFirst = analyze('政府工作报告\n各位代表:2010年7月1日在镇党委全会上，在2008年1月19日镇人民代表大会会议上，都讲了。\n过去一年,全镇上下团结一心。');
    expect(beforeFirst.meta).toMatchObject({ year: 2010, planYear: 2011 });
  });

  it('metadata takes the unit the speaker speaks for from the opening (受…委托, 我代表…)', () => {
    expect(analyze('政府工作报告\n各位代表:\n现在,受东坝镇人民政府委托,向大会报告工作。\n过去一年,全镇上下团结一心。').meta.township).toBe('东坝镇');
    expect(analyze('政府工作报告\n各位代表:\n现在,我代表东坝镇人民政府,向大会报告工作。\n过去一年,全镇上下团结一心。').meta.township).toBe('东坝镇');
  });

  it('metadata reads a delivery date written in Chinese numerals', () => {
    const doc = analyze('2026年某省政府工作报告\n——二〇二六年一月二十日在省人民代表大会上\n各位代表:\n过去一年,我们迎难而上。');
    expect(doc.meta).toMatchObject({ year: 2025, planYear: 2026, township: '' });
  });

  it('metadata prefers a 年度 phrase over an incidental year', () => {
    const doc = analyze('述职报告\n我自2008年分管宣传工作以来,始终坚持学习。现对2011年度工作情况作如下报告。\n一、主要工作\n开展宣讲10场。');
    expect(doc.meta.year).toBe(2011);
  });

  it('metadata gives an unambiguous township its county, city and province', () => {
    const doc = analyze('陵口镇2015年宣传工作总结\n2015年以来,陵口镇宣传工作扎实推进。');
    expect(doc.meta).toMatchObject({ township: '陵口镇', county: '丹阳市', city: '镇江市', province: '江苏省' });
  });

  it('metadata leaves the place of a repeated township name empty unless the text names its county', () => {
    const alone = analyze('城关镇2020年宣传思想工作总结\n今年以来,城关镇宣传工作稳步推进。');
    expect(alone.meta).toMatchObject({ township: '城关镇', county: '', city: '', province: '' });
    const placed = analyze('城关镇2020年宣传思想工作总结\n今年以来,在和林格尔县委领导下,城关镇宣传工作稳步推进。');
    expect(placed.meta).toMatchObject({ township: '城关镇', county: '和林格尔县', province: '内蒙古自治区' });
  });

  it('metadata reads a disclosure header and keeps the unit of its title', () => {
    const header = readDisclosureHeader('索引号：11000000/2023-00012\n发文机关：荣光街道办事处\n成文日期：2023-01-05\n标题：2022年荣光街道意识形态工作报告\n正文');
    expect(header).toEqual({ title: '2022年荣光街道意识形态工作报告', issuer: '荣光街道办事处' });
    expect(readDisclosureHeader('标题：一个标题\n正文')).toEqual({});
  });
});

describe('metadata township counted in the text', () => {
  // inferUnit's last resort, the listed township named most often (twice at least), skips its scan when the text's
  // suffixes close fewer than two listed township names; it must agree with the same count made from unitsIn's
  // mentions (which steps over the local names alike) on texts that do and do not name a township twice.
  const divisions = loadDivisions();
  const counted = (text: string) => mostNamedTownship(unitsIn(text, text, resources(), divisions), resources());
  const pieces = ['陵口镇', '城关镇', '丹阳市', '江苏省', '东坝镇', '徐家井街道', '某镇', 'XX镇', '乡村', '村民', '全镇', '新区', '社区', '镇', '乡', '村', '县', '市', '，', '。', '推进', '我镇', ' ', '\n'];
  let seed = 11;
  const next = (k: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % k;
  const texts = Array.from({ length: 600 }, () => Array.from({ length: 2 + next(24) }, () => pieces[next(pieces.length)]).join(''));
  it('metadata: the township named most often agrees with a count of unitsIn mentions', () => {
    let named = 0;
    for (const text of texts) {
      const unit = inferUnit({ titleBlock: '', head: '', issuer: '', text }, resources(), divisions);
      expect(unit, text).toEqual(counted(text));
      if (unit) named++;
    }
    expect(named).toBeGreaterThan(50);
  });
  it('metadata: a township named once in the body is no reporting unit, twice it is', () => {
    const once = '今年以来,全镇推进乡村振兴。陵口镇召开会议。';
    expect(inferUnit({ titleBlock: '', head: '', issuer: '', text: once }, resources(), divisions)).toBeUndefined();
    expect(inferUnit({ titleBlock: '', head: '', issuer: '', text: once + once }, resources(), divisions)?.name).toBe('陵口镇');
  });
});

describe('metadata disclosure header', () => {
  /** readDisclosureHeader as first written: the first 60 lines cut out and trimmed, each tried whole. */
  function readByLines(raw: string): { title?: string; issuer?: string } {
    const FIELD = /^\s*(索引号|主题分类|分类|发文机关|发布机构|成文日期|标题|名称|文件名称|发文字号|文号|发布日期|主题词|有效性)\s*[:：]\s*(.*?)\s*$/u;
    const lines: string[] = [];
    for (let start = 0; lines.length < 60 && start <= raw.length; ) {
      const end = raw.indexOf('\n', start);
      lines.push(raw.slice(start, end < 0 ? raw.length : end).trim());
      if (end < 0) break;
      start = end + 1;
    }
    const fields = new Map<string, string>();
    for (let i = 0; i < lines.length; i++) {
      const match = FIELD.exec(lines[i]);
      if (!match) continue;
      let value = match[2];
      if (!value && i + 1 < lines.length && !FIELD.test(lines[i + 1])) value = lines[i + 1];
      if (value && !fields.has(match[1])) fields.set(match[1], value);
    }
    if (fields.size < 2) return {};
    return { title: fields.get('标题') ?? fields.get('名称') ?? fields.get('文件名称'), issuer: fields.get('发文机关') ?? fields.get('发布机构') };
  }

  it('metadata readDisclosureHeader reads as the line-by-line reading does (values on the next line, the 60-line limit, blank lines)', () => {
    const parts = ['索引号', '标题', '名称', '发文机关', '发布机构', '文件名称', '：', ':', ' ', '\u3000', '\t', '\n', '\n', '\r\n', '报告', 'A', '2023'];
    const text = fc.array(fc.constantFrom(...parts), { maxLength: 40 }).map((p) => p.join(''));
    fc.assert(
      fc.property(text, fc.nat(70), (t, blankLines) => {
        expect(readDisclosureHeader(t)).toEqual(readByLines(t));
        // the same header pushed down towards and past line 60
        const pushed = '\n'.repeat(blankLines) + t;
        expect(readDisclosureHeader(pushed)).toEqual(readByLines(pushed));
      }),
      { numRuns: 3000 },
    );
    const atLimit = '\n'.repeat(58) + '标题：\n一个标题\n发文机关：某镇\n';
    expect(readDisclosureHeader(atLimit)).toEqual({});
    expect(readDisclosureHeader('\n'.repeat(57) + '标题：\n一个标题\n发文机关：某镇\n')).toEqual({ title: '一个标题', issuer: '某镇' });
  });
});

describe('metadata disclosure header, looked at by its lines\' first character', () => {
  it('metadata: a line the field pattern opens is never passed over (any whitespace before the name, each name)', () => {
    const names = ['索引号', '主题分类', '分类', '发文机关', '发布机构', '成文日期', '标题', '名称', '文件名称', '发文字号', '文号', '发布日期', '主题词', '有效性'];
    const opens = /\s*(?:索引号|主题分类|分类|发文机关|发布机构|成文日期|标题|名称|文件名称|发文字号|文号|发布日期|主题词|有效性)\s*[:：]/uy;
    const passedOver: string[] = [];
    for (let unit = 0; unit < 0x10000; unit++) {
      const lead = String.fromCharCode(unit);
      for (const name of names) {
        const line = `${lead}${lead}${name}：值`;
        opens.lastIndex = 0;
        if (opens.test(line) && !mayOpenField(line, 0)) passedOver.push(`${unit.toString(16)} ${name}`);
      }
    }
    expect(passedOver).toEqual([]);
    expect(readDisclosureHeader('\n \u3000\n索引号：123\n\u2003发文机关：东坝镇人民政府\n标题：\n 2020年工作总结\n')).toEqual({ title: '2020年工作总结', issuer: '东坝镇人民政府' });
  });
});

describe('metadata delivery line, looked for only in a text naming a meeting', () => {
  it.each([
    ['——2016年2月19日在东坝镇第十八届人民代表大会第五次会议上', 2015, 2016],
    ['——2016年2月19日在东坝镇第十八届人民代表大会上', 2015, 2016],
    ['——2016年8月19日在中共东坝镇委员会全会上', 2016, 2017],
    ['（在2016年2月19日镇人代会上）', 2015, 2016],
  ])('metadata: the delivery line %s gives the year %i reviewed and the plan year %i', (line, year, planYear) => {
    const doc = analyze(`政府工作报告\n${line}\n各位代表:\n现在,我代表东坝镇人民政府向大会报告工作,请予审议。\n过去一年,全镇上下团结一心。`);
    expect(doc.meta).toMatchObject({ year, planYear });
  });
});

describe('metadata name lengths', () => {
  it('metadata: lengthsBetween keeps the bits of the lengths from shortest to longest (at most 30), as a walk over every length did', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0x7fffffff }), fc.integer({ min: 0, max: 33 }), fc.integer({ min: 0, max: 40 }), (lengths, shortest, longest) => {
        let expected = 0;
        for (let length = Math.min(longest, 30); length >= shortest; length--) if ((lengths & (1 << length)) !== 0) expected |= 1 << length;
        expect(lengthsBetween(lengths, shortest, longest)).toBe(expected);
      }),
      { numRuns: 5000 },
    );
    expect(lengthsBetween(0x7ffffffe, 2, 30)).toBe(0x7ffffffc);
    expect(lengthsBetween(0x7ffffffe, 3, 24)).toBe(0x1fffff8);
  });
});
