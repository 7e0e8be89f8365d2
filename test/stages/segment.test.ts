import jieba from 'zongjie-jieba';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { AlignmentError, loadJieba, segment, TokenVocabulary } from '../../src/stages/segment.js';
import { prepareJiebaUserDict } from '../../src/data/user-dict.js';
import { analyze } from '../helpers.js';

describe('segment', () => {
  beforeAll(() => loadJieba(prepareJiebaUserDict('user-dict.txt')));

  it('segment aligns every token to its span and skips spaces', () => {
    const doc = analyze('一、工作开展情况\n组织召开研判会 X 次,学习强国注册人数增加。');
    const { starts, ends, words, paragraphStarts } = doc.tokens;
    expect(words.length).toBeGreaterThan(5);
    for (let t = 0; t < words.length; t++) expect(doc.text.slice(starts[t], ends[t])).toBe(words[t]);
    expect(words).not.toContain(' ');
    expect([...paragraphStarts]).toEqual([0, paragraphStarts[1], words.length]);
  });

  it('segment raises a coded error when the words do not tile the paragraph', () => {
    const text = '开展宣讲活动';
    const paragraph = { no: 1, start: 0, end: text.length, section: 'work' as const, isHeading: false, level: 0 };
    // an addon whose words go backwards, are empty, overrun the paragraph, or come in a wrong number (a bug there)
    const cut = vi.spyOn(jieba, 'cutTokens');
    const returns = (starts: number[], ends: number[], firsts = [0, starts.length]) =>
      cut.mockImplementation(() => Int32Array.from([...starts, ...ends, ...starts.map(() => -1), ...firsts]));
    const errorOf = () => {
      try {
        segment(text, [paragraph]);
      } catch (err) {
        return err;
      }
    };
    try {
      returns([0, 1, 2], [2, 2, 6]);
      expect(errorOf()).toBeInstanceOf(AlignmentError);
      expect((errorOf() as AlignmentError).code).toBe('E_ALIGN');
      expect(() => segment(text, [paragraph])).toThrow(/word \[1, 2\) does not follow offset 2 within paragraph 1/);
      returns([0, 2], [2, 2]);
      expect(() => segment(text, [paragraph])).toThrow(/word \[2, 2\) does not follow offset 2/);
      returns([0, 2], [2, 7]);
      expect(() => segment(text, [paragraph])).toThrow(/word \[2, 7\) does not follow offset 2 within paragraph 1 \(ending at 6\)/);
      returns([0, 2], [2, 6], [0, 3]);
      expect(() => segment(text, [paragraph])).toThrow(AlignmentError);
      cut.mockImplementation(() => Int32Array.of(0, 2, 2, 6, -1, -1, 0));
      expect(() => segment(text, [paragraph])).toThrow(/gave 7 numbers for 1 paragraphs/);
      // the addon's own check (the words with whitespace, that segment does not see, tile the paragraph)
      cut.mockImplementation(() => {
        throw Object.assign(new Error('the words of range 0 [0, 6) do not tile it'), { code: 'E_ALIGN' });
      });
      expect(errorOf()).toBeInstanceOf(AlignmentError);
      expect(() => segment(text, [paragraph])).toThrow(/do not tile it/);
    } finally {
      cut.mockRestore();
    }
    // the real jieba tiles the same text
    expect(segment(text, [paragraph]).words.join('')).toBe(text);
  });

  it('segment raises a coded error when the first words of the paragraphs go back, before it reads any word', () => {
    const text = '开展宣讲活动';
    const paragraphs = [
      { no: 1, start: 0, end: 2, section: 'work' as const, isHeading: false, level: 0 },
      { no: 2, start: 2, end: 6, section: 'work' as const, isHeading: false, level: 0 },
    ];
    const cut = vi.spyOn(jieba, 'cutTokens');
    const vocabulary = new TokenVocabulary();
    try {
      // three words that tile the text, but paragraph 2's first word given as -1 (a bug of the addon): the
      // walk would read before the words' numbers, into no word at all
      cut.mockImplementation(() => Int32Array.of(0, 2, 4, 2, 4, 6, -1, -1, -1, 0, -1, 3));
      expect(() => segment(text, paragraphs, vocabulary)).toThrow(AlignmentError);
      expect(() => segment(text, paragraphs, vocabulary)).toThrow(/words of paragraph 1 end before they start/);
      expect(vocabulary.size).toBe(0);
      // a word outside its paragraph, after a good one: the same error as when the words were checked first
      cut.mockImplementation(() => Int32Array.of(0, 2, 4, 2, 5, 6, -1, -1, -1, 0, 1, 3));
      expect(() => segment(text, paragraphs, vocabulary)).toThrow(/word \[4, 6\) does not follow offset 5 within paragraph 2/);
    } finally {
      cut.mockRestore();
    }
    expect(segment(text, paragraphs, vocabulary).words.join('')).toBe(text);
  });

  it('segment cuts a paragraph of more words than its scratch array holds, the same as jieba.cut', () => {
    const text = '镇里开展宣讲活动，村民踊跃参加。'.repeat(1200);
    const paragraph = { no: 1, start: 0, end: text.length, section: 'work' as const, isHeading: false, level: 0 };
    const expected = jieba.cutWords(text, true);
    expect(expected.length).toBeGreaterThan(8192);
    const tokens = segment(text, [paragraph]);
    expect(tokens.words).toEqual(expected);
    expect(tokens.ends[tokens.words.length - 1]).toBe(text.length);
    // and a short paragraph after it still gets its own words
    expect(segment('开展宣讲活动', [{ ...paragraph, end: 6 }]).words).toEqual(jieba.cutWords('开展宣讲活动', true));
  });

  it('segment gives offsets in the whole text for paragraphs after the first, astral characters counted as two', () => {
    const text = '标题一\n𠮷野家门店 开业';
    const paragraphs = [
      { no: 1, start: 0, end: 3, section: 'work' as const, isHeading: true, level: 1 },
      { no: 2, start: 4, end: text.length, section: 'work' as const, isHeading: false, level: 0 },
    ];
    const { starts, ends, words, paragraphStarts } = segment(text, paragraphs);
    for (let t = 0; t < words.length; t++) expect(text.slice(starts[t], ends[t])).toBe(words[t]);
    expect(words.join('')).toBe('标题一𠮷野家门店开业');
    expect(words).toContain('𠮷');
    expect(starts[paragraphStarts[1]]).toBe(4);
    expect(ends[words.length - 1]).toBe(text.length);
  });

  it('segment gives the words of each paragraph, spaces dropped, with empty and space-only paragraphs among them', () => {
    const parts = ['宣传 工作  开展', '', '   ', '网络\t宣传　工作', '乡村振兴 '];
    const text = parts.join('\n');
    const paragraphs = [];
    for (let p = 0, at = 0; p < parts.length; at += parts[p].length + 1, p++) {
      paragraphs.push({ no: p + 1, start: at, end: at + parts[p].length, section: 'work' as const, isHeading: false, level: 0 });
    }
    const vocabulary = new TokenVocabulary();
    const tokens = segment(text, paragraphs, vocabulary);
    // the reference: each paragraph cut on its own, whitespace words left out
    const expected: { word: string; start: number }[][] = paragraphs.map(({ start, end }) => {
      const words: { word: string; start: number }[] = [];
      let at = start;
      for (const word of jieba.cutWords(text.slice(start, end))) {
        if (word.trim() !== '') words.push({ word, start: at });
        at += word.length;
      }
      return words;
    });
    const all = expected.flat();
    expect(tokens.words).toEqual(all.map((w) => w.word));
    expect([...tokens.starts]).toEqual(all.map((w) => w.start));
    expect([...tokens.ends]).toEqual(all.map((w) => w.start + w.word.length));
    expect([...tokens.ids!]).toEqual(all.map((w) => vocabulary.idOfWord(w.word)));
    let first = 0;
    expect([...tokens.paragraphStarts]).toEqual([0, ...expected.map((words) => (first += words.length))]);
    expect(tokens.starts.length).toBe(all.length);
    expect(tokens.ends.length).toBe(all.length);
    expect(tokens.ids!.length).toBe(all.length);
  });

  it("segment's words of a report stay as they were after longer and shorter reports", () => {
    // segment writes each report's words over the last report's and copies them out: a report's array must be
    // its own, of exactly its words
    const reports = ['乡村振兴战略全面推进，网格化治理', '宣传工作', '开展宣讲活动 组织召开研判会，学习强国注册人数增加', ''];
    const results = reports.map((text) => {
      const paragraphs = [{ no: 1, start: 0, end: text.length, section: 'work' as const, isHeading: false, level: 0 }];
      const tokens = segment(text, paragraphs);
      return { text, tokens, words: [...tokens.words] };
    });
    for (const { text, tokens, words } of results) {
      expect(tokens.words).toEqual(words);
      expect(tokens.words.length).toBe(tokens.starts.length);
      expect(tokens.words.join('')).toBe(text.replace(/\s/gu, ''));
    }
    expect(new Set(results.map((r) => r.tokens.words)).size).toBe(reports.length);
  });

  it('segment gives each token its id in the vocabulary, one id per spelling', () => {
    const vocabulary = new TokenVocabulary();
    const text = '宣传工作 宣传工作\n网络 宣传';
    const paragraphs = [
      { no: 1, start: 0, end: 9, section: 'work' as const, isHeading: false, level: 0 },
      { no: 2, start: 10, end: text.length, section: 'work' as const, isHeading: false, level: 0 },
    ];
    const tokens = segment(text, paragraphs, vocabulary);
    expect(tokens.ids!.length).toBe(tokens.words.length);
    for (let t = 0; t < tokens.words.length; t++) expect(vocabulary.words[tokens.ids![t]]).toBe(tokens.words[t]);
    const idOf = new Map<string, number>();
    for (let t = 0; t < tokens.words.length; t++) {
      const id = idOf.get(tokens.words[t]) ?? tokens.ids![t];
      idOf.set(tokens.words[t], id);
      expect(tokens.ids![t]).toBe(id);
    }
    expect(new Set(idOf.values()).size).toBe(idOf.size);
    // the spaces are neither tokens nor words of the vocabulary
    expect(tokens.words.join('')).toBe('宣传工作宣传工作网络宣传');
    // the ids are those a vocabulary gives the words read in turn (keyed words too: first-seen order)
    const byText = new TokenVocabulary();
    for (const word of jieba.cutWords('宣传工作 宣传工作')) if (word.trim() !== '') byText.idOfWord(word);
    for (const word of jieba.cutWords('网络 宣传')) if (word.trim() !== '') byText.idOfWord(word);
    expect(byText.words).toEqual(vocabulary.words);
  });

  it('segment gives the same ids to words the addon knows by key as to words read by text, one vocabulary apart from another', () => {
    const text = '镇党委召开专题会议研究部署乡村振兴工作，全年完成固定资产投资3.2亿元，新建 4G 基站 12 个';
    const paragraphs = [{ no: 1, start: 0, end: text.length, section: 'work' as const, isHeading: false, level: 0 }];
    const first = new TokenVocabulary();
    const second = new TokenVocabulary();
    // `second` learns other ids for the same keys in between: `first` must get its own back
    second.idOfWord('占位');
    const a1 = segment(text, paragraphs, first);
    const b1 = segment(`网络 ${text}`, [{ ...paragraphs[0], end: text.length + 3 }], second);
    const a2 = segment(text, paragraphs, first);
    const b2 = segment(text, paragraphs, second);
    expect([...a2.ids!]).toEqual([...a1.ids!]);
    expect(a2.words).toEqual(a1.words);
    for (const tokens of [a1, a2]) tokens.ids!.forEach((id, t) => expect(first.words[id]).toBe(tokens.words[t]));
    for (const tokens of [b1, b2]) tokens.ids!.forEach((id, t) => expect(second.words[id]).toBe(tokens.words[t]));
    expect(b2.words).toEqual(a1.words);
    expect(first.words).toEqual([...new Set(a1.words)]);
  });
  it('segment keeps every token of a report longer than its scratch arrays, offsets in order', () => {
    const text = '我们开展宣传工作，'.repeat(6000);
    const tokens = segment(text, [{ no: 1, start: 0, end: text.length, section: 'work' as const, isHeading: false, level: 0 }]);
    expect(tokens.words.length).toBeGreaterThan(1 << 14);
    expect(tokens.words.join('')).toBe(text);
    for (let t = 0; t < tokens.words.length; t++) expect(text.slice(tokens.starts[t], tokens.ends[t])).toBe(tokens.words[t]);
    // a short report after it gets arrays of its own length
    expect(segment('宣传', [{ no: 1, start: 0, end: 2, section: 'work' as const, isHeading: false, level: 0 }]).starts.length).toBe(1);
  });
});

