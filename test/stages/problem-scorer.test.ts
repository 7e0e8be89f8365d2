import { describe, expect, test } from 'vitest';
import { candidateClauses, scoreFeatures, scoredItems, type ProblemScorerModel } from '../../src/stages/problem-scorer.js';
import { extractProblems, extractProblemsScored } from '../../src/stages/problems.js';
import { defaultProblemCues } from '../../src/data/problem-cues.js';
import { defaultProblemScorer } from '../../src/data/problem-scorer.js';
import type { Paragraph, Tokens } from '../../src/model/report.js';
import type { SectionType } from '../../src/model/kinds.js';
import { analyze } from '../helpers.js';

type Line = [SectionType, string, boolean?];

/** Paragraphs of hand-written lines, and one token per character (enough for the features that are not words). */
function build(lines: Line[]): { text: string; paragraphs: Paragraph[]; tokens: Tokens } {
  let text = '';
  const paragraphs: Paragraph[] = lines.map(([section, line, heading], i) => {
    const start = text.length;
    text += line + '\n';
    return { start, end: start + line.length, no: i + 1, section, isHeading: heading ?? false, level: heading ? 2 : 0 };
  });
  const chars = [...text].map((ch, i) => ({ ch, i })).filter(({ ch }) => ch.trim());
  const tokens = {
    starts: Int32Array.from(chars.map((c) => c.i)),
    ends: Int32Array.from(chars.map((c) => c.i + 1)),
    words: chars.map((c) => c.ch),
    paragraphStarts: new Int32Array(0),
  } as unknown as Tokens;
  return { text, paragraphs, tokens };
}

const cues = defaultProblemCues();
const none = { words: false, pairs: false };

function featuresOf(lines: Line[], clause: string): string[] {
  const { text, paragraphs, tokens } = build(lines);
  const found = candidateClauses(text, paragraphs, tokens, cues, none).find((c) => text.slice(c.start, c.end) === clause);
  if (!found) throw new Error(`no candidate clause ${clause}`);
  return found.features;
}

describe('problem scorer: features of a clause', () => {
  test('only clauses naming a defect are candidates; paragraphs without one are not cut up', () => {
    const { text, paragraphs, tokens } = build([
      ['title', '青山镇2025年工作总结'],
      ['work', '今年新修道路十二公里，完成危房改造三十户。'],
      ['work', '同时，村里的灌溉设施依然比较薄弱，群众多次提出。'],
    ]);
    const got = candidateClauses(text, paragraphs, tokens, cues, none).map((c) => text.slice(c.start, c.end));
    expect(got).toEqual(['村里的灌溉设施依然比较薄弱']);
  });

  test('the defect word and where it stands, persistence, the turn that opens the sentence, the section', () => {
    const f = featuresOf([['work', '同时，村里的灌溉设施依然比较薄弱，群众多次提出。']], '村里的灌溉设施依然比较薄弱');
    expect(f).toEqual(expect.arrayContaining(['dw=薄弱', 'def-end', 'still', 'turn', 'sec=work', 'inside-sentence']));
    expect(f).not.toContain('plan-start');
  });

  test('each clause gets its own defect words, each once, in order; its neighbours and the paragraph count the others', () => {
    const lines: Line[] = [['work', '资金压力较大，人才短缺、人才短缺问题突出，今年修路十公里，设施老化。']];
    expect(featuresOf(lines, '资金压力较大').filter((f) => f.startsWith('dw=') || f.startsWith('ndef') || f.startsWith('def-') || f.endsWith('-def'))).toEqual([
      'ndef=3+',
      'dw=压力',
      'dw=较大',
      'def-end',
      'def-2+',
      'next-def',
    ]);
    const second = featuresOf(lines, '人才短缺、人才短缺问题突出');
    expect(second.filter((f) => f.startsWith('dw='))).toEqual(['dw=短缺', 'dw=突出']);
    expect(second).toEqual(expect.arrayContaining(['def-2+', 'prev-def']));
    expect(second).not.toContain('next-def');
    const last = featuresOf(lines, '设施老化');
    expect(last).toEqual(expect.arrayContaining(['dw=老化', 'def-end']));
    expect(last).not.toContain('prev-def');
  });

  test('a measure that names the defect it answers reads as a plan and a fix, an achievement as done', () => {
    expect(featuresOf([['work', '加快补齐农村供水短板，让群众喝上放心水。']], '加快补齐农村供水短板')).toEqual(expect.arrayContaining(['plan-start', 'fix', 'sec=work']));
    expect(featuresOf([['work', '今年已经补齐了农村供水短板。']], '今年已经补齐了农村供水短板')).toEqual(expect.arrayContaining(['done', 'fix']));
  });

  test('paragraphs of the plans are not looked at (no gold problem stood in one)', () => {
    const { text, paragraphs, tokens } = build([['plans', '针对农村供水仍然不足的问题，加快补齐短板。']]);
    expect(candidateClauses(text, paragraphs, tokens, cues, none)).toEqual([]);
  });

  test('an announcing cue earlier in the paragraph, or ending the paragraph before, is seen from the clause', () => {
    const f = featuresOf([['work', '我们也清醒地看到，工作中还有一些差距，集体经济实力偏弱，增收渠道不多。']], '集体经济实力偏弱');
    expect(f).toContain('cue-sentence');
    const g = featuresOf(
      [
        ['work', '对照群众期盼，我们的工作还存在以下问题：'],
        ['work', '集体经济实力偏弱，增收渠道不多。'],
      ],
      '集体经济实力偏弱',
    );
    expect(g).toContain('cue-prev');
  });

  test('with word features on, the clause words (digits folded) and their pairs are features', () => {
    const { text, paragraphs, tokens } = build([['work', '1个村的道路仍然不畅。']]);
    const [c] = candidateClauses(text, paragraphs, tokens, cues, { words: true, pairs: true });
    expect(c.features).toEqual(expect.arrayContaining(['w=#', 'w=道', 'p=#|个', 'figure']));
  });
});

