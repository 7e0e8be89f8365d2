import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { boundaryBefore, buildParagraphs, compactBody, firstJoinAt, headingCue, HEADING_MARKERS, headingRank, isWhitespaceUnit, markerLength, markerLevel, mayOpenMarker, sentenceCount, splitParagraphs, withoutWhitespace } from '../../src/stages/paragraphs.js';
import { analyze, resources } from '../helpers.js';

describe('paragraphs', () => {
  it.each([
    ['一、工作开展情况', 1],
    ['(一)工作沟通能力不足。', 2],
    ['（二）对外宣传工作有待提升', 2],
    ['1、加强外宣力度。', 3],
    ['2.服务中心大局', 3],
    ['2021.5月召开会议', 0],
    ['(1)细化责任', 4],
    ['一是强化理论武装', 0],
    ['今年以来,我镇……', 0],
  ])('paragraphs marker level of %s is %i', (text, level) => {
    expect(markerLevel(text)).toBe(level);
  });

  it('paragraphs: every character a heading marker can open with passes the first-character gate', () => {
    // each marker form with its first character replaced by every code unit: where a pattern still matches,
    // the gate must let that unit through (else markerLevel and markerLength would miss the marker)
    const forms = ['第一部分', '第十二章', '一、', '十一．', '三.', '(一)', '（二）', '1、', '12.', '3．', '(1)', '（12）', '①', '⑳'];
    const missed: string[] = [];
    for (let unit = 0; unit <= 0xffff; unit++) {
      if (mayOpenMarker(unit)) continue;
      for (const form of forms) {
        const text = String.fromCharCode(unit) + form.slice(1) + '加强学习';
        if (HEADING_MARKERS.some(({ pattern }) => pattern.test(text))) missed.push(text);
      }
    }
    expect(missed).toEqual([]);
    for (const form of forms) expect(markerLength(form + '加强学习')).toBeGreaterThan(0);
    expect(markerLength('加强学习')).toBe(0);
  });

  it('paragraphs: markerLength is the length of the first HEADING_MARKERS match, whatever the text after it', () => {
    const texts = ['第一部分总结', '第三章', '一、加强', '十一．好', '三.5', '(一)学习', '（二', '1、做', '12.好', '1.5万元', '3．', '(1)', '（12）', '①x', '⑳', '一是', '二十三、', '(一x', '1.2', '123、', '第一', ''];
    const byMatch = (text: string) => {
      for (const { pattern } of HEADING_MARKERS) {
        const match = pattern.exec(text);
        if (match) return match[0].length;
      }
      return 0;
    };
    // twice: the sticky patterns markerLength tests keep no state from one text to the next
    for (const text of [...texts, ...texts]) expect(markerLength(text), text).toBe(byMatch(text));
  });

  it('paragraphs: markerLevel, markerLength and headingRank read by code unit agree with HEADING_MARKERS on random texts', () => {
    // texts made of the units the markers are built of (numerals, digits, parentheses, their ends, 第部分章篇,
    // circled numbers, a surrogate pair) and a few others, so that nearly every form and near miss occurs
    const units = ['一', '二', '十', '三', '第', '部', '分', '章', '篇', '、', '．', '.', '(', '（', ')', '）', '0', '1', '9', '①', '⑳', '⑴', '是', '好', ' ', '𠀀'];
    const firstMatch = (text: string) => {
      for (const { level, pattern } of HEADING_MARKERS) {
        const match = pattern.exec(text);
        if (match) return { level, length: match[0].length };
      }
      return { level: 0, length: 0 };
    };
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...units), { maxLength: 9 }), (pieces) => {
        const text = pieces.join('');
        const { level, length } = firstMatch(text);
        expect(markerLevel(text), text).toBe(level);
        expect(markerLength(text), text).toBe(length);
        expect(headingRank(level || 1, text), text).toBe(/^第[一二三四五六七八九十]{1,3}(?:部分|章|篇)/u.test(text) ? 0.5 : level || 1);
      }),
      { numRuns: 20000 },
    );
  });

  it('paragraphs: markerLevel and markerLength agree with HEADING_MARKERS for every code unit before 、 and inside （）', () => {
    const byPatterns = (text: string) => HEADING_MARKERS.find(({ pattern }) => pattern.test(text))?.level ?? 0;
    for (let unit = 0; unit <= 0xffff; unit++) {
      const c = String.fromCharCode(unit);
      for (const text of [c + '、', '（' + c + '）', '第' + c + '章']) {
        if (markerLevel(text) !== byPatterns(text)) expect(markerLevel(text), text).toBe(byPatterns(text));
      }
    }
  });

  it('paragraphs: boundaryBefore is the old test of the three units before a buried heading', () => {
    const BOUNDARY_BEFORE = /[。！？!?；;：:]\s*$|\s$/u;
    const units = ['。', '！', '？', '!', '?', '；', ';', '：', ':', ' ', '\u3000', '\t', '，', '、', '一', 'a', '\ud840', '\udc00', '好'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...units), { minLength: 1, maxLength: 8 }), (pieces) => {
        const line = pieces.join('');
        for (let at = 1; at <= line.length; at++) expect(boundaryBefore(line, at), `${line} @${at}`).toBe(BOUNDARY_BEFORE.test(line.slice(Math.max(0, at - 3), at)));
      }),
      { numRuns: 5000 },
    );
  });

  it('paragraphs: every paragraph has all fields, in one order, cue undefined when there is none', () => {
    const paragraphs = buildParagraphs('一、工作开展情况\n组织中心组学习12次。\n存在问题', '一、工作开展情况\n组织中心组学习12次。\n存在问题', resources());
    for (const p of paragraphs) expect(Object.keys(p)).toEqual(['start', 'end', 'no', 'section', 'isHeading', 'level', 'cue']);
    expect(paragraphs.map((p) => p.cue)).toEqual(['work', undefined, 'problems']);
  });

  it('paragraphs split one per non-empty line, trimmed', () => {
    const text = '  标题  \n\n正文第一段。\n  正文第二段。';
    expect(splitParagraphs(text).map((s) => text.slice(s.start, s.end))).toEqual(['标题', '正文第一段。', '正文第二段。']);
  });

  it('paragraphs split a run-on line at buried headings', () => {
    const body = '扎实有序推进各项工作,现将工作总结如下:'.repeat(8);
    const line = `${body} (一)强化责任担当,加强宣传工作。成立领导小组。 (二)增强政治意识。抓牢抓实意识形态工作。 存在问题 (一)理论学习不够深入。学习不够全面。 2021年工作计划 (一)抓好意识形态责任落实。`;
    const parts = splitParagraphs(line).map((s) => line.slice(s.start, s.end));
    expect(parts).toEqual([
      body,
      '(一)强化责任担当,加强宣传工作。成立领导小组。',
      '(二)增强政治意识。抓牢抓实意识形态工作。',
      '存在问题',
      '(一)理论学习不够深入。学习不够全面。',
      '2021年工作计划',
      '(一)抓好意识形态责任落实。',
    ]);
  });

  it('paragraphs do not split short lines at inline markers', () => {
    const line = '主要做法如下:(一)加强学习;(二)强化宣传。';
    expect(splitParagraphs(line)).toHaveLength(1);
  });

  it('paragraphs mark headings and their cues', () => {
    const text = '二、存在问题\n(一)工作沟通能力不足。\n(二)对外宣传工作有待提升。工作思路、格局和能力不够,对外宣传不能及时报道,日常报道杂而不精不成体系。\n下步计划\n一是继续加强学习。';
    const paragraphs = buildParagraphs(text, text, resources());
    expect(paragraphs.map((p) => [p.isHeading, p.level, p.cue])).toEqual([
      [true, 1, 'problems'],
      [true, 2, undefined],
      [false, 2, undefined],
      [true, 1, 'plans'],
      [false, 0, undefined],
    ]);
  });
});

