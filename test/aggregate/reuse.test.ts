import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { countBuckets, emptyBucketSizes, extend, findReuse, findReuseIn, FormulaBits, keepSpare, markPhrases, MetSeeds, PairIndex, PairSeeds, PrintRegions, RecentPairs, regionsInOrderAdded, sharedPrints, phraseNeedles, recycledFrom, sideUnion, sortKeys, sortPlaces, U32List, unionLength, winnow, type CorpusPrints, type RawPassage, type ReuseInput, type ReusePassage } from '../../src/aggregate/reuse.js';
import { ReuseStore } from '../../src/aggregate/reuse-store.js';
import { codeUnits, endOffset, toMatchText } from '../../src/aggregate/normalize-match.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'reuse');
const TOWNSHIPS: Record<string, string> = { linkou: '陵口镇', jiepai: '界牌镇', fangxian: '访仙镇', yanling: '延陵镇', situ: '司徒镇' };

function fixture(id: string): ReuseInput {
  const [place, year] = id.split('-');
  return { id, township: TOWNSHIPS[place], year: Number(year), text: fs.readFileSync(path.join(FIXTURES, `${id}.txt`), 'utf8') };
}

const CORPUS = ['linkou-2021', 'linkou-2022', 'jiepai-2021', 'fangxian-2021', 'yanling-2021', 'situ-2021'].map(fixture);
const OPTIONS = { minChars: 30, maxDocShare: 0.2 };
const TOLERANCE = 3;

/** Offset of `needle` in `text`, failing the test when it is missing. */
function at(text: string, needle: string): number {
  const offset = text.indexOf(needle);
  expect(offset, `fixture text should hold ${needle.slice(0, 12)}…`).toBeGreaterThanOrEqual(0);
  return offset;
}

function passagesOf(passages: ReusePassage[], a: string, b: string): ReusePassage[] {
  return passages.filter((p) => p.reportA === a && p.reportB === b);
}

/** Asserts that one passage covers [start, end) of A and B within the tolerance. */
function expectPassage(passages: ReusePassage[], a: { start: number; end: number }, b: { start: number; end: number }): ReusePassage {
  const hit = passages.find((p) => Math.abs(p.a.start - a.start) <= TOLERANCE && Math.abs(p.b.start - b.start) <= TOLERANCE);
  expect(hit, `passage at A ${a.start} / B ${b.start} among ${JSON.stringify(passages.map((p) => [p.a, p.b]))}`).toBeDefined();
  expect(Math.abs(hit!.a.end - a.end)).toBeLessThanOrEqual(TOLERANCE);
  expect(Math.abs(hit!.b.end - b.end)).toBeLessThanOrEqual(TOLERANCE);
  return hit!;
}

describe('toMatchText', () => {
  it('reuse drops punctuation and folds figures and placeholder marks into one class', () => {
    for (const text of ['开展活动12场,受众300人', '开展活动 8 场。受众X人', '开展活动*场、受众 x 余人'.replace('余', '')]) {
      expect(toMatchText(text).chars).toBe('开展活动#场受众#人');
    }
    expect(toMatchText('电子LED大屏').chars).toBe('电子led大屏');
    expect(toMatchText('XX镇').chars).toBe('#镇');
  });

  it('reuse maps matching characters back to their offsets', () => {
    const text = '全年 开展12.5次,Wechat推送';
    const match = toMatchText(text);
    for (let i = 0; i < match.chars.length; i++) {
      if (match.chars[i] !== '#') expect(text[match.starts[i]].toLowerCase()).toBe(match.chars[i]);
    }
    const figure = match.chars.indexOf('#');
    const endOf = (i: number) => endOffset(codeUnits(text), codeUnits(match.chars), match.starts, i);
    // A folded figure run ends at its last figure, not at the punctuation after it; any other character spans one unit.
    expect(text.slice(match.starts[figure], endOf(figure))).toBe('12.5');
    for (let i = 0; i < match.chars.length; i++) if (i !== figure) expect(endOf(i)).toBe(match.starts[i] + 1);
    // The scratch the folding reuses is not shared.
    const other = toMatchText('二〇二一年，XX镇完成3项');
    expect(other.chars).toBe('二〇二一年#镇完成#项');
    expect([...toMatchText(text).starts]).toEqual([...match.starts]);
  });

  it('reuse folds as the per-character rules say (letter runs of x only are marks, figure runs across drops)', () => {
    /** The rules of normalize-match.ts spelled out per character, as the folding applied them before its kind table. */
    const reference = (text: string): { chars: string; starts: number[] } => {
      const latin = /[A-Za-zＡ-Ｚａ-ｚ]/;
      // Note: by code unit (text[i]), as the folding reads the text: surrogate halves are kinds of their own.
      const kinds: string[] = [];
      for (let i = 0; i < text.length; ) {
        if (latin.test(text[i])) {
          let end = i;
          while (end < text.length && latin.test(text[end])) end++;
          const kind = /^[xXｘＸ]+$/.test(text.slice(i, end)) ? 'figure' : 'keep';
          for (; i < end; i++) kinds.push(kind);
          continue;
        }
        kinds.push(/[0-9０-９*＊×]/.test(text[i]) ? 'figure' : /[\u3400-\u9fff\u3007\uf900-\ufaff\ud800-\udfff]/.test(text[i]) ? 'keep' : 'drop');
        i++;
      }
      let chars = '';
      const starts: number[] = [];
      let last = 'drop';
      kinds.forEach((kind, i) => {
        if (kind === 'drop' || (kind === 'figure' && last === 'figure')) return;
        chars += kind === 'figure' ? '#' : text[i].replace(/[Ａ-Ｚａ-ｚ]/, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).toLowerCase();
        starts.push(i);
        last = kind;
      });
      starts.push(text.length);
      return { chars, starts };
    };
    const alphabet = ['开', '展', '〇', '12', '３', '.', '，', ' ', '\n', 'x', 'X', 'ｘ', 'Ｘ', 'LED', 'Ａb', 'ｚ', '*', '＊', '×', '镇', '\ud800', '\udc00', '豈', 'é', '—'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 60 }), (parts) => {
        const text = parts.join('');
        const match = toMatchText(text);
        expect({ chars: match.chars, starts: [...match.starts] }).toEqual(reference(text));
      }),
      { numRuns: 500 },
    );
  });

  it('reuse marks every occurrence of every formula phrase, overlapping ones too, as a string search does', () => {
    const phrases = ['深入学习', '学习贯彻', '贯彻落实', '落实落实', '12项', '甲'];
    const needles = phrases.map((p) => toMatchText(p).chars).filter((n) => n.length >= 2);
    fc.assert(
      fc.property(fc.array(fc.constantFrom('深入', '学习', '贯彻', '落实', '，', '#', '3', '项', '\ud800'), { maxLength: 40 }), (parts) => {
        const chars = toMatchText(parts.join('')).chars;
        const bySearch: string[] = [];
        for (const needle of needles) for (let at = chars.indexOf(needle); at >= 0; at = chars.indexOf(needle, at + 1)) bySearch.push(`${at}-${at + needle.length}`);
        const marked: string[] = [];
        markPhrases(codeUnits(chars), phraseNeedles(phrases), (start, end) => marked.push(`${start}-${end}`));
        expect(marked.sort()).toEqual(bySearch.sort());
      }),
    );
  });
});

