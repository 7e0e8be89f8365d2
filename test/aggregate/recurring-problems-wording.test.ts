/**
 * Recurrence across wordings that differ more than synonyms: the same problem named with a place or field in front
 * of it, a capability phrase attached to another name of the same people, the economy's weak base in other words.
 * Sentences written for this test; words from jieba as in the other recurrence tests.
 */
import { describe, expect, test } from 'vitest';
import { clusterProblems } from '../../src/aggregate/recurring-problems.js';
import { clusterLookup, statedProblems } from '../helpers/stated-problems.js';

const THRESHOLD = 0.25;

/** Clusters the reports' problems; `clusterOf(report, no)` gives a problem's cluster id. */
function cluster(reports: [string, string[]][]) {
  const items = statedProblems(reports, 2024, (text) => text.split(/[，；。]/u)[0]);
  return clusterLookup(items, clusterProblems(items, { threshold: THRESHOLD }).clusterIds);
}

describe('recurring-problems wording', () => {
  test('recurring-problems does not file a problem under a place word named before its topic', () => {
    // 甲镇#1 names 农村 first, but what falls short is the 认识 of the work's importance, as in 乙镇#1 and 丙镇#1;
    // 农村 is where, not what (乙镇#2 is about farming)
    const clusterOf = cluster([
      ['甲镇', ['少数干部对农村宣传思想工作的重要性认识不足', '农村道路等基础设施年久失修']],
      ['乙镇', ['部分班子成员对意识形态工作重视不够', '农业生产基础薄弱，抗灾能力不强']],
      ['丙镇', ['一些干部思想认识不到位，存在重经济轻宣传的倾向', '文化活动室利用率不高']],
    ]);
    expect(clusterOf('甲镇', 1)).toBe(clusterOf('乙镇', 1));
    expect(clusterOf('乙镇', 1)).toBe(clusterOf('丙镇', 1));
    expect(clusterOf('甲镇', 1)).not.toBe(clusterOf('乙镇', 2));
  });

  test('recurring-problems links the capability of village cadres named in different ways, apart from government staff', () => {
    const clusterOf = cluster([
      ['东乡', ['有些村党支部书记缺少带领群众致富的本领', '部分政府工作人员服务本领不足、办事效率不高']],
      ['西乡', ['村干部整体素质偏低，带富能力不强', '机关干部不作为、慢作为现象仍然存在']],
      ['南乡', ['村两委成员能力素质参差不齐，难以适应乡村振兴要求', '少数公务人员依法行政能力有待提升']],
    ]);
    expect(clusterOf('东乡', 1)).toBe(clusterOf('西乡', 1));
    expect(clusterOf('西乡', 1)).toBe(clusterOf('南乡', 1));
    expect(clusterOf('东乡', 1)).not.toBe(clusterOf('东乡', 2));
    expect(clusterOf('东乡', 1)).not.toBe(clusterOf('南乡', 2));
  });

  test('recurring-problems links the economy\'s weak base and a small economy in other words', () => {
    const clusterOf = cluster([
      ['一市', ['经济复苏的基础尚不牢固', '全市GDP总量不大，在全省位次靠后', '地方财政收支矛盾较大']],
      ['二市', ['经济回升向好的基础还不稳固', '经济总量偏小，综合实力不强', '民营企业融资难问题突出']],
      ['三市', ['经济恢复基础仍不稳定', '经济体量小、发展水平不高', '财政收支平衡压力大']],
    ]);
    for (const no of [1, 2]) {
      expect(clusterOf('一市', no), `problem ${no}`).toBe(clusterOf('二市', no));
      expect(clusterOf('二市', no), `problem ${no}`).toBe(clusterOf('三市', no));
    }
    expect(clusterOf('一市', 1)).not.toBe(clusterOf('一市', 2));
    expect(clusterOf('一市', 1)).not.toBe(clusterOf('三市', 3));
  });

  test('recurring-problems links government conduct worded as attitude, spirit or capability', () => {
    const clusterOf = cluster([
      ['A县', ['有的干部不敢为、不愿为，遇事躲着走', '县域工业基础薄弱']],
      ['B县', ['机关工作人员精神状态不佳，干事创业劲头不足', '城乡居民增收渠道不宽']],
      ['C县', ['少数公职人员服务意识淡薄，办事拖拉', '生态环境治理任务繁重']],
    ]);
    expect(clusterOf('A县', 1)).toBe(clusterOf('B县', 1));
    expect(clusterOf('B县', 1)).toBe(clusterOf('C县', 1));
    expect(clusterOf('A县', 1)).not.toBe(clusterOf('A县', 2));
  });

  test('recurring-problems links low participation of residents, villagers and the public', () => {
    const clusterOf = cluster([
      ['甲街道', ['居民参与社区活动热情不足', '社区工作人员专业素质参差不齐']],
      ['乙乡', ['群众主动参与的意识不强，存在等靠要思想', '村干部年龄偏大、文化程度偏低']],
      ['丙镇', ['群众参与文化活动的积极性不高', '网格员流动性大、队伍不稳定']],
    ]);
    expect(clusterOf('甲街道', 1)).toBe(clusterOf('乙乡', 1));
    expect(clusterOf('乙乡', 1)).toBe(clusterOf('丙镇', 1));
    expect(clusterOf('甲街道', 2)).toBe(clusterOf('丙镇', 2));
    expect(clusterOf('甲街道', 1)).not.toBe(clusterOf('甲街道', 2));
  });

  test('recurring-problems keeps jobs and incomes apart, and foreign trade apart from the world economy', () => {
    const clusterOf = cluster([
      ['北市', ['结构性就业矛盾突出，企业招工难', '城乡居民收入增长放缓', '进出口规模偏小，国际市场开拓不够', '世界经济复苏乏力，外部不确定因素增多']],
      ['南市', ['部分行业用工需求下降，就业形势复杂', '居民人均可支配收入低于全省平均水平', '外向型经济发展不足，利用外资规模小', '外部环境复杂严峻，国际形势变化莫测']],
      ['西市', ['高校毕业生等重点群体就业压力较大', '农民持续增收难度加大，增收渠道偏窄', '对外开放的广度和深度不够', '地缘政治冲突加剧，外需不振']],
    ]);
    for (const no of [1, 2, 3, 4]) {
      expect(clusterOf('北市', no), `problem ${no}`).toBe(clusterOf('南市', no));
      expect(clusterOf('南市', no), `problem ${no}`).toBe(clusterOf('西市', no));
    }
    expect(clusterOf('北市', 1)).not.toBe(clusterOf('北市', 2));
    expect(clusterOf('北市', 3)).not.toBe(clusterOf('北市', 4));
  });
});
