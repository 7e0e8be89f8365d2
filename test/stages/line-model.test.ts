import { describe, expect, it } from 'vitest';
import { furnitureProbability, lineContexts, lineShapeFeatures, trainLineModel } from '../../src/stages/line-model.js';
import { cleanText, modelMayJudge } from '../../src/stages/clean.js';
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

  it('line-model describes a line by its place: above the title, a repeated title, after the body, in the title block', () => {
    const page = ['分享', '某县政府工作报告', '县长 某某', '各位代表:', '过去一年,全县经济社会发展取得新成效,地区生产总值增长百分之五,城乡居民收入稳步提高。', '打印', '某县政府工作报告'];
    expect(shape(page, 0)).toContain('above-title');
    expect(shape(page, 2)).toContain('title-block');
    expect(shape(page, 5)).toEqual(expect.arrayContaining(['after-body', 'sentence-neighbour']));
    expect(shape(page, 6)).toEqual(expect.arrayContaining(['repeats-title', 'after-body']));
    expect(shape(page, 4)).not.toContain('after-body');
  });

  it('line-model leaves a title-block line of words only to the rules, and judges a byline there', () => {
    const page = ['某县政府工作报告', '县长 某某', '时间:2031-01-20', '各位代表:', '现在,我代表县人民政府向大会报告工作,请予审议。'];
    expect(modelMayJudge(page[1], shape(page, 1))).toBe(false);
    expect(modelMayJudge(page[2], shape(page, 2))).toBe(true);
  });

  it('line-model of data/noise-weights.tsv drops news-page furniture words it was not given as patterns', () => {
    const body = '过去一年,全县上下团结奋斗,经济社会发展取得新成效,地区生产总值增长百分之五,城乡居民收入稳步提高。';
    const raw = ['某县政府工作报告', body, body, '微信', '微博', '抖音', '今日头条'].join('\n');
    expect(cleanText(raw, resources()).cleaned.trimEnd().split('\n')).toEqual(['某县政府工作报告', body, body]);
  });
});
