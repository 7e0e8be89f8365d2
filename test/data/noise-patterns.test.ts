import { describe, expect, it } from 'vitest';
import { readDataTsv } from '../../src/data/load.js';
import { isNoiseLine, loadPatternFile } from '../../src/data/patterns.js';
import { isFurnitureLine } from '../../src/stages/clean.js';
import { resources } from '../helpers.js';

/** A line is page furniture on its own: a pattern of data/noise-lines.txt, a block header or its site words. */
const isFurniture = (line: string) => isFurnitureLine(line.trim(), resources());

const noiseLines = loadPatternFile('noise-lines.txt');
const spamPatterns = loadPatternFile('spam-patterns.txt', 'gu');

function removeSpam(text: string): string {
  return spamPatterns.reduce((acc, pattern) => acc.replace(pattern, ''), text);
}

/** Page-noise lines (own examples in the style of document-sharing and portal sites). */
const NOISE: string[] = [
  '温馨提示:',
  '温馨提示:文档预览可能与原文排版不同,下载后可正常查看。',
  '1. 部分包含图表的文件,预览时可能显示异常,下载后无此问题。',
  '2、本文档由会员上传,仅供学习交流使用。',
  '3. 下载前请仔细核对文档标题和页数。',
  '4.下载文档时如遇网络问题请联系客服。',
  '本站不保证资源的准确性,请自行甄别。',
  '网站客服:400-810-2233',
  '客服QQ:123456789',
  '申明敬告:本站文档均由用户上传,仅供参考。',
  '文档介绍:',
  '本文版权归原作者所有,转载请注明出处。',
  '本文来源于网络,如有侵权请联系删除',
  '预览阅读已结束,如需全文请下载。',
  '页数:12',
  '版权所有:某某县人民政府办公室',
  'Copyright © 2015-2024 范文网 All Rights Reserved',
  '备案号:蜀ICP备20230123号-2',
  '浏览量:177 | 发布时间:2024-01-23',
  '阅读量:2356',
  '浏览次数:88次',
  '发布时间:2022-11-03 来源:镇党政办',
  '发布日期:2021年06月30日',
  '来源:本站原创 作者:佚名 浏览次数:532',
  '责任编辑:王小明',
  '字号:大 中 小',
  '上一篇:村委会年度工作总结',
  '- 下一篇:2023年安全生产工作计划',
  '下一页',
  '点赞:',
  '收藏:',
  '点赞 收藏',
  '【打印本页】【关闭窗口】',
  '分享 | 打印 | 关闭',
  '分享到:微信 微博',
  '当前位置:首页 > 公文写作 > 工作总结',
  '首页 > 范文 > 总结',
  '相关文章',
  '相关推荐:',
  '相关新闻:',
  '热门文章',
  '您可能关注的文档',
  '查看更多>>',
  '评论(3)',
  '扫一扫分享',
  '扫一扫,手机阅读',
  '扫码关注,获取更多',
  '关注公众号,免费领取更多范文',
  '免费下载',
  '立即下载',
  '付费下载 ¥3.00',
  'VIP专享文档,开通会员免费下载',
  '打开APP阅读全文',
  '请点击这里联系客服',
  '原创力文档知识共享平台',
  '第 3 页 共 10 页',
  '第3页',
  '- 3 -',
  '— 12 —',
  '3 / 10',
  'Page 2 of 9',
  // kinds seen on real report pages (docs/pages-studied.md), own wording
  '来源：河东日报',
  '（来源：县融媒体中心）',
  '来源:',
  '时间：2024-03-05',
  '2024年03月05日 08时15分',
  '2024-03-05 08:15:02',
  '2024-03-05',
  '【字号：',
  '【字体：大 中 小】',
  '加大',
  '减小',
  '】',
  '全屏',
  '>',
  '3f2a9c0d1e4b5a6978c0d1e2f3a4b5c6:',
  '镇长李某某在会上作工作报告。本报记者 王小摄',
  '索引号：11520000/2024-00031',
  '发文机关：某某街道办事处',
  '成文日期：2024-01-05',
  '索引号 620000/2024-00047 发文字号 关键词',
  '篇二',
  '第3篇：',
  '目录',
  '导语：本文来源于网友上传，不代表本站观点。',
  '此处隐藏：2860字，全部文档内容请下载后查看。',
  '版权说明：本文档由用户提供并上传，若内容存在侵权，请进行举报',
  '下面是小编为大家整理的街道工作总结，供大家参考。',
  '名词解释',
  '《工作报告》有关内容名词注释',
  '相关附件>>',
];

