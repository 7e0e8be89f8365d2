import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DataFileError } from '../../src/data/load.js';
import { loadPlaceholderRules } from '../../src/data/placeholder-rules.js';
import type { Resources } from '../../src/data/resources.js';
import type { Doc, Paragraph } from '../../src/model/report.js';
import { identityMap } from '../../src/model/span.js';
import {
  BOLD_HINT_RAW,
  BOLD_OR_DATE_HINT_RAW,
  markRunsOf,
  afterLineBreak,
  insideException,
  DATE_HINT_RAW,
  LIST_LEAD_RAW,
  MARK_RUN,
  SEPARATOR_LINE_RAW,
  findPlaceholders,
  fold,
  foldUnit,
  foldedUnitAt,
  foldedStartsWith,
  isIdeographUnit,
  isLatinLetterUnit,
  placeholdersStage,
  sentenceAround,
} from '../../src/stages/placeholders.js';

const rules = loadPlaceholderRules();
const fixtures = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'fixtures', 'placeholders');

/** Reads `sentence<TAB>kind:token | kind:token` lines; the expected ranges follow from the tokens' order. */
function readPositives(file: string) {
  return fs
    .readFileSync(path.join(fixtures, file), 'utf8')
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [sentence, expected] = line.split('\t');
      let cursor = 0;
      const matches = expected.split(' | ').map((item) => {
        const colon = item.indexOf(':');
        const kind = item.slice(0, colon);
        const token = item.slice(colon + 1);
        const start = sentence.indexOf(token, cursor);
        if (start < 0) throw new Error(`fixture ${file}: token "${token}" not in "${sentence}"`);
        cursor = start + token.length;
        return { start, end: cursor, kind, token };
      });
      return { sentence, matches };
    });
}

function readNegatives(): string[] {
  return fs
    .readFileSync(path.join(fixtures, 'negatives.txt'), 'utf8')
    .split('\n')
    .filter((line) => line && !line.startsWith('#'));
}

describe('placeholders finds marks with their unit (fixtures)', () => {
  for (const file of ['positives-simplified.txt', 'positives-traditional.txt']) {
    for (const { sentence, matches } of readPositives(file)) {
      it(`${file}: ${sentence}`, () => {
        expect(findPlaceholders(sentence, rules)).toEqual(matches);
      });
    }
  }
});

describe('placeholders never flags real text (negatives)', () => {
  it('finds nothing in the whole negatives fixture', () => {
    const text = fs.readFileSync(path.join(fixtures, 'negatives.txt'), 'utf8');
    expect(findPlaceholders(text, rules)).toEqual([]);
  });
  for (const line of readNegatives()) {
    it(`finds nothing in: ${line}`, () => {
      expect(findPlaceholders(line, rules)).toEqual([]);
    });
  }
});

describe('placeholders ranges', () => {
  // textlint-tester style: text, expected ranges; carets mark the expected token
  const valid: { text: string; expected: [number, number, string][] }[] = [
    // 开展活动X场
    //         ^^
    { text: '开展活动X场', expected: [[4, 6, 'metric']] },
    // 在 X 的领导下: the mark alone, never the next character
    //    ^
    { text: '在 X 的领导下', expected: [[2, 3, 'name']] },
    // 开展活动X / 场: the unit on the next line belongs to the token
    //         ^^^^
    { text: '开展活动X\n场，受众x\n  余人', expected: [[4, 7, 'metric'], [10, 16, 'metric']] },
    // 基层202x年
    //     ^^^^^
    { text: '基层202x年', expected: [[2, 7, 'date']] },
    // 于X月X日举行
    //   ^^^^
    { text: '于X月X日举行', expected: [[1, 5, 'date']] },
    // first line a bullet, second a placeholder at the line start
    { text: '* 要点\n*镇召开会议', expected: [[5, 7, 'name']] },
    // a signature line left blank
    { text: '报告人：\n×××', expected: [[5, 8, 'name']] },
  ];
  for (const { text, expected } of valid) {
    it(`ranges in ${JSON.stringify(text)}`, () => {
      const found = findPlaceholders(text, rules).map((m) => [m.start, m.end, m.kind]);
      expect(found).toEqual(expected);
    });
  }

  it('keeps matches sorted, inside the text and equal to their slice, on any input', () => {
    const alphabet = fc.constantFrom(...'xX×*＊Ｘ某○□ 镇场人年月日届大党的第余万元\n3a。、“”'.split(''));
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 40 }).map((a) => a.join('')), (text) => {
        let last = 0;
        for (const m of findPlaceholders(text, rules)) {
          expect(m.start).toBeGreaterThanOrEqual(last);
          expect(m.end).toBeGreaterThan(m.start);
          expect(m.end).toBeLessThanOrEqual(text.length);
          expect(m.token).toBe(text.slice(m.start, m.end).replace(/[ \t\u3000]*\r?\n[ \t\u3000]*/g, ''));
          last = m.end;
        }
      }),
    );
  });
});