describe('findReuse', () => {
  const result = findReuse(CORPUS, OPTIONS);
  const linkou = CORPUS[0].text;
  const jiepai = CORPUS[2].text;

  it('reuse finds a verbatim copy across townships with its offsets in both reports', () => {
    const copy = '我们在运河沿线的七个村建起了“板凳课堂”,利用农闲时节把宣讲送到田间地头,全年累计开展宣讲86场,受众三千余人次';
    const hit = expectPassage(
      passagesOf(result.passages, 'jiepai-2021', 'linkou-2021'),
      { start: at(jiepai, copy), end: at(jiepai, copy) + copy.length },
      { start: at(linkou, copy), end: at(linkou, copy) + copy.length },
    );
    expect(hit.similarity).toBe(1);
    expect(hit.sameTownship).toBe(false);
  });

  it('reuse finds an edited copy with swapped figures and a changed word', () => {
    const startText = '镇宣传办组织通讯员深入一线';
    const endText = '在群众中引起较大反响';
    const a = { start: at(jiepai, startText), end: at(jiepai, endText) + endText.length };
    const b = { start: at(linkou, startText), end: at(linkou, endText) + endText.length };
    const hit = expectPassage(passagesOf(result.passages, 'jiepai-2021', 'linkou-2021'), a, b);
    expect(hit.similarity).toBeLessThan(1);
    expect(hit.similarity).toBeGreaterThan(0.9);
  });

  it('reuse keeps the stock opening shared by every report out as formula', () => {
    const stock = '以习近平新时代中国特色社会主义思想为指导';
    expect(result.passages.filter((p) => p.text.includes(stock) && !p.sameTownship)).toEqual([]);
    // Without the share rule the same opening is reported between unrelated townships: the filter is what keeps it out.
    const unfiltered = findReuse(CORPUS, { ...OPTIONS, maxDocShare: 1 });
    expect(unfiltered.passages.some((p) => p.text.includes(stock) && p.reportA === 'situ-2021' && p.reportB === 'yanling-2021')).toBe(true);
  });

  it('reuse does not apply the share rule below formulaMinReports', () => {
    const two = findReuse([CORPUS[0], CORPUS[3]], { ...OPTIONS, maxDocShare: 0.2 });
    expect(two.passages.length).toBe(1);
    expect(two.passages[0].text).toContain('使命任务');
  });

  it('reuse treats listed formula phrases as formula in a tiny corpus', () => {
    const phrases = ['坚持以习近平新时代中国特色社会主义思想为指导,全面贯彻落实党的十九届六中全会精神,紧紧围绕举旗帜、聚民心、育新人、兴文化、展形象的使命任务'];
    const two = findReuse([CORPUS[0], CORPUS[3]], { ...OPTIONS, formulaPhrases: phrases });
    expect(two.passages).toEqual([]);
  });

  it('reuse finds a planted passage of known length at a known position', () => {
    const source = CORPUS[3].text; // 访仙镇
    const copy = source.slice(at(source, '依托千年古镇'), at(source, '热门去处') + 4);
    const host = CORPUS[5].text; // 司徒镇
    const insertAt = at(host, '镇里修缮了');
    const planted: ReuseInput = { id: 'planted', township: '丹北镇', year: 2021, text: host.slice(0, insertAt) + copy + host.slice(insertAt) };
    const found = findReuse([CORPUS[3], planted], OPTIONS);
    const hit = expectPassage(
      passagesOf(found.passages, 'fangxian-2021', 'planted'),
      { start: at(source, copy), end: at(source, copy) + copy.length },
      { start: insertAt, end: insertAt + copy.length },
    );
    expect(hit.chars).toBeGreaterThan(copy.length - 20);
    expect(hit.text).toBe(copy.slice(0, hit.text.length));
  });

  it('reuse bridges scattered one-character edits into one passage', () => {
    const source = CORPUS[0].text;
    const original = source.slice(at(source, '依托镇文体中心'), at(source, '就能借到书') + 5);
    // Change one character every 15: no exact run reaches the 17 characters that winnowing guarantees to seed.
    const edited = [...original].map((ch, i) => (i % 15 === 7 && /[\u4e00-\u9fff]/.test(ch) ? '某' : ch)).join('');
    const host = CORPUS[4].text;
    const insertAt = at(host, '不足之处');
    const planted: ReuseInput = { id: 'zz-edited', township: '丹北镇', year: 2021, text: host.slice(0, insertAt) + edited + '\n' + host.slice(insertAt) };
    const found = findReuse([CORPUS[0], planted], OPTIONS);
    const hit = expectPassage(
      passagesOf(found.passages, 'linkou-2021', 'zz-edited'),
      { start: at(source, original), end: at(source, original) + original.length },
      { start: insertAt, end: insertAt + edited.length },
    );
    expect(hit.similarity).toBeGreaterThan(0.85);
    expect(hit.similarity).toBeLessThan(1);
  });

  it('reuse sums pairs with shares of each report', () => {
    const pair = result.pairs.find((p) => p.reportA === 'jiepai-2021' && p.reportB === 'linkou-2021')!;
    expect(pair.passages).toBe(2);
    expect(pair.sharedChars).toBe(passagesOf(result.passages, 'jiepai-2021', 'linkou-2021').reduce((n, p) => n + p.chars, 0));
    expect(pair.shareA).toBeGreaterThan(0.15);
    expect(pair.shareA).toBeLessThan(0.4);
    expect(pair.townshipB).toBe('陵口镇');
    expect(result.pairs.some((p) => p.reportA === 'situ-2021' || p.reportB === 'situ-2021')).toBe(false);
  });

  it('reuse output is stable across input order', () => {
    const shuffled = findReuse([...CORPUS].reverse(), OPTIONS);
    expect(shuffled.passages).toEqual(result.passages);
    expect(shuffled.pairs).toEqual(result.pairs);
  });
});

