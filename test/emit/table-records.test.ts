import { describe, expect, it } from 'vitest';
import { renderCsvRecords } from '../../src/emit/csv.js';
import type { TableSource } from '../../src/emit/table.js';
import { keynessSource } from '../../src/emit/tables/keyness.js';
import { keywordsSource } from '../../src/emit/tables/keywords.js';
import { problemsSource } from '../../src/emit/tables/problems.js';
import { themesSource } from '../../src/emit/tables/themes.js';
import type { ProblemRow } from '../../src/aggregate/problem-clusters.js';
import type { ReportThemes } from '../../src/aggregate/theme-summary.js';
import type { KeynessRow } from '../../src/aggregate/keyness.js';
import type { Keyword } from '../../src/aggregate/keywords.js';

/** Texts a CSV renderer must treat with care: quotes, commas, line breaks, formula starts, plain Chinese. */
const TEXTS = ['青山镇', 'a,b', 'say "hi"', 'two\nlines', '=SUM(A1)', '-3', '+x', '@me', '\tx', '', '河口镇 2020'];
const text = (i: number) => TEXTS[i % TEXTS.length];
/** Numbers whose fixed-decimal text starts with '-' (neutralised as text) or is a negative zero (written 0). */
const NUMBERS = [0, 1.5, -0.0004, -2.25, 1234.5678, -0, 1e-9, 0.1 + 0.2];
const number = (i: number) => NUMBERS[i % NUMBERS.length];

/** Every record of `source` as written through `records()`, and as `renderCsvRecords` renders its `chunks()`. */
function bothWays(source: TableSource): [string, string] {
  expect(source.records).toBeDefined();
  const rows = [...source.chunks()].flat();
  return [[...source.records!()].join(''), renderCsvRecords(rows)];
}

describe('table records rendered without cells (TableSource.records)', () => {
  it('problems.csv: the records of the rows, chunk by chunk', () => {
    const rows: ProblemRow[] = Array.from({ length: 1203 }, (_, i) => ({
      reportId: text(i),
      township: text(i + 1),
      year: i % 3 === 0 ? null : 2000 + i,
      problemNo: i + 1,
      headline: text(i + 2),
      text: `${text(i + 3)}\n  ${text(i + 4)}`,
      clusterId: text(i + 5),
      generic: i % 2 === 0,
      rawStart: i,
      rawEnd: i + 7,
    }));
    const [records, cells] = bothWays(problemsSource(rows));
    expect(records).toBe(cells);
    expect(records).toContain(`"a,b"`);
  });

  it('themes.csv: every theme of every report, with and without extra columns', () => {
    const themeNames = [text(0), text(1), text(3), text(4)];
    const reports: ReportThemes[] = Array.from({ length: 80 }, (_, i) => {
      const n = 1 + (i % 4);
      return {
        reportId: `${text(i)}${i}`,
        township: text(i + 1),
        year: i % 5 === 0 ? null : 2019 + (i % 4),
        chars: 1000 + i,
        themeNames,
        themes: Uint16Array.from({ length: n }, (_, k) => k),
        hits: Int32Array.from({ length: n }, (_, k) => k + i),
        per10k: Float64Array.from({ length: n }, (_, k) => number(i + k)),
        bySection: Int32Array.from({ length: 4 * n }, (_, k) => k),
        terms: Array.from({ length: n }, (_, k) => `${text(i + k)}:${k}`),
        extra: i % 7 === 0 ? {} : { 区县: text(i + 2), note: text(i + 3) },
      };
    });
    for (const extra of [[], ['区县', 'note']]) {
      const [records, cells] = bothWays(themesSource(reports, extra));
      expect(records).toBe(cells);
    }
  });

  it('keywords.csv and keyness.csv: negative and negative-zero numbers as the cells write them', () => {
    const keywords: Keyword[] = Array.from({ length: 700 }, (_, i) => ({ reportId: text(i), rank: (i % 20) + 1, keyword: text(i + 1), weight: number(i) }));
    const extra = new Map([[text(0), { 区县: 'a,"b"' }]]);
    for (const columns of [[], ['区县']]) {
      const [records, cells] = bothWays(keywordsSource(keywords, extra, columns));
      expect(records).toBe(cells);
    }
    const keyness: KeynessRow[] = Array.from({ length: 700 }, (_, i) => ({
      group: text(i),
      rank: (i % 20) + 1,
      term: text(i + 2),
      targetCount: i,
      referenceCount: 3 * i,
      g2: number(i),
      chi2: number(i + 1),
      p: Math.abs(number(i + 2)),
    }));
    const [records, cells] = bothWays(keynessSource(keyness));
    expect(records).toBe(cells);
    expect(records).toContain(`'-2.250`);
  });
});
