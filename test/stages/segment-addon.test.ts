import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import nodejieba from 'nodejieba';
import jieba from 'zongjie-jieba';
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareJiebaUserDict } from '../../src/data/user-dict.js';

// The zongjie-jieba addon (native/jieba) must cut exactly as nodejieba.cut does, from one dictionary per process
// that worker threads share.

const ADDON = createRequire(import.meta.url).resolve('zongjie-jieba');

/** Sentences written for this test: Han text, spaces, tabs and newlines, Latin, digits, punctuation, astral. */
const SENTENCES = [
  '',
  ' ',
  '　',
  '镇党委召开专题会议研究部署乡村振兴工作。',
  '全年完成固定资产投资3.2亿元，同比增长12.5%。',
  '新建 4G 基站 12 个，5G 信号覆盖全部行政村',
  '举办 Python 培训班两期，参训 80 余人次；开通 WiFi 热点',
  '一、基层党建\n二、经济发展\t三、社会事业',
  '  前导空格和尾随空格  ',
  '𠮷野家和𩸽鱼都是扩展汉字，😀也是四字节字符。',
  '𠀀𠀁𠀂连着的扩展字',
  '“双减”政策落地见效（详见附件1）——效果明显！',
  'ABC-123_def 混合 x.y.z v2.0 1,234,567',
  '村级集体经济收入突破50万元的村达到8个',
  '全角数字１２３和全角字母ＡＢＣ',
  '\u00a0不间断空格\u3000全角空格\u200b零宽空格',
  '开展“不忘初心、牢记使命”主题教育，落实全面从严治党主体责任',
];

function wordsOf(text: string, ends: Int32Array): string[] {
  const words: string[] = [];
  let start = 0;
  for (const end of ends) {
    words.push(text.slice(start, end));
    start = end;
  }
  return words;
}

let userDict: string;

beforeAll(() => {
  userDict = prepareJiebaUserDict('user-dict.txt');
  nodejieba.load({ userDict });
  jieba.load({ userDict });
});

