import { describe, expect, it } from 'vitest';
import { readDataTsv } from '../../src/data/load.js';
import { cueVotes } from '../../src/stages/sections.js';
import { paragraphScan } from '../../src/stages/section-cues.js';
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

describe('section-cues votes', () => {
  it('section-cues: the first-character gate of the start cues leaves every vote as trying each cue gives it', () => {
    const cues = resources().paragraphCues;
    const naive = (body: string) => {
      const afterMarker = body.replace(/^(第[一二三四五六七八九十]{1,3}(?:部分|章|篇)|[一二三四五六七八九十]{1,3}[、．.]|[(（][一二三四五六七八九十]{1,3}[)）]|[0-9]{1,2}(?:[、．]|\.(?![0-9]))|[(（][0-9]{1,2}[)）]|[①-⑳])/u, '').replace(/^[一二三四五六七八九十]是/u, '');
      const votes = new Map<string, number>();
      for (const cue of cues) {
        cue.pattern.lastIndex = 0;
        if (cue.where === 'start' ? cue.pattern.test(afterMarker) : cue.pattern.test(body)) votes.set(cue.section, (votes.get(cue.section) ?? 0) + cue.weight);
      }
      return votes;
    };
    const bodies = rows.flatMap(({ sentence }) => [sentence, `一、${sentence}`, `（二）一是${sentence}`, sentence.slice(2)]);
    for (const body of bodies) expect([...cueVotes(body, cues)], body).toEqual([...naive(body)]);
    // the start cues do fire through the gate
    expect(bodies.filter((body) => cues.some((cue) => cue.where === 'start' && cueVotes(body, cues).has(cue.section))).length).toBeGreaterThan(10);
  });

  it('section-cues: one scan for the cues and the evidence gives the votes of the cues alone, and lets through every evidence that matches', () => {
    const { paragraphCues: cues, sectionEvidence: evidence } = resources();
    const scan = paragraphScan(cues, evidence);
    const bodies = rows.flatMap(({ sentence }) => [sentence, `一、${sentence}`]);
    let matched = 0;
    let filtered = 0;
    for (const body of bodies) {
      const words = scan.words(body);
      expect([...words.votes], body).toEqual([...cueVotes(body, cues)]);
      evidence.forEach((e, v) => {
        if (e.where !== 'any') return;
        e.pattern.lastIndex = 0;
        const matches = e.pattern.test(body);
        const mayMatch = scan.evidenceMayMatch(words.found, v);
        if (matches) matched++;
        if (!mayMatch) filtered++;
        if (matches) expect(mayMatch, `${e.feature} in ${body}`).toBe(true);
      });
    }
    // the evidence does match some sentences, and the scan does spare most tries
    expect(matched).toBeGreaterThan(10);
    expect(filtered).toBeGreaterThan(matched);
  });
});
