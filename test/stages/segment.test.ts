import { describe, expect, it } from 'vitest';
import { AlignmentError } from '../../src/stages/segment.js';
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
    expect(new AlignmentError('x').code).toBe('E_ALIGN');
  });
});
