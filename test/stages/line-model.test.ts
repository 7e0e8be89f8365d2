import { describe, expect, it } from 'vitest';
import { furnitureProbability, lineContexts, lineShapeFeatures, trainLineModel } from '../../src/stages/line-model.js';
import { cleanText } from '../../src/stages/clean.js';
import { resources } from '../helpers.js';

const shape = (lines: string[], i: number) => lineShapeFeatures(lines[i], lineContexts(lines, () => 0)[i]!);

describe('line-model', () => {
  it('line-model learns furniture shapes from labelled lines', () => {
    const page = ['打印', '收藏', '东坝镇2023年宣传思想工作总结', '今年以来,我镇宣传思想工作稳步推进,全年开展宣讲30场。', '一、主要工作', '全年组织学习12次,撰写心得30篇。', '微信', '微博'];
    const noise = [true, true, false, false, false, false, true, true];
    const examples = page.map((_, i) => ({ features: shape(page, i), noise: noise[i] }));
    const model = trainLineModel(examples);
    const p = page.map((_, i) => furnitureProbability(model, shape(page, i)));
    expect(Math.min(...p.filter((_, i) => noise[i]))).toBeGreaterThan(Math.max(...p.filter((_, i) => !noise[i])));
  });

  it('line-model of data/noise-weights.tsv drops short widget words under the text and keeps headings and the signed date', () => {
    const raw = ['街道2023年意识形态工作总结', '今年以来,街道党工委落实意识形态工作责任制,全年开展宣讲30场。', '(一)理论学习', '全年组织学习12次。', '街道党工委', '2023年12月20日', '微信', '微博'].join('\n');
    expect(cleanText(raw, resources()).cleaned.trimEnd().split('\n')).toEqual([
      '街道2023年意识形态工作总结', '今年以来,街道党工委落实意识形态工作责任制,全年开展宣讲30场。', '(一)理论学习', '全年组织学习12次。', '街道党工委', '2023年12月20日',
    ]);
  });
});