describe('problem scorer: the defect word scan', () => {
  /** The defect words a clause names, found by trying the defect regex at every offset (after a match, at its end). */
  function namedByRegex(text: string, start: number, end: number): string[] {
    const sticky = new RegExp(cues.defect.source, 'uy');
    const named: string[] = [];
    for (let i = start; i < end; ) {
      sticky.lastIndex = i;
      if (sticky.test(text)) {
        named.push(text.slice(i, sticky.lastIndex));
        i = sticky.lastIndex;
      } else i++;
    }
    return [...new Set(named)];
  }

  test('every defect word is found wherever it stands, whatever the characters around it (a scan that steps past two)', () => {
    // characters that open defect words, stand second in them, both, or neither, in random runs (seeded)
    const words = cues.defectWords;
    const alphabet = [...new Set([...words.join(''), ...'的工作村镇年今是和在。'])];
    let seed = 12345;
    const next = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    const clause = () => Array.from({ length: 1 + next(12) }, () => (next(4) === 0 ? words[next(words.length)] : alphabet[next(alphabet.length)])).join('');
    // a long paragraph first (more clauses than the match arrays start with), then short ones
    const lines: Line[] = [100, 3, 7, 1, 40, 2].map((n) => ['work', Array.from({ length: n }, clause).join('，') + '。']);
    const { text, paragraphs, tokens } = build(lines);
    const candidates = candidateClauses(text, paragraphs, tokens, cues, none);
    const expected = paragraphs.flatMap((p) => {
      const spans: { start: number; end: number }[] = [];
      for (let at = p.start, cut = text.indexOf('，', at); at < p.end; at = cut + 1, cut = text.indexOf('，', at)) {
        spans.push({ start: at, end: Math.min(cut < 0 || cut > p.end ? p.end - 1 : cut, p.end - 1) });
        if (cut < 0 || cut > p.end) break;
      }
      return spans.filter((c) => namedByRegex(text, c.start, c.end).length > 0);
    });
    expect(candidates.length).toBeGreaterThan(100);
    expect(candidates.map((c) => text.slice(c.start, c.end))).toEqual(expected.map((c) => text.slice(c.start, c.end)));
    for (const c of candidates) {
      expect(c.features.filter((f) => f.startsWith('dw=')).map((f) => f.slice(3))).toEqual(namedByRegex(text, c.start, c.end));
    }
  });
});

