/**
 * Times `clusterProblems` on two kinds of synthetic problem statements (10,000 and 50,000 of each by default;
 * pass sizes as arguments, `--only topics|sentences` to run one kind):
 *
 * - topics: statements drawn from topics, each with its own words and paraphrases, plus defect phrases and
 *   filler words from a large synthetic vocabulary, so feature frequencies look like a real corpus (a few very
 *   common words, many rare ones);
 * - sentences: the statements `npm run bench` clusters: words of real problem sentences of the bundled reports
 *   with about a third swapped for other problem words (few distinct sentences, many near-duplicates).
 *
 * Each size is drawn from its own seed, so a size gives the same statements whatever else runs. Prints wall
 * time and the process's CPU time (user + system, GC threads included), which is steadier on a busy machine.
 *
 * Usage: node dist/bench/cluster-bench.js [N …] [--only topics|sentences]
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import jieba from 'zongjie-jieba';
import { clusterProblems, type ProblemToCluster } from '../aggregate/recurring-problems.js';
import { loadResources } from '../data/resources.js';
import { analyzeReport } from '../pipeline.js';
import { placeName, seededRandom, sentenceProblems } from './synthetic.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** the seed `npm run bench` uses by default, so the sentence statements are the same as there */
const BENCH_SEED = 20240601;

let rand = seededRandom(BENCH_SEED);
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

/** Topic statements: 10 seed topics plus `n / 40` generated topics, each problem one topic in other words. */
function topicProblems(n: number): ProblemToCluster[] {
  rand = seededRandom(BENCH_SEED + n);
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

/** The problem sentences of the bundled reports, as jieba words (as `npm run bench` collects them). */
function problemSentences(): string[][] {
  const corpusDir = path.join(ROOT, 'corpus');
  const resources = loadResources();
  const sentences: string[][] = [];
  for (const file of fs.readdirSync(corpusDir).filter((f) => f.endsWith('.txt')).sort()) {
    const raw = fs.readFileSync(path.join(corpusDir, file), 'utf8');
    const doc = analyzeReport({ id: file, source: file, format: 'txt', encoding: 'utf-8', bytes: Buffer.byteLength(raw), raw, given: {} }, resources);
    for (const p of doc.paragraphs) {
      if (p.section !== 'problems') continue;
      for (const sentence of doc.text.slice(p.start, p.end).split(/[。；;！？]/u)) {
        const words = jieba.cutWords(sentence, true).filter((w) => w.trim() !== '');
        if (words.length >= 4) sentences.push(words);
      }
    }
  }
  return sentences;
}


function measure(kind: string, items: ProblemToCluster[]): number {
  const started = process.hrtime.bigint();
  const cpuStarted = process.cpuUsage();
  const { clusters } = clusterProblems(items, { threshold: 0.25 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuStarted);
  const largest = Math.max(...clusters.map((c) => c.keys.length));
  const n = items.length;
  console.log(`${kind.padEnd(9)} ${String(n).padStart(6)} problems: ${seconds.toFixed(2)} s (CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s), ${clusters.length} clusters, largest ${largest} (${((100 * largest) / n).toFixed(1)}%)`);
  return seconds;
}

const args = process.argv.slice(2);
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? args[onlyAt + 1] : undefined;
const sizes = args.filter((a, k) => k !== onlyAt + 1 || onlyAt < 0).map(Number).filter((x) => x > 0);
const counts = sizes.length ? sizes : [10000, 50000];
for (const kind of ['topics', 'sentences']) {
  if (only && only !== kind) continue;
  const sentences = kind === 'sentences' ? problemSentences() : [];
  const times = counts.map((n) => measure(kind, kind === 'topics' ? topicProblems(n) : sentenceProblems(sentences, n, BENCH_SEED)));
  if (counts.length > 1) {
    const [first, last] = [times[0], times[times.length - 1]];
    console.log(`${kind.padEnd(9)} growth ${counts[0]}→${counts[counts.length - 1]}: ${(last / first).toFixed(2)}× for ${(counts[counts.length - 1] / counts[0]).toFixed(0)}× the problems`);
  }
}
