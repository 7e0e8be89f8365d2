import { describe, expect, it } from 'vitest';
import { assertDocument } from '../../src/model/assert.js';
import { analyze } from '../helpers.js';
import { mapOffset } from '../../src/model/span.js';

const sample = '2022年宣传工作总结\n今年以来,我镇扎实开展宣传工作。\n一、主要做法\n相 关部门开展活动 X 次。';

describe('assert', () => {
  it('assert accepts a document from the pipeline', () => {
    expect(() => assertDocument(analyze(sample))).not.toThrow();
  });

  it('assert fires on a paragraph past the end of the text', () => {
    const doc = analyze(sample);
    const broken = { ...doc, paragraphs: [...doc.paragraphs, { ...doc.paragraphs[0], no: 99, start: doc.cleaned.length - 1, end: doc.cleaned.length + 5 }] };
    expect(() => assertDocument(broken)).toThrow(/paragraph 99/);
  });

  it('assert fires on an offset map that drifts', () => {
    const doc = analyze(sample);
    const toRaw = Int32Array.from({ length: doc.cleaned.length + 1 }, (_, i) => mapOffset(doc.toRaw, i));
    toRaw[3] += 1;
    expect(() => assertDocument({ ...doc, toRaw })).toThrow(/cleaned\[3\]|not increasing/);
  });

  it('assert fires on a token that does not match its span', () => {
    const doc = analyze(sample);
    const words = [...doc.tokens.words];
    words[0] = '错';
    expect(() => assertDocument({ ...doc, tokens: { ...doc.tokens, words } })).toThrow(/token 0/);
  });

  it('assert fires on text left uncovered by paragraphs', () => {
    const doc = analyze(sample);
    expect(() => assertDocument({ ...doc, paragraphs: doc.paragraphs.slice(1) })).toThrow(/not covered/);
  });
});
