import { describe, expect, it } from 'vitest';
import { analyze } from '../helpers.js';

// Kinds of page found failing on report pages the project had never seen (issue 12 item 5); every sentence
// here is written for the test in the style of those pages.
describe('metadata on page shapes not met before', () => {
  it('reads a delivery line with 在 before the date, broken over two lines', () => {
    const doc = analyze('政府工作报告\n——在2011年1月8日东坝镇第十五届人民代表大会第三次\n会议上\n各位代表:\n过去一年,全镇经济平稳运行,农民收入稳步增长。');
    expect(doc.meta).toMatchObject({ year: 2010, planYear: 2011 });
  });

  it.each([
    ['2019年石门县人民政府工作报告\n——在石门县第九届人民代表大会第二次会议上\n各位代表:\n一、2018年工作回顾\n一年来,全县经济平稳增长。', 2018, 2019],
    ['乡2021年政府工作报告-8篇(第3/9页)\n一年来,我们坚持稳中求进,全乡经济持续向好。\n坚持民生优先,新建道路12公里。', 2020, 2021],
    // a town report delivered at the end of the year it reviews says so
    ['2021年东坝镇政府工作报告\n各位代表:\n一、2021年工作回顾\n2021年,全镇上下团结一心,各项工作稳步推进。', 2021, null],
  ])('takes the year of a government work report title as the plan year: %j', (text, year, planYear) => {
    expect(analyze(text).meta).toMatchObject({ year, planYear });
  });

  it('takes a province and the year reviewed from a first line naming the report', () => {
    const doc = analyze('极简版2017年河南省《政府工作报告》来了!\n引言:近日,省人大会议开幕,省长作报告。\n一、2016年工作回顾\n过去一年,全省经济稳中向好,民生持续改善。');
    expect(doc.meta).toMatchObject({ township: '河南省', year: 2016, planYear: 2017 });
  });

  it('reads unit and year from a first paragraph that runs the title into the text', () => {
    const doc = analyze('1、-范文推荐- 2012年街道办工作总结一年来,长青街道办事处在区委的领导下,扎实推进社区建设,居民生活持续改善。\n一、加强环境整治\n投资80万元修建道路,改造小区排水管网。');
    expect(doc.meta).toMatchObject({ township: '长青街道', year: 2012 });
  });

  it('takes the year from the first lines when neither title nor preamble is recognised', () => {
    const doc = analyze('文 号: | 关键字: | 公开,信息 |\n根据条例要求,现发布《东坝镇2022年政府信息公开工作年度报告》,统计期限为2022年1月1日到12月31日。\n一、总体情况\n2022年,我镇扎实推进政务公开,全年主动公开信息120条。');
    expect(doc.meta.year).toBe(2022);
  });

  it.each([
    '2023年街道社区发展办工作总结\n一年来,社区发展办扎实推进社区治理,完成小区改造5个。',
    '城乡社区治理工作总结\n今年以来,我们推进城乡社区治理,完善网格服务。',
  ])('reads no unit from words for units themselves: %j', (text) => {
    expect(analyze(text).meta.township).toBe('');
  });
});