describe('findReuse in parts', () => {
  it('reuse hands each pair’s passages over in list order and keeps none when asked to', () => {
    const whole = findReuse(CORPUS, OPTIONS);
    const handed: ReusePassage[][] = [];
    const streamed = findReuse(CORPUS, OPTIONS, (passages) => handed.push(passages));
    expect(whole.passages.length).toBeGreaterThan(0);
    expect(streamed.passages).toEqual([]);
    expect(handed.flat()).toEqual(whole.passages);
    expect(handed.length).toBe(whole.pairs.length);
    for (const passages of handed) expect(new Set(passages.map((p) => `${p.reportA}\n${p.reportB}`)).size).toBe(1);
    expect(streamed.pairs).toEqual(whole.pairs);
    expect(streamed.stats).toEqual(whole.stats);
  });

  it('reuse finds the same whatever the batch of seeds filed at once', () => {
    const whole = findReuse(CORPUS, OPTIONS);
    expect(whole.stats.candidatePairs).toBeGreaterThan(3);
    for (const seedBatch of [1, 100, 5000]) expect(findReuse(CORPUS, { ...OPTIONS, seedBatch })).toEqual(whole);
    // Seeds as two words (a matching text past 16 bits): kept from the first walk, or filed by batch walks.
    const wide = [...CORPUS, { id: 'zz-long', township: '', year: null, text: CORPUS[0].text + '甲乙'.repeat(40000) + CORPUS[2].text }];
    const kept = findReuse(wide, OPTIONS);
    expect(kept.passages.some((p) => p.reportB === 'zz-long' && p.b.start > 80000)).toBe(true);
    for (const seedBatch of [1, 100]) expect(findReuse(wide, { ...OPTIONS, seedBatch })).toEqual(kept);
  });

  it('reuse finds the same with report and position packed into the sort keys or looked up', () => {
    const whole = findReuse(CORPUS, OPTIONS);
    expect(findReuse(CORPUS, { ...OPTIONS, packKeys: false })).toEqual(whole);
    expect(findReuse(CORPUS, { ...OPTIONS, packKeys: false, seedBatch: 100 })).toEqual(whole);
  });

  it('reuse finds the same from a store that keeps the texts in a file, reports added in any order, and deletes the file', () => {
    const phrases = ['坚持以习近平新时代中国特色社会主义思想为指导,全面贯彻落实党的十九届六中全会精神,紧紧围绕举旗帜、聚民心、育新人、兴文化、展形象的使命任务'];
    // A formula share of 1: the phrase is formula only because it is listed.
    const options = { ...OPTIONS, maxDocShare: 1 };
    const whole = findReuse(CORPUS, { ...options, formulaPhrases: phrases });
    expect(whole).not.toEqual(findReuse(CORPUS, options));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zongjie-store-'));
    const file = path.join(dir, '.reuse-texts.tmp');
    const store = new ReuseStore({ file, formulaPhrases: phrases });
    // Not in id order: the store lists the reports by id itself.
    for (const r of [...CORPUS].reverse()) store.add({ ...r, toRaw: { starts: Int32Array.of(0), deltas: Int32Array.of(0), length: r.text.length }, problems: [] });
    expect(fs.statSync(file).size).toBeGreaterThan(CORPUS.reduce((n, r) => n + 2 * r.text.length, 0));
    const { corpus, order } = store.corpus((name) => name);
    const added = [...CORPUS].reverse().map((r) => r.id);
    expect([...order].map((r) => added[r])).toEqual(CORPUS.map((r) => r.id).sort());
    expect(findReuseIn(corpus, options)).toEqual(whole);
    expect(() => corpus.takePrints()).toThrow();
    // Fingerprints in many small chunks, one report's positions past 16 bits: the same again.
    const chunked = new ReuseStore({ formulaPhrases: phrases, chunkBits: 3 });
    const long = { id: 'zz-long', township: '', year: null, text: '甲乙'.repeat(40000) };
    for (const r of [...CORPUS, long]) chunked.add({ ...r, toRaw: { starts: Int32Array.of(0), deltas: Int32Array.of(0), length: r.text.length }, problems: [] });
    expect(findReuseIn(chunked.corpus((name) => name).corpus, options)).toEqual(findReuse([...CORPUS, long], { ...options, formulaPhrases: phrases }));
    // Small chunks added against id order: a chunk is let go while sorting only once its last report is read.
    const reversed = new ReuseStore({ formulaPhrases: phrases, chunkBits: 2 });
    for (const r of [long, ...CORPUS].reverse()) reversed.add({ ...r, toRaw: { starts: Int32Array.of(0), deltas: Int32Array.of(0), length: r.text.length }, problems: [] });
    expect(findReuseIn(reversed.corpus((name) => name).corpus, options)).toEqual(findReuse([...CORPUS, long], { ...options, formulaPhrases: phrases }));
    // Fingerprints in regions (every report fits them), sorted unpacked: put back in the order added first.
    const regions = new ReuseStore({ formulaPhrases: phrases });
    for (const r of [...CORPUS].reverse()) regions.add({ ...r, toRaw: { starts: Int32Array.of(0), deltas: Int32Array.of(0), length: r.text.length }, problems: [] });
    expect(findReuseIn(regions.corpus((name) => name).corpus, { ...options, packKeys: false })).toEqual(findReuse(CORPUS, { ...options, formulaPhrases: phrases, packKeys: false }));
    store.close();
    expect(fs.existsSync(file)).toBe(false);
    fs.rmSync(dir, { recursive: true });
  });

  it('reuse store counts its fingerprints per sortKeys bucket as it adds them', () => {
    const store = new ReuseStore({ chunkBits: 3, regions: false });
    for (const r of CORPUS) store.add({ ...r, toRaw: { starts: Int32Array.of(0), deltas: Int32Array.of(0), length: r.text.length }, problems: [] });
    const prints = store.corpus((name) => name).corpus.takePrints();
    const total = prints.starts[prints.from.length];
    expect(total).toBeGreaterThan(8);
    const expected = emptyBucketSizes();
    prints.hashes.forEach((chunk, c) => countBuckets(chunk, Math.min(8, total - 8 * c), expected));
    expect(prints.bucketSizes).toEqual(expected);
  });

  it('reuse store reads back texts, offset maps and problem spans as given', () => {
    const store = new ReuseStore({ file: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'zongjie-store-')), '.t.tmp') });
    const text = 'a\ud800乙，二〇二一年X镇\n办事处';
    store.add({ id: 'b', township: '乙镇', year: 2021, text, cleaned: text.replace('乙', '乙'), toRaw: { starts: Int32Array.of(0, 3), deltas: Int32Array.of(5, -2), length: text.length }, problems: [{ start: 1, end: 4 }] });
    store.add({ id: 'a', township: '', year: null, text: '甲', toRaw: { starts: Int32Array.of(0), deltas: Int32Array.of(0), length: 1 }, problems: [] });
    expect(store.text(0)).toBe(text);
    expect(store.shown(0)).toBe(text);
    expect(store.shown(1)).toBe('甲');
    expect(String.fromCharCode(...store.charsCodes(0))).toBe(toMatchText(text).chars);
    expect(store.shownSlice(0, 1, 4)).toBe(text.slice(1, 4));
    // Short texts' offsets come back 16-bit, as stored.
    expect(store.starts(0)).toBeInstanceOf(Uint16Array);
    expect([...store.starts(0)]).toEqual([...toMatchText(text).starts]);
    // Offsets past 16 bits are kept whole.
    const long = '甲'.repeat(70000) + '乙丙';
    store.add({ id: 'c', township: '', year: null, text: long, toRaw: { starts: Int32Array.of(0), deltas: Int32Array.of(0), length: long.length }, problems: [] });
    expect(store.starts(2).at(-2)).toBe(70001);
    expect(store.text(2)).toBe(long);
    // A 32-bit offsets map after texts of an odd number of units in all: read 2 bytes in, to sit on 4 bytes.
    const odd = '甲'.repeat(70000) + '，';
    store.add({ id: 'd', township: '', year: null, text: odd, toRaw: { starts: Int32Array.of(0), deltas: Int32Array.of(0), length: odd.length }, problems: [] });
    expect(store.starts(3)).toBeInstanceOf(Int32Array);
    expect([...store.starts(3)]).toEqual([...toMatchText(odd).starts]);
    expect(store.text(3)).toBe(odd);
    expect([...store.toRaw(0).deltas]).toEqual([5, -2]);
    expect(store.problems(0)).toEqual([{ start: 1, end: 4 }]);
    expect(store.reports().map((r) => r.id)).toEqual(['b', 'a', 'c', 'd']);
    store.close();
  });

  it('reuse store reads each offset map back with its texts, short and 32-bit offsets maps alike, from the file or memory', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zongjie-store-'));
    // Texts of an even and an odd number of units, past 16 bits or not: the runs sit after offsets maps of every kind.
    const texts = ['甲乙丙丁，戊己', '一二三四五，'.repeat(3), '甲'.repeat(70000) + '乙丙', '甲'.repeat(70000) + '，', '天地玄黄'];
    const maps = texts.map((text, r) => {
      const runs = 1 + ((r * 7) % 5);
      return { starts: Int32Array.from({ length: runs }, (_, i) => i * 3), deltas: Int32Array.from({ length: runs }, (_, i) => (i % 2 ? -1 : 1) * (r * 1000 + i)), length: text.length };
    });
    for (const file of [path.join(dir, '.t.tmp'), undefined]) {
      const store = new ReuseStore({ file, cachedReports: 2 });
      texts.forEach((text, r) => store.add({ id: `r${r}`, township: '', year: null, text, ...(r === 1 ? { cleaned: text.replace('一', '壹') } : {}), toRaw: maps[r], problems: [] }));
      for (const r of [4, 0, 3, 1, 2, 0, 4, 2, 3]) {
        const map = store.toRaw(r);
        expect([[...map.starts], [...map.deltas], map.length]).toEqual([[...maps[r].starts], [...maps[r].deltas], maps[r].length]);
        expect(String.fromCharCode(...store.textCodes(r))).toBe(texts[r]);
        expect([...store.starts(r)]).toEqual([...toMatchText(texts[r]).starts]);
      }
      expect(store.shown(1)).toBe(texts[1].replace('一', '壹'));
      store.close();
    }
    fs.rmSync(dir, { recursive: true });
  });

  it('reuse store reads reports back into reused buffers: the two last read stay whole, and reuse finds the same', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zongjie-store-'));
    const store = new ReuseStore({ file: path.join(dir, '.t.tmp'), cachedReports: 2 });
    const texts = ['甲乙丙丁，戊己', '一二三四五六七八九十'.repeat(50), '天地玄黄'];
    texts.forEach((text, r) => store.add({ id: `r${r}`, township: '', year: null, text, toRaw: { starts: Int32Array.of(0), deltas: Int32Array.of(0), length: text.length }, problems: [] }));
    for (const order of [[0, 1, 2, 0, 2, 1], [2, 2, 1, 0, 0, 1]]) {
      for (let i = 1; i < order.length; i++) {
        const [before, last] = [order[i - 1], order[i]];
        const kept = store.textCodes(before);
        expect(String.fromCharCode(...store.textCodes(last))).toBe(texts[last]);
        expect(String.fromCharCode(...kept)).toBe(texts[before]);
      }
    }
    // `text` of a report not in the cache reads its analysis text alone and leaves the cache as it was.
    const first = store.textCodes(0);
    const second = store.textCodes(1);
    expect(store.text(2)).toBe(texts[2]);
    expect(String.fromCharCode(...first)).toBe(texts[0]);
    expect(String.fromCharCode(...second)).toBe(texts[1]);
    expect(store.text(0)).toBe(texts[0]);
    store.close();
    // The whole step with a cache of two reports: the same passages and pairs as in memory.
    const small = new ReuseStore({ file: path.join(dir, '.u.tmp'), cachedReports: 2 });
    for (const r of CORPUS) small.add({ ...r, toRaw: { starts: Int32Array.of(0), deltas: Int32Array.of(0), length: r.text.length }, problems: [] });
    expect(findReuseIn(small.corpus((name) => name).corpus, OPTIONS)).toEqual(findReuse(CORPUS, OPTIONS));
    small.close();
    fs.rmSync(dir, { recursive: true });
  });

  it('reuse store drops the report least recently used, not the one read first', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zongjie-store-'));
    const store = new ReuseStore({ file: path.join(dir, '.t.tmp'), cachedReports: 3 });
    const texts = ['甲乙丙丁', '一二三四五', '天地玄黄', '宇宙洪荒'];
    texts.forEach((text, r) => store.add({ id: `r${r}`, township: '', year: null, text, toRaw: { starts: Int32Array.of(0), deltas: Int32Array.of(0), length: text.length }, problems: [] }));
    const first = store.textCodes(0);
    store.textCodes(1);
    const third = store.textCodes(2);
    expect(store.textCodes(0)).toBe(first); // still cached: the same view
    store.textCodes(3); // drops report 1, the least recently used
    expect(String.fromCharCode(...first)).toBe(texts[0]);
    expect(String.fromCharCode(...third)).toBe(texts[2]);
    expect(store.textCodes(2)).toBe(third);
    store.close();
    fs.rmSync(dir, { recursive: true });
  });
});