describe('segment-addon cut', () => {
  it.each(SENTENCES.map((s) => [JSON.stringify(s), s]))('segment-addon cuts %s as nodejieba does, with and without HMM', (_, text) => {
    expect(jieba.cutWords(text, true)).toEqual(nodejieba.cut(text, true));
    expect(jieba.cutWords(text, false)).toEqual(nodejieba.cut(text, false));
    expect(jieba.cutWords(text)).toEqual(nodejieba.cut(text, true)); // HMM by default
  });

  it('segment-addon ends are UTF-16 offsets that tile the text', () => {
    const text = SENTENCES.join('\n');
    const ends = jieba.cut(text);
    expect(ends).toBeInstanceOf(Int32Array);
    expect(ends[ends.length - 1]).toBe(text.length);
    for (let k = 1; k < ends.length; k++) expect(ends[k]).toBeGreaterThan(ends[k - 1]);
    expect(wordsOf(text, ends)).toEqual(nodejieba.cut(text, true));
    expect(wordsOf('𠮷', jieba.cut('𠮷'))).toEqual(['𠮷']);
    expect([...jieba.cut('𠮷')]).toEqual([2]);
    expect(jieba.cut('').length).toBe(0);
  });

  it('segment-addon cutRanges cuts each range as cut cuts its slice, ends in the whole text, or asks for a longer array', () => {
    const text = SENTENCES.join('\n') + '孤立\ud800代理𠮷野家';
    // the sentences, one empty range, a range that splits a surrogate pair, two overlapping ranges, the whole text
    const ranges: number[] = [];
    let at = 0;
    for (const sentence of SENTENCES) {
      ranges.push(at, at + sentence.length);
      at += sentence.length + 1;
    }
    const astral = text.indexOf('𠮷');
    ranges.push(5, 5, astral - 2, astral + 1, 10, 40, 20, 60, 0, text.length);
    for (const hmm of [true, false]) {
      const expected: number[] = [];
      for (let r = 0; r < ranges.length; r += 2) {
        for (const end of jieba.cut(text.slice(ranges[r], ranges[r + 1]), hmm)) expected.push(ranges[r] + end);
      }
      const out = new Int32Array(2 * expected.length + 2).fill(-7);
      expect(jieba.cutRanges(text, Int32Array.from(ranges), hmm, out)).toBe(expected.length);
      expect(Array.from({ length: expected.length }, (_, k) => out[2 * k])).toEqual(expected);
      expect([...out.subarray(2 * expected.length)]).toEqual([-7, -7]);
      const short = new Int32Array(2 * expected.length - 1).fill(-7);
      expect(jieba.cutRanges(text, Int32Array.from(ranges), hmm, short)).toBe(-expected.length);
      expect(short.every((v) => v === -7)).toBe(true);
    }
    expect(jieba.cutRanges(text, new Int32Array(0), true, new Int32Array(0))).toBe(0);
    const out = new Int32Array(64);
    expect(() => jieba.cutRanges('乡村振兴', Int32Array.of(0, 5), true, out)).toThrow(/range 0 \[0, 5\) is not within the text/);
    expect(() => jieba.cutRanges('乡村振兴', Int32Array.of(3, 2), true, out)).toThrow(/not within the text/);
    expect(() => jieba.cutRanges('乡村振兴', Int32Array.of(-1, 2), true, out)).toThrow(/not within the text/);
    expect(() => jieba.cutRanges('乡村振兴', [0, 4] as unknown as Int32Array, true, out)).toThrow(/ranges must be an Int32Array/);
    expect(() => jieba.cutRanges('乡村振兴', Int32Array.of(0, 4), true, new Uint32Array(8) as unknown as Int32Array)).toThrow(/out must be an Int32Array/);
    expect(() => jieba.cutRanges('乡村振兴', Int32Array.of(0, 4), 'yes' as unknown as boolean, out)).toThrow(/hmm must be a boolean/);
  });

  it('segment-addon cutRanges gives one key per dictionary word and none to two words, 0 where it cannot tell', () => {
    const text = [...SENTENCES, '宣传工作宣传，工作宣传。乡村振兴乡村振兴战略', '孤立\ud800的乡村振兴'].join('\n');
    const ranges = Int32Array.of(0, text.length, 0, text.length - 8, text.length - 8, text.length);
    const out = new Int32Array(1 << 14);
    const wordOfKey = new Map<number, string>();
    let keyed = 0;
    for (const hmm of [true, false]) {
      const n = jieba.cutRanges(text, ranges, hmm, out);
      let k = 0;
      for (let r = 0; r < ranges.length; r += 2) {
        // the words of range r tile it
        for (let start = ranges[r]; start < ranges[r + 1]; start = out[2 * k], k++) {
          const word = text.slice(start, out[2 * k]);
          const key = out[2 * k + 1];
          if (key === 0) continue;
          keyed++;
          expect(wordOfKey.get(key) ?? word).toBe(word);
          wordOfKey.set(key, word);
        }
      }
      expect(k).toBe(n);
    }
    expect(new Set(wordOfKey.values()).size).toBe(wordOfKey.size); // one key per word
    expect([...wordOfKey.values()]).toEqual(expect.arrayContaining(['宣传', '工作', '乡村振兴']));
    expect(keyed).toBeGreaterThan(wordOfKey.size);
    // the range with a lone surrogate: no keys at all (its U+FFFD could be a U+FFFD of the text)
    const n = jieba.cutRanges(text, Int32Array.of(text.length - 8, text.length), true, out);
    expect(n).toBeGreaterThan(2);
    for (let k = 0; k < n; k++) expect(out[2 * k + 1]).toBe(0);
    expect(jieba.dictionaryId()).toBeGreaterThan(0);
  });

  it('segment-addon cutTokens gives the words of cutRanges without the whitespace ones, with their keys until told their ids', () => {
    const text = [...SENTENCES, '宣传工作宣传，工作宣传。乡村振兴乡村振兴战略', '孤立\ud800的乡村振兴', '   '].join('\n');
    const ranges = Int32Array.of(0, 40, 40, text.length - 12, text.length - 12, text.length - 3, text.length - 3, text.length, 5, 5);
    const pairs = new Int32Array(1 << 14);
    const n = jieba.cutRanges(text, ranges, true, pairs);
    // the reference: cutRanges' words, ends and keys, whitespace words left out, and each range's first word
    const expected: { start: number; end: number; key: number }[] = [];
    const firsts: number[] = [];
    for (let r = 0, k = 0; r < ranges.length; r += 2) {
      firsts.push(expected.length);
      for (let start = ranges[r]; start < ranges[r + 1]; start = pairs[2 * k], k++) {
        if (!/^\s+$/u.test(text.slice(start, pairs[2 * k]))) expected.push({ start, end: pairs[2 * k], key: pairs[2 * k + 1] });
      }
    }
    firsts.push(expected.length);
    expect(expected.length).toBeLessThan(n);
    const vocabulary = 1_000_001;
    const out = jieba.cutTokens(text, ranges, true, vocabulary);
    const m = expected.length;
    expect(out.length).toBe(3 * m + ranges.length / 2 + 1);
    expect([...out.subarray(0, m)]).toEqual(expected.map((w) => w.start));
    expect([...out.subarray(m, 2 * m)]).toEqual(expected.map((w) => w.end));
    expect([...out.subarray(3 * m)]).toEqual(firsts);
    // the keys: cutRanges' for longer words, one of its own for each one-character word (none in the range with
    // a lone surrogate), and never one key for two words
    const wordOfKey = new Map<number, string>();
    expected.forEach((w, t) => {
      const word = text.slice(w.start, w.end);
      const key = -1 - out[2 * m + t];
      if ([...word].length > 1 || t >= firsts[2]) expect(key).toBe(w.key);
      else expect(key).not.toBe(0);
      if (key === 0) return;
      expect(wordOfKey.get(key) ?? word).toBe(word);
      wordOfKey.set(key, word);
      w.key = key;
    });
    expect(new Set(wordOfKey.values()).size).toBe(wordOfKey.size);
    expect([...wordOfKey.values()]).toEqual(expect.arrayContaining(['，', '的', 'x', '𠮷', '宣传']));
    // told the keys' ids (a key keeps its first id; key 0 is none), it gives them back for that vocabulary
    const keys = [...new Set(expected.map((w) => w.key).filter((key) => key !== 0))];
    expect(keys.length).toBeGreaterThan(20);
    jieba.learnIds(vocabulary, Int32Array.from(keys.flatMap((key, i) => [key, i])), keys.length);
    jieba.learnIds(vocabulary, Int32Array.of(keys[0], 999, 0, 5), 2);
    const idOf = (key: number) => (key === 0 ? -1 : keys.indexOf(key));
    expect([...jieba.cutTokens(text, ranges, true, vocabulary).subarray(2 * m, 3 * m)]).toEqual(expected.map((w) => idOf(w.key)));
    // another vocabulary (or the first one after it) starts with none
    expect([...jieba.cutTokens(text, ranges, true, vocabulary + 1).subarray(2 * m, 3 * m)]).toEqual(expected.map((w) => -1 - w.key));
    expect([...jieba.cutTokens(text, ranges, true, vocabulary).subarray(2 * m, 3 * m)]).toEqual(expected.map((w) => -1 - w.key));
    expect(jieba.cutTokens('', new Int32Array(0), true, vocabulary)).toEqual(Int32Array.of(0));
    expect(() => jieba.cutTokens('乡村振兴', Int32Array.of(0, 5), true, vocabulary)).toThrow(/range 0 \[0, 5\) is not within the text/);
    expect(() => jieba.cutTokens('乡村振兴', [0, 4] as unknown as Int32Array, true, vocabulary)).toThrow(/ranges must be an Int32Array/);
    expect(() => jieba.cutTokens('乡村振兴', Int32Array.of(0, 4), true, 0)).toThrow(/vocabulary must be a number above 0/);
    expect(() => jieba.learnIds(vocabulary, Int32Array.of(1, 2), 2)).toThrow(/expected a vocabulary number/);
  });

  it('segment-addon cutTokens keeps every id it is told through the growth of its table, keys that share a slot included', () => {
    const text = SENTENCES.join('');
    const ranges = Int32Array.of(0, text.length);
    const vocabulary = 1_000_101;
    const out = jieba.cutTokens(text, ranges, true, vocabulary);
    const m = (out.length - 2) / 3;
    const keys = [...new Set([...out.subarray(2 * m, 3 * m)].map((id) => -1 - id).filter((key) => key !== 0))];
    // 40,000 other keys (the table starts at 4,096 slots and grows at half full), in blocks a stride apart as the
    // dictionary's states are, told between the words' keys
    const others = Array.from({ length: 40_000 }, (_, i) => 2_000_000 + (i % 100) * 12_553 + Math.floor(i / 100));
    const pairs: number[] = [];
    keys.forEach((key, i) => pairs.push(key, 100_000 + i, ...others.slice(400 * i, 400 * i + 400).flatMap((other) => [other, 7])));
    jieba.learnIds(vocabulary, Int32Array.from(pairs), pairs.length / 2);
    const again = jieba.cutTokens(text, ranges, true, vocabulary);
    [...out.subarray(2 * m, 3 * m)].forEach((id, t) => expect(again[2 * m + t]).toBe(id === -1 ? -1 : 100_000 + keys.indexOf(-1 - id)));
  });

  it('segment-addon cutTokens gives one-character words the first id it is told, below and above U+FFFF', () => {
    // The addon finds the ids of one-character words below U+10000 in a table by the character, the others (and
    // longer words) by their key in a hash table: both must keep a key's first id, and forget it for another
    // vocabulary.
    const text = '的，x𠮷的乡村振兴𠮷，x';
    const ranges = Int32Array.of(0, text.length);
    const vocabulary = 1_000_301;
    const out = jieba.cutTokens(text, ranges, true, vocabulary);
    const m = (out.length - 2) / 3;
    const words = Array.from({ length: m }, (_, t) => text.slice(out[t], out[m + t]));
    const keys = [...out.subarray(2 * m, 3 * m)].map((id) => -1 - id);
    const keyOf = new Map(words.map((word, t) => [word, keys[t]]));
    expect([...keyOf.keys()]).toEqual(expect.arrayContaining(['的', '，', 'x', '𠮷']));
    const distinct = [...keyOf.entries()];
    jieba.learnIds(vocabulary, Int32Array.from(distinct.flatMap(([, key], i) => [key, 10 + i])), distinct.length);
    jieba.learnIds(vocabulary, Int32Array.from(distinct.flatMap(([, key]) => [key, 99])), distinct.length);
    const again = jieba.cutTokens(text, ranges, true, vocabulary);
    expect([...again.subarray(2 * m, 3 * m)]).toEqual(words.map((word) => 10 + distinct.findIndex(([known]) => known === word)));
    expect([...jieba.cutTokens(text, ranges, true, vocabulary + 1).subarray(2 * m, 3 * m)]).toEqual(keys.map((key) => -1 - key));
  });

  it('segment-addon cutTokens leaves out exactly the words that JS calls whitespace (/^\\s+$/u)', () => {
    const vocabulary = 1_000_201;
    const ranges = Int32Array.of(0, 1);
    const dropped: number[] = [];
    for (let unit = 0; unit < 0x10000; unit++) {
      if (unit >= 0xd800 && unit <= 0xdfff) continue;
      // no word: only the range's first word and the count, both 0
      if (jieba.cutTokens(String.fromCharCode(unit), ranges, true, vocabulary).length === 2) dropped.push(unit);
    }
    const spaces = [];
    for (let unit = 0; unit < 0x10000; unit++) if (/^\s$/u.test(String.fromCharCode(unit))) spaces.push(unit);
    expect(dropped).toEqual(spaces);
    // words of several characters, astral ones and lone surrogates among them
    for (const text of ['\u3000\u3000', '\u00a0\u2000\u205f', '\u3000乡村', '\ufeff\ufeff', '𠮷\u3000', '\ud800 ', ' \udc00', '\u180e\u200b', 'a\u00a0b']) {
      const range = Int32Array.of(0, text.length);
      const words = jieba.cutWords(text).filter((word) => !/^\s+$/u.test(word));
      const out = jieba.cutTokens(text, range, true, vocabulary);
      const m = (out.length - 2) / 3;
      expect([...out.subarray(0, m)].map((start, t) => text.slice(start, out[m + t]))).toEqual(words);
    }
  });

  it('segment-addon cuts a lone surrogate where nodejieba cuts its U+FFFD', () => {
    const text = '孤立\ud800代理\udc00对';
    const words = jieba.cutWords(text);
    expect(words.map((w) => w.replace(/[\ud800-\udfff]/gu, '\ufffd'))).toEqual(nodejieba.cut(text, true));
    expect(words.join('')).toBe(text);
  });

  it('segment-addon refuses a dictionary it cannot read instead of aborting', () => {
    expect(() => jieba.load({ userDict: path.join(os.tmpdir(), 'zongjie-no-such-dict.txt') })).toThrow(/cannot read .*zongjie-no-such-dict/);
    // the thread keeps the segmenter it had
    expect(jieba.cutWords('乡村振兴')).toEqual(nodejieba.cut('乡村振兴', true));
  });
});

