import { describe, expect, it } from 'vitest';
import { inferTownship } from '../../src/stages/metadata.js';
import { analyze, resources } from '../helpers.js';

describe('metadata', () => {
  it('metadata reads year and plan year from the title', () => {
    const doc = analyze('石门乡2021年宣传思想工作总结及2022年工作计划\n2021年,我乡宣传工作稳步推进。\n一、主要做法\n石门乡开展宣讲30场。');
    expect(doc.meta).toMatchObject({ title: '石门乡2021年宣传思想工作总结及2022年工作计划', year: 2021, planYear: 2022, period: 'annual', township: '石门乡' });
  });

  it('metadata leaves the year empty when the title holds a placeholder year', () => {
    const doc = analyze('基层乡镇202x年第三季度意识形态工作情况总结\n今年以来,X镇党委认真贯彻落实。\n一、工作开展情况\n开展学习。');
    expect(doc.meta).toMatchObject({ year: null, planYear: null, period: 'quarter', township: '' });
  });

  it('metadata reads a year written in Chinese numerals', () => {
    const doc = analyze('二〇二一年宣传思想工作总结及二○二二年工作计划\n今年以来,我镇宣传工作稳步推进。');
    expect(doc.meta).toMatchObject({ year: 2021, planYear: 2022 });
  });

  it('metadata prefers given metadata over the text', () => {
    const doc = analyze('陵口镇2015年宣传工作总结\n2015年以来,陵口镇宣传工作扎实推进。');
    expect(doc.meta.township).toBe('陵口镇');
    expect(doc.meta.year).toBe(2015);
  });

  it.each([
    ['推进陵口镇经济社会发展,打造美丽陵口,结合陵口实际,陵口镇党委', '陵口镇'],
    ['全镇上下,我镇各乡镇,城乡统筹,基层乡镇', ''],
    ['新河街道办事处,新河街道党工委', '新河街道'],
  ])('metadata township of %s is %s', (text, township) => {
    expect(inferTownship('', text, resources())).toBe(township);
  });
});