describe('recycledFrom', () => {
  it('reuse flags a report that repeats most of the same township’s previous year, problems included', () => {
    const later = CORPUS[1];
    const problemsStart = at(later.text, '五、存在的问题');
    const problemsEnd = at(later.text, '六、下一步工作打算');
    const inputs = CORPUS.map((r) => (r === later ? { ...r, problems: [{ start: problemsStart, end: problemsEnd }] } : r));
    const recycled = recycledFrom(inputs, findReuse(inputs, OPTIONS));
    const row = recycled.get('linkou-2022')!;
    expect(row.from).toBe('linkou-2021');
    expect(row.flagged).toBe(true);
    expect(row.share).toBeGreaterThan(0.7);
    expect(row.problemsShare).toBeGreaterThan(0.95);
    expect(recycled.has('linkou-2021')).toBe(false); // nothing earlier
    expect(recycled.has('jiepai-2021')).toBe(false); // no other 界牌镇 report
  });

  it('reuse does not flag a township whose reports share little', () => {
    const other: ReuseInput = { ...CORPUS[3], id: 'fangxian-2022', year: 2022, text: CORPUS[5].text };
    const inputs = [CORPUS[3], other];
    const row = recycledFrom(inputs, findReuse(inputs, OPTIONS)).get('fangxian-2022')!;
    expect(row.flagged).toBe(false);
    expect(row.share).toBeLessThan(0.3);
  });
});