describe('problem scorer: decision', () => {
  const model: ProblemScorerModel = { bias: -3, threshold: 0.5, groups: none, weights: new Map([['still', 4], ['plan-start', -6]]) };

  test('the probability is the logistic of the bias plus the weights of the features present, each counted once', () => {
    expect(scoreFeatures(model, [])).toBeCloseTo(1 / (1 + Math.exp(3)));
    expect(scoreFeatures(model, ['still', 'still', 'unknown'])).toBeCloseTo(1 / (1 + Math.exp(-1)));
  });

  test('a clause at or above the threshold outside the rule items is an item; its explanation clause goes with it', () => {
    const { text, paragraphs, tokens } = build([['work', '今年修路十公里。村里的灌溉设施依然比较薄弱，群众多次提出。要加快解决仍然不足的问题。']]);
    const items = scoredItems(text, paragraphs, tokens, cues, model, []);
    expect(items.map((i) => text.slice(i.start, i.end))).toEqual(['村里的灌溉设施依然比较薄弱，群众多次提出']);
    expect(items.map((i) => text.slice(i.headline.start, i.headline.end))).toEqual(['村里的灌溉设施依然比较薄弱']);
  });

  test('a clause inside a rule item is never scored again', () => {
    const { text, paragraphs, tokens } = build([['work', '村里的灌溉设施依然比较薄弱，群众多次提出。']]);
    expect(scoredItems(text, paragraphs, tokens, cues, model, [{ start: paragraphs[0].start, end: paragraphs[0].end }])).toEqual([]);
  });

  test('two scoring clauses after a comma are two items unless they name the same topic', () => {
    const { text, paragraphs, tokens } = build([['work', '灌溉设施依然薄弱，卫生室人手仍然不足。']]);
    expect(scoredItems(text, paragraphs, tokens, cues, model, []).map((i) => text.slice(i.start, i.end))).toEqual(['灌溉设施依然薄弱', '卫生室人手仍然不足']);
    const topic = (clause: string) => (/设施|卫生/u.test(clause) ? 'same' : undefined);
    expect(scoredItems(text, paragraphs, tokens, cues, model, [], topic).map((i) => text.slice(i.start, i.end))).toEqual(['灌溉设施依然薄弱，卫生室人手仍然不足']);
  });

  test('a clause that reaches the threshold only with the cue before it in its sentence is an item there, and only there', () => {
    // (the gate drops a clause by the cues its paragraph may have: none here but the one before the clause)
    const cued: ProblemScorerModel = { bias: -3, threshold: 0.5, groups: none, weights: new Map([['still', 2], ['cue-sentence', 2], ['cue-prev', 2]]) };
    const announced = build([['work', '我们也清醒看到，灌溉设施依然薄弱。']]);
    expect(scoredItems(announced.text, announced.paragraphs, announced.tokens, cues, cued, []).map((i) => announced.text.slice(i.start, i.end))).toEqual(['灌溉设施依然薄弱']);
    const bare = build([['work', '今年修路十公里。'], ['work', '灌溉设施依然薄弱。']]);
    expect(scoredItems(bare.text, bare.paragraphs, bare.tokens, cues, cued, [])).toEqual([]);
    // the cue may end the paragraph before instead
    const before = build([['work', '我们也清醒看到：'], ['work', '灌溉设施依然薄弱。']]);
    expect(scoredItems(before.text, before.paragraphs, before.tokens, cues, cued, []).map((i) => before.text.slice(i.start, i.end))).toEqual(['灌溉设施依然薄弱']);
  });

  test('each distinct word and word pair counts once, with the paragraph\'s features, in every clause of the paragraph', () => {
    // (weights in halves and quarters: the sums are exact, so the scores can be compared as numbers)
    const weights = new Map([
      ['sec=work', 0.5],
      ['w=施', 0.5],
      ['p=薄|弱', 1],
      ['p=弱|设', 0.25],
      ['dw=老化', 1.25],
    ]);
    const worded: ProblemScorerModel = { bias: -1.5, threshold: 0.5, groups: { words: true, pairs: true }, weights };
    const { text, paragraphs, tokens } = build([['work', '设施薄弱设施薄弱，道路老化。']]);
    const items = scoredItems(text, paragraphs, tokens, cues, worded, []);
    expect(items.map((i) => text.slice(i.start, i.end))).toEqual(['设施薄弱设施薄弱', '道路老化']);
    // 施 and 薄|弱 stand twice, 弱|设 once: -1.5 + 0.5 + 0.5 + 1 + 0.25, then -1.5 + 0.5 + 1.25
    expect(items.map((i) => i.score)).toEqual([1 / (1 + Math.exp(-0.75)), 1 / (1 + Math.exp(-0.25))]);
  });

  test('the heading of a list the rules split into items is no item of its own', () => {
    const { text, paragraphs, tokens } = build([
      ['problems', '(一)队伍建设仍然不够有力', true],
      ['problems', '一是村干部年龄偏大。二是后备力量不足。'],
    ]);
    const rule = { start: paragraphs[1].start, end: paragraphs[1].end };
    expect(scoredItems(text, paragraphs, tokens, cues, model, [rule])).toEqual([]);
    expect(scoredItems(text, paragraphs, tokens, cues, model, []).length).toBe(1);
  });
});

