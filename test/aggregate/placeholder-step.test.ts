import { describe, expect, it } from 'vitest';
import { corpusAggregate } from '../../src/aggregate/index.js';
import { reportOutputOf } from '../../src/report-output.js';
import { compileThemes } from '../../src/stages/themes.js';
import { loadThemes } from '../../src/data/themes.js';
import { loadStopWords } from '../../src/data/stop-words.js';
import { analyze } from '../helpers.js';

const taxonomy = loadThemes();
const options = { themes: compileThemes(taxonomy), stopWords: loadStopWords() };
const themes = taxonomy.themes.map((t) => t.name);
// Two placeholders (某镇, X场) of two kinds; the second report has one (X名) of one kind.
const TWO = '某镇2021年宣传思想工作总结\n\n一、主要工作\n全年开展理论宣讲X场，覆盖群众三千余人。\n';
const ONE = '2021年宣传思想工作总结\n\n一、主要工作\n全年培训干部X名。\n';
const NONE = '2021年宣传思想工作总结\n\n一、主要工作\n全年培训干部三千名。\n';

describe('the placeholders step', () => {
  it('placeholder-step needs entries until it holds its first reports, then counts later records from count and kinds', async () => {
    const aggregate = corpusAggregate({ themes, placeholders: { keepRows: false, firstReports: 2, perReport: 1 } });
    const record = (raw: string, id: string, placeholderEntries = true) => reportOutputOf(analyze(raw, id), { ...options, reportId: id, placeholderEntries }).record;
    try {
      expect(aggregate.needsPlaceholderEntries()).toBe(true);
      aggregate.add(record(TWO, 'a'));
      aggregate.add(record(NONE, 'b'));
      expect(aggregate.needsPlaceholderEntries()).toBe(true);
      // a record without its entries while the step still lists reports is a broken run, not a quiet gap
      expect(() => aggregate.add(record(ONE, 'x', false))).toThrow(/came without its placeholders/);
      aggregate.add(record(ONE, 'c'));
      expect(aggregate.needsPlaceholderEntries()).toBe(false);
      const late = record(TWO, 'd', false);
      expect(late.placeholders).toEqual([]);
      aggregate.add(late);
      const { summary } = (await aggregate.finish()).placeholders;
      expect(summary.total).toBe(2 + 1 + 2);
      expect([...summary.counts]).toEqual([['a', 2], ['c', 1], ['d', 2]]);
      expect(summary.kinds).toEqual(['metric', 'name']);
      expect(summary.first.map((r) => [r.reportId, r.placeholders.map((p) => p.token)])).toEqual([['a', ['某镇']], ['c', ['X名']]]);
      expect(aggregate.needsPlaceholderEntries()).toBe(false);
    } finally {
      await aggregate.close();
    }
  });

  it('placeholder-step keeping every row needs every report entries', () => {
    const aggregate = corpusAggregate({ themes, placeholders: { keepRows: true, firstReports: 1 } });
    aggregate.add(reportOutputOf(analyze(TWO, 'a'), { ...options, reportId: 'a' }).record);
    expect(aggregate.needsPlaceholderEntries()).toBe(true);
  });
});