/** Report sentences (own examples); no noise pattern may match any of them. */
const REPORT: string[] = [
  '温馨提示群众注意防范电信诈骗,全年发放宣传资料3000份。',
  '引导群众通过扫一扫二维码参与网上答题活动,参与人数达2000余人。',
  '引导党员群众关注镇微信公众号,粉丝数突破5000人。',
  '组织党员下载学习强国APP,全镇注册率达到98%。',
  '群众可通过镇政府网站免费下载各类政策解读材料。',
  '1、认真落实党委中心组学习制度,全年集中学习12次。',
  '2.本站点(新时代文明实践站)全年开展活动48场次。',
  '阅读量达10万以上的稿件有3篇,有效扩大了影响力。',
  '发布时间短、覆盖面广的新媒体平台成为宣传主渠道。',
  '上一年度存在的问题已全部整改到位。',
  '下一步,我们将继续加强网络阵地建设。',
  '收藏家协会捐赠书画作品30余幅。',
  '分享交流学习心得体会,撰写学习笔记20余篇。',
  '首页开设"乡村振兴"专栏,推送信息200余条。',
  '相关文章在县融媒体中心刊发后,引起较大反响。',
  '加强版权保护宣传,开展"扫黄打非"进基层活动4次。',
  '整治棋牌室聚众赌博行为,查处违规场所2家。',
  '第三,强化队伍建设。',
  '(三)2023年工作计划',
  '2023年12月20日',
  '填报日期:2023年6月30日',
  '中共XX镇委员会',
  '来源于群众的意见建议共收集120条。',
  '编辑制作宣传册5000份,发放到户。',
  '点赞身边好人,弘扬社会正气。',
  '关闭违规微信群3个,清理有害信息20余条。',
  '评论员队伍在网络舆论斗争中发挥了重要作用。',
  '版权归属问题纳入文化市场执法检查内容。',
  '来源于基层的典型经验,在全镇推广。',
  '时间紧、任务重,我们倒排工期抓落实。',
  '一是大力推进移风易俗,全年开展宣讲20场。',
  '聘请记者站记者开展新闻写作培训2期。',
  '篇篇精品,全年在省级以上媒体刊发稿件12篇。',
  '第3篇调研文章获县级优秀调研成果奖。',
  '2023年6月30日',
  '小学生作文大赛共收到作品300余篇。',
];

describe('noise-lines patterns', () => {
  it('noise-lines every pattern compiles and is anchored', () => {
    expect(noiseLines.length).toBeGreaterThanOrEqual(30);
    for (const pattern of noiseLines) {
      expect(pattern.source.startsWith('^')).toBe(true);
      expect(pattern.source.endsWith('$')).toBe(true);
      // Unbounded wildcards would let one noise cue drop a whole report pasted as a single line.
      expect(pattern.source).not.toMatch(/\.\*|\.\+/u);
    }
  });

  it.each(NOISE)('noise-lines matches page noise %s', (line) => {
    expect(isFurniture(line)).toBe(true);
  });

  it.each(REPORT)('noise-lines leaves report sentence %s', (line) => {
    expect(noiseLines.filter((p) => p.test(line.trim())).map((p) => p.source)).toEqual([]);
    expect(isFurniture(line)).toBe(false);
  });

  it('noise-lines leaves every report sentence of the section training set', () => {
    const sentences = readDataTsv('section-training.tsv', 2).filter(({ fields }) => fields[0] !== 'noise');
    expect(sentences.length).toBeGreaterThanOrEqual(280);
    const hit = sentences.map(({ fields }) => fields[1]!).filter((s) => isNoiseLine(s, noiseLines) || isFurniture(s));
    expect(hit).toEqual([]);
  });

  it('noise-lines leaves a report pasted as one long line with noise cues inside', () => {
    const body = REPORT.join(' ');
    const long = `浏览量:177 ${body} 上一篇:村委会年度工作总结 ${body} 相关文章`;
    expect(isNoiseLine(long, noiseLines)).toBe(false);
  });
});

describe('spam patterns', () => {
  it.each([
    ['abc 飞速体育_abc直播吧飞速体育_快看直播市创建全国文明城市', '市创建全国文明城市'],
    ['荣获“感动abc 飞速体育_abc直播吧飞速体育_快看直播十佳女性”称号', '荣获“感动十佳女性”称号'],
    ['在nba直播吧日报上刊发稿件', '在日报上刊发稿件'],
    ['刊发于bet彩票_ag娱乐城_棋牌网络平台', '刊发于网络平台'],
  ])('spam patterns remove the run in %s', (input, expected) => {
    expect(removeSpam(input)).toBe(expected);
  });

  it.each([
    '协助开展福利彩票和体育彩票销售点安全检查',
    '整治棋牌室聚众赌博行为',
    '组织观看NBA比赛直播的活动不属于本次统计范围',
    '开展体育直播进社区活动',
    '全年共开展LED屏宣传120次',
    '宣传栏_2023年第3期',
  ])('spam patterns leave report text %s', (text) => {
    expect(removeSpam(text)).toBe(text);
  });

  it('spam patterns leave every sentence of the section training set', () => {
    const changed = readDataTsv('section-training.tsv', 2)
      .map(({ fields }) => fields[1]!)
      .filter((s) => removeSpam(s) !== s);
    expect(changed).toEqual([]);
  });
});