describe('problem scorer: the bundled weights in the problems stage', () => {
  test('a clause that only announces problems is never an item of its own, however it scores', () => {
    const { text, paragraphs, tokens } = build([['work', '全县发展还面临一些突出问题。']]);
    const eager: ProblemScorerModel = { bias: 5, threshold: 0.5, groups: none, weights: new Map() };
    expect(scoredItems(text, paragraphs, tokens, cues, eager, [])).toEqual([]);
  });

  test('a problem stated in a work paragraph with no announcing words, which the rules miss, is found', () => {
    const raw = [
      '青山镇2025年工作总结',
      '一、主要工作',
      '今年以来，我镇围绕中心工作，完成了各项目标任务，全镇生产总值增长百分之六。',
      '当前，我镇产业结构单一，农民增收渠道不多，基础设施建设相对滞后。',
      '二、明年打算',
      '加快推进道路建设，完善水利设施。',
    ].join('\n');
    const doc = analyze(raw);
    expect(extractProblems(doc.text, doc.paragraphs)).toEqual([]);
    expect(doc.problems.map((p) => p.headlineText)).toContain('农民增收渠道不多');
  });

  test('an item the scorer finds after a list mark starts after the mark, as the rule items do', () => {
    const raw = ['柳河乡2024年宣传思想工作总结', '今年我乡开展宣讲活动6场。', '存在问题：一是理论武装不够深入。'].join('\n');
    const doc = analyze(raw);
    const texts = doc.problems.map((p) => p.headlineText);
    expect(texts).toContain('理论武装不够深入');
    expect(texts.some((t) => t.startsWith('一是'))).toBe(false);
  });

  test('achievements that name the gap they closed and plans that name the defect they answer stay out', () => {
    const raw = [
      '青山镇2025年工作总结',
      '一、主要工作',
      '今年我镇新建道路12公里，完成危房改造30户，补齐了基础设施短板。',
      '二、明年打算',
      '要加强干部队伍建设，着力解决服务群众能力不足的问题。',
    ].join('\n');
    const doc = analyze(raw);
    expect(doc.problems).toEqual([]);
    const scorer = defaultProblemScorer()!;
    expect(extractProblemsScored(doc.text, doc.paragraphs, doc.tokens, cues, scorer)).toEqual([]);
  });
});

describe('problem scorer: the sums it adds up', () => {
  /** The score of a candidate as its named features give it: bias plus the other features, the words, the pairs, then the cues, in their order. */
  function scoreByNames(model: ProblemScorerModel, features: string[]): number {
    const weight = (f: string) => model.weights.get(f) ?? 0;
    const kind = (f: string) => (f.startsWith('w=') || f.startsWith('p=') ? 'word' : f.startsWith('cue-') ? 'cue' : 'clause');
    let clause = 0;
    for (const f of features) if (kind(f) === 'clause') clause += weight(f);
    let z = model.bias + clause;
    for (const f of features) if (kind(f) === 'word') z += weight(f);
    let cue = 0;
    for (const f of features) if (kind(f) === 'cue') cue += weight(f);
    return 1 / (1 + Math.exp(-(z + cue)));
  }

  test('every item scores what the names of its clause features add up to (every feature weighed)', () => {
    const { text, paragraphs, tokens } = build([
      ['work', '今年新修道路十二公里，完成危房改造三十户。'],
      ['work', '我们也清醒地看到，工作中还存在一些问题：'],
      ['problems', '一是产业结构单一，农民增收渠道不多，资金压力较大，设施老化。二是干部能力不强，有的干部作风不实。'],
      ['work', '但是，村里的灌溉设施依然比较薄弱，全年完成率仅为百分之六十，矛盾突出，1、管理不到位'],
      ['closing', '同时，基层治理还需加强，人才短缺问题突出，服务能力偏弱。'],
    ]);
    const groups = { words: true, pairs: true };
    const candidates = candidateClauses(text, paragraphs, tokens, cues, groups);
    // distinct weights with all their bits in use, so that a sum in another order or of another feature differs
    let seed = 7;
    const next = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
    const weights = new Map<string, number>();
    for (const c of candidates) for (const f of c.features) if (!weights.has(f)) weights.set(f, next() / 3);
    const model: ProblemScorerModel = { bias: -0.123456789, threshold: 1e-12, groups, weights };
    const expected = candidates.filter((c) => !c.features.includes('cue-same')).map((c) => [c.start, scoreByNames(model, c.features)]);
    expect(expected.length).toBeGreaterThan(8);
    expect(scoredItems(text, paragraphs, tokens, cues, model, []).map((i) => [i.headline.start, i.score])).toEqual(expected);
  });
});
