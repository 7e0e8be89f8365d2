import { describe, expect, it } from 'vitest';
import { readDataTsv } from '../../src/data/load.js';
import { cueVotes } from '../../src/stages/sections.js';
import { resources } from '../helpers.js';

/**
 * The paragraph cues of data/section-cues.tsv against hand-written sentences (data/section-training.tsv, none
 * taken from the evaluation reports). Cues only move a plain paragraph out of the section its heading gave
 * it, so they must be precise: no sentence of another type may carry a strong vote for problems, plans or
 * closing. Closing sentences carry no heading at all and rest on the cues alone.
 */
const STRONG = 3;
const rows = readDataTsv('section-training.tsv', 2).map(({ fields: [section, sentence] }) => ({ section, sentence: sentence.replace(/\s+/gu, '') }));
const strongest = (sentence: string) => {
  let best = '';
  let votes = STRONG - 0.001;
  for (const [section, v] of cueVotes(sentence, resources().paragraphCues)) if (v > votes) [best, votes] = [section, v];
  return best;
};

describe('section-cues', () => {
  it('section-cues never move a work, title, preamble, results or noise sentence', () => {
    const moved = rows
      .filter((r) => ['work', 'title', 'preamble', 'results', 'noise'].includes(r.section))
      .filter((r) => ['problems', 'plans', 'closing'].includes(strongest(r.sentence)));
    expect(moved).toEqual([]);
  });

  it('section-cues recognise most closing sentences', () => {
    const closing = rows.filter((r) => r.section === 'closing');
    const found = closing.filter((r) => strongest(r.sentence) === 'closing').length;
    expect(found / closing.length).toBeGreaterThanOrEqual(0.85);
  });

  it('section-cues send no problem sentence to plans and no plan sentence to problems', () => {
    expect(rows.filter((r) => r.section === 'problems' && strongest(r.sentence) === 'plans')).toEqual([]);
    expect(rows.filter((r) => r.section === 'plans' && strongest(r.sentence) === 'problems')).toEqual([]);
  });
});
