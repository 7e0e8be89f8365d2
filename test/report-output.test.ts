import { describe, expect, it } from 'vitest';
import { analysedChars, ascendingLocation, contentTermsMet, placeholderEntriesOf, reportOutputOf, themeSummaryOf } from '../src/report-output.js';
import { tokenRuns, tokenSections } from './helpers/token-runs.js';
import { compileThemes, countThemes, themeHitsOf } from '../src/stages/themes.js';
import type { Paragraph, Placeholder } from '../src/model/report.js';
import { FIXTURE_DIR } from './helpers/fixture-docs.js';
import path from 'node:path';
import v8 from 'node:v8';
import { countTerms } from '../src/aggregate/terms.js';
import { loadThemes } from '../src/data/themes.js';
import { loadStopWords } from '../src/data/stop-words.js';
import { identityMap, mapOffset } from '../src/model/span.js';
import { analyze, reportOf } from './helpers.js';
import { readdirSync, readFileSync } from 'node:fs';
import { location } from '../src/model/location.js';
import { csvField, renderCsvRecords } from '../src/emit/csv.js';
import { paragraphRows } from '../src/emit/tables/paragraphs.js';
import { placeholderRows } from '../src/emit/tables/placeholders.js';
import { placeholderKindInfo, sectionInfo } from '../src/model/kinds.js';

const options = { themes: compileThemes(loadThemes()), stopWords: loadStopWords() };
// Noise line above the title: cleaning drops it, so cleaned and raw offsets differ.
const SIMPLIFIED = '浏览量:177 | 发布时间:2024-01-23\n某镇2021年宣传思想工作总结\n\n一、主要工作\n全年开展理论宣讲X场，覆盖群众三千余人。\n二、存在问题\n一是宣传阵地建设不够完善。\n';
const TRADITIONAL = '某鎮2021年宣傳思想工作總結\n\n一、主要工作\n全年開展理論宣講12場，覆蓋群眾三千餘人。\n二、存在問題\n一是宣傳陣地建設不夠完善。\n';

