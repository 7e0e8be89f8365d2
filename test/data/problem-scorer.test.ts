import { describe, expect, test } from 'vitest';
import { loadProblemScorer, parseProblemScorer } from '../../src/data/problem-scorer.js';

describe('data/problem-scorer.json', () => {
  test('the bundled weights load: a threshold between 0 and 1, a bias, defect-word and cue features', () => {
    const model = loadProblemScorer();
    expect(model).toBeDefined();
    expect(model!.threshold).toBeGreaterThan(0);
    expect(model!.threshold).toBeLessThanOrEqual(1);
    expect(Number.isFinite(model!.bias)).toBe(true);
    expect(model!.weights.size).toBeGreaterThan(50);
    expect([...model!.weights.keys()].some((f) => f.startsWith('dw='))).toBe(true);
    expect(model!.weights.has('cue-before')).toBe(true);
    // the weights are rounded so the file stays small and its diffs read
    for (const w of model!.weights.values()) expect(Math.round(w * 100) / 100).toBe(w);
  });

  test('a file without a threshold or with a weight that is not a number is refused', () => {
    expect(() => parseProblemScorer({ bias: 0, weights: {} })).toThrow(/threshold/);
    expect(() => parseProblemScorer({ bias: 0, threshold: 0.5, weights: { still: 'high' } })).toThrow(/still/);
    expect(parseProblemScorer({ bias: -1, threshold: 0.5, groups: { words: true }, weights: { still: 2 } })).toMatchObject({ bias: -1, threshold: 0.5, groups: { words: true, pairs: false } });
  });

  test('a missing file gives no scorer (the stage then runs on its rules alone)', () => {
    expect(loadProblemScorer('/nonexistent/problem-scorer.json')).toBeUndefined();
  });
});
