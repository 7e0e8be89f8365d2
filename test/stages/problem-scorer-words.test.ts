import { describe, expect, test } from 'vitest';
import { candidateClauses } from '../../src/stages/problem-scorer.js';
import { defaultProblemCues } from '../../src/data/problem-cues.js';
import type { Paragraph, Tokens } from '../../src/model/report.js';
import { random } from '../helpers/random.js';

/** The word features as regexes over the clause's text (what the scorer looked for before it scanned for the words). */
const BY_REGEX: [string, RegExp][] = [
  ['still', /还|仍|依然|依旧|尚|仍然/u],
  ['quant', /有的|有些|一些|部分|个别|少数/u],
  ['done', /了|已经|已|完成|取得|实现|荣获|获得|累计|达到|提前/u],
  ['plan', /将|要|力争|确保|计划|拟|预计/u],
  ['fix', /补齐|补短板|破解|解决|化解|防范|整改|克服|弥补|应对|攻坚|缓解|改善|扭转|针对|防止|避免|杜绝|纠正|堵塞|消除|减少|降低|治理|排查/u],
  ['figure', /\d/u],
  ['percent', /[%％]|百分点/u],
  ['problem-noun', /问题|困难|不足|短板|弱项|矛盾|挑战|差距|隐患|风险|瓶颈|难题/u],
  ['negation', /不|未|没有|无|缺|欠/u],
];
const QUANTIFIER = /^(?:有的|有些|一些|部分|个别|少数|不少|很多|多数|一部分)/u;
const WORD_FEATURES = new Set([...BY_REGEX.map(([name]) => name), 'quant-start', 'prev-fix']);


/** Pieces of clauses: the feature words, their parts and near misses, figures and filler. */
const PIECES = ['还', '仍然', '依旧', '尚', '有的', '有', '一些', '一部分', '部', '个别', '了', '已经', '完成', '完', '将', '要', '力争', '计划', '计', '拟', '补齐', '补短', '补短板', '化解', '排查', '排', '3', '12', '%', '％', '百分点', '百分', '问题', '难题', '难', '不', '未', '没有', '没', '无', '缺', '欠', '村', '道路', '群众', '很多'];

/** One paragraph of the clauses, each with a defect word (薄弱) so that each is a candidate, and one token a character. */
function paragraphOf(clauses: string[]): { text: string; paragraphs: Paragraph[]; tokens: Tokens } {
  const text = clauses.join('，') + '。';
  const chars = [...text].map((ch, i) => ({ ch, i }));
  const tokens = { starts: Int32Array.from(chars, (c) => c.i), ends: Int32Array.from(chars, (c) => c.i + 1), words: chars.map((c) => c.ch), paragraphStarts: new Int32Array(0) } as unknown as Tokens;
  return { text, paragraphs: [{ start: 0, end: text.length - 1, no: 1, section: 'work', isHeading: false, level: 0, cue: undefined }], tokens };
}

describe('problem scorer: the word features of a clause', () => {
  test('are the ones the regexes of each word list find in the clause (and prev-fix in the clause before)', () => {
    const next = random(7);
    const cues = defaultProblemCues();
    for (let round = 0; round < 400; round++) {
      const clauses = Array.from({ length: 1 + Math.floor(next() * 4) }, () => {
        const pieces = Array.from({ length: Math.floor(next() * 6) }, () => PIECES[Math.floor(next() * PIECES.length)]);
        pieces.splice(Math.floor(next() * (pieces.length + 1)), 0, '薄弱');
        return pieces.join('');
      });
      const { text, paragraphs, tokens } = paragraphOf(clauses);
      const found = candidateClauses(text, paragraphs, tokens, cues, { words: false, pairs: false });
      expect(found.length).toBe(clauses.length);
      found.forEach((clause, k) => {
        const words = text.slice(clause.start, clause.end);
        const expected = BY_REGEX.filter(([, re]) => re.test(words)).map(([name]) => name);
        if (QUANTIFIER.test(words)) expected.splice(expected.indexOf('quant') >>> 0, expected.includes('quant') ? 1 : 0, 'quant-start');
        if (k > 0 && BY_REGEX[4][1].test(text.slice(found[k - 1].start, found[k - 1].end))) expected.push('prev-fix');
        expect(clause.features.filter((f) => WORD_FEATURES.has(f)).sort()).toEqual(expected.sort());
      });
    }
  });
});
