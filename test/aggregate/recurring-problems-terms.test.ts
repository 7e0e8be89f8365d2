/**
 * termFinder finds the concept terms a regex of all terms (longest first) finds with matchAll: the longest term at
 * the leftmost position, then on from its end. Texts are made of the bundled terms, pieces of them and other
 * characters, with a seeded generator.
 */
import { describe, expect, test } from 'vitest';
import { termFinder } from '../../src/aggregate/recurring-problems.js';
import { defaultProblemVocabulary } from '../../src/data/problem-cues.js';
import { escapeRegExp } from '../../src/data/load.js';

function viaRegex(terms: string[]): (text: string) => string[] {
  const sorted = [...new Set(terms)].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  const re = new RegExp(sorted.map(escapeRegExp).join('|'), 'gu');
  return (text) => [...text.matchAll(re)].map((m) => m[0]);
}

describe('recurring-problems terms', () => {
  test('recurring-problems termFinder takes the longest term at a position and goes on after it', () => {
    const find = termFinder(['不平衡', '不平衡不充分', '平衡', '充分', '城乡']);
    expect(find('城乡发展不平衡不充分，平衡')).toEqual(['城乡', '不平衡不充分', '平衡']);
    expect(find('不平衡不')).toEqual(['不平衡']);
    expect(find('')).toEqual([]);
  });

  test('recurring-problems termFinder finds what the regex of all terms finds', () => {
    const terms = [...defaultProblemVocabulary().concepts.values()].flat();
    const byRegex = viaRegex(terms);
    const find = termFinder(terms);
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const filler = ['的', '还', '不足', '，', 'A', '😀', '发展', '能力'];
    for (let k = 0; k < 2000; k++) {
      let text = '';
      const parts = 1 + random(8);
      for (let p = 0; p < parts; p++) {
        const term = terms[random(terms.length)];
        const kind = random(3);
        text += kind === 0 ? term : kind === 1 ? term.slice(random(term.length)) : filler[random(filler.length)];
      }
      expect(find(text), text).toEqual(byRegex(text));
    }
  });
});