/** sentenceAround as it read whole sentences (before the reach): the oracle for the property below. */
function sentenceAroundWhole(text: string, span: { start: number; end: number }, bounds: { start: number; end: number }): string {
  const expand = (s: { start: number; end: number }, lo: number, hi: number, ends: string) => {
    let from = s.start;
    while (from > lo && !ends.includes(text[from - 1])) from--;
    let to = s.end;
    while (to < hi && !ends.includes(text[to])) to++;
    if (to < hi && text[to] !== '\n') to++;
    return { start: from, end: to };
  };
  const sentenceEnds = '。！？!?；;\n';
  const clauseEnds = '。！？!?；;\n，,：:';
  let context = expand(span, bounds.start, bounds.end, sentenceEnds);
  if (context.end - context.start > 80) {
    const sentence = context;
    context = expand(span, sentence.start, sentence.end, clauseEnds);
    for (let grown = true; grown; ) {
      grown = false;
      if (context.end < sentence.end) {
        const next = expand({ start: context.end, end: context.end + 1 }, context.end, sentence.end, clauseEnds);
        if (next.end - context.start <= 80) (context = { start: context.start, end: next.end }), (grown = true);
      }
      if (context.start > sentence.start) {
        const prev = expand({ start: context.start - 1, end: context.start - 1 }, sentence.start, context.start, clauseEnds);
        if (context.end - prev.start <= 80) (context = { start: prev.start, end: context.end }), (grown = true);
      }
    }
    if (context.end - context.start > 80) {
      const half = Math.max(10, (80 - (span.end - span.start)) >> 1);
      context = { start: Math.max(context.start, span.start - half), end: Math.min(context.end, span.end + half) };
    }
  }
  let out = text.slice(context.start, context.end).trim();
  if (out.length < 10) {
    const pad = Math.ceil((10 - (span.end - span.start)) / 2);
    out = text.slice(Math.max(bounds.start, span.start - pad), Math.min(bounds.end, span.end + pad)).trim();
    if (out.length < 10) out = text.slice(Math.max(bounds.start, span.start - 10), Math.min(bounds.end, span.end + 10)).trim();
  }
  return out.includes('\n') ? out.replace(/\s*\n\s*/g, ' ') : out;
}

describe('placeholders context', () => {
  it('placeholders context: reading a sentence only as far as a context reaches gives the context of the whole sentence', () => {
    // long runs without a sentence end, clauses of every length, spans anywhere
    const piece = fc.oneof(fc.constantFrom('，', '。', '；', '：', '\n', ' '), fc.integer({ min: 1, max: 120 }).map((n) => '字'.repeat(n)));
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 12 }).map((a) => a.join('')), fc.nat(), fc.nat(6), (text, at, length) => {
        const start = at % text.length;
        const span = { start, end: Math.min(text.length, start + length) };
        expect(sentenceAround(text, span)).toBe(sentenceAroundWhole(text, span, { start: 0, end: text.length }));
      }),
      { numRuns: 3000 },
    );
  });
  it('takes the sentence around the placeholder', () => {
    const text = '一是加强学习。全年开展活动X场，参与群众踊跃。二是强化宣传。';
    const start = text.indexOf('X场');
    expect(sentenceAround(text, { start, end: start + 2 })).toBe('全年开展活动X场，参与群众踊跃。');
  });
  it('widens a short sentence to at least 10 characters', () => {
    const text = '前面的句子很长很长。X镇。后面的句子也很长。';
    const start = text.indexOf('X镇');
    const context = sentenceAround(text, { start, end: start + 2 });
    expect(context.length).toBeGreaterThanOrEqual(10);
    expect(context).toContain('X镇');
  });
  it('stays inside the paragraph bounds', () => {
    const text = '上一段\n共有X人参加\n下一段';
    const start = text.indexOf('X人');
    expect(sentenceAround(text, { start, end: start + 2 }, { start: 4, end: 11 })).toBe('共有X人参加');
  });
});

