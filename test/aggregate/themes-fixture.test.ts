import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadThemes } from '../../src/data/themes.js';
import { loadStopWords } from '../../src/data/stop-words.js';
import { themeTablesOf } from '../helpers.js';
import { topKeywords } from '../../src/aggregate/keywords.js';
import { isContentTerm } from '../../src/aggregate/terms.js';
import type { Table } from '../../src/emit/table.js';
import { FIXTURE_DIR, fixtureDocs } from '../helpers/fixture-docs.js';

const small = loadThemes(path.join(FIXTURE_DIR, 'themes-small.tsv'));
const noStopWords = new Set<string>();

function byFile(tables: Table[]): Record<string, Table> {
  return Object.fromEntries(tables.map((t) => [t.file, t]));
}

describe('theme tables on the fixture corpus', () => {
  const docs = fixtureDocs();
  const tables = byFile(themeTablesOf(docs, small, noStopWords, { extraColumns: ['county'], keyness: { minCount: 3 } }));

  it('themes.csv: known hits, rates and section split', () => {
    const t = tables['themes.csv'];
    expect(t.columns.slice(0, 9)).toEqual(['report_id', 'township', 'year', 'theme', 'hits', 'per_10k_chars', 'hits_work', 'hits_problems', 'hits_plans']);
    const rows = t.rows.map((r) => r.slice(0, 9).concat(r[12]));
    expect(rows).toEqual([
      // 2022/西河乡: 9 characters; 宣讲 ×3, 舆情 ×1
      ['2022/西河乡', '西河乡', 2022, '网络舆情', 1, '1111.111', 1, 0, 0, ''],
      ['2022/西河乡', '西河乡', 2022, '宣讲', 3, '3333.333', 3, 0, 0, ''],
      // 2022/陵口镇: 19 characters; 网络+舆情 is one hit of 网络舆情; 宣讲团 is not 宣讲
      ['2022/陵口镇', '陵口镇', 2022, '志愿服务', 1, '526.316', 1, 0, 0, ''],
      ['2022/陵口镇', '陵口镇', 2022, '网络舆情', 1, '526.316', 1, 0, 0, ''],
      // misc/report: township from the manifest (西河 → 西河乡), 8 characters
      ['misc/report', '西河乡', 2021, '志愿服务', 2, '2500.000', 2, 0, 0, '丹阳市'],
      // 陵口/2021: township 陵口 from the path → 陵口镇, year 2020 from the manifest; 60 characters, noise skipped
      ['陵口/2021', '陵口镇', 2020, '志愿服务', 3, '500.000', 3, 0, 0, '丹阳市'],
      ['陵口/2021', '陵口镇', 2020, '网络舆情', 2, '333.333', 0, 2, 0, '丹阳市'],
      ['陵口/2021', '陵口镇', 2020, '宣讲', 3, '500.000', 1, 0, 2, '丹阳市'],
    ]);
  });

  it('theme_matrix.csv: pooled hits per 10k characters per township', () => {
    const t = tables['theme_matrix.csv'];
    expect(t.columns).toEqual(['group', '志愿服务', '网络舆情', '宣讲', 'reports', 'chars']);
    expect(t.rows).toEqual([
      // 西河乡: 17 characters; 2, 1, 3 hits
      ['西河乡', '1176.471', '588.235', '1764.706', 2, 17],
      // 陵口镇: 79 characters; 4, 3, 3 hits
      ['陵口镇', '506.329', '379.747', '379.747', 2, 79],
    ]);
  });

  it('theme_matrix.csv: by report and by year', () => {
    const byReport = byFile(themeTablesOf(docs, small, noStopWords, { groupBy: 'report' }))['theme_matrix.csv'];
    expect(byReport.rows.map((r) => r[0])).toEqual(['2022/西河乡', '2022/陵口镇', 'misc/report', '陵口/2021']);
    const byYear = byFile(themeTablesOf(docs, small, noStopWords, { groupBy: 'year' }))['theme_matrix.csv'];
    expect(byYear.rows.map((r) => [r[0], r[3]])).toEqual([['2020', '500.000'], ['2021', '0.000'], ['2022', '1071.429']]);
  });

  it('keyness.csv: 宣讲 is key for 西河乡 (hand-computed G2 with the Yates correction)', () => {
    const t = tables['keyness.csv'];
    // 西河乡: 6 content terms, 宣讲 3; 陵口镇: 29 content terms, 宣讲 2 → a=3 b=2 c=3 d=27
    expect(t.rows[0]).toEqual(['西河乡', 1, '宣讲', 3, 2, '3.525', '4.434', expect.stringMatching(/^6\.\d{3}e-2$/)]);
    expect(t.rows.filter((r) => r[0] === '西河乡')).toHaveLength(1);
  });

  it('a user theme file changes the output', () => {
    const alt = loadThemes(path.join(FIXTURE_DIR, 'themes-alt.tsv'));
    const altTables = byFile(themeTablesOf(docs, alt, noStopWords));
    expect(altTables['theme_matrix.csv'].columns).toEqual(['group', '队伍建设', 'reports', 'chars']);
    // 陵口/2021: 网评员, 队伍 (problems); 2022/陵口镇: 宣讲团
    expect(altTables['themes.csv'].rows.map((r) => [r[0], r[3], r[4]])).toEqual([
      ['2022/陵口镇', '队伍建设', 1],
      ['陵口/2021', '队伍建设', 2],
    ]);
  });

  it('keywords.csv: TF-IDF ranks, placeholders, numbers and stop words removed', () => {
    const t = tables['keywords.csv'];
    expect(t.columns).toEqual(['report_id', 'rank', 'keyword', 'weight', 'county']);
    const xihe = t.rows.filter((r) => r[0] === '2022/西河乡');
    // 宣讲: tf 3/4, df 2 of 4 → idf ln(5/3)+1; 舆情: tf 1/4, df 3 → ln(5/4)+1
    expect(xihe).toEqual([
      ['2022/西河乡', 1, '宣讲', (0.75 * (Math.log(5 / 3) + 1)).toFixed(6), ''],
      ['2022/西河乡', 2, '舆情', (0.25 * (Math.log(5 / 4) + 1)).toFixed(6), ''],
    ]);
    expect(t.rows.some((r) => r[2] === '2021年')).toBe(false);
  });
});

describe('keywords', () => {
  it('keywords: content-term filter', () => {
    const stop = loadStopWords();
    for (const w of ['志愿服务', '新时代文明实践', 'LED', '十九大', '学习强国']) expect(isContentTerm(w, stop), w).toBe(true);
    for (const w of ['的', '开展', '工作', '进一步', 'X', 'XX', 'xx', '某镇', '某某', '2021', '2021年', '十二', '三次', '，', '、', '*', '○○', 'X次']) {
      expect(isContentTerm(w, stop), w).toBe(false);
    }
  });
  it('keywords: one-report corpus ranks by frequency, ties by code units', () => {
    const out = topKeywords([{ reportId: 'r', counts: new Map([['乙', 1], ['甲', 1], ['丙', 3]]) }], 2);
    expect(out.map((k) => k.keyword)).toEqual(['丙', '乙']);
  });
});
