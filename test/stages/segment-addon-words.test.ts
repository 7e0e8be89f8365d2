import fc from 'fast-check';
import nodejieba from 'nodejieba';
import jieba from 'zongjie-jieba';
import { describe, expect, it } from 'vitest';
import { tempFiles } from '../helpers/temp-files.js';

// The addon's own dictionary trie and cut (native/jieba/compact_dict.hpp, mix_cut.hpp) must give exactly the
// words of nodejieba.cut (cppjieba's DictTrie, MPSegment and MixSegment): the same dictionary words and weights,
// user dictionary entries of every form, the HMM fallback and cppjieba's tie-breaking. Every text and
// dictionary entry here is written for this test.

/** nodejieba sees a lone surrogate as U+FFFD (V8's UTF-8); the addon keeps the text's own code units. */
const asNodejieba = (words: string[]): string[] => words.map((w) => w.replace(/[\ud800-\udfff]/gu, '\ufffd'));

function expectSameCut(text: string): void {
  expect(asNodejieba(jieba.cutWords(text, true))).toEqual(nodejieba.cut(text, true));
  expect(asNodejieba(jieba.cutWords(text, false))).toEqual(nodejieba.cut(text, false));
}

/** A word longer than the 512 characters cppjieba's DAG looks at: never found. */
const LONG_WORD = '甲乙丙丁'.repeat(150);

/**
 * User dictionary entries of every form cppjieba reads: `word`, `word tag`, `word freq tag`, a later entry for
 * the same word (the later weight wins), a word the main dictionary has (its weight replaced), single
 * characters (kept out of the HMM), frequency 0 (weight -inf), four fields (no word), an empty field from two
 * spaces, a trailing space, a carriage return, Latin, digits, astral characters, a word too long for the DAG.
 */
const USER_DICT = [
  '宣讲队伍',
  '示范带动 n',
  '网格化治理 5000 n',
  '宣讲员 1 n',
  '宣讲员 90000 n',
  '振兴 1 v',
  '乡村振兴战略 200000 nz',
  '镇',
  '乡 n',
  '村 3 n',
  '零频词 0 n',
  '四个 字段 的 行',
  '双空格  n',
  '尾随空格 ',
  '回车词\r',
  '5G基站 300 n',
  'WiFi热点 300 n',
  '𠮷野家 800 nz',
  '𩸽鱼 n',
  LONG_WORD,
  '',
  '宣讲队伍 40 n',
].join('\n');

/** A second user dictionary file, for cppjieba's `a|b` and `a;b` lists. */
const USER_DICT_2 = ['民生实事 6000 n', '宣讲队伍 7 n', '惠'].join('\n');

const TEXTS = [
  '镇里组建宣讲队伍，宣讲员深入各村开展示范带动活动。',
  '推进网格化治理，实施乡村振兴战略，全面推进乡村振兴。',
  '零频词出现时；双空格和尾随空格也是词吗？回车词\r后面还有字',
  '新建5G基站12座，开通WiFi热点30处，覆盖率达到99.5%。',
  '𠮷野家的𩸽鱼套餐，😀😀😀，𠀀𠀁𠀂𠀃连续扩展字。',
  '镇乡村镇乡村镇乡村，乡镇村民惠民生实事。',
  'Кириллица и Ελληνικά 混排，カタカナとひらがな，한국어 문장。',
  '全角ＡＢＣ１２３和半角abc123混写，x86_64 v1.2.3-rc.4 3.14.15.92',
  'e\u0301 组合字符 a\u0308 以及 \u200b 零宽 \ufeff 字节序标记',
  `长词之前${LONG_WORD}长词之后`,
  LONG_WORD.slice(0, 511 * 2),
  '孤立\ud800代理\udc00对\udbff\udfff完整',
  '\ud800',
  '\udc00\ud800',
  '啊'.repeat(3000),
  '宣讲队伍'.repeat(700),
  '1234567890'.repeat(300) + 'abcdefghij'.repeat(300),
  '\t \n，。\r\n\r',
  '',
  // longer than the working memory a thread keeps between cuts (64 Ki characters), then short ones again
  '组建宣讲队伍开展示范带动，新建5G基站 abc 123。'.repeat(3000),
  '宣讲员',
];

