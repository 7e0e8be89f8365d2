import { describe, expect, it } from 'vitest';
import { allowed, decode, DECODED_STATES, emission, trainSectionModel, type SectionModel, type TrainingSequence } from '../../src/stages/section-model.js';
import { fiveYearPlanStart, periodSection, yearCue } from '../../src/stages/section-years.js';
import { headingCue } from '../../src/stages/paragraphs.js';
import { resources } from '../helpers.js';
import type { TransitionKind } from '../../src/stages/section-features.js';
import type { SectionType } from '../../src/model/kinds.js';

/** A toy sequence: each unit carries one word feature naming its section, a few carry a misleading one. */
function toy(gold: SectionType[], words: string[]): TrainingSequence {
  return {
    features: words.map((w) => ['bias', `w:${w}`]),
    kinds: gold.map((_, i): TransitionKind => (i > 0 && gold[i] !== gold[i - 1] ? 'top-turn' : 'plain')),
    gold,
    unitWeights: gold.map(() => 1),
  };
}

describe('section-model', () => {
  it('section-model forbids what no report does: a return from closing, a preamble after the body', () => {
    expect(allowed('closing', 'plans')).toBe(false);
    expect(allowed('closing', 'closing')).toBe(true);
    expect(allowed('work', 'preamble')).toBe(false);
    expect(allowed('title', 'preamble')).toBe(true);
    expect(allowed('work', 'problems')).toBe(true);
  });

  it('section-model learns word evidence and lets the sequence overrule one weak unit', () => {
    const gold: SectionType[] = ['title', 'preamble', 'work', 'work', 'work', 'problems', 'plans', 'plans', 'closing'];
    const words = ['t', 'p', 'w', 'w', 'w', 'x', 'f', 'f', 'c'];
    const sequences = Array.from({ length: 6 }, () => toy(gold, words));
    const model = trainSectionModel(sequences, { epochs: 300 });
    expect(model.states).toEqual(DECODED_STATES);
    // the evidence word decides a unit on its own
    const e = emission(model, ['bias', 'w:x']);
    expect(model.states[e.indexOf(Math.max(...e))]).toBe('problems');
    // a feature the model has no weights for adds nothing (its row is empty)
    expect(emission(model, ['bias', 'w:x', 'w:never-trained'])).toEqual(e);
    expect(decode(model, words.map((w) => ['bias', `w:${w}`]), toy(gold, words).kinds)).toEqual(gold);
    // a closing word in the middle cannot open a closing that the body then leaves
    const middle = ['t', 'p', 'w', 'c', 'w', 'x', 'f', 'f', 'c'];
    const decoded = decode(model, middle.map((w) => ['bias', `w:${w}`]), middle.map((): TransitionKind => 'plain'));
    expect(decoded.indexOf('closing')).toBe(decoded.length - 1);
  });

  it('section-model decodes the best allowed sequence, at the transition scale of each model', () => {
    // a small model with made-up weights: every sequence of 4 units is scored by brute force
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 4 - 2;
    const S = DECODED_STATES.length;
    const table = () => DECODED_STATES.map(() => DECODED_STATES.map(random));
    const transitions = Object.fromEntries(['top', 'top-turn', 'sub', 'sub-turn', 'plain', 'plain-turn'].map((k) => [k, table()])) as SectionModel['transitions'];
    const weights = Object.fromEntries(['bias', 'a', 'b', 'c', 'd'].map((f) => [f, DECODED_STATES.map(random)]));
    const base: SectionModel = { states: DECODED_STATES, weights, transitions, prior: DECODED_STATES.map(random), priorScale: 0.5, transitionScale: 0.35 };
    const features = [['bias', 'a'], ['bias', 'b', 'c'], ['bias', 'd'], ['bias', 'c']];
    const kinds: TransitionKind[] = ['top', 'plain', 'sub-turn', 'plain'];
    const bruteForce = (model: SectionModel): SectionType[] => {
      const unit = features.map((f) => emission(model, f).map((v, s) => v - model.priorScale! * model.prior![s]));
      let best: number[] = [];
      let bestScore = Number.NEGATIVE_INFINITY;
      for (let code = 0; code < S ** features.length; code++) {
        const path = features.map((_, i) => Math.floor(code / S ** i) % S);
        if (path.some((s, i) => i > 0 && !allowed(DECODED_STATES[path[i - 1]], DECODED_STATES[s]))) continue;
        const score = path.reduce((sum, s, i) => sum + unit[i][s] + (i > 0 ? model.transitionScale! * model.transitions[kinds[i]][path[i - 1]][s] : 0), 0);
        if (score > bestScore) [best, bestScore] = [path, score];
      }
      return best.map((s) => DECODED_STATES[s]);
    };
    expect(decode(base, features, kinds)).toEqual(bruteForce(base));
    // the same transitions at another scale: the scaled tables are not those of the first model
    const steep = { ...base, transitionScale: 6 };
    expect(bruteForce(steep)).not.toEqual(bruteForce(base));
    expect(decode(steep, features, kinds)).toEqual(bruteForce(steep));
  });

  it('section-model training is deterministic', () => {
    const seq = toy(['work', 'problems', 'plans'], ['w', 'x', 'f']);
    expect(trainSectionModel([seq, seq], { epochs: 50 })).toEqual(trainSectionModel([seq, seq], { epochs: 50 }));
  });
});

describe('section-years', () => {
  it('section-years know the five-year plan periods', () => {
    expect(fiveYearPlanStart('“十四五”时期')).toBe(2021);
    expect(fiveYearPlanStart('“十五五”规划')).toBe(2026);
    expect(fiveYearPlanStart('第十五个五年规划纲要')).toBe(2026);
    expect(fiveYearPlanStart('十三五')).toBe(2016);
    expect(fiveYearPlanStart('五年来')).toBeNull();
  });

  it('section-years read the period a heading names against the plan year', () => {
    const years = { latest: 2026, earliest: 2025 };
    expect(yearCue('三、2026年重点工作', years)).toBe('plans');
    expect(yearCue('一、2025年工作回顾', years)).toBe('work');
    expect(yearCue('二、“十五五”时期发展的主要考虑', years)).toBe('plans');
    expect(yearCue('二、“十四五”时期发展成就', years)).toBe('work');
    expect(yearCue('四、全面加强政府自身建设', years)).toBeUndefined();
    // a report naming one year only says nothing by its year
    expect(periodSection('2026年工作', { latest: 2026, earliest: 2026 })).toBeUndefined();
  });
});

describe('section-cues headings', () => {
  const cases: [string, SectionType | undefined][] = [
    ['一、创新工作思路', undefined],
    ['二、补齐短板弱项,提升阵地水平', undefined],
    ['(三)着力解决群众反映的突出问题', undefined],
    ['三、下步工作打算', 'plans'],
    ['二、存在的问题', 'problems'],
    ['二、工作中的不足', 'problems'],
    ['三、面临的主要困难', 'problems'],
    ['四、改进措施', 'plans'],
    ['二、2019年经济社会发展总体要求和政策取向', 'plans'],
    ['三、2019年政府工作任务', 'plans'],
    ['一、工作开展情况', 'work'],
    ['(一)工作沟通能力不足', undefined],
    ['一、2029年工作回顾和“十九五”发展主要成绩', 'work'],
    ['二、存在问题及下步打算', 'problems'],
  ];
  for (const [heading, section] of cases) {
    it(`section-cues read the heading ${heading} as a whole: ${section ?? 'no section'}`, () => {
      expect(headingCue(heading, resources())).toBe(section);
    });
  }
});