describe('PairIndex', () => {
  it('reuse PairIndex holds what a Map holds, keys past 32 bits included', () => {
    const key = fc.oneof(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 2 ** 40 }), fc.constantFrom(0, 2 ** 32, 2 ** 32 + 1, 2 ** 53 - 1));
    fc.assert(
      fc.property(fc.array(fc.tuple(key, fc.integer({ min: 0, max: 2 ** 31 - 1 })), { maxLength: 3000 }), (entries) => {
        const index = new PairIndex();
        const map = new Map<number, number>();
        for (const [k, v] of entries) {
          index.set(k, v);
          map.set(k, v);
        }
        expect(index.size).toBe(map.size);
        for (const [k] of entries) expect(index.get(k)).toBe(map.get(k));
        expect(index.get(2 ** 45 + 7)).toBe(map.get(2 ** 45 + 7) ?? -1);
        expect([...index.keys()].sort((x, y) => x - y)).toEqual([...map.keys()].sort((x, y) => x - y));
      }),
      { numRuns: 200 },
    );
  });
});

describe('RecentPairs', () => {
  it('gives the id last kept for a pair, or -1, never another pair\'s id', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 300 }), fc.array(fc.tuple(fc.nat(), fc.nat(), fc.boolean()), { maxLength: 2000 }), (n, steps) => {
        const recent = new RecentPairs(n);
        const ids = new Map<number, number>();
        for (const [x, y, keep] of steps) {
          const a = x % (n - 1);
          const b = a + 1 + (y % (n - a - 1));
          const key = a * n + b;
          const got = recent.get(a, b, key);
          if (got >= 0) expect(got).toBe(ids.get(key));
          if (keep) {
            const id = ids.get(key) ?? ids.size;
            ids.set(key, id);
            recent.set(a, b, key, id);
            expect(recent.get(a, b, key)).toBe(id);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('a pair in the slot of another gives -1 for the other, and takes its slot', () => {
    const n = 100;
    const recent = new RecentPairs(n);
    // 31 × 0 + 62 = 31 × 1 + 31: one slot
    recent.set(0, 62, 62, 7);
    expect(recent.get(1, 31, n + 31)).toBe(-1);
    recent.set(1, 31, n + 31, 8);
    expect(recent.get(1, 31, n + 31)).toBe(8);
    expect(recent.get(0, 62, 62)).toBe(-1);
  });
});

describe('sortPlaces', () => {
  it('reuse sortPlaces sorts distinct places as a native sort does, dense or sparse, and leaves its bits clear', () => {
    const bits = new Uint32Array(200);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 32 * 200 - 1 }), { maxLength: 700 }), fc.boolean(), (values, dense) => {
        // Dense: packed into a few words, read back through the bits (bit 31 of a word included); sparse: sorted.
        const places = Uint32Array.from(dense ? values.map((v) => v % 800).filter((v, i, all) => all.indexOf(v) === i) : values);
        const expected = [...places].sort((x, y) => x - y);
        expect([...sortPlaces(places, bits)]).toEqual(expected);
        expect(bits.every((word) => word === 0)).toBe(true);
      }),
      { numRuns: 300 },
    );
    expect([...sortPlaces(Uint32Array.from({ length: 100 }, (_, i) => 31 + 32 * (99 - i)), bits)]).toEqual(Array.from({ length: 100 }, (_, i) => 31 + 32 * i));
  });
});

describe('winnow', () => {
  it('reuse winnow keeps the rightmost minimum of every window, each once, as a window-by-window scan does', () => {
    // A small alphabet and short k-grams repeat k-grams, so windows hold equal minima (the rightmost is kept).
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0x4e00, max: 0x4e03 }), { maxLength: 120 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 9 }), (units, k, w) => {
        const chars = Uint16Array.from(units);
        const hashes = new U32List();
        const positions = new U32List();
        const count = winnow(chars, k, w, hashes, positions);
        // Reference: every k-gram's hash (one k-gram per window: the window of 1 keeps them all), then each window scanned.
        const grams = new U32List();
        const all = new U32List();
        winnow(chars, k, 1, grams, all);
        const expected: [number, number][] = [];
        const window = Math.min(w, grams.length);
        for (let end = window - 1; window > 0 && end < grams.length; end++) {
          let min = end - window + 1;
          for (let x = min; x <= end; x++) if (grams.data[x] <= grams.data[min]) min = x;
          if (expected.length === 0 || expected[expected.length - 1][1] !== min) expected.push([grams.data[min], min]);
        }
        expect(count).toBe(expected.length);
        expect(Array.from({ length: count }, (_, i) => [hashes.data[i], positions.data[i]])).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });
});

