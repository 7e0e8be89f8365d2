import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import { eachLiteralMatch, holdsLiteral, ListPrefilter, literalLead, LiteralIds, LiteralScanner, mayMatch, PatternFilter, requiredLiteralSets, requiredLiterals, UnitTally } from '../../src/data/required-literals.js';
import { unionOf } from '../../src/data/patterns.js';
import { codeUnitsOf } from '../../src/model/code-units.js';
import { resources } from '../helpers.js';

describe('requiredLiterals', () => {
  const cases: [RegExp, string[] | null][] = [
    [/公网安备/u, ['公网安备']],
    [/^.{0,60}ICP(备|证)\s*\d{6,}/u, ['ICP']],
    [/(甲|乙丙)+_x/u, ['_x']],
    [/(?:[A-Za-z]{0,8}(?:体育|直播))+(?:_(?:体育))+/gu, ['_体育']],
    [/(?:[A-Za-z]{0,8}(?:体育|直播))+_/gu, ['体育', '直播']],
    [/(存在)?问题/u, ['问题']],
    [/a{3}b/u, ['aaab']],
    [/\(c\)\.?/u, ['(c)']],
    [/x(?=甲乙)/u, ['x']],
    [/\u5de5作/u, null], // \u escapes are not read: no prefilter
    [/问题/iu, null], // ignoring case: no prefilter
    [/甲?乙*/u, null], // may match the empty string
    [/甲|\d+/u, null], // one alternative holds no literal
    [/[甲乙]丙/u, ['丙']],
    [/(\d)年\1/u, null],
  ];
  it.each(cases)('%s', (pattern, expected) => {
    expect(requiredLiterals(pattern)).toEqual(expected);
  });
});