function paragraph(no: number, start: number, end: number, section: Paragraph['section'] = 'work'): Paragraph {
  return { no, start, end, section, isHeading: false, level: 0 };
}

function docOf(cleaned: string, text: string, paragraphs: Paragraph[]): Doc {
  return {
    report: { id: 't', source: 't.txt', format: 'txt', encoding: 'utf-8', bytes: 0, raw: cleaned, given: {} },
    status: 'ok',
    diagnostics: [],
    cleaned,
    toRaw: identityMap(cleaned.length),
    text,
    script: cleaned === text ? 'simplified' : 'traditional',
    paragraphs,
    tokens: { starts: new Int32Array(), ends: new Int32Array(), words: [], paragraphStarts: new Int32Array() },
    meta: { title: '', township: '', year: null, planYear: null, period: '' },
    placeholders: [],
    problems: [],
  };
}

describe('placeholders stage', () => {
  const resources = { placeholderRules: rules } as Resources;

  it('reports tokens and contexts in the cleaned text, with the paragraph number', () => {
    const cleaned = '工作總結\n全年共舉辦讀書會X場，參與群眾x餘人。';
    const text = '工作总结\n全年共举办读书会X场，参与群众x余人。';
    const doc = docOf(cleaned, text, [paragraph(1, 0, 4, 'title'), paragraph(2, 5, cleaned.length)]);
    const { placeholders } = placeholdersStage.run(doc, resources);
    expect(placeholders.map((p) => [p.start, p.end, p.kind, p.token, p.paragraphNo])).toEqual([
      [13, 15, 'metric', 'X場', 2],
      [20, 23, 'metric', 'x餘人', 2],
    ]);
    expect(placeholders[0].context).toBe('全年共舉辦讀書會X場，參與群眾x餘人。');
  });

  it('gives a unit behind a line break to its mark, and the token without the break', () => {
    expect(findPlaceholders('共开展活动X\n场，投入X\n余万元', rules).map((p) => [p.kind, p.token])).toEqual([
      ['metric', 'X场'],
      ['metric', 'X余万元'],
    ]);
  });

  it('leaves placeholders in web-page noise out', () => {
    const text = '欢迎访问xx网首页\n开展活动X场。';
    const doc = docOf(text, text, [paragraph(1, 0, 9, 'noise'), paragraph(2, 10, text.length)]);
    expect(findPlaceholders(text, rules).map((p) => p.token)).toEqual(['xx', 'X场']);
    expect(placeholdersStage.run(doc, resources).placeholders.map((p) => p.token)).toEqual(['X场']);
  });
});

describe('placeholders data files', () => {
  it('names file and line of a bad rule', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zongjie-ph-'));
    const units = path.join(dir, 'units.tsv');
    const exceptions = path.join(dir, 'exceptions.txt');
    fs.writeFileSync(units, '# header\nmetric\t场\t_\nnumber\t个\t_\n');
    fs.writeFileSync(exceptions, 'X光\n');
    expect(() => loadPlaceholderRules(units, exceptions)).toThrow(DataFileError);
    expect(() => loadPlaceholderRules(units, exceptions)).toThrow(/units\.tsv:3: unknown kind "number"/);
    fs.rmSync(dir, { recursive: true });
  });
});