describe('sortKeys', () => {
  /** Fingerprints of reports (positions ascending) in chunks of 2^chunkBits, reports laid out in the order given. */
  function printsOf(reports: { hash: number; gap: number }[][], chunkBits: number): CorpusPrints {
    const size = 2 ** chunkBits;
    const total = reports.reduce((sum, r) => sum + r.length, 0);
    const chunks = Math.max(1, Math.ceil(total / size));
    const hashes = Array.from({ length: chunks }, () => new Uint32Array(size));
    const positions = Array.from({ length: chunks }, () => new Uint32Array(size));
    const from = new Uint32Array(reports.length);
    const starts = new Uint32Array(reports.length + 1);
    let at = 0;
    reports.forEach((prints, d) => {
      from[d] = at;
      starts[d + 1] = starts[d] + prints.length;
      let position = 0;
      for (const { hash, gap } of prints) {
        position += gap;
        hashes[at >>> chunkBits][at % size] = hash;
        positions[at >>> chunkBits][at % size] = position;
        at++;
      }
    });
    return { hashes, positions, chunkBits, from, starts };
  }

  it('reuse sortKeys gives the array one native sort of all the 64-bit keys gives, whatever the buckets hold', () => {
    // Hashes from a few values (buckets of one hash, already in order), sharing their top bits (buckets to sort),
    // or anywhere (the top bit set included).
    const hash = fc.oneof(fc.constantFrom(0, 7, 0x10000, 0xffffffff), fc.integer({ min: 0, max: 0x3ffff }), fc.integer({ min: 0, max: 0xffffffff }));
    const report = fc.array(fc.record({ hash, gap: fc.integer({ min: 0, max: 3 }) }), { maxLength: 40 });
    fc.assert(
      fc.property(fc.array(report, { maxLength: 12 }), fc.integer({ min: 2, max: 6 }), fc.boolean(), (reports, chunkBits, pack) => {
        // Packed: the report and the position (10 bits, room for 40 gaps of 3) in the low word; else the number.
        const low = (i: number, d: number, position: number): number => (pack ? d * 2 ** 10 + position : i);
        const expected = new BigUint64Array(reports.reduce((sum, r) => sum + r.length, 0));
        let i = 0;
        reports.forEach((prints, d) => {
          let position = 0;
          for (const print of prints) {
            position += print.gap;
            expected[i] = (BigInt(print.hash) << 32n) | BigInt(low(i, d, position));
            i++;
          }
        });
        expected.sort();
        const words = sortKeys(printsOf(reports, chunkBits), pack ? 10 : null);
        expect([...new BigUint64Array(words.buffer)]).toEqual([...expected]);
      }),
      { numRuns: 300 },
    );
  });

  it('reuse sortKeys gives the same keys from bucket sizes counted as the fingerprints were made (countBuckets) as from its own count', () => {
    const hash = fc.oneof(fc.constantFrom(0, 0xffff, 0x10000, 0xffffffff), fc.integer({ min: 0, max: 0x3ffff }), fc.integer({ min: 0, max: 0xffffffff }));
    const report = fc.array(fc.record({ hash, gap: fc.integer({ min: 0, max: 3 }) }), { maxLength: 40 });
    fc.assert(
      fc.property(fc.array(report, { maxLength: 12 }), fc.integer({ min: 2, max: 6 }), (reports, chunkBits) => {
        const sizes = emptyBucketSizes();
        for (const prints of reports) countBuckets(Uint32Array.from(prints, (p) => p.hash), prints.length, sizes);
        const counted = sortKeys({ ...printsOf(reports, chunkBits), bucketSizes: sizes }, 10);
        expect([...counted]).toEqual([...sortKeys(printsOf(reports, chunkBits), 10)]);
      }),
      { numRuns: 200 },
    );
  });

  it('reuse countBuckets counts only the first `count` hashes, each in the bucket of its top 16 bits, at index bucket + 1', () => {
    const sizes = emptyBucketSizes();
    countBuckets(Uint32Array.from([0, 0xffff, 0x10000, 0xffffffff, 0x10001, 7]), 5, sizes);
    expect(sizes.length).toBe(2 ** 16 + 1);
    expect([sizes[0], sizes[1], sizes[2], sizes[2 ** 16]]).toEqual([0, 2, 2, 1]);
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(5);
  });

  /** `printsOf(reports)` as fingerprint regions, the reports added in the order `added` (report numbers). */
  function regionsOf(reports: { hash: number; gap: number }[][], added: number[]): CorpusPrints {
    const { from, starts } = printsOf(reports, 3);
    const keys = new PrintRegions();
    const order = new Uint32Array(reports.length);
    added.forEach((d, r) => {
      order[d] = r;
      let position = 0;
      const positions = Uint32Array.from(reports[d], (p) => (position += p.gap));
      keys.append(Uint32Array.from(reports[d], (p) => p.hash), positions, r);
    });
    // Where each report's fingerprints lie in the order added.
    let at = 0;
    for (const d of added) {
      from[d] = at;
      at += reports[d].length;
    }
    return { hashes: [], positions: [], chunkBits: 31, from, starts, bucketSizes: keys.bucketSizes, regions: { keys, order } };
  }

  it('reuse sortKeys gives the same keys from fingerprint regions, reports added in any order, as from chunks', () => {
    const hash = fc.oneof(fc.constantFrom(0, 0xffff, 0x1000000, 0xffffffff), fc.integer({ min: 0, max: 0x3ffff }), fc.integer({ min: 0, max: 0xffffffff }));
    // Positions ascend strictly within a report, as winnowing makes them (regionsInOrderAdded relies on it).
    const report = fc.array(fc.record({ hash, gap: fc.integer({ min: 1, max: 3 }) }), { maxLength: 40 });
    fc.assert(
      fc.property(fc.array(report, { maxLength: 12 }), fc.integer({ min: 0, max: 11 }), fc.boolean(), (reports, rotate, reverse) => {
        const ids = reports.map((_, d) => d);
        const added = [...ids.slice(rotate % Math.max(1, ids.length)), ...ids.slice(0, rotate % Math.max(1, ids.length))];
        if (reverse) added.reverse();
        const prints = regionsOf(reports, added);
        const keys = prints.regions!.keys;
        const spare: Uint32Array[] = [];
        expect([...sortKeys(prints, 10, spare)]).toEqual([...sortKeys(printsOf(reports, 3), 10)]);
        // The regions' memory goes to the spare list (the slabs themselves: compared as objects, since a deep
        // comparison of 1 MiB slabs took most of this test's time), and the regions are let go.
        expect(spare.length).toBe(keys.slabs.length);
        spare.forEach((slab, i) => expect(slab).toBe(keys.slabs[i]));
        expect(prints.regions).toBeUndefined();
        // Put back in the order added, then sorted from there: the same again.
        const { hashes, positions } = regionsInOrderAdded(regionsOf(reports, added).regions!.keys, Uint32Array.from(added, (d) => prints.from[d]));
        const inOrder = added.flatMap((d) => reports[d].map((p) => p.hash));
        expect([...hashes]).toEqual(inOrder);
        expect([...sortKeys({ ...prints, hashes: [hashes], positions: [positions], regions: undefined, bucketSizes: undefined }, 10)]).toEqual([...sortKeys(printsOf(reports, 3), 10)]);
      }),
      { numRuns: 100 },
    );
    // Each run makes the regions' 1 MiB slab and 2^16 bucket counts.
  }, 60_000);

  it('reuse PrintRegions takes a report only while its number and positions fit 16 bits', () => {
    expect(PrintRegions.fits(0xffff, Uint32Array.of(3, 0xffff))).toBe(true);
    expect(PrintRegions.fits(0x10000, Uint32Array.of(3))).toBe(false);
    expect(PrintRegions.fits(5, Uint32Array.of(3, 0x10000))).toBe(false);
    expect(PrintRegions.fits(5, new Uint32Array(0))).toBe(true);
  });

  it('reuse sortKeys hands every fingerprint chunk it lets go to the spare list, as 32-bit words of the same memory', () => {
    const reports = Array.from({ length: 5 }, (_, d) => Array.from({ length: 7 }, (_, i) => ({ hash: (d * 31 + i * 17) % 23, gap: 1 })));
    const prints = printsOf(reports, 3);
    const buffers = [...prints.hashes, ...prints.positions].map((chunk) => chunk.buffer);
    const spare: Uint32Array[] = [];
    const words = sortKeys(prints, 10, spare);
    expect(new Set(spare.map((array) => array.buffer))).toEqual(new Set(buffers));
    for (const array of spare) expect(array.length).toBe(8);
    // The same keys as without a spare list.
    expect([...words]).toEqual([...sortKeys(printsOf(reports, 3), 10)]);
  });
});

