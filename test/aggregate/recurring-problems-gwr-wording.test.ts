/**
 * Recurrence of the problems of provincial government work reports in wordings of other years: the words reports
 * of 2009–2025 use for the topics of test/eval/gold-real/LABELS.tsv (税收减收 and 紧平衡 for the budget, 为官不为 and
 * 政绩观 for government conduct, 民族团结 and 宗教 for stability, 扶贫 and 贫困人口 for poverty …). Each report states
 * the same topics in the same order in its own words; a topic must form one cluster and stay apart from the others.
 * Sentences written for this test.
 */
import { describe, expect, test } from 'vitest';
import { clusterProblems } from '../../src/aggregate/recurring-problems.js';
import { clusterLookup, statedProblems } from '../helpers/stated-problems.js';

/** Clusters the reports' problems; every report states its problems in the same topic order. */
function expectTopicsApartAndTogether(reports: [string, string[]][]): void {
  const items = statedProblems(reports, 2024, (text) => text.split(/[，；。]/u)[0]);
  const clusterOf = clusterLookup(items, clusterProblems(items, { threshold: 0.25 }).clusterIds);
  const topics = reports[0][1].length;
  for (let no = 1; no <= topics; no++) {
    for (const [report] of reports.slice(1)) expect(clusterOf(report, no), `${report} problem ${no}`).toBe(clusterOf(reports[0][0], no));
  }
  for (const [report] of reports) {
    const ids = Array.from({ length: topics }, (_, k) => clusterOf(report, k + 1));
    expect(new Set(ids).size, `${report}: topics apart`).toBe(topics);
  }
}

describe('recurring-problems wordings of government work reports', () => {
  test('recurring-problems links stability, safety and the budget in other words, each apart', () => {
    expectTopicsApartAndTogether([
      ['一省', ['反分裂斗争形势依然严峻复杂', '安全生产事故时有发生', '财政运行处于紧平衡状态']],
      ['二省', ['维护社会大局稳定的任务十分繁重', '防灾减灾救灾能力还不够强', '税收减收较多，财源建设滞后']],
      ['三省', ['民族团结和宗教领域工作还需持续用力', '煤矿等领域安全隐患较多', '地方财政收支矛盾仍然突出']],
    ]);
  });

  test('recurring-problems links government conduct, the business environment and poverty in other words, each apart', () => {
    expectTopicsApartAndTogether([
      ['甲省', ['少数干部为官不为、庸政懒政', '投资环境和政务环境仍需改善', '扶贫开发任务依然繁重']],
      ['乙省', ['有的干部政绩观存在偏差，热衷搞表面文章', '营商环境与先进地区相比差距明显', '农村贫困人口脱贫难度加大']],
      ['丙省', ['政府职能转变仍不到位，办事效率不高', '市场秩序不够规范，公平竞争环境有待完善', '巩固脱贫攻坚成果压力较大']],
    ]);
  });

  test('recurring-problems links the environment, people in need and the world economy in other words, each apart', () => {
    expectTopicsApartAndTogether([
      ['东省', ['城乡垃圾污水处理能力不足', '部分困难群众生活仍较困难', '逆全球化思潮抬头，外部压力加大']],
      ['西省', ['大气污染防治任务依然艰巨', '老旧小区和棚户区改造任务繁重', '世界经济复苏乏力，国际贸易摩擦增多']],
      ['南省', ['黑臭水体整治还需加力', '教育、医疗、养老等公共服务仍有短板', '多边主义和自由贸易受到冲击']],
    ]);
  });

  test('recurring-problems links problems stated with a setting first: 科技 alone, 环境基础设施, 人均地区生产总值, 网格化', () => {
    expectTopicsApartAndTogether([
      ['北省', ['科技进步对产业升级的支撑还不够有力', '城镇环境基础设施建设滞后，污水收集处理能力偏弱', '人均地区生产总值仍低于全国平均水平', '网格化服务管理还不够精细']],
      ['中省', ['自主创新能力总体偏弱', '大气和水污染防治任务繁重', '经济总量不大，综合实力不强', '基层社会治理能力有待增强']],
      ['西省', ['研发机构少、科研成果产出不多', '生态环境保护修复任务艰巨', '欠发达的基本省情没有根本改变', '社会矛盾纠纷化解难度加大']],
    ]);
  });
});
