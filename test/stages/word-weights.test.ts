import { describe, expect, test } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { clauseWordOf, WordWeightsById, type WordWeights } from '../../src/stages/word-weights.js';
import { scoredItems } from '../../src/stages/problem-scorer.js';
import { defaultProblemCues } from '../../src/data/problem-cues.js';
import { defaultProblemScorer } from '../../src/data/problem-scorer.js';
import type { Tokens } from '../../src/model/report.js';
import { tokenVocabulary } from '../../src/stages/segment.js';
import { analyze } from '../helpers.js';
import { random } from '../helpers/random.js';


/** Words of every kind a clause may hold: Han words, figures, Han words with digits, Latin, punctuation, symbols. */
const POOL = ['设施', '薄弱', '道路', '老化', '不', '足', '12', '3.5', '第3', 'GDP', 'a1', '，', '、', '%', '（', 'Ⅲ', '人才', '短缺'];

/** One token after another (no spaces), with ids into `vocabulary` (the pool itself). */
function tokensOf(words: string[], vocabulary: readonly string[]): Tokens {
  const starts: number[] = [];
  const ends: number[] = [];
  let at = 0;
  for (const w of words) {
    starts.push(at);
    ends.push((at += w.length));
  }
  return {
    starts: Int32Array.from(starts),
    ends: Int32Array.from(ends),
    words,
    paragraphStarts: new Int32Array(0),
    ids: Int32Array.from(words, (w) => vocabulary.indexOf(w)),
  };
}

/** The straightforward sum: each distinct clause word's weight, then each distinct pair's, in the order of first occurrence. */
function sumByWords(z: number, tokens: Tokens, byWord: WordWeights, words: boolean, pairs: boolean): number {
  const clause = tokens.words.map(clauseWordOf).filter((w): w is string => w !== undefined);
  if (words) for (const w of new Set(clause)) z += byWord.words.get(w) ?? 0;
  if (pairs) for (const p of new Set(clause.slice(1).map((w, j) => `${clause[j]}|${w}`))) z += byWord.pairs.get(p.split('|')[0])?.get(p.split('|')[1]) ?? 0;
  return z;
}

/** Random weights (not dyadic: the order of the sum shows in its last bits) for some words and pairs of the pool. */
function randomWeights(next: () => number): WordWeights {
  const clauseWords = [...new Set(POOL.map(clauseWordOf).filter((w): w is string => w !== undefined))];
  const words = new Map<string, number>();
  const pairs = new Map<string, Map<string, number>>();
  for (const w of clauseWords) if (next() < 0.6) words.set(w, next() * 4 - 2);
  for (const a of clauseWords) for (const b of clauseWords) if (next() < 0.3) (pairs.get(a) ?? pairs.set(a, new Map()).get(a)!).set(b, next() * 2 - 1);
  return { words, pairs };
}

describe('word weights by token id', () => {
  test('the sum by id is the sum by word, bit for bit, on random clauses', () => {
    const next = random(16);
    for (let round = 0; round < 300; round++) {
      const byWord = randomWeights(next);
      const byId = new WordWeightsById(byWord, POOL);
      for (let c = 0; c < 5; c++) {
        const words = Array.from({ length: Math.floor(next() * 14) }, () => POOL[Math.floor(next() * POOL.length)]);
        const tokens = tokensOf(words, POOL);
        const end = tokens.ends.length ? tokens.ends[tokens.ends.length - 1] : 0;
        const z = next() * 6 - 3;
        for (const [w, p] of [[true, true], [true, false], [false, true]]) {
          expect(byId.add(z, tokens, 0, end, w, p)).toBe(sumByWords(z, tokens, byWord, w, p));
        }
      }
    }
  });

  test('only the tokens of [start, end) count', () => {
    const byWord: WordWeights = { words: new Map([['设施', 1], ['道路', 10]]), pairs: new Map() };
    const tokens = tokensOf(['设施', '薄弱', '道路'], POOL);
    expect(new WordWeightsById(byWord, POOL).add(0, tokens, 0, 4, true, false)).toBe(1);
    expect(new WordWeightsById(byWord, POOL).add(0, tokens, 2, 6, true, false)).toBe(10);
  });

  test('tokens whose ids are not the vocabulary\'s (segmented on another thread) or that have none are left to the caller', () => {
    const byWord: WordWeights = { words: new Map([['设施', 1]]), pairs: new Map() };
    const tokens = tokensOf(['设施', '薄弱'], POOL);
    const elsewhere = { ...tokens, ids: Int32Array.from([1, 0]) };
    expect(new WordWeightsById(byWord, POOL).add(0, elsewhere, 0, 4, true, true)).toBeUndefined();
    expect(new WordWeightsById(byWord, POOL).add(0, { ...tokens, ids: undefined }, 0, 4, true, true)).toBeUndefined();
    // an id past the vocabulary's end
    expect(new WordWeightsById(byWord, POOL).add(0, { ...tokens, ids: Int32Array.from([0, POOL.length]) }, 0, 4, true, true)).toBeUndefined();
  });

  test('the scorer finds the same items with the same scores whether it goes by id or by word', () => {
    const file = fs.readdirSync('/work/shared/corpus-real').find((f) => f.endsWith('.txt'));
    const raw = file ? fs.readFileSync(path.join('/work/shared/corpus-real', file), 'utf8') : '';
    const docs = [
      analyze(['青山镇2025年工作总结', '当前，我镇产业结构单一，农民增收渠道不多，基础设施建设相对滞后。', '部分村干部能力不足，服务群众意识不强，3个村集体经济薄弱。'].join('\n')),
      ...(raw ? [analyze(raw)] : []),
    ];
    const model = defaultProblemScorer()!;
    for (const doc of docs) {
      // (the doc was segmented on this thread: its ids are trusted, and the scorer goes by them)
      const last = doc.tokens.ends.length - 1;
      expect(new WordWeightsById({ words: new Map(), pairs: new Map() }, tokenVocabulary.words).add(0, doc.tokens, 0, doc.tokens.ends[last], true, true)).toBe(0);
      const byId = scoredItems(doc.text, doc.paragraphs, doc.tokens, defaultProblemCues(), model, []);
      const byWord = scoredItems(doc.text, doc.paragraphs, { ...doc.tokens, ids: undefined }, defaultProblemCues(), model, []);
      expect(byId.length).toBeGreaterThan(0);
      expect(byId).toEqual(byWord);
    }
  });
});