describe('placeholders Latin letters', () => {
  it('placeholders: isLatinLetterUnit answers as the script property does, × aside, for every code unit', () => {
    const wrong: number[] = [];
    for (let unit = 0; unit < 0x10000; unit++) {
      const c = String.fromCharCode(unit);
      const expected = c !== '×' && /\p{Script=Latin}/u.test(c);
      if (isLatinLetterUnit(unit) !== expected) wrong.push(unit);
    }
    expect(wrong).toEqual([]);
  });
  it('placeholders: isIdeographUnit answers as the CJK class (ideographs, compatibility ideographs, 〇) for every code unit', () => {
    const wrong: number[] = [];
    for (let unit = 0; unit < 0x10000; unit++) if (isIdeographUnit(unit) !== /[\u3400-\u9fff\uf900-\ufaff\u3007]/.test(String.fromCharCode(unit))) wrong.push(unit);
    expect(wrong).toEqual([]);
  });
  it('placeholders: a mark is judged by its neighbours read as code units (CJK punctuation, joiners, hyphens, plus, closing quotes, Chinese numerals)', () => {
    const rules = loadPlaceholderRules();
    const tokens = (text: string) => findPlaceholders(text, rules).map((m) => m.token);
    expect(tokens('（X）')).toEqual(['X']); // CJK punctuation on both sides
    expect(tokens('见www.x.com网站')).toEqual([]); // joined to a Latin word by dots
    expect(tokens('a-X型')).toEqual([]); // a hyphen after a letter
    expect(tokens('实施双尖双领+X工程')).toEqual([]); // a plus
    expect(tokens('实施双尖双领＋X工程')).toEqual([]); // a full-width plus, folded
    expect(tokens('开展“数据要素×”行动')).toEqual([]); // a multiplier closing a slogan
    expect(tokens('二○二一年')).toEqual([]); // ○ between Chinese numerals
    expect(tokens('参会人员：张*、李**')).toEqual([]); // redacted names between punctuation
  });
});

