import fc from 'fast-check';
import nodejieba from 'nodejieba';
import jieba from 'zongjie-jieba';
import { describe, expect, it } from 'vitest';
import { tempFiles } from '../helpers/temp-files.js';

// The addon's dictionary weights and HMM model must give exactly nodejieba's words also where a more compact
// layout or a shortcut would be tempting: weights that differ only in their last bits (and words that share a
// weight) must stay apart, and a model whose probabilities go above 0 must be cut with every transition, the
// MIN_DOUBLE ones too (with such a model a path through one can win). Every dictionary and model here is written
// for this test.

const { write } = tempFiles('zongjie-addon-model-');

function loadBoth(options: { dict: string; hmmDict?: string; userDict: string }): void {
  nodejieba.load(options);
  jieba.load(options);
}

function expectSameCut(text: string): void {
  expect(jieba.cutWords(text, true)).toEqual(nodejieba.cut(text, true));
  expect(jieba.cutWords(text, false)).toEqual(nodejieba.cut(text, false));
}

const MIN = '-3.14e+100';

/** An HMM model file (cppjieba's format): start, the 4×4 transitions and each state's emissions (B, E, M, S). */
function hmmModel(start: string[], trans: string[][], emit: Record<string, string[]>): string {
  const emitLine = (state: number): string => Object.entries(emit).map(([char, probs]) => `${char}:${probs[state]}`).join(',');
  return ['#start', start.join(' '), '#trans', ...trans.map((row) => row.join(' ')), '#emit', ...[0, 1, 2, 3].map(emitLine)].join('\n');
}

/** nodejieba's transitions (rows: from B, E, M, S; columns: to B, E, M, S): eight are MIN_DOUBLE. */
const TRANS = [
  [MIN, '-0.51', '-0.92', MIN],
  ['-0.59', MIN, MIN, '-0.81'],
  [MIN, '-0.33', '-1.26', MIN],
  ['-0.72', MIN, MIN, '-0.67'],
];

/** The characters of the models' emissions, none of them in the main dictionary (so the HMM cuts them). */
const CHARS = [...'甲乙丙丁戊己庚辛'];

describe('segment-addon dictionary weights and HMM model', () => {
  it('segment-addon tells apart weights that differ only in their last bits, and words that share a weight', () => {
    // 100000000000001 and 100000000000000 give weights 1e-14 apart: 甲乙/丙 and 甲/乙丙 are decided by them alone
    // (甲, 丙 and 乙 weigh the same, and many words share each weight).
    const shared = [...'子丑寅卯辰巳午未申酉'].map((c) => `${c}${c} 100000000000000 n`);
    const dict = write(
      'main-close.txt',
      ['甲乙 100000000000001 n', '乙丙 100000000000000 n', '丙丁 100000000000000 n', '丁戊 100000000000001 n', '甲 7 n', '乙 7 n', '丙 7 n', '丁 7 n', '戊 7 n', ...shared].join('\n'),
    );
    loadBoth({ dict, userDict: write('user-close.txt', '乙丙丁 3 n\n负频词 -5 n\n零频 0 n') });
    for (const text of ['甲乙丙', '乙丙丁', '丙丁戊', '甲乙丙丁戊', '子子丑丑甲乙丙', '负频词零频甲乙丙', '零频词']) expectSameCut(text);
    expect(jieba.cutWords('甲乙丙', false)).toEqual(['甲乙', '丙']);
    expect(jieba.cutWords('丙丁戊', false)).toEqual(['丙', '丁戊']);
  });

  it('segment-addon keeps every HMM transition when a probability of the model is above 0', () => {
    // A start or an emission above 0 lets a path through a MIN_DOUBLE transition beat the others: none may be
    // left out then.
    const emit = Object.fromEntries(CHARS.map((c, k) => [c, k % 3 === 0 ? ['-1', '-2', '-1', '4e100'] : ['-1', '-1', '-2', '-1']]));
    const models = [
      hmmModel(['1e102', '-1', '-1', '-1'], TRANS, emit),
      hmmModel(['-1', '-1', '5e101', '-1'], TRANS, emit),
      hmmModel(['-0.26', MIN, MIN, '-1.47'], TRANS, emit),
    ];
    const dict = write('main-hmm.txt', 'ab 1 x');
    models.forEach((model, m) => {
      loadBoth({ dict, hmmDict: write(`hmm-above-${m}.txt`, model), userDict: write('user-hmm.txt', '') });
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...CHARS), { minLength: 2, maxLength: 30 }), (chars) => expectSameCut(chars.join(''))),
        { numRuns: 200 },
      );
    });
  });
});
