/**
 * Times `clusterProblems` on synthetic problem statements (10,000 and 50,000 by default; pass sizes as
 * arguments). Statements are drawn from topics, each with its own words and paraphrases, plus defect
 * phrases and filler words from a large synthetic vocabulary, so that feature frequencies look like a real
 * corpus: a few very common words, many rare ones. Usage: node dist/bench/cluster-bench.js [N …]
 */
import { clusterProblems, type ProblemToCluster } from '../aggregate/recurring-problems.js';

/** Deterministic pseudo-random numbers (mulberry32), so runs are comparable. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rand = random(20240601);
const pick = <T>(list: T[]): T => list[Math.floor(rand() * list.length)];
const syllable = () => String.fromCharCode(0x4e00 + Math.floor(rand() * 0x5000));
const word = () => syllable() + syllable();

const TOPIC_WORDS = [
  ['舆情', '监测', '网络', '负面信息', '反馈'], ['实践站', '闲置', '文明实践', '活动', '阵地'],
  ['宣传专干', '业务能力', '宣传队伍', '培训', '人才'], ['理论学习', '中心组', '研讨', '学用结合'],
  ['对外宣传', '外宣', '上稿', '主流媒体', '稿件'], ['移风易俗', '红白理事会', '彩礼', '大操大办'],
  ['经费', '资金投入', '保障', '拨付'], ['新媒体', '公众号', '阅读量', '粉丝', '短视频'],
  ['文明城市', '创城', '占道经营', '门前三包'], ['志愿服务', '志愿者', '常态化', '登记'],
];
const DEFECTS = ['不足', '不够', '薄弱', '滞后', '单一', '不强', '有待提高', '流于形式', '不到位', '偏低'];
const COMMON = ['工作', '宣传', '部分', '群众', '基层', '村级', '干部', '开展', '方面', '能力'];

/** Synthetic problems: 10 seed topics plus `n / 40` generated topics, each problem one topic in other words. */
function syntheticProblems(n: number): ProblemToCluster[] {
  const topics = [...TOPIC_WORDS];
  while (topics.length < 10 + n / 40) topics.push(Array.from({ length: 3 + Math.floor(rand() * 4) }, word));
  const filler = Array.from({ length: 20000 }, word);
  const townships = Array.from({ length: Math.max(10, n / 50) }, (_, i) => `镇${i}`);
  return Array.from({ length: n }, (_, i) => {
    const topic = pick(topics);
    const words = [pick(topic), pick(topic), pick(DEFECTS), pick(topic), pick(COMMON), pick(COMMON)];
    for (let k = 0, extra = 3 + Math.floor(rand() * 8); k < extra; k++) words.push(rand() < 0.3 ? pick(COMMON) : pick(filler));
    const township = pick(townships);
    const year = 2015 + Math.floor(rand() * 8);
    return { key: `${township}/${year}#${i}`, reportId: `${township}/${year}/${i % 7}`, township, year, headline: words.slice(0, 3).join(''), words };
  });
}

const sizes = process.argv.slice(2).map(Number).filter((x) => x > 0);
for (const n of sizes.length ? sizes : [10000, 50000]) {
  const items = syntheticProblems(n);
  const started = process.hrtime.bigint();
  const { clusters } = clusterProblems(items, { threshold: 0.25 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const largest = Math.max(...clusters.map((c) => c.keys.length));
  console.log(`${n} problems: ${seconds.toFixed(2)} s, ${clusters.length} clusters, largest ${largest} (${((100 * largest) / n).toFixed(1)}%)`);
}
