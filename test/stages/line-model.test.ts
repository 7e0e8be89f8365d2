import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { furnitureProbability, furnitureProbabilityOfIds, LINE_FEATURES, lineContexts, PageLines, lineShapeFeatureIds, lineShapeFeatures, trainLineModel, type LineContext } from '../../src/stages/line-model.js';
import { loadLineModel } from '../../src/data/noise-blocks.js';
import { cleanText, modelMayJudge } from '../../src/stages/clean.js';
import { analyze, resources } from '../helpers.js';

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

  it('line-model leaves the line saying where a speech was delivered to the rules, with or without dashes before it', () => {
    const body = '过去一年,全镇上下团结奋斗,经济社会发展取得新成效,地区生产总值增长百分之五,城乡居民收入稳步提高。';
    for (const delivered of ['在2031年1月19日某镇第十八届人民代表大会第一次会议上', '——2031年1月19日在某镇第十八届人民代表大会第一次会议上', '(2031年1月19日在某镇人民代表大会上)']) {
      const raw = ['某镇政府工作报告', delivered, '各位代表:', body, body].join('\n');
      expect(cleanText(raw, resources()).cleaned.split('\n')).toContain(delivered);
      expect(modelMayJudge(delivered, [])).toBe(false);
      // and metadata reads the year it reviews from it
      expect(analyze(raw).meta).toMatchObject({ year: 2030, planYear: 2031 });
    }
    // a short line that merely ends in 会上 is still the model's to judge
    expect(modelMayJudge('参加县委全会上', [])).toBe(true);
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

  it('line-model finds the same features as the regex searches it replaced, on lines of Han, digits, Latin, marks and surrogates', () => {
    const unit = fc.constantFrom('镇', '〇', '々', '⺀', '\u{20000}', '\u{1F600}', '\ud840', '\udc00', '1', '２', 'a', 'Ｚ', 'ｚ', '，', ',', '、', '。', ':', '：', '.', '|', '｜', '>', '»', '›', '【', '】', '[', ']', ' ', '年', '-', '/', '；', 'w', 'c', 'o', 'm', 'h', 't', 'p', 's');
    const words = fc.constantFrom('2023年12月', '10:30', 'www.', 'https:', '.cn', '一、', '(一)', '1.', '报告', '总结');
    const line = fc.array(fc.oneof(unit, words), { minLength: 1, maxLength: 16 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 8 }), fc.nat(), (lines, k) => {
        const page = ['某镇2023年工作总结', ...lines, '过去一年,全镇经济社会发展取得新成效,地区生产总值增长百分之五,城乡居民收入稳步提高。', ...lines];
        const index = 1 + (k % lines.length);
        const context = lineContexts(page, (l) => (l.includes('报告') ? 1 : 0))[index]!;
        expect(lineShapeFeatures(page[index], context)).toEqual(regexFeatures(page[index], context));
      }),
      { numRuns: 3000, seed: 19 },
    );
  });

  it('line-model counts the rank and the repeats of a line on the page', () => {
    const page = ['微信', '', '某镇2023年工作总结', '微信', '', '微博', '微信'];
    const contexts = lineContexts(page, () => 0);
    expect(contexts.map((c) => c && [c.rank, c.repeats])).toEqual([[0, 3], null, [1, 1], [2, 3], null, [3, 1], [4, 3]]);
    expect(contexts[0]!.count).toBe(5);
    // a long page counts repeats in a table, and a context asked for above the last one still has its rank
    const long = Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? '' : i % 3 === 1 ? '微信' : `第${i}行`));
    const page2 = new PageLines(long, () => 0);
    expect([page2.contextAt(298)!.rank, page2.contextAt(1)!.rank, page2.contextAt(4)!.repeats, page2.contextAt(5)!.repeats]).toEqual([198, 0, 100, 1]);
  });

  it('line-model sums the weights of feature ids as it sums those of feature names', () => {
    const model = loadLineModel();
    const page = ['某镇2023年工作总结', '分享到:', '微信 | 微博', '2023-12-20 10:30', 'www.example.cn', '打印本页'];
    for (const context of lineContexts(page, () => 1)) {
      const ids = lineShapeFeatureIds(page[context!.index], context!, [7, 7]);
      expect(ids.map((id) => LINE_FEATURES[id])).toEqual(lineShapeFeatures(page[context!.index], context!));
      expect(furnitureProbabilityOfIds(model, ids)).toBe(furnitureProbability(model, lineShapeFeatures(page[context!.index], context!)));
    }
  });
});