describe('MetSeeds', () => {
  it('reuse MetSeeds files every seed under its pair, from spare arrays of any length, ids past 16 bits included', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 6 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 3000 }),
        fc.integer({ min: 0, max: 3000 }),
        (spareLengths, narrow, seeds, wideFrom) => {
          const spare = spareLengths.map((length) => new Uint32Array(length).fill(0xdeadbeef));
          const met = new MetSeeds(narrow, spare);
          // Pair ids: small ones first, then (from `wideFrom` on) some past 16 bits; ranks are the ids in reverse.
          const pairs = 70_000;
          const idOf = (s: number): number => (s < wideFrom ? (s * 7919) % 300 : (s * 7919) % pairs);
          const expected: [number, number, number][] = [];
          for (let s = 0; s < seeds; s++) {
            const [a, b] = [(s * 31) % 65536, (s * 17) % 65536];
            met.push(idOf(s), a, b);
            expected.push([pairs - 1 - idOf(s), a, b]);
          }
          expect(met.count).toBe(seeds);
          met.dropSpare();
          const rankOf = Uint32Array.from({ length: pairs }, (_, id) => pairs - 1 - id);
          const perRank = new Uint32Array(pairs + 1);
          for (const [rank] of expected) perRank[rank + 1]++;
          for (let r = 0; r < pairs; r++) perRank[r + 1] += perRank[r];
          const cursor = perRank.slice(0, pairs);
          const seedA = new Uint32Array(seeds);
          const seedB = narrow ? seedA : new Uint32Array(seeds);
          met.file(Uint32Array.from(rankOf, (rank) => cursor[rank]), seedA, seedB);
          // In each pair, the seeds in the order met (a stable sort by rank).
          expected.sort((x, y) => x[0] - y[0]);
          const filed = Array.from(seedA, (word, at) => (narrow ? [word >>> 16, word & 0xffff] : [word, seedB[at]]));
          expect(filed).toEqual(expected.map(([, a, b]) => [a, b]));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('PairSeeds', () => {
  it('reuse PairSeeds gives back each pair\'s seeds in the order filed, from spare arrays of any length or new ones', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 300 }), { maxLength: 6 }),
        fc.boolean(),
        // size 'max': lengths up to 3000, so that pairs fill several blocks (by default fast-check keeps arrays short)
        fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 65535 }), fc.integer({ min: 0, max: 65535 })), { maxLength: 3000, size: 'max' }),
        (spareLengths, narrow, pushes) => {
          const spare = spareLengths.map((length) => new Uint32Array(length).fill(0xdeadbeef));
          const seeds = new PairSeeds(narrow, spare);
          const pairs = 41;
          for (let id = 0; id < pairs; id++) seeds.addPair();
          const expected: number[][][] = Array.from({ length: pairs }, () => []);
          for (const [id, a, b] of pushes) {
            seeds.push(id, a, b);
            expected[id].push([a, b]);
          }
          expect(seeds.count).toBe(pushes.length);
          seeds.dropSpare();
          for (let id = 0; id < pairs; id++) {
            const size = expected[id].length;
            expect(seeds.seedsOf(id)).toBe(size);
            // Copied after 3 other values, as into a batch of pairs.
            const seedA = new Uint32Array(size + 3);
            const seedB = narrow ? seedA : new Uint32Array(size + 3);
            expect(seeds.copy(id, seedA, seedB, 3)).toBe(size);
            const copied = Array.from(seedA.subarray(3), (word, s) => (narrow ? [word >>> 16, word & 0xffff] : [word, seedB[3 + s]]));
            expect(copied).toEqual(expected[id]);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('reuse finds the same from fingerprints in regions whatever the batch of seeds filed at once (all filed on the first walk, some, or none)', () => {
    const whole = findReuse(CORPUS, OPTIONS);
    const store = (): ReuseStore => {
      const regions = new ReuseStore();
      for (const r of CORPUS) regions.add({ ...r, toRaw: { starts: Int32Array.of(0), deltas: Int32Array.of(0), length: r.text.length }, problems: [] });
      return regions;
    };
    const seeds = whole.stats.seeds;
    expect(seeds).toBeGreaterThan(100);
    // Past `seedBatch` at the end of a region in the middle, the first, the last, or never.
    for (const seedBatch of [0, 1, 100, Math.floor(seeds / 3), Math.floor(seeds / 2), seeds - 1, seeds, 10 * seeds]) {
      expect(findReuseIn(store().corpus((name) => name).corpus, { ...OPTIONS, seedBatch })).toEqual(whole);
    }
    // Passages of just over `minChars`, each found from its few seeds only: one seed not filed loses passages.
    let state = 7;
    const next = (below: number): number => ((state = (state * 1103515245 + 12345) % 2 ** 31) % below);
    const texts = Array.from({ length: 10 }, () => Array.from({ length: 2000 }, () => String.fromCharCode(0x4e00 + next(3000))));
    for (let copy = 0; copy < 120; copy++) {
      const [from, to] = [next(10), next(10)];
      const at = next(1960);
      if (from !== to) texts[to].splice(next(1960), 31, ...texts[from].slice(at, at + 31));
    }
    const short = texts.map((chars, i) => ({ id: `r${i}`, township: '', year: null, text: chars.join('') }));
    const shortWhole = findReuse(short, OPTIONS);
    expect(shortWhole.passages.length).toBeGreaterThan(50);
    for (const seedBatch of [0, Math.floor(shortWhole.stats.seeds / 2)]) {
      const shortStore = new ReuseStore();
      for (const r of short) shortStore.add({ ...r, toRaw: { starts: Int32Array.of(0), deltas: Int32Array.of(0), length: r.text.length }, problems: [] });
      expect(findReuseIn(shortStore.corpus((name) => name).corpus, { ...OPTIONS, seedBatch })).toEqual(shortWhole);
    }
  });
});

