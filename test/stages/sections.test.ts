import { beforeAll, describe, expect, it } from 'vitest';
import { analyze, reportOf, resources, sectionsOf } from '../helpers.js';
import { sectionUnits } from '../../src/stages/sections.js';
import { sectionFeatureIds, UnitFeatureIds } from '../../src/stages/section-features.js';
import { reportYears } from '../../src/stages/section-years.js';
import { composeStages } from '../../src/stages/stage.js';
import { cleanStage } from '../../src/stages/clean.js';
import { scriptStage } from '../../src/stages/script.js';
import { paragraphsStage } from '../../src/stages/paragraphs.js';
import { emptyDoc } from '../../src/pipeline.js';

describe('sections', () => {
  // loading the data files and jieba takes seconds on a busy machine: not part of any one test
  beforeAll(() => void resources(), 60_000);

  it('sections follow headings with cues', () => {
    const doc = analyze(
      [
        '某镇2022年宣传思想工作总结',
        '今年以来,我镇在县委宣传部的指导下扎实开展各项工作,现将有关情况汇报如下:',
        '一、工作开展情况',
        '(一)强化理论武装。组织中心组学习12次。',
        '二、取得的主要成效',
        '群众满意度明显提升。',
        '三、存在问题',
        '(一)宣传队伍力量薄弱。专职人员少。',
        '四、下步计划',
        '(一)加强队伍建设。',
        '综上所述,我镇将继续努力。',
      ].join('\n'),
    );
    expect(sectionsOf(doc).map(([s]) => s)).toEqual([
      'title', 'preamble', 'work', 'work', 'results', 'results', 'problems', 'problems', 'plans', 'plans', 'closing',
    ]);
  });

  it('sections classify a problems paragraph with no heading from its own words', () => {
    const doc = analyze(
      [
        '一、强化理论学习',
        '镇党委坚持每月集中学习一次。',
        '虽然我镇的宣传工作取得了一定成绩,但是也存在一些薄弱环节:一是舆情监测滞后。二是阵地利用率低。',
        '2023年,我镇将坚持问题导向,扎实做好宣传工作。',
        '一是提高舆情应对能力。',
      ].join('\n'),
    );
    expect(sectionsOf(doc).map(([s]) => s)).toEqual(['work', 'work', 'problems', 'plans', 'plans']);
  });

  it('sections split a paragraph that turns from problems back to the plans heading', () => {
    const doc = analyze(
      [
        '五、2016年工作计划。',
        '我们也清醒地认识到,我们的宣传工作还存在着一定的差距和不足。2016年我们将继续按照统一部署,着力做好以下工作:',
        '1、进一步加强理论学习。',
      ].join('\n'),
    );
    expect(sectionsOf(doc)).toEqual([
      ['plans', '五、2016年工作计划。'],
      ['problems', '我们也清醒地认识到,我们的宣传工作还存在着一定的差距和不足。'],
      ['plans', '2016年我们将继续按照统一部署,着力做好以下工作:'],
      ['plans', '1、进一步加强理论学习。'],
    ]);
    expect(doc.paragraphs.map((p) => p.no)).toEqual([1, 2, 3, 4]);
    // every paragraph, a turn's second part too, has one shape: all fields, in one order (`makeParagraph`)
    for (const p of doc.paragraphs) expect(Object.keys(p)).toEqual(['start', 'end', 'no', 'section', 'isHeading', 'level', 'cue']);
  });

  it('sections split a work paragraph at a sentence whose cue stands after 一是', () => {
    // the sentence opens with a character no start cue opens with: the cue is read after the enumeration
    const doc = analyze(['一、工作开展情况', '镇党委坚持每月集中学习一次,全年组织学习12次。一是下一步,我们将继续加强理论学习,提高学习质量。'].join('\n'));
    expect(sectionsOf(doc)).toEqual([
      ['work', '一、工作开展情况'],
      ['work', '镇党委坚持每月集中学习一次,全年组织学习12次。'],
      ['plans', '一是下一步,我们将继续加强理论学习,提高学习质量。'],
    ]);
  });

  it('sections keep a remedy glued to a problem inside the problems part', () => {
    const doc = analyze(['三、存在的问题', '一是重视程度不够。对此,我们将加强教育。二是宣传力量薄弱。', '四、下一步打算', '加强队伍建设。'].join('\n'));
    expect(sectionsOf(doc).map(([s]) => s)).toEqual(['problems', 'problems', 'plans', 'plans']);
  });

  it('sections drop keyword-tag runs above the title as noise', () => {
    const doc = analyze(['乡镇', '2021', '宣传', '工作总结', '乡镇2021年宣传思想工作总结', '2021年,我镇宣传工作紧紧围绕中心。'].join('\n'));
    expect(sectionsOf(doc).map(([s]) => s)).toEqual(['noise', 'noise', 'noise', 'noise', 'title', 'preamble']);
  });

  it('sections end the preamble at an enumeration and close with the signature', () => {
    const doc = analyze(
      [
        'XX乡宣传思想工作总结',
        '今年以来,我乡宣传思想工作在县委宣传部的精心指导下,围绕中心,服务大局。',
        '一是抓好理论学习。全年组织集中学习12次。',
        '但是,我们的工作还存在一些不足:宣传队伍力量薄弱,专业人才缺乏。',
        '明年,我们将进一步加强宣传队伍建设。',
        '中共某某乡委员会',
        '2023年12月5日',
      ].join('\n'),
    );
    expect(sectionsOf(doc).map(([s]) => s)).toEqual(['title', 'preamble', 'work', 'problems', 'plans', 'closing', 'closing']);
  });

  it('sections call page furniture above the title and under the text noise', () => {
    const doc = analyze(
      [
        '我要投稿 | 网站导航',
        '石门镇2022年宣传思想工作总结',
        '今年以来,我镇扎实开展宣传思想工作,现将有关情况汇报如下。',
        '一、主要做法',
        '组织理论学习12次,开展宣讲30场。',
        '中共石门镇委员会',
        '2022年12月20日',
        '点击这里查看更多范文',
        '更多精彩内容请关注',
      ].join('\n'),
    );
    // '点击这里查看更多范文' never reaches the sections stage: cleaning's line model drops it (short, after the body)
    expect(sectionsOf(doc).map(([s]) => s)).toEqual(['noise', 'title', 'preamble', 'work', 'work', 'closing', 'closing', 'noise']);
    expect(doc.cleaned).not.toContain('点击这里查看更多范文');
  });

  it('sections rank 第…部分 parts above 一、 and read 意见建议 as plans', () => {
    const doc = analyze(
      [
        '第一部分 2020年工作回顾',
        '一、疫情防控宣传有力。利用大喇叭开展宣传。',
        '第二部分 存在的问题',
        '宣传手段较为传统,新媒体运用能力不足。',
        '第三部分 2021年工作思路',
        '一、加强理论武装',
        '二、做好新闻宣传',
        '第四部分 意见建议',
        '建议上级部门加大资金支持力度。',
      ].join('\n'),
    );
    expect(sectionsOf(doc).map(([s]) => s)).toEqual(['work', 'work', 'problems', 'problems', 'plans', 'plans', 'plans', 'plans', 'plans']);
  });

  it('sections read a short report pasted as one line, in traditional characters', () => {
    const doc = analyze(
      '某鎮2022年宣傳思想工作總結 今年以來，我鎮宣傳思想工作在縣委宣傳部的指導下扎實推進，現將有關情況匯報如下：' +
        '一、主要工作（一）加強理論學習。全年組織中心組學習12次。（二）強化輿論引導。在縣級以上媒體發稿30篇。' +
        '二、存在問題（一）宣傳隊伍力量薄弱，專業人才缺乏。（二）網絡輿情應對能力不足。' +
        '三、下一步工作打算（一）加強隊伍建設。（二）提升輿情處置能力。',
    );
    expect(doc.script).toBe('traditional');
    expect(doc.meta.title).toBe('某鎮2022年宣傳思想工作總結');
    expect(sectionsOf(doc).map(([s]) => s)).toEqual([
      'title', 'preamble', 'work', 'work', 'work', 'problems', 'problems', 'problems', 'plans', 'plans', 'plans',
    ]);
    expect(doc.problems.map((p) => p.headlineText)).toEqual(['宣傳隊伍力量薄弱，專業人才缺乏', '網絡輿情應對能力不足']);
  });

  it('sections read a long report: title block, review with its problem paragraph, programme without 计划, closing at the end only', () => {
    const doc = analyze(
      [
        '2030年松川市政府工作报告',
        '——2030年1月18日在松川市第九届人民代表大会第五次会议上',
        '市长 周明远',
        '各位代表：',
        '现在，我代表市人民政府，向大会报告工作，请予审议。',
        '一、2029年工作回顾',
        '过去一年，全市地区生产总值增长5.6%，一般公共预算收入增长4.1%，城镇新增就业5.2万人。',
        '一是产业升级步伐加快。新培育专精特新企业46家，高新技术企业达到1300家。',
        '二是城乡面貌持续改善。完成老旧小区改造120个，新改建农村公路800公里。',
        '回顾过去一年，成绩来之不易。这是全市上下团结奋斗的结果。',
        '在充分肯定成绩的同时，我们也清醒看到面临的问题和挑战：经济回升基础还不稳固；科技创新能力不强；民生领域还有不少短板。我们将采取有力措施，认真加以解决。',
        '二、2030年经济社会发展总体要求和政策取向',
        '今年经济社会发展的主要预期目标是：地区生产总值增长5%左右，城镇新增就业5万人以上。',
        '三、2030年政府工作任务',
        '（一）加快建设现代化产业体系',
        '推动制造业高端化智能化绿色化发展，新建智能工厂30家。',
        '（二）持续保障和改善民生',
        '新增托位2000个，改造提升社区卫生服务站40个。',
        '四、全面加强政府自身建设',
        '坚持依法行政，自觉接受人大监督，持之以恒改进作风。',
        '各位代表！让我们更加紧密地团结起来，为建设更加美好的松川而努力奋斗！',
      ].join('\n'),
    );
    expect(sectionsOf(doc).map(([s]) => s)).toEqual([
      'title', 'title', 'title', 'preamble', 'preamble',
      'work', 'work', 'work', 'work', 'work', 'problems',
      'plans', 'plans', 'plans', 'plans', 'plans', 'plans', 'plans', 'plans', 'plans',
      'closing',
    ]);
  });

  it('sections judge a heading as a whole: action headings with cue words stay in the work part', () => {
    const doc = analyze(
      [
        '一、主要工作',
        '（一）创新工作思路，理论学习走深走实',
        '全年组织中心组学习12次。',
        '（二）补齐短板弱项，提升阵地水平',
        '新建村级文化广场4个。',
        '二、工作中的不足',
        '宣传队伍力量薄弱。',
        '三、下步打算',
        '加强宣传队伍建设。',
      ].join('\n'),
    );
    expect(sectionsOf(doc).map(([s]) => s)).toEqual(['work', 'work', 'work', 'work', 'work', 'problems', 'problems', 'plans', 'plans']);
  });

  it('sections give closing words in the middle of a report no closing', () => {
    const doc = analyze(
      [
        '一、2029年工作回顾',
        '全年完成固定资产投资12亿元。',
        '总之，过去一年我们克服了重重困难，各项工作取得新进展。',
        '全年新增就业岗位900个。',
        '二、2030年工作安排',
        '新建农贸市场1个。',
        '一是加强队伍建设。',
        '二是做好民生实事。',
        '三是抓好安全生产。',
        '四是改进工作作风。',
        '以上报告，请审议。',
      ].join('\n'),
    );
    const sections = sectionsOf(doc).map(([s]) => s);
    expect(sections.slice(0, 4)).toEqual(['work', 'work', 'work', 'work']);
    expect(sections.at(-1)).toBe('closing');
  });

  it('sections split a paragraph read before where it turns in this report, as read afresh', () => {
    // the same paragraph turns to closing at the end of a report, not in its middle; where it may turn is kept
    // per body (`TurnCandidate`): a later report must still split it at its own offset and only in its tail
    const turning = '全年新增就业岗位900个，新建农贸市场1个。总之，过去一年我们克服了重重困难，各项工作取得新进展。';
    const middle = ['一、2029年工作回顾', '全年完成固定资产投资12亿元。', turning, '一是加强队伍建设。', '二是做好民生实事。', '三是抓好安全生产。', '四是改进工作作风。', '五是提升服务水平。', '二、2030年工作安排', '一是加强队伍建设。'];
    const end = ['一、2029年工作回顾', '全年完成固定资产投资12亿元，完成年度目标。', '一是加强队伍建设。', turning];
    const shorterEnd = ['一、2029年工作回顾', '一是加强队伍建设。', turning];
    for (const lines of [end, middle, shorterEnd, middle]) {
      const sections = sectionsOf(analyze(lines.join('\n')));
      if (lines !== middle) expect(sections.slice(-2)).toEqual([['work', '全年新增就业岗位900个，新建农贸市场1个。'], ['closing', '总之，过去一年我们克服了重重困难，各项工作取得新进展。']]);
      else expect(sections[2]).toEqual(['work', turning]);
    }
  });

  it('sections hand the bodies and cue scans of the rule pass to the features, which read what they would read afresh', () => {
    // the bodies and scans handed over (a turn's two parts too, whose bodies are new) must give each unit the
    // features `sectionFeatureIds` computes from the units alone
    const reports = [
      ['五、2016年工作计划。', '我们也清醒地认识到,我们的宣传工作还存在着一定的差距和不足。2016年我们将继续按照统一部署,着力做好以下工作:', '1、进一步加强理论学习。'],
      ['一、工作开展情况', '镇党委坚持每月集中学习一次,全年组织学习12次。一是下一步,我们将继续加强理论学习,提高学习质量。'],
      ['三、存在的问题', '一是重视程度不够。对此,我们将加强教育。二是宣传力量薄弱。', '四、下一步打算', '加强队伍建设。'],
      ['XX镇2029年工作总结', '今年以来，我镇在县委县政府的坚强领导下，各项工作稳步推进。', '一、2029年工作回顾', '全年完成固定资产投资12亿元，完成年度目标。', '虽然取得了一定成绩，但也存在一些薄弱环节。2030年，我镇将着力抓好以下工作：', '二、存在的问题', '一是发展不平衡。', '三、2030年工作安排', '一是加强队伍建设。', '总之，新的一年我们将继续努力，各项工作取得新进展。', 'XX镇人民政府', '2029年12月30日'],
    ];
    const { sectionEvidence, paragraphCues } = resources();
    const before = composeStages([cleanStage, scriptStage, paragraphsStage]);
    const list = new UnitFeatureIds();
    let turned = 0;
    // twice: the second time every body is read from the scan's memo
    for (const lines of [...reports, ...reports]) {
      const doc = before.run(emptyDoc(reportOf(lines.join('\n'))), resources(), {});
      const read = sectionUnits(doc.text, doc.paragraphs, resources(), list);
      turned += read.byRule.length - doc.paragraphs.length;
      const titleCount = read.units.findIndex((p) => p.section !== 'title');
      const years = reportYears(doc.text, read.units, titleCount < 0 ? read.units.length : titleCount);
      const expected = sectionFeatureIds({ text: doc.text, units: read.units, ruleSections: read.proposed, years }, sectionEvidence, paragraphCues);
      expect(read.features.units).toBe(expected.length);
      for (let k = 0; k < expected.length; k++) expect(Array.from(read.features.ids.subarray(read.features.starts[k], read.features.starts[k + 1]))).toEqual(expected[k]);
    }
    // the rule pass split paragraphs where they turn in each round
    expect(turned).toBeGreaterThanOrEqual(6);
  });
});