/** The features as the regex searches found them before they became one pass over the line (reference). */
function regexFeatures(line: string, context: LineContext): string[] {
  const share = (pattern: RegExp) => (line.length ? (line.match(pattern)?.length ?? 0) / line.length : 0);
  const endsSentence = (l: string) => /[。！？!?；;]$/u.test(l);
  const f: string[] = [];
  const n = line.length;
  f.push(n <= 2 ? 'len<=2' : n <= 4 ? 'len<=4' : n <= 8 ? 'len<=8' : n <= 15 ? 'len<=15' : n <= 30 ? 'len<=30' : n <= 60 ? 'len<=60' : 'len>60');
  if (endsSentence(line)) f.push('ends-sentence');
  if (/[，,、]/u.test(line)) f.push('has-comma');
  if (/[。]/u.test(line)) f.push('has-full-stop');
  const han = share(/\p{Script=Han}/gu);
  f.push(han === 0 ? 'han=0' : han < 0.5 ? 'han<0.5' : han < 0.9 ? 'han<0.9' : 'han>=0.9');
  const digits = share(/[0-9０-９]/gu);
  if (digits > 0.5) f.push('digits>0.5');
  else if (digits > 0.2) f.push('digits>0.2');
  if (share(/[A-Za-zＡ-Ｚａ-ｚ]/gu) > 0.3) f.push('latin>0.3');
  const colon = line.search(/[:：]/u);
  if (colon >= 0 && colon <= 6) f.push('label-colon');
  if (/[:：]$/u.test(line)) f.push('ends-colon');
  if (/^[一二三四五六七八九十]+、|^[(（][一二三四五六七八九十]+[)）]|^[0-9]{1,2}[.、．]/u.test(line)) f.push('numbered');
  if (/[|｜>»›]/u.test(line)) f.push('separator');
  if (/[【】\[\]]/u.test(line)) f.push('brackets');
  if (/(总结|总結|計劃|计划|报告|報告|汇报|匯報|情况|情況|要点|要點|方案|意见|意見)/u.test(line)) f.push('kind-word');
  const fromTop = context.rank;
  const fromBottom = context.count - 1 - context.rank;
  f.push(fromTop < 3 ? 'top<3' : fromTop < 10 ? 'top<10' : 'top>=10');
  f.push(fromBottom < 3 ? 'bottom<3' : fromBottom < 10 ? 'bottom<10' : 'bottom>=10');
  if (context.repeats > 1) f.push('repeated');
  if (context.siteScore >= 1) f.push('site-word');
  if (context.title >= 0) {
    if (context.index < context.title) f.push('above-title');
    else if (context.index > context.title && line === context.lines[context.title]) f.push('repeats-title');
  }
  if (context.bodyEnd >= 0 && context.index > context.bodyEnd) f.push('after-body');
  if (context.salutation >= 0 && context.index > context.title && context.index < context.salutation) f.push('title-block');
  const nearest = (step: number) => {
    for (let j = context.index + step; j >= 0 && j < context.lines.length; j += step) if (context.lines[j]) return context.lines[j];
    return undefined;
  };
  const near = [nearest(-1), nearest(1)];
  const shortNear = near.filter((l) => l !== undefined && l.length <= 12 && !/[。；;，,]/u.test(l)).length;
  if (shortNear === 2) f.push('short-neighbours');
  else if (shortNear === 1) f.push('one-short-neighbour');
  if (near.some((l) => l !== undefined && l.length >= 40 && endsSentence(l))) f.push('sentence-neighbour');
  if (/\d{4}\s*[-/年.]\s*\d{1,2}/u.test(line)) f.push('date');
  if (/\d{1,2}[:：]\d{2}/u.test(line)) f.push('clock');
  if (/https?:|www\.|\.(com|cn|net|org)\b/u.test(line)) f.push('address');
  return f;
}