describe('reportOutputOf', () => {
  it('report-output keeps a compact map equal to the full one and drops the raw text', () => {
    const doc = analyze(SIMPLIFIED, 'a');
    const { record } = reportOutputOf(doc, { ...options, reportId: 'a' });
    expect(doc.cleaned).not.toBe(doc.report.raw);
    for (let i = 0; i <= doc.cleaned.length; i++) expect(mapOffset(record.toRaw, i)).toBe(mapOffset(doc.toRaw, i));
    for (let i = 0; i < doc.cleaned.length; i++) expect(doc.report.raw[mapOffset(record.toRaw, i)]).toBe(doc.cleaned[i]);
    expect('raw' in record.report).toBe(false);
    expect(record.texts!.cleaned).toBe(doc.cleaned);
    expect(record.texts!.text).toBeUndefined(); // same as cleaned: not sent twice
    expect(record.paragraphCount).toBe(doc.paragraphs.length);
    expect(record.placeholderCount).toBe(doc.placeholders.length);
    expect(record.texts!.problemParagraphs).toEqual(doc.paragraphs.filter((p) => p.section === 'problems').map(({ start, end }) => ({ start, end })));
    expect(record.texts!.problemParagraphs.length).toBeGreaterThan(0);
  });

  it('report-output puts a record\'s typed arrays in two buffers: the offset map in one, term counts, numbers and theme hits in the other', () => {
    const doc = analyze(SIMPLIFIED, 'a');
    const { record } = reportOutputOf(doc, { ...options, reportId: 'a', termStrings: false });
    const { toRaw, terms, themeHits } = record;
    expect(toRaw.deltas.buffer).toBe(toRaw.starts.buffer);
    expect(toRaw.starts.buffer.byteLength).toBe(8 * toRaw.starts.length);
    expect(themeHits.themes.length).toBeGreaterThan(0);
    expect(terms.counts.length).toBeGreaterThan(0);
    for (const array of [terms.numbers!, themeHits.themes, themeHits.hits, themeHits.bySection]) expect(array.buffer).toBe(terms.counts.buffer);
    // nothing else in the buffer, and no two arrays overlap
    const spans = [terms.counts, terms.numbers!, themeHits.hits, themeHits.bySection, themeHits.themes].map((a) => [a.byteOffset, a.byteOffset + a.byteLength]).sort((x, y) => x[0] - y[0]);
    for (let i = 1; i < spans.length; i++) expect(spans[i][0]).toBe(spans[i - 1][1]);
    expect(spans[0][0]).toBe(0);
    expect(spans[spans.length - 1][1]).toBe(terms.counts.buffer.byteLength);
    // the same hits as the theme step's own buffer gives
    const alone = themeHitsOf(doc.tokens.words, tokenRuns(doc), options.themes);
    expect({ ...themeHits }).toEqual({ ...alone });
  });

  it('report-output locates offsets asked in ascending order as location() does, and any order after', () => {
    const text = 'ab\ncd\n\nefg\nh';
    const all = location(text);
    const ascending = ascendingLocation(text);
    const offsets = [0, 1, 2, 3, 3, 6, 7, 8, 12, 13, 14];
    for (const offset of offsets) expect(ascending(offset)).toEqual(all(offset));
    const again = ascendingLocation(text);
    for (const offset of [8, 2, 13, 0, 7]) expect(again(offset)).toEqual(all(offset));
  });

  it('report-output sends the analysis text only when it differs from the cleaned text', () => {
    const doc = analyze(TRADITIONAL, 'b');
    expect(doc.text).not.toBe(doc.cleaned);
    expect(reportOutputOf(doc, { ...options, reportId: 'b' }).record.texts!.text).toBe(doc.text);
  });

  it('report-output renders the rows the tables would hold, under the id it is given, with offsets into the raw text', () => {
    // Expected values worked out by hand: the noise line is 25 characters + \n, so the title starts at raw
    // offset 26 (cleaned offset 0); X场 stands 8 characters into line 5 (全年开展理论宣讲), at 50 + 8 = 58.
    const doc = analyze(SIMPLIFIED, 'a');
    const output = reportOutputOf(doc, { ...options, reportId: 'a.txt', keepParagraphRows: true });
    expect(output.record.report.id).toBe('a.txt');
    const paragraphs = [
      ['a.txt', 1, 'title', false, 0, 26, 41, 15, '某镇2021年宣传思想工作总结'],
      ['a.txt', 2, 'work', true, 1, 43, 49, 6, '一、主要工作'],
      ['a.txt', 3, 'work', false, 0, 50, 70, 20, '全年开展理论宣讲X场，覆盖群众三千余人。'],
      ['a.txt', 4, 'problems', true, 1, 71, 77, 6, '二、存在问题'],
      ['a.txt', 5, 'problems', false, 0, 78, 91, 13, '一是宣传阵地建设不够完善。'],
    ];
    expect(output.paragraphRows).toEqual(paragraphs);
    expect(output.paragraphsCsv).toBe(paragraphs.map((row) => row.join(',') + '\r\n').join(''));
    // placeholders as placeholders.csv shows them (after report_id): paragraph_no, section, kind, token, context, start, end, line, column
    expect(output.record.placeholders).toEqual([
      { paragraphNo: 1, section: 'title', kind: 'name', token: '某镇', context: '某镇2021年宣传思想工作总结', start: 26, end: 28, line: 2, column: 1 },
      { paragraphNo: 3, section: 'work', kind: 'metric', token: 'X场', context: '全年开展理论宣讲X场，覆盖群众三千余人。', start: 58, end: 60, line: 5, column: 9 },
    ]);
    expect(output.record.chars).toBe(doc.cleaned.length);
    expect(reportOutputOf(doc, { ...options, reportId: 'a' }).paragraphRows).toBeUndefined();
  });

  it('report-output writes paragraphs.csv and placeholders.csv records as renderCsvRecords renders their rows', () => {
    // cells CSV quotes (a comma, a quote), a text cell a spreadsheet would run (=), an id that needs quoting
    const raw = SIMPLIFIED + '=SUM(A1)是XX镇的"亮点"，资金X万元,待定。\n二、下步计划\n+X项工作, "XX"村\n';
    for (const id of ['a', 'a,"b"', '=id', '-1']) {
      const doc = analyze(raw, id);
      const output = reportOutputOf(doc, { ...options, reportId: id });
      expect(doc.placeholders.length).toBeGreaterThan(3);
      expect(output.paragraphsCsv).toBe(renderCsvRecords(paragraphRows(doc)));
      expect(output.placeholdersCsv).toBe(renderCsvRecords(placeholderRows(id, output.record.placeholders)));
      expect(output.paragraphsCsv).toContain(`,"'=SUM(A1)是XX镇的""亮点""，资金X万元,待定。"\r\n`);
    }
    const none = analyze('一、主要工作\n全年开展理论宣讲。\n', 'n');
    expect(none.placeholders).toEqual([]);
    expect(reportOutputOf(none, { ...options, reportId: 'n' }).placeholdersCsv).toBe('');
  });

  it('report-output gives each placeholder the section of its paragraph by paragraph_no, also when the numbers have gaps', () => {
    const raw = '一二三\n四五六\n七八九';
    const paragraphs = [
      { no: 1, start: 0, end: 3, section: 'title' },
      { no: 2, start: 4, end: 7, section: 'work' },
      { no: 4, start: 8, end: 11, section: 'plans' },
    ] as Paragraph[];
    const at = (paragraphNo: number, start: number) => ({ kind: 'metric', token: raw[start], context: '', paragraphNo, start, end: start + 1 }) as Placeholder;
    const placeholders = [at(1, 1), at(2, 5), at(4, 9), at(3, 10)];
    const entries = placeholderEntriesOf({ report: { ...reportOf(raw), raw }, paragraphs, placeholders, toRaw: identityMap(raw.length) });
    expect(entries.map((e) => [e.section, e.line, e.column])).toEqual([['title', 1, 2], ['work', 2, 2], ['plans', 3, 2], ['', 3, 3]]);
  });

  it('report-output gives a report without placeholders an entry list with the array map of a filled one (the loops over entries are not thrown away)', () => {
    // Test only: V8's own test functions, to compare the hidden classes (maps) of two arrays.
    v8.setFlagsFromString('--allow-natives-syntax');
    const sameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: unknown, b: unknown) => boolean;
    const raw = '一二三\n四五六';
    const paragraphs = [{ no: 1, start: 0, end: 3, section: 'title' }] as Paragraph[];
    const doc = (placeholders: Placeholder[]) => ({ report: { ...reportOf(raw), raw }, paragraphs, placeholders, toRaw: identityMap(raw.length) });
    const filled = placeholderEntriesOf(doc([{ kind: 'metric', token: '二', context: '', paragraphNo: 1, start: 1, end: 2 } as Placeholder]));
    const none = placeholderEntriesOf(doc([]));
    expect(none).toEqual([]);
    expect(sameMap([], filled)).toBe(false); // what a `[]` would be
    expect(sameMap(none, filled)).toBe(true);
    const withEntries = reportOutputOf(analyze(SIMPLIFIED, 'a'), { ...options, reportId: 'a' }).record.placeholders;
    const without = reportOutputOf(analyze(SIMPLIFIED, 'a'), { ...options, reportId: 'a', placeholderEntries: false }).record.placeholders;
    expect(withEntries.length).toBeGreaterThan(0);
    expect(sameMap(without, withEntries)).toBe(true);
  });

  it('report-output writes sections and placeholder kinds as CSV would (plain words, nothing to quote or neutralise)', () => {
    for (const name of [...Object.keys(sectionInfo), ...Object.keys(placeholderKindInfo)]) expect(csvField(name)).toBe(name);
  });

  it('report-output leaves the placeholder entries out of the record when told, the rows, count and kinds unchanged', () => {
    const doc = analyze(SIMPLIFIED, 'a');
    const whole = reportOutputOf(doc, { ...options, reportId: 'a' });
    const without = reportOutputOf(doc, { ...options, reportId: 'a', placeholderEntries: false });
    expect(whole.record.placeholders.length).toBe(2);
    expect(whole.record.placeholderKinds).toEqual(['name', 'metric']);
    expect(without.record.placeholders).toEqual([]);
    expect(without.record.placeholderCount).toBe(2);
    expect(without.record.placeholderKinds).toEqual(['name', 'metric']);
    expect(without.placeholdersCsv).toBe(whole.placeholdersCsv);
    expect(without.placeholdersCsv.split('\r\n').length).toBe(3);
  });

  it('report-output numbers each content term the first time the thread meets it (contentTermsMet)', () => {
    const first = reportOutputOf(analyze(SIMPLIFIED, 'a'), { ...options, reportId: 'a' }).record.terms;
    const second = reportOutputOf(analyze(SIMPLIFIED + '全年开展河长制巡河。\n', 'b'), { ...options, reportId: 'b' }).record.terms;
    const met = contentTermsMet(options.themes, options.stopWords);
    for (const terms of [first, second]) {
      expect(terms.numbers!.length).toBe(terms.terms.length);
      expect([...terms.numbers!].map((n) => met[n])).toEqual(terms.terms);
    }
    // the second report's terms the first had keep their numbers; a term new to the thread gets the next one
    expect(second.numbers!.slice(0, first.numbers!.length)).toEqual(first.numbers);
    expect(second.terms).toContain('河长制');
    expect(met.indexOf('河长制')).toBeGreaterThan(Math.max(...first.numbers!));
  });

  it('report-output leaves the term strings out when asked (termStrings: false), counts and numbers the same', () => {
    const doc = analyze(SIMPLIFIED + '全年开展河长制巡河。\n', 'a');
    const whole = reportOutputOf(doc, { ...options, reportId: 'a' }).record.terms;
    const numbered = reportOutputOf(doc, { ...options, reportId: 'a', termStrings: false }).record.terms;
    expect(whole.terms.length).toBeGreaterThan(0);
    expect(numbered.terms).toEqual([]);
    expect([...numbered.counts]).toEqual([...whole.counts]);
    expect([...numbered.numbers!]).toEqual([...whole.numbers!]);
    const met = contentTermsMet(options.themes, options.stopWords);
    expect([...numbered.numbers!].map((n) => met[n])).toEqual(whole.terms);
  });

  it('report-output counts a term met many times in a report, and from zero again in the next report', () => {
    const many = SIMPLIFIED + '开展理论宣讲。'.repeat(40) + '\n';
    const few = SIMPLIFIED + '开展理论宣讲。\n';
    for (const [text, id] of [[many, 'a'], [few, 'b'], [many, 'c']]) {
      const doc = analyze(text, id);
      const { record } = reportOutputOf(doc, { ...options, reportId: id });
      const sections = tokenSections(doc);
      const counted = countTerms(doc.tokens.words.filter((_, i) => sections[i] !== 'noise'), options.stopWords);
      expect(record.terms.terms).toEqual([...counted.keys()]);
      expect([...record.terms.counts]).toEqual([...counted.values()]);
    }
    const { record } = reportOutputOf(analyze(many, 'd'), { ...options, reportId: 'd' });
    expect(record.terms.counts[record.terms.terms.indexOf('理论宣讲')]).toBeGreaterThan(40);
  });

  it('report-output counts content terms in first-seen order', () => {
    const { record } = reportOutputOf(analyze(SIMPLIFIED, 'a'), { ...options, reportId: 'a' });
    expect(record.terms.terms.length).toBe(record.terms.counts.length);
    expect(record.terms.terms).toContain('理论宣讲');
    expect(new Set(record.terms.terms).size).toBe(record.terms.terms.length);
  });

  it('report-output counts terms and theme hits as countTerms and countThemes do over the tokens outside noise', () => {
    for (const [text, id] of [[SIMPLIFIED, 'a'], [TRADITIONAL, 'b'], [SIMPLIFIED + TRADITIONAL, 'c']]) {
      const doc = analyze(text, id);
      const { record } = reportOutputOf(doc, { ...options, reportId: id });
      const sections = tokenSections(doc);
      expect(sections.filter((s) => s !== 'noise').length).toBeGreaterThan(0);
      const counted = countTerms(doc.tokens.words.filter((_, i) => sections[i] !== 'noise'), options.stopWords);
      expect(record.terms.terms).toEqual([...counted.keys()]);
      expect([...record.terms.counts]).toEqual([...counted.values()]);
      const counts = countThemes(doc.tokens.words, sections, options.themes);
      const withHits = counts.flatMap((c, t) => (c.hits > 0 ? [t] : []));
      expect(withHits.length).toBeGreaterThan(0);
      expect([...record.themeHits.themes]).toEqual(withHits);
      expect([...record.themeHits.hits]).toEqual(withHits.map((t) => counts[t].hits));
      expect([...record.themeHits.bySection]).toEqual(withHits.flatMap((t) => Object.values(counts[t].bySection)));
      expect(record.themeHits.terms).toEqual(withHits.map((t) => counts[t].terms.map((x) => `${x.term}:${x.hits}`).join(' ')));
    }
  });

  it('report-output finds theme terms across paragraphs that are not noise, never into noise, in the walk that counts terms', () => {
    // one token per character: 网络 + 舆情 spell a term of 网络舆情 in the small taxonomy
    const runs: [Paragraph['section'], string[]][] = [
      ['work', ['网络']],
      ['plans', ['舆情', '网络']],
      ['noise', ['舆情', '宣讲']],
      ['problems', []],
      ['closing', ['宣讲', '网络']],
      ['work', ['舆情', '志愿者']],
      ['noise', ['志愿者']],
    ];
    const words = runs.flatMap(([, w]) => w);
    const paragraphStarts = new Int32Array(runs.length + 1);
    runs.forEach(([, w], p) => (paragraphStarts[p + 1] = paragraphStarts[p] + w.length));
    const paragraphs = runs.map(([section], p) => ({ no: p + 1, start: 0, end: 0, section }) as Paragraph);
    const doc = { text: '', paragraphs, tokens: { words, paragraphStarts, starts: new Int32Array(words.length), ends: new Int32Array(words.length) } };
    const matcher = compileThemes(loadThemes(path.join(FIXTURE_DIR, 'themes-small.tsv')));
    const { themeHits } = themeSummaryOf(doc, matcher, options.stopWords);
    expect(themeHits).toEqual(themeHitsOf(words, tokenRuns(doc), matcher));
    const counts = countThemes(words, tokenSections(doc), matcher);
    expect(counts.find((c) => c.theme === '网络舆情')).toMatchObject({ hits: 2, bySection: { work: 1, problems: 0, plans: 0, other: 1 } });
  });

  it('report-output counts the terms of a report with more distinct terms than its first scratch holds (1,024)', () => {
    // the bundled reports one after the other: several thousand distinct content terms
    const text = readdirSync('corpus').filter((name) => name.endsWith('.txt')).sort().map((name) => readFileSync(`corpus/${name}`, 'utf8')).join('\n');
    const doc = analyze(text, 'long');
    const { record } = reportOutputOf(doc, { ...options, reportId: 'long' });
    const sections = tokenSections(doc);
    const counted = countTerms(doc.tokens.words.filter((_, i) => sections[i] !== 'noise'), options.stopWords);
    expect(counted.size).toBeGreaterThan(1024);
    expect(record.terms.terms).toEqual([...counted.keys()]);
    expect([...record.terms.counts]).toEqual([...counted.values()]);
  });

  it('report-output counts the characters of paragraphs outside noise but for space, tab, line breaks and U+3000', () => {
    const text = ' 一 二\t三\r\n四\u3000五\u00a0六 \n七八 九\n 十 ';
    const paragraphs = [
      { no: 1, start: 0, end: 13, section: 'work' },
      { no: 2, start: 13, end: 18, section: 'noise' },
      { no: 3, start: 18, end: text.length, section: 'closing' },
    ] as Paragraph[];
    const naive = paragraphs
      .filter((p) => p.section !== 'noise')
      .reduce((n, p) => n + [...text.slice(p.start, p.end)].filter((c) => !' \t\n\r\u3000'.includes(c)).length, 0);
    expect(analysedChars({ text, paragraphs })).toBe(naive);
    expect(naive).toBe(9);
  });

  it('report-output counts analysed characters as a look at every character does, for paragraphs cut anywhere (whitespace at their edges, between them, none at all)', () => {
    let seed = 7;
    const next = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
    const pieces = ['一', '二三', ' ', '\t', '\n', '\r\n', '\u3000', '\u00a0', '四五六七'];
    for (let round = 0; round < 300; round++) {
      const text = Array.from({ length: 5 + next(40) }, () => pieces[next(pieces.length)]).join('');
      const paragraphs: Paragraph[] = [];
      for (let at = next(3); at < text.length; ) {
        const end = Math.min(text.length, at + 1 + next(8));
        paragraphs.push({ no: paragraphs.length + 1, start: at, end, section: next(4) === 0 ? 'noise' : 'work' } as Paragraph);
        at = end + next(3);
      }
      const naive = paragraphs
        .filter((p) => p.section !== 'noise')
        .reduce((n, p) => n + [...text.slice(p.start, p.end)].filter((c) => !' \t\n\r\u3000'.includes(c)).length, 0);
      expect(analysedChars({ text, paragraphs })).toBe(naive);
    }
  });
});