describe('paragraphs leading title of a one-line paste', () => {
  const body =
    '过去的一年,全镇上下齐心协力,宣传思想工作取得新进展,理论武装、舆论引导、文明创建各项任务全面完成。' +
    '一、主要工作(一)理论学习。全年组织集中学习12次,专题研讨4次,撰写心得体会30余篇,学习覆盖全体机关干部和村组干部。';
  it('paragraphs cut the title where cleaning removed a space after the report-kind word', () => {
    const raw = `东坝镇2023年工作总结和2024年工作计划 ${body}`;
    const doc = analyze(raw);
    expect(doc.cleaned.slice(doc.paragraphs[0].start, doc.paragraphs[0].end)).toBe('东坝镇2023年工作总结和2024年工作计划');
  });

  it('paragraphs do not cut a run-on line at a report-kind word with no space after it', () => {
    const line = `东坝镇2023年工作总结和2024年工作计划${body}`;
    expect(splitParagraphs(line)[0]).toEqual({ start: 0, end: line.indexOf('一、') });
  });
});

describe('isWhitespaceUnit', () => {
  it('is /\\s/u on every code unit of the basic plane', () => {
    for (let unit = 0; unit < 0x10000; unit++) expect(isWhitespaceUnit(unit), unit.toString(16)).toBe(/\s/u.test(String.fromCharCode(unit)));
  });
});

