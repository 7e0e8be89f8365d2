import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate, MEASURES } from '../../src/tools/eval.js';

// The shared folder as CI has it (../shared beside the repository), or ZONGJIE_SHARED.
const shared = path.resolve(process.env.ZONGJIE_SHARED ?? path.join(process.cwd(), '..', 'shared'));
const hasShared = fs.existsSync(path.join(shared, 'eval', 'score.mjs')) && fs.existsSync(path.join(process.cwd(), 'dist', 'cli.js'));

describe.skipIf(!hasShared)('eval', () => {
  it('eval keeps every dev-set score at 98% or more and scores the real tuning fold', { timeout: 120_000 }, async () => {
    const result = await evaluate(['--shared', shared, '--tuning']);
    expect(result.dev.reports).toBe(5);
    for (const m of ['section_accuracy', 'section_macro_f1', 'noise_removed', 'metadata_accuracy', 'placeholder_recall', 'placeholder_precision', 'problem_recall', 'problem_precision'] as const) {
      expect.soft(result.dev[m], m).toBeGreaterThanOrEqual(0.98);
    }
    expect(result.real.reports).toBeGreaterThan(0);
    expect(result.real.metadata_accuracy).toBeGreaterThanOrEqual(0.95);
    // noise_removed counts gold-noise lines kept out; report text must not be dropped on the way
    expect(result.real.noise_removed).toBeGreaterThanOrEqual(0.98);
    expect(result.real.noise_chars_removed).toBeGreaterThanOrEqual(0.95);
    expect(result.real.text_chars_lost).toBeLessThan(0.005);
    expect(result.dev.text_chars_lost).toBeLessThan(0.005);
    // --tuning leaves the held-out fold unscored
    expect(result.real_heldout.reports).toBe(0);
    expect(Object.keys(result.dev)).toEqual(expect.arrayContaining([...MEASURES]));
  });
});