describe('TokenVocabulary', () => {
  it('TokenVocabulary tells apart tokens of one length that open with the same two units', () => {
    const vocabulary = new TokenVocabulary();
    const words = ['宣传部', '宣传科', '宣传', '传宣', '宣传部长', '宣传科长', '12', '21', '123', '124'];
    const ids = words.map((word) => vocabulary.idOfWord(word));
    expect(ids).toEqual(words.map((_, i) => i));
    expect(words.map((word) => vocabulary.idOf(`，${word}。`, 1, 1 + word.length))).toEqual(ids);
  });

  it('TokenVocabulary gives one id per spelling, across growth, whatever text a token is read from', () => {
    const vocabulary = new TokenVocabulary();
    const spellings: string[] = [];
    for (let i = 0; i < 20000; i++) spellings.push(i % 3 === 0 ? String(i) : String.fromCharCode(0x4e00 + (i % 500), 0x4e00 + Math.floor(i / 500)) + (i % 7 === 0 ? 'x' : ''));
    const unique = [...new Set(spellings)];
    const ids = unique.map((word) => vocabulary.idOfWord(word));
    expect(ids).toEqual(unique.map((_, i) => i));
    expect(vocabulary.size).toBe(unique.length);
    // read again from inside a longer text
    unique.forEach((word, i) => expect(vocabulary.idOf(`前${word}后`, 1, 1 + word.length)).toBe(i));
    expect(vocabulary.words).toEqual(unique);
  });

  it('TokenVocabulary keeps long tokens equal to their text', () => {
    const vocabulary = new TokenVocabulary();
    const long = 'https://example.org/a/very/long/address/of/a/page.html';
    const text = `见 ${long}　等`;
    const id = vocabulary.idOf(text, 2, 2 + long.length);
    expect(vocabulary.words[id]).toBe(long);
    expect(vocabulary.idOfWord(long)).toBe(id);
  });

  it('TokenVocabulary gives each vocabulary of a thread a serial of its own, above 0 (the addon tells them apart by it)', () => {
    const serials = [new TokenVocabulary(), new TokenVocabulary(), new TokenVocabulary()].map((v) => v.serial);
    expect(new Set(serials).size).toBe(3);
    for (const serial of serials) expect(serial).toBeGreaterThan(0);
  });
});
