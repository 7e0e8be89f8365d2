import nodejieba from 'nodejieba';
import { describe, expect, it, vi } from 'vitest';
import { AlignmentError, segment } from '../../src/stages/segment.js';
import { analyze } from '../helpers.js';

describe('segment', () => {
  it('segment aligns every token to its span and skips spaces', () => {
    const doc = analyze('一、工作开展情况\n组织召开研判会 X 次,学习强国注册人数增加。');
    const { starts, ends, words, paragraphStarts } = doc.tokens;
    expect(words.length).toBeGreaterThan(5);
    for (let t = 0; t < words.length; t++) expect(doc.text.slice(starts[t], ends[t])).toBe(words[t]);
    expect(words).not.toContain(' ');
    expect([...paragraphStarts]).toEqual([0, paragraphStarts[1], words.length]);
  });

  it('segment raises a coded error on misalignment', () => {
    const text = '开展宣讲活动';
    const paragraph = { no: 1, start: 0, end: text.length, section: 'work' as const, isHeading: false, level: 0 };
    // a jieba that returns a word the text does not hold at the cursor (as a changed dictionary might)
    const cut = vi.spyOn(nodejieba, 'cut').mockReturnValue(['开展', '宣传', '活动']);
    try {
      expect(() => segment(text, [paragraph])).toThrow(AlignmentError);
      expect(() => segment(text, [paragraph])).toThrow(/"宣传" not found at offset 2 \(paragraph 1\)/);
      const error = (() => {
        try {
          segment(text, [paragraph]);
        } catch (err) {
          return err;
        }
      })();
      expect((error as AlignmentError).code).toBe('E_ALIGN');
    } finally {
      cut.mockRestore();
    }
    // the real jieba aligns the same text
    expect(segment(text, [paragraph]).words.join('')).toBe(text);
  });
});