describe('spare memory for the seeds', () => {
  it('reuse sharedPrints counts the sorted fingerprints whose hash another one has', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 40 }), (hashes) => {
        hashes.sort((x, y) => x - y);
        const words = new Uint32Array(2 * hashes.length + 2);
        hashes.forEach((hash, x) => (words[2 * x + 1] = hash));
        const expected = hashes.filter((hash) => hashes.indexOf(hash) !== hashes.lastIndexOf(hash)).length;
        expect(sharedPrints(words, hashes.length, 1)).toBe(expected);
      }),
    );
  });

  it('reuse keepSpare keeps the arrays taken first (the last listed) up to the bytes asked for', () => {
    const spare = [new Uint32Array(4), new Uint32Array(8), new Uint32Array(2)];
    const [, second, third] = spare;
    keepSpare(spare, 20);
    expect(spare).toEqual([second, third]);
    expect(spare[0]).toBe(second);
    keepSpare(spare, 0);
    expect(spare).toEqual([]);
  });
});

describe('FormulaBits', () => {
  it('reuse FormulaBits counts the unmarked positions of any range as a position-by-position count does', () => {
    const length = 200;
    const range = fc.tuple(fc.integer({ min: 0, max: length }), fc.integer({ min: 0, max: length })).map(([x, y]) => [Math.min(x, y), Math.max(x, y)] as const);
    fc.assert(
      fc.property(fc.array(range, { maxLength: 12 }), fc.array(range, { minLength: 1, maxLength: 20 }), (marks, queries) => {
        const bits = new FormulaBits(Uint32Array.of(length, length));
        const marked = new Uint8Array(length);
        for (const [start, end] of marks) {
          bits.mark(0, start, end);
          marked.fill(1, start, end);
        }
        for (const [start, end] of queries) {
          let expected = 0;
          for (let i = start; i < end; i++) if (!marked[i]) expected++;
          expect(bits.unmarked(0, start, end)).toBe(expected);
          expect(bits.unmarked(1, start, end)).toBe(end - start);
        }
      }),
      { numRuns: 300 },
    );
  });
});

/** `extend` as it was before its gaps were looked for by `gapAfter`/`gapBefore` (as a pair, not a number). */
function extendAsBefore(a: Uint16Array, b: Uint16Array, i: number, j: number, maxGap: number, anchor: number): RawPassage {
  const runRight = (x: number, y: number) => {
    let n = 0;
    while (x + n < a.length && y + n < b.length && a[x + n] === b[y + n]) n++;
    return n;
  };
  const runLeft = (x: number, y: number) => {
    let n = 0;
    while (x - n - 1 >= 0 && y - n - 1 >= 0 && a[x - n - 1] === b[y - n - 1]) n++;
    return n;
  };
  const left = runLeft(i, j);
  const right = runRight(i, j);
  let [startA, startB, endA, endB, matched] = [i - left, j - left, i + right, j + right, left + right];
  for (;;) {
    let best: [number, number] | null = null;
    for (let total = 1; total <= maxGap && !best; total++) {
      for (let da = 0; da <= total && !best; da++) if (runRight(endA + da, endB + total - da) >= anchor) best = [da, total - da];
    }
    if (!best) break;
    const run = runRight(endA + best[0], endB + best[1]);
    endA += best[0] + run;
    endB += best[1] + run;
    matched += run;
  }
  for (;;) {
    let best: [number, number] | null = null;
    for (let total = 1; total <= maxGap && !best; total++) {
      for (let da = 0; da <= total && !best; da++) {
        const db = total - da;
        if (startA - da >= 0 && startB - db >= 0 && runLeft(startA - da, startB - db) >= anchor) best = [da, db];
      }
    }
    if (!best) break;
    const run = runLeft(startA - best[0], startB - best[1]);
    startA -= best[0] + run;
    startB -= best[1] + run;
    matched += run;
  }
  return { startA, endA, startB, endB, matched };
}

describe('passage growing and shares without arrays per step', () => {
  it('extend finds the same passage as with its gaps looked for as pairs', () => {
    // Texts of a few characters, so that runs and gaps of every length meet; the seed is a shared character.
    const text = fc.array(fc.constantFrom(1, 2, 3), { minLength: 1, maxLength: 80 }).map((codes) => Uint16Array.from(codes));
    fc.assert(
      fc.property(text, text, fc.nat(), fc.nat(), fc.integer({ min: 0, max: 8 }), fc.integer({ min: 1, max: 4 }), (a, b, x, y, maxGap, anchor) => {
        const i = x % a.length;
        const j = y % b.length;
        fc.pre(a[i] === b[j]);
        expect(extend(a, b, i, j, maxGap, anchor)).toEqual(extendAsBefore(a, b, i, j, maxGap, anchor));
      }),
      { numRuns: 2000 },
    );
  });

  it('sideUnion is the union length of the spans of either side, as unionLength gives it from arrays of spans', () => {
    const span = fc.tuple(fc.nat(200), fc.integer({ min: 1, max: 60 })).map(([start, length]) => [start, start + length] as const);
    const passage = fc.tuple(span, span).map(([[startA, endA], [startB, endB]]) => ({ startA, endA, startB, endB, matched: 0 }));
    fc.assert(
      fc.property(fc.array(passage, { minLength: 1, maxLength: 70 }), (found) => {
        // As addPair has them: by start in A, then in B.
        found.sort((x, y) => x.startA - y.startA || x.startB - y.startB);
        expect(sideUnion(found, false)).toBe(unionLength(found.map((p) => [p.startA, p.endA])));
        expect(sideUnion(found, true)).toBe(unionLength(found.map((p) => [p.startB, p.endB])));
        // both merge through one loop (unionOfSpans): checked against the offsets covered, counted one by one
        const covered = new Set<number>();
        for (const p of found) for (let at = p.startA; at < p.endA; at++) covered.add(at);
        expect(sideUnion(found, false)).toBe(covered.size);
      }),
      { numRuns: 1000 },
    );
  });
});