describe('compactBody', () => {
  it('gives the span without whitespace, for whichever text is asked about', () => {
    const first = '甲 乙\n丙丁';
    const second = '一二 三四五';
    expect(compactBody(first, { start: 0, end: 3 })).toBe('甲乙');
    expect(compactBody(second, { start: 0, end: 3 })).toBe('一二');
    expect(compactBody(first, { start: 0, end: 6 })).toBe('甲乙丙丁');
    expect(compactBody(second, { start: 3, end: 6 })).toBe('三四五');
  });

  it('gives each span its own body when spans share their start (a paragraph split where it turns)', () => {
    const text = '甲 乙丙。丁 戊';
    expect(compactBody(text, { start: 0, end: 8 })).toBe('甲乙丙。丁戊');
    expect(compactBody(text, { start: 0, end: 4 })).toBe('甲乙丙');
    expect(compactBody(text, { start: 0, end: 8 })).toBe('甲乙丙。丁戊');
    expect(compactBody(text, { start: 5, end: 8 })).toBe('丁戊');
    expect(compactBody(text, { start: 0, end: 4 })).toBe('甲乙丙');
  });
});

describe('withoutWhitespace', () => {
  it.each([
    ['甲乙丙', '甲乙丙'],
    ['甲 乙\t丙\n丁\r戊\u3000己\u00a0庚\u2003辛\ufeff壬', '甲乙丙丁戊己庚辛壬'],
    ['  首尾  ', '首尾'],
    ['', ''],
  ])('withoutWhitespace of %j is %j', (text, expected) => {
    expect(withoutWhitespace(text)).toBe(text.replace(/\s+/gu, ''));
    expect(withoutWhitespace(text)).toBe(expected);
  });
});

describe('headingCue', () => {
  // The cues are tried one by one only when their joined pattern matches: the same answers as cues that cannot
  // be joined (a global flag keeps unionOf from joining them) and so are always tried one by one.
  const unjoinable = {
    ...resources(),
    headingCues: resources().headingCues.map((cue) => ({ section: cue.section, pattern: new RegExp(cue.pattern.source, 'gu') })),
  };
  it.each([
    '一、2023年工作回顾',
    '二、存在的问题和不足',
    '三、2024年工作计划',
    '存在问题及下步打算',
    '2025年工作回顾和“十四五”发展主要成绩',
    '（一）加强理论学习',
    '创新工作思路',
    '主要做法',
    '下一步工作打算',
    '工作中的不足',
    '基本情况',
  ])('headingCue of %j is the cues tried one by one', (heading) => {
    expect(headingCue(heading, resources())).toBe(headingCue(heading, unjoinable));
  });
  it('headingCue names sections through the joined cues', () => {
    expect(headingCue('三、2024年工作计划', resources())).toBe('plans');
    expect(headingCue('（一）加强理论学习', resources())).toBeUndefined();
  });
});

describe('firstJoinAt', () => {
  const byLazyScan = (clause: string) => /^(.{2,}?)(和|及|以及|与)/u.exec(clause)?.[1].length ?? -1;
  it("is where /^(.{2,}?)(和|及|以及|与)/u's group ends", () => {
    const unit = fc.constantFrom('和', '及', '以', '与', '以及', '工', '作', '𠀀', '\ud800', '\udc00', 'A');
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 12 }), (units) => {
        const clause = units.join('');
        expect(firstJoinAt(clause)).toBe(byLazyScan(clause));
      }),
      { numRuns: 5000 },
    );
    expect(firstJoinAt('存在问题及下步打算')).toBe(4);
    expect(firstJoinAt('A以及B')).toBe(2);
    expect(firstJoinAt('工作以及')).toBe(2);
    expect(firstJoinAt('𠀀以及')).toBe(3);
  });
});

describe('sentenceCount', () => {
  it('is the number of non-empty pieces between sentence ends', () => {
    const unit = fc.constantFrom('。', '！', '？', '!', '?', '；', ';', '，', '工', 'a');
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 20 }), (units) => {
        const body = units.join('');
        expect(sentenceCount(body)).toBe(body.split(/[。！？!?；;]/u).filter((s) => s.length > 0).length);
      }),
      { numRuns: 3000 },
    );
  });
});