const { write } = tempFiles('zongjie-addon-words-');

function loadBoth(options: { dict?: string; userDict: string }): void {
  nodejieba.load(options);
  jieba.load(options);
}

describe('segment-addon words with nodejieba dictionary and test user dictionaries', () => {
  it('segment-addon cuts as nodejieba does with a user dictionary of every entry form', () => {
    loadBoth({ userDict: write('user.txt', USER_DICT) });
    for (const text of TEXTS) expectSameCut(text);
    // the entries made a difference (else this test would prove little)
    expect(jieba.cutWords('组建宣讲队伍')).toContain('宣讲队伍');
    expect(jieba.cutWords('新建5G基站')).toContain('5G基站');
  });

  it('segment-addon reads user dictionary lists split at | and ;', () => {
    const first = write('user1.txt', USER_DICT);
    const second = write('user2.txt', USER_DICT_2);
    for (const list of [`${first}|${second}`, `${second};${first}`]) {
      loadBoth({ userDict: list });
      for (const text of TEXTS) expectSameCut(text);
    }
  });

  it('segment-addon keeps user single-character words out of the HMM, below and above U+FFFF', () => {
    // The addon looks BMP characters up in a bit set and others in a sorted list: words on both sides of U+FFFF
    // and of a 64-bit word of the set are asked.
    const user = write('user-singles.txt', ['镇', '𠀁', '\u4e3f', '\u4e40', 'z'].join('\n'));
    loadBoth({ userDict: user });
    const text = '他镇她𠀁它鸭镇鹅𠀁猫乿丿乀亅，z字z，\uffff\u{10000}镇';
    expectSameCut(text);
    // without 镇 as a user word, the HMM would cut 镇鹅猫 here
    expectSameCut('他镇她它鸭镇鹅猫');
    expect(jieba.cutWords(text)).toEqual(expect.arrayContaining(['他', '镇', '𠀁', '\u4e3f', '\u4e40', 'z']));
  });

  it('segment-addon cuts runs of one single character (no HMM call) as nodejieba does, at range ends too', () => {
    // The addon writes a run of one character that the HMM would get as one word without asking the HMM: a
    // character between dictionary words, first and last in a range (next to '，' and the text's ends), ASCII
    // (the HMM's letter and digit rules), astral, and a lone surrogate.
    loadBoth({ userDict: write('user.txt', USER_DICT) });
    const texts = ['嗯', 'x', '7', '𠮷', '\ud800', '乡村振兴嗯全面推进', '嗯，乡村振兴，嗯', '经济x社会7发展𠮷工作', '镇嗯镇', '的'];
    for (const text of texts) expectSameCut(text);
    expect(jieba.cutWords('乡村振兴嗯全面推进')).toContain('嗯');
    // a run of two goes to the HMM, which cuts this one in two
    expectSameCut('乡村振兴嗯啊全面推进');
    expect(jieba.cutWords('乡村振兴嗯啊全面推进')).toEqual(expect.arrayContaining(['嗯', '啊']));
  });

  it('segment-addon cuts random texts as nodejieba does', () => {
    loadBoth({ userDict: write('user.txt', USER_DICT) });
    // characters of dictionary words, of the user dictionary, Latin, digits, separators, astral, lone surrogates
    const alphabet = [...'镇乡村民生实事宣讲队伍员示范带动网格化治理振兴战略全面推进的了和是在有不人一中大国年工作发展经济社会'];
    alphabet.push(...'abcXYZ0123456789.%-_ \t\n，。！、（）“”\r'.split(''), '𠮷', '𩸽', '😀', '\ud800', '\udc00', '\ufffd', '５', 'Ａ');
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 80 }), (chars) => {
        expectSameCut(chars.join(''));
      }),
      { numRuns: 400 },
    );
  });

  it('segment-addon breaks ties as cppjieba does, with a main dictionary of its own', () => {
    // All weights equal: 甲乙丙 cuts into 甲乙/丙 or 甲/乙丙 at exactly the same value; cppjieba keeps the first
    // (shorter) word at each character. The smallest weight (for characters that are no word) is that weight too.
    const dict = write('main.txt', ['甲乙 1 n', '乙丙 1 n', '丙丁 1 n', '丁戊 1 n', '甲 1 n', '戊 1 n', 'ab 1 x', 'bc 1 x'].join('\n'));
    const user = write('user-empty.txt', '');
    loadBoth({ dict, userDict: user });
    for (const text of ['甲乙丙', '甲乙丙丁戊', '乙丙丁', '丙丁戊甲乙', 'abc', 'xabcx', '甲乙丙，丙丁戊。ab bc', ...TEXTS]) {
      expectSameCut(text);
    }
    expect(jieba.cutWords('甲乙丙', false)).toEqual(nodejieba.cut('甲乙丙', false));
    // and with user words: one with a frequency (weight from the main dictionary's sum), one at the median
    const user2 = write('user-ties.txt', ['乙丙丁 2 n', '戊甲', '丙'].join('\n'));
    loadBoth({ dict, userDict: user2 });
    for (const text of ['甲乙丙丁戊甲乙丙', '丙丙丙', '戊甲乙丙丁', ...TEXTS]) expectSameCut(text);
  });
  it('segment-addon never takes a dictionary prefix that is no word, however high the weights around it', () => {
    // The walk adds every state it reaches without asking whether it is a word (mix_cut.hpp, BestWords): a
    // state that is no word (甲乙, 甲乙丙, the prefixes of 甲乙丙丁) must weigh -infinity there, never win.
    const dict = write('main-prefixes.txt', ['甲乙丙丁 1 n', '甲 1 n', '乙 1 n', '丙 1 n', '丁 1 n', '戊 1000 n', '戊己庚 1 n'].join('\n'));
    loadBoth({ dict, userDict: write('user-prefixes.txt', '') });
    for (const text of ['甲乙', '甲乙丙', '甲乙丙戊', '甲乙丙丁', '乙丙丁甲乙', '戊己', '戊己庚', '甲乙，戊己。甲乙丙丁戊己庚']) expectSameCut(text);
    expect(jieba.cutWords('甲乙丙戊己', false)).toEqual(['甲', '乙', '丙', '戊', '己']);
    expect(jieba.cutWords('甲乙丙丁', false)).toEqual(['甲乙丙丁']);
  });
  it('segment-addon finds words ending at the last character of a range, and of up to 512 characters, not 513', () => {
    // The dictionary walk takes its first steps for every character ahead of the dynamic programme (mix_cut.hpp,
    // PreWalk), reads past a range's end as a character of no word, and stops at cppjieba's 512 characters.
    const word512 = '子丑寅卯'.repeat(128);
    const dict = write(
      'main-ends.txt',
      ['甲 1 n', '甲乙 3 n', '甲乙丙 9 n', '甲乙丙丁 27 n', '甲乙丙丁戊 81 n', '甲乙丙丁戊己 243 n', '子 1 n', '辰 1 n', `${word512} 5 n`, `${word512}辰 900 n`].join('\n'),
    );
    loadBoth({ dict, userDict: write('user-ends.txt', '') });
    const ends = ['甲', '甲乙', '甲乙丙', '甲乙丙丁', '甲乙丙丁戊', '甲乙丙丁戊己', '甲乙丙丁戊己庚'];
    for (const end of ends) for (const before of ['', '乙', '丙丁，']) expectSameCut(before + end);
    expectSameCut(ends.join('，'));
    for (const text of [word512, `${word512}辰`, `子${word512}辰`, `甲乙${word512}辰甲乙丙`]) expectSameCut(text);
    expect(jieba.cutWords(word512, false)).toEqual([word512]);
    expect(jieba.cutWords(`${word512}辰`, false)).toEqual([word512, '辰']);
  });
});