describe('requiredLiteralSets', () => {
  const cases: [RegExp, string[][] | null][] = [
    [/公网安备/u, [['公网安备']]],
    [/^.{0,60}ICP(备|证)\s*\d{6,}/u, [['ICP'], ['备', '证']]],
    [/(?:[A-Za-z]{0,8}(?:体育|直播))+(?:_(?:体育|直播))+/gu, [['体育', '直播'], ['_'], ['体育', '直播']]],
    [/\((?=[a-z]{0,6}[āá])[a-zāá]{1,7}\)/gu, [['('], [')']]],
    [/a{3}b/u, [['aaab']]],
    [/(甲乙)+丙?丁/u, [['甲乙'], ['丁']]],
    [/x(?=甲乙)/u, [['x']]], // a lookahead's text need not lie in the match: not required
    [/甲|乙\d丙/u, [['甲', '乙']]], // of an alternation, one set: each alternative's best (乙 before 丙)
    [/甲?乙*/u, null],
    [/问题/iu, null],
  ];
  it.each(cases)('%s', (pattern, expected) => {
    expect(requiredLiteralSets(pattern)).toEqual(expected);
  });

  it('always holds requiredLiterals among its sets', () => {
    const r = resources();
    for (const pattern of [...r.noiseLines, ...r.noiseListHeaders.map((h) => h.pattern), ...r.spamPatterns]) {
      const sets = requiredLiteralSets(pattern);
      const literals = requiredLiterals(pattern);
      if (literals === null) expect(sets).toBeNull();
      else expect(sets).toContainEqual(literals);
    }
  });

  // Never a wrong skip: a text a pattern matches holds a literal of every set (random texts from its pieces).
  it('every set of a pattern holds a literal of each text it matches', () => {
    const patterns = [/(?:[A-Za-z]{0,2}(?:体育|直播))+(?:_(?:[A-Za-z]{0,2}(?:体育|直播))+)+/gu, /\((?=[a-z]{0,2}[āá])[a-zāá]{1,3}\)/gu, /^.{0,6}ICP(备|证)\s*\d{2,}/u, /(甲乙)+丙?丁/u];
    const piece = fc.constantFrom('体育', '直播', '_', 'ab', '(', ')', 'ā', 'a', 'ICP', '备', '证', '12', ' ', '甲乙', '丙', '丁', '年');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const text = pieces.join('');
        for (const pattern of patterns) {
          pattern.lastIndex = 0;
          if (!pattern.test(text)) continue;
          for (const set of requiredLiteralSets(pattern)!) expect(set.some((literal) => text.includes(literal)), `${pattern} on ${text}`).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe('mayMatch', () => {
  it('is false only for a text holding none of the literals', () => {
    expect(mayMatch(/X(体育|直播)/u, '新闻直播间')).toBe(true);
    expect(mayMatch(/X(体育|直播)/u, '全镇共完成绿化面积')).toBe(false);
  });

  it('runs a pattern anchored by text at the start without a prefilter', () => {
    expect(mayMatch(/^(来源|作者)[:：]/u, '全镇共完成绿化面积')).toBe(true);
    expect(mayMatch(/^.{0,10}公网安备/u, '全镇共完成绿化面积')).toBe(false);
  });

  // Never a wrong skip: every pattern of data/ that matches one of these lines is let through by mayMatch.
  const lines = [
    '京公网安备 11010502030143号 版权所有 某某网',
    '来源：县融媒体中心  作者：李明  浏览次数：1024',
    'abc体育直播_彩票娱乐城_棋牌',
    '但也存在一些问题和不足，主要是基础设施还不够完善。',
    '2026年，我镇将继续加快推进乡村振兴。',
    '一、2025年工作回顾',
    '相关文章：',
    '社区(qū)书记 篇2',
    'All Rights Reserved.',
    '（新华社记者 王小明 摄）',
  ];
  it('lets every matching line of the data patterns through', () => {
    const r = resources();
    const patterns = [
      ...r.noiseLines,
      ...r.noiseListHeaders.map((h) => h.pattern),
      ...r.spamPatterns,
      ...r.headingCues.map((c) => c.pattern),
      ...r.paragraphCues.map((c) => c.pattern),
      ...r.sectionEvidence.map((e) => e.pattern),
    ];
    let matched = 0;
    for (const pattern of patterns) {
      for (const line of lines) {
        pattern.lastIndex = 0;
        if (!pattern.test(line)) continue;
        matched++;
        expect(mayMatch(pattern, line), `${pattern.source} on ${line}`).toBe(true);
      }
    }
    expect(matched).toBeGreaterThan(10);
  });
});

describe('LiteralScanner', () => {
  /** Which literals a scan result says the text holds, by id. */
  const held = (found: Int32Array, literals: readonly string[]) => literals.map((_, id) => holdsLiteral(found, id));

  it('finds exactly the literals a text holds', () => {
    const unit = fc.constantFrom('公', '网', '安', '备', '摄', 'a', 'b', '(', ' ', '\n', '\u{20000}');
    fc.assert(
      // 1 to 80 literals: ids in up to three 32-bit words of the result
      fc.property(fc.uniqueArray(fc.string({ unit, minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 80, size: 'max' }), fc.string({ unit, maxLength: 40 }), (literals, text) => {
        const found = new LiteralScanner(literals).scan(text);
        expect(held(found, literals)).toEqual(literals.map((literal) => text.includes(literal)));
      }),
      { numRuns: 1000 },
    );
  });

  it('scanUnits of a stretch of code units finds what scan of that stretch as a string finds', () => {
    const unit = fc.constantFrom('公', '网', '安', '备', '摄', 'a', 'b', '(', ' ', '\n', '\u{20000}');
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ unit, minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 80, size: 'max' }),
        fc.string({ unit, maxLength: 40 }),
        fc.nat(),
        fc.nat(),
        (literals, text, a, b) => {
          const start = Math.min(a, text.length);
          const end = start + Math.min(b, text.length - start);
          const scanner = new LiteralScanner(literals);
          const found = scanner.scanUnits(codeUnitsOf(text), start, end);
          expect(held(found, literals)).toEqual(literals.map((literal) => text.slice(start, end).includes(literal)));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('scanUnits with counted units finds the same literals and tallies the counted units before the tally\'s end', () => {
    const unit = fc.constantFrom('公', '网', '安', '會', '學', 'a', 'b', ' ', '\n');
    // 會 and 學 counted; 安 both counted and a literal's first unit
    const countedUnits = new Int32Array(65536 >>> 5);
    for (const ch of '會學安') countedUnits[ch.charCodeAt(0) >>> 5] |= 1 << (ch.charCodeAt(0) & 31);
    const isCounted = (ch: string) => '會學安'.includes(ch);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ unit, minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 20 }),
        fc.array(fc.string({ unit, maxLength: 30 }), { maxLength: 6 }),
        fc.nat({ max: 120 }),
        (literals, lines, tallyEnd) => {
          const text = lines.join('\n');
          const units = codeUnitsOf(text);
          const counting = new LiteralScanner(literals, countedUnits);
          const plain = new LiteralScanner(literals);
          const tally = new UnitTally(tallyEnd);
          let at = 0;
          for (const line of lines) {
            const found = counting.scanUnits(units, at, at + line.length, tally);
            expect(held(found, literals)).toEqual(held(plain.scanUnits(units, at, at + line.length), literals));
            at += line.length + 1;
          }
          // every counted unit of the lines (the line feeds between them are not counted units) before the end
          expect(tally.count).toBe([...text.slice(0, tallyEnd)].filter(isCounted).length);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('scanUnits with marked units pushes the offsets of those it passes, in order, and finds the same literals', () => {
    const unit = fc.constantFrom('公', '网', '安', '备', 'a', ' ', '\u3000', '\t');
    const markedUnits = new Int32Array(65536 >>> 5);
    for (const ch of ' \u3000') markedUnits[ch.charCodeAt(0) >>> 5] |= 1 << (ch.charCodeAt(0) & 31);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ unit, minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 10 }),
        fc.array(fc.string({ unit, maxLength: 30 }), { maxLength: 6 }),
        (literals, lines) => {
          const text = lines.join('\n');
          const units = codeUnitsOf(text);
          const marking = new LiteralScanner(literals, undefined, markedUnits);
          const plain = new LiteralScanner(literals);
          const tally = new UnitTally(0);
          let at = 0;
          for (const line of lines) {
            expect(held(marking.scanUnits(units, at, at + line.length, tally), literals)).toEqual(held(plain.scanUnits(units, at, at + line.length), literals));
            at += line.length + 1;
          }
          const expected = [...text].flatMap((ch, i) => (ch === ' ' || ch === '\u3000' ? [i] : []));
          expect(tally.marks).toEqual(expected);
          // without a tally nothing is marked, and the literals found are the same
          if (lines.length > 0) expect(held(marking.scanUnits(units, 0, lines[0].length), literals)).toEqual(held(plain.scanUnits(units, 0, lines[0].length), literals));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('one scanner reads text after text, each result left as it was by the scans after it', () => {
    const unit = fc.constantFrom('公', '网', '安', '备', 'a', 'b', ' ');
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ unit, minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 8 }), fc.array(fc.string({ unit, maxLength: 12 }), { maxLength: 12 }), (literals, texts) => {
        const scanner = new LiteralScanner(literals);
        const results = texts.map((text) => scanner.scan(text));
        texts.forEach((text, i) => expect(held(results[i], literals)).toEqual(literals.map((literal) => text.includes(literal))));
      }),
      { numRuns: 500 },
    );
  });

  it('PatternFilter lets a line through whenever the pattern matches it, anchored patterns always', () => {
    const patterns = [/X(体育|直播)/u, /^(来源|作者)[:：]/u, /^.{0,10}公网安备/u, /[0-9]+/u];
    const ids = new LiteralIds();
    const filter = new PatternFilter(patterns, ids.id);
    const scanner = new LiteralScanner(ids.literals);
    const lines = ['新闻X直播间', '全镇共完成绿化面积', '来源：县融媒体中心', '京公网安备 110号', '2026年'];
    const verdicts = lines.map((line) => patterns.map((_, i) => filter.mayMatch(scanner.scan(line), i)));
    expect(verdicts).toEqual([
      [true, true, false, true],
      [false, true, false, true],
      [false, true, false, true],
      [false, true, true, true],
      [false, true, false, true],
    ]);
    for (const line of lines) patterns.forEach((pattern, i) => pattern.test(line) && expect(filter.mayMatch(scanner.scan(line), i)).toBe(true));
  });
});

describe('unionOf', () => {
  it('matches a text exactly when one of the patterns does', () => {
    const patterns = [/^(来源|作者)\s*[:：].{0,10}$/u, /^\d{4}-\d{1,2}-\d{1,2}$/u, /公网安备/u, /^[大中小]$/u];
    const union = unionOf(patterns)!;
    for (const text of ['来源：新华社', '2024-1-2', '京公网安备', '中', '中等', '全镇共完成绿化面积', '作者:  王', '']) {
      expect(union.test(text), text).toBe(patterns.some((p) => p.test(text)));
    }
  });
  it('will not join patterns whose flags or groups differ', () => {
    expect(unionOf([/a/u, /b/])).toBeNull();
    expect(unionOf([/a/gu, /b/gu])).toBeNull();
    expect(unionOf([/(a)\1/u, /b/u])).toBeNull();
    expect(unionOf([/(?<x>a)/u, /b/u])).toBeNull();
    expect(unionOf([/(?<=a)b/u, /c/u])).not.toBeNull();
    expect(unionOf([])).toBeNull();
  });
});

describe('PatternFilter of anchored patterns', () => {
  it('prefilters an anchored pattern only where asked to', () => {
    const patterns = [/^[【\[]?\s*(名\s*词|术\s*语)\s*解\s*释$/u, /^来源/u];
    const ids = new LiteralIds();
    const plain = new PatternFilter(patterns, ids.id);
    const asked = new PatternFilter(patterns, ids.id, true, (i) => i === 0);
    const scanner = new LiteralScanner(ids.literals);
    const other = scanner.scan('加强宣传工作');
    expect([plain.mayMatch(other, 0), plain.mayMatch(other, 1)]).toEqual([true, true]);
    expect([asked.mayMatch(other, 0), asked.mayMatch(other, 1)]).toEqual([false, true]);
    expect(asked.mayMatch(scanner.scan('【名词解释'), 0)).toBe(true);
  });
});

describe('PatternFilter of every set', () => {
  it('lets a text through only when it holds a literal of each set the pattern requires, where asked to', () => {
    const patterns = [/(?:[A-Za-z]{0,8}(?:体育|直播))+(?:_(?:体育|直播))+/gu, /^\s*篇\s*[0-9]$/u];
    const ids = new LiteralIds();
    const one = new PatternFilter(patterns, ids.id, true, () => true);
    const every = new PatternFilter(patterns, ids.id, true, () => true, true);
    const scanner = new LiteralScanner(ids.literals);
    const report = scanner.scan('加强文化体育设施建设');
    const spam = scanner.scan('abc体育_直播');
    expect([one.mayMatch(report, 0), every.mayMatch(report, 0)]).toEqual([true, false]);
    expect([one.mayMatch(spam, 0), every.mayMatch(spam, 0)]).toEqual([true, true]);
    expect(every.mayMatch(scanner.scan('只有_下划线'), 0)).toBe(false);
    expect([every.mayMatch(report, 1), every.mayMatch(scanner.scan(' 篇2'), 1)]).toEqual([false, true]);
    expect(every.prefiltersAll).toBe(true);
  });
});

describe('ListPrefilter', () => {
  it('prefilters only the chosen patterns of a list, each by its own literals', () => {
    const patterns = [/(问题|不足)和(差距|挑战)/u, /让我们.{0,8}奋斗/u, /[0-9]+/u, /(问题|困难)/u];
    const prefilter = new ListPrefilter(patterns, (i) => i !== 3);
    expect(prefilter.prefilters).toBe(true);
    const none = prefilter.scan('加强宣传工作');
    // 0 and 1 hold none of their literals; 2 has none known; 3 is not chosen
    expect(patterns.map((_, i) => prefilter.mayMatch(none, i))).toEqual([false, false, true, true]);
    const some = prefilter.scan('存在的不足和差距');
    expect(patterns.map((_, i) => prefilter.mayMatch(some, i))).toEqual([true, false, true, true]);
    expect(new ListPrefilter(patterns, () => false).prefilters).toBe(false);
  });

  it('lets through every paragraph of the corpora and fixtures that an `any` cue or evidence pattern matches', () => {
    const r = resources();
    const lists = [r.paragraphCues, r.sectionEvidence].map((list) => ({ patterns: list.map((x) => x.pattern), gated: (i: number) => list[i].where === 'any' }));
    const files = ['corpus', 'test/fixtures'].flatMap((dir) => (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.txt')).map((f) => path.join(dir, f)));
    const bodies = new Set<string>();
    for (const file of files) for (const line of fs.readFileSync(file, 'utf8').split('\n')) if (line.trim()) bodies.add(line.replace(/\s+/gu, ''));
    let matched = 0;
    let skipped = 0;
    for (const { patterns, gated } of lists) {
      const prefilter = new ListPrefilter(patterns, gated);
      for (const body of bodies) {
        const found = prefilter.scan(body);
        patterns.forEach((pattern, i) => {
          if (!gated(i)) return;
          pattern.lastIndex = 0;
          const hit = pattern.test(body);
          if (hit) matched++;
          if (!prefilter.mayMatch(found, i)) {
            skipped++;
            expect(hit, `${pattern.source} on ${body}`).toBe(false);
          }
        });
      }
    }
    expect(matched).toBeGreaterThan(100);
    expect(skipped).toBeGreaterThan(1000);
  });
});

describe('literalLead and eachLiteralMatch', () => {
  const cases: [RegExp, number | null][] = [
    [/ab/gu, 0],
    [/x{0,3}ab/gu, 3],
    [/[a-z]{2,5}(?:体育|直播)_x/gu, 12], // the literal is `_x`; a class counts two units (a surrogate pair under u)
    [/(?:x?体育)+/gu, 1],
    [/.{0,4}b(?:c|d)/gu, 8],
    [/x+ab/gu, null], // no bound before the literal
    [/ab/u, null], // not global
    [/ab/gy, null], // sticky: a match must start at lastIndex
  ];
  it.each(cases)('%s', (pattern, expected) => {
    expect(literalLead(pattern)?.lead ?? null).toBe(expected);
  });

  /** Every match of `pattern` in `text` through `eachLiteralMatch` (`execFrom` from literal to literal), as `index:text`. */
  const skipped = (pattern: RegExp, text: string): string[] => {
    expect(literalLead(pattern)).not.toBeNull();
    const found: string[] = [];
    eachLiteralMatch(pattern, text, (m) => {
      found.push(`${m.index}:${m[0]}`);
    });
    expect(pattern.lastIndex).toBe(0);
    return found;
  };
  const all = (pattern: RegExp, text: string): string[] => [...text.matchAll(pattern)].map((m) => `${m.index}:${m[0]}`);

  it('finds the matches matchAll finds, on texts of the spam patterns’ pieces', () => {
    const spam = resources().spamPatterns.filter((pattern) => literalLead(pattern) !== null);
    expect(spam.length).toBeGreaterThan(0);
    const patterns = [...spam, /[a-z]{0,8}\s?[甲乙]{0,3}?(?:体育|直播)_x/gu, /(?:x?体育)+_/gu];
    const pieces = ['体育', '直播', '直播吧', '娱乐城', '_', 'nba', 'x', ' ', '极速', '看', '。', '𠀀', '甲', '(', 'zhī', ')', '政府工作报告'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 60 }), (parts) => {
        const text = parts.join('');
        for (const pattern of patterns) expect(skipped(pattern, text)).toEqual(all(pattern, text));
      }),
      { numRuns: 3000 },
    );
  });

  it('finds the matches matchAll finds on every line of the corpora and fixtures', () => {
    const spam = resources().spamPatterns.filter((pattern) => literalLead(pattern) !== null);
    const files = ['corpus', 'test/fixtures'].flatMap((dir) => (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.txt')).map((f) => path.join(dir, f)));
    const lines = files.flatMap((file) => fs.readFileSync(file, 'utf8').split('\n'));
    for (const pattern of spam) for (const line of lines) expect(skipped(pattern, line)).toEqual(all(pattern, line));
  });
});