/** What a worker thread reports back: its cuts, and the process's segmenters while it held one. */
interface WorkerReport {
  cuts: string[][];
  built: boolean;
  stats: { instances: number; refs: number; built: number };
}

/**
 * Runs `count` worker threads that load `dict`, wait for each other, then cut `texts` `rounds` times each, at the
 * same time; each waits until all have cut before it ends, so that they overlap.
 */
function runWorkers(count: number, dict: string, texts: readonly string[], rounds: number): Promise<WorkerReport[]> {
  const barrier = new Int32Array(new SharedArrayBuffer(8));
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const jieba = require(workerData.addon);
    const { barrier, count, dict, texts, rounds } = workerData;
    const wait = (slot) => {
      Atomics.add(barrier, slot, 1);
      Atomics.notify(barrier, slot);
      for (let n; (n = Atomics.load(barrier, slot)) < count; ) Atomics.wait(barrier, slot, n, 1000);
    };
    const built = jieba.load({ userDict: dict });
    wait(0);
    const cuts = [];
    for (let r = 0; r < rounds; r++) for (const text of texts) cuts.push(jieba.cutWords(text));
    const stats = jieba.stats();
    wait(1);
    parentPort.postMessage({ cuts, built, stats });
  `;
  return Promise.all(
    Array.from({ length: count }, () => {
      const worker = new Worker(code, { eval: true, workerData: { addon: ADDON, barrier, count, dict, texts, rounds } });
      return new Promise<WorkerReport>((resolve, reject) => {
        let report: WorkerReport | undefined;
        worker.on('message', (message: WorkerReport) => (report = message));
        worker.on('error', reject);
        worker.on('exit', (code) => (report && code === 0 ? resolve(report) : reject(new Error(`worker exited with ${code}`))));
      });
    }),
  );
}

describe('segment-addon threads', () => {
  it('segment-addon two threads cutting at once give the tokens one thread gives, from one shared dictionary', async () => {
    const texts = [...SENTENCES, SENTENCES.join('').repeat(200)];
    const rounds = 5;
    const expected = texts.map((t) => jieba.cutWords(t));
    const before = jieba.stats();
    const reports = await runWorkers(2, userDict, texts, rounds);
    for (const report of reports) {
      expect(report.cuts).toHaveLength(texts.length * rounds);
      report.cuts.forEach((cut, i) => expect(cut).toEqual(expected[i % texts.length]));
      // the main thread's dictionary was reused: nothing new was built, one more user per worker
      expect(report.built).toBe(false);
      expect(report.stats.instances).toBe(before.instances);
      expect(report.stats.built).toBe(before.built);
      expect(report.stats.refs).toBe(before.refs + 2);
    }
    // the workers that ended gave their references back
    expect(jieba.stats()).toEqual(before);
  });

  it('segment-addon builds one dictionary for threads that ask for new files at once, and frees it after the last', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zongjie-addon-'));
    const dict = path.join(dir, 'user.txt');
    fs.writeFileSync(dict, '宣讲队伍 100 n\n');
    try {
      const before = jieba.stats();
      const reports = await runWorkers(2, dict, ['构建宣讲队伍体系'], 1);
      // one of the two built it, the other waited and shared it
      expect(reports.filter((r) => r.built)).toHaveLength(1);
      for (const report of reports) {
        expect(report.cuts).toEqual([['构建', '宣讲队伍', '体系']]);
        expect(report.stats.instances).toBe(before.instances + 1);
        expect(report.stats.built).toBe(before.built + 1);
      }
      // both ended: their dictionary is gone, the main thread's is still there
      const after = jieba.stats();
      expect(after.instances).toBe(before.instances);
      expect(after.refs).toBe(before.refs);
      expect(after.built).toBe(before.built + 1);
      expect(jieba.cutWords('乡村振兴')).toEqual(nodejieba.cut('乡村振兴', true));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('segment-addon preload', () => {
  it('segment-addon preload builds a dictionary on a thread of its own, and threads that load those files take it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zongjie-addon-'));
    const dict = path.join(dir, 'user.txt');
    fs.writeFileSync(dict, '宣讲队伍 100 n\n');
    try {
      const before = jieba.stats();
      expect(jieba.preload({ userDict: dict })).toBe(true);
      // preload returns at once; the build goes on without this thread
      for (let waited = 0; jieba.stats().built === before.built; waited += 20) {
        if (waited > 30_000) throw new Error('the preloaded dictionary was never built');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      // built, and nobody uses it yet; this thread keeps its own
      expect(jieba.stats()).toMatchObject({ loaded: true, instances: before.instances + 1, refs: before.refs, built: before.built + 1 });
      const reports = await runWorkers(2, dict, ['构建宣讲队伍体系'], 1);
      for (const report of reports) {
        expect(report.built).toBe(false);
        expect(report.cuts).toEqual([['构建', '宣讲队伍', '体系']]);
        expect(report.stats.built).toBe(before.built + 1);
      }
      // the last thread that used it let it go
      expect(jieba.stats()).toMatchObject({ instances: before.instances, refs: before.refs, built: before.built + 1 });
      expect(jieba.cutWords('乡村振兴')).toEqual(nodejieba.cut('乡村振兴', true));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('segment-addon preload of a file it cannot read starts nothing, and load still reports it', () => {
    const missing = path.join(os.tmpdir(), 'zongjie-no-such-preload-dict.txt');
    const before = jieba.stats();
    expect(jieba.preload({ userDict: missing })).toBe(false);
    expect(jieba.stats()).toEqual(before);
    expect(() => jieba.load({ userDict: missing })).toThrow(/cannot read .*zongjie-no-such-preload-dict/);
  });
});

describe('segment-addon before load', () => {
  it('segment-addon every cutting call on a thread that has not loaded a segmenter throws, naming the call', async () => {
    // A thread of its own: this file's thread has loaded one.
    const code = `
      const { parentPort, workerData } = require('node:worker_threads');
      const addon = require(workerData.addon);
      const calls = {
        cut: () => addon.cut('甲', true),
        cutRanges: () => addon.cutRanges('甲', new Int32Array([0, 1]), true, new Int32Array(4)),
        cutTokens: () => addon.cutTokens('甲', new Int32Array([0, 1]), true, 1),
        learnIds: () => addon.learnIds(1, new Int32Array(2), 0),
      };
      const messages = {};
      for (const [name, call] of Object.entries(calls)) {
        try { call(); messages[name] = 'no error'; } catch (error) { messages[name] = error.message; }
      }
      parentPort.postMessage({ loaded: addon.stats().loaded, messages });
    `;
    const worker = new Worker(code, { eval: true, workerData: { addon: ADDON } });
    const report = await new Promise<{ loaded: boolean; messages: Record<string, string> }>((resolve, reject) => {
      worker.on('message', resolve);
      worker.on('error', reject);
    });
    await worker.terminate();
    expect(report.loaded).toBe(false);
    expect(report.messages).toEqual({
      cut: 'zongjie-jieba cut: call load() first',
      cutRanges: 'zongjie-jieba cutRanges: call load() first',
      cutTokens: 'zongjie-jieba cutTokens: call load() first',
      learnIds: 'zongjie-jieba learnIds: call load() first',
    });
  }, 60_000);
});