describe('placeholders without a mark character', () => {
  it('placeholders: the patterns read in the text itself accept a code unit exactly when the folded patterns accept its fold', () => {
    // each pair: the pattern on the text itself, and the one it stands for on the folded text (on one character, or a pair)
    const single: [RegExp, RegExp][] = [
      [new RegExp(`^(?:${MARK_RUN.source})$`), /^(?:[x*×]+(?:\.[x*×]+)?|某+|[○□]{2,})$/],
      [SEPARATOR_LINE_RAW, /^[\s*＊×\-_=~·—]+$/],
      [LIST_LEAD_RAW, /^[\s\-+>•·]*$/],
    ];
    const wrong: string[] = [];
    for (let unit = 0; unit < 0x10000; unit++) {
      const c = String.fromCharCode(unit);
      for (const [raw, folded] of single) if (raw.test(c) !== folded.test(fold(c))) wrong.push(`${raw.source} ${unit.toString(16)}`);
      if (foldUnit(unit) !== fold(c).charCodeAt(0)) wrong.push(`foldUnit ${unit.toString(16)}`);
    }
    // the two-character hints, over the characters that fold into one of theirs (and a few that do not)
    const near = [...'xXｘＸ*＊×.．/／-－_＿a1１某'];
    for (const a of near) {
      for (const b of near) {
        if (DATE_HINT_RAW.test(a + b) !== /[./\-][x*×]/.test(fold(a + b))) wrong.push(`date ${a}${b}`);
        if (BOLD_HINT_RAW.test(a + b) !== fold(a + b).includes('**')) wrong.push(`bold ${a}${b}`);
        const run = new RegExp(MARK_RUN.source).exec(a + b);
        const foldedRun = /[x*×]+(?:\.[x*×]+)?|某+|[○□]{2,}/.exec(fold(a + b));
        if (`${run?.index}:${run?.[0].length}` !== `${foldedRun?.index}:${foldedRun?.[0].length}`) wrong.push(`run ${a}${b}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('placeholders: foldedUnitAt and foldedStartsWith read the text as fold would have it', () => {
    const text = 'ＡＢx某，X ＊z';
    const folded = fold(text);
    for (let i = -1; i <= text.length; i++) {
      // -1 (NONE) outside the text
      expect(foldedUnitAt(text, i)).toBe(i < 0 || i >= text.length ? -1 : folded.charCodeAt(i));
      for (const s of ['ab', 'x某,', ',x', '*z', 'z', 'x某，', 'Ｘ']) expect(foldedStartsWith(text, s, Math.max(i, 0))).toBe(folded.startsWith(s, Math.max(i, 0)));
    }
  });

  it('placeholders: a text and its folded form give the same spans and kinds', () => {
    const chars = [...'xXｘＸ*＊×某○□.．/／-－_＿=＝~～+＋>＞•·—0123456789０１２３４５６７８９年月日号镇乡米万元余个人张李王，,。：:“”（）()、 \u3000\n\r一〇光些aAａＡ'];
    const units = ['X光', 'XP', 'ｘｐ', '平方米', '万元', '某某', 'ＷＩＮＤＯＷＳ'];
    const text = fc.array(fc.oneof(fc.constantFrom(...chars), fc.constantFrom(...units)), { maxLength: 30 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, (t) => {
        const spans = (matches: ReturnType<typeof findPlaceholders>) => matches.map(({ start, end, kind }) => ({ start, end, kind }));
        expect(spans(findPlaceholders(t, rules))).toEqual(spans(findPlaceholders(fold(t), rules)));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('placeholders exceptions and line breaks by code unit', () => {
  /** The exception test as it was: every alignment of every exception holding the run's first mark is compared. */
  function insideExceptionByScan(text: string, start: number, exceptions: readonly string[]): boolean {
    const mark = foldUnit(text.charCodeAt(start));
    return exceptions.some((exception) => {
      for (let k = 0; k < exception.length; k++) {
        if (exception.charCodeAt(k) === mark && start - k >= 0 && foldedStartsWith(text, exception, start - k)) return true;
      }
      return false;
    });
  }

  it('placeholders: the exception index finds an exception over a mark exactly when comparing every alignment does', () => {
    const chars = 'xX×*注某些光线：';
    const word = fc.array(fc.constantFrom(...chars.split('')), { minLength: 1, maxLength: 4 }).map((a) => a.join(''));
    fc.assert(
      fc.property(fc.array(word.map(fold), { maxLength: 6 }), word, fc.nat(), (exceptions, text, at) => {
        const start = at % text.length;
        const list = [...new Set(exceptions)];
        expect(insideException(text, start, list)).toBe(insideExceptionByScan(text, start, list));
      }),
      { numRuns: 3000 },
    );
    // the data file's exceptions at every mark of a text holding them
    const text = '拍X光片，X射线，长×宽，某些人，注：*，*注，XX镇';
    for (let start = 0; start < text.length; start++) {
      expect(insideException(text, start, rules.exceptions)).toBe(insideExceptionByScan(text, start, rules.exceptions));
    }
  });

  it('placeholders: the unit behind a line break starts where the line-break pattern on the next 8 characters ends', () => {
    const pattern = /^[ \t\u3000]*\r?\n[ \t\u3000]*/;
    fc.assert(
      fc.property(fc.array(fc.constantFrom(' ', '\t', '\u3000', '\u00a0', '\r', '\n', '场', 'X'), { maxLength: 12 }), fc.nat(), (units, at) => {
        const text = units.join('');
        const from = text.length ? at % (text.length + 1) : 0;
        const match = pattern.exec(text.slice(from, from + 8));
        expect(afterLineBreak(text, from)).toBe(match ? from + match[0].length : -1);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('placeholders mark runs', () => {
  it('placeholders: the runs tell a date or bold hint exactly where the hint pattern finds one, and are MARK_RUN\'s matches', () => {
    const chars = 'xXｘＸ*＊×.．/／-－某○□2日 \n'.split('');
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...chars), { maxLength: 16 }), (units) => {
        const text = units.join('');
        const runs = markRunsOf(text);
        expect(runs.hinted).toBe(BOLD_OR_DATE_HINT_RAW.test(text));
        const matches = [...text.matchAll(new RegExp(MARK_RUN.source, 'g'))];
        expect(runs.marks).toEqual(matches.map((m) => m[0]));
        expect(runs.starts).toEqual(matches.map((m) => m.index));
      }),
      { numRuns: 5000 },
    );
  });
});
