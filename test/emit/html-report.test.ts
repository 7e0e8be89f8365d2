import { Parser } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { escapeHtml, highlight, renderHtmlReport, writeHtmlReport } from '../../src/emit/html-report.js';
import type { Table } from '../../src/emit/table.js';
import { problemsPageTable, problemsTable } from '../../src/emit/tables/problems.js';
import type { ProblemRow } from '../../src/aggregate/problem-clusters.js';
import { reportsTable } from '../../src/emit/tables/reports.js';
import { reuseReportColumns } from '../../src/emit/tables/reuse.js';
import { reportSummaryOf } from '../../src/aggregate/report-rows.js';
import { analyze, recordOf } from '../helpers.js';
import {
  HOSTILE,
  placeholders,
  problems,
  recurringProblems,
  reports,
  sampleTables,
  themeMatrix,
} from '../fixtures/html/sample-tables.js';

interface Element {
  name: string;
  attrs: Record<string, string>;
  text: string;
}

/** Parses the page into a flat element list with each element's own text content (including descendants). */
function parse(html: string): { elements: Element[]; scripts: string[] } {
  const elements: Element[] = [];
  const open: Element[] = [];
  const scripts: string[] = [];
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        const el = { name, attrs, text: '' };
        elements.push(el);
        open.push(el);
      },
      ontext(text) {
        for (const el of open) el.text += text;
        if (open.at(-1)?.name === 'script') scripts.push(text);
      },
      onclosetag() {
        open.pop();
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return { elements, scripts };
}

const render = (tables = sampleTables()) => renderHtmlReport(tables, { generatedFrom: 'corpus/' });

describe('html report', () => {
  it('html report is one self-contained document', () => {
    const html = render();
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    const { elements } = parse(html);
    const names = elements.map((e) => e.name);
    expect(names.filter((n) => n === 'script')).toHaveLength(1);
    expect(names.filter((n) => n === 'style')).toHaveLength(1);
    expect(names).not.toContain('link');
    expect(names).not.toContain('iframe');
    expect(names.filter((n) => n === 'img')).toHaveLength(0);
    const csp = elements.find((e) => e.attrs['http-equiv'] === 'Content-Security-Policy');
    expect(csp?.attrs.content).toContain("default-src 'none'");
    for (const id of ['reports', 'placeholders', 'recurring', 'themes']) {
      expect(elements.some((e) => e.name === 'section' && e.attrs.id === id)).toBe(true);
    }
  });

  it('html report links to nothing outside the page', () => {
    const html = render();
    const { elements } = parse(html);
    for (const el of elements) {
      for (const [attr, value] of Object.entries(el.attrs)) {
        if (/^(src|href|xlink:href|action|srcset|poster|data|formaction)$/i.test(attr)) {
          expect(value, `${el.name} ${attr}`).not.toMatch(/^\s*(https?:|\/\/)/i);
          expect(value, `${el.name} ${attr}`).toMatch(/^#/);
        }
      }
    }
    // The same check the brief asks for, on the raw text: no http(s) URL in any src/href attribute.
    expect(html).not.toMatch(/\b(src|href)\s*=\s*["']?\s*https?:\/\//i);
    // Nothing of the page's own making names a URL; only the escaped report text may contain one.
    expect(html.replaceAll(escapeHtml(HOSTILE), '')).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/url\(\s*["']?(https?:|\/\/)/i);
    expect(html).not.toMatch(/@import/);
  });

  it('html report escapes report text', () => {
    const html = render();
    const { elements, scripts } = parse(html);
    expect(scripts).toHaveLength(1);
    expect(scripts[0]).not.toContain('__pwned');
    expect(elements.filter((e) => e.name === 'script')).toHaveLength(1);
    expect(elements.some((e) => Object.keys(e.attrs).some((a) => a.startsWith('on')))).toBe(false);
    expect(html).toContain(escapeHtml('<script>window.__pwned = 1</script>'));
    // The hostile text shows up as text in the title cell, a placeholder context, a headline and a cluster label.
    const shown = elements.filter((e) => e.text.includes('<script>window.__pwned = 1</script>'));
    expect(shown.length).toBeGreaterThan(0);
  });

  it('html report is deterministic', () => {
    expect(render()).toBe(render());
    const asRecord = Object.fromEntries([...sampleTables().entries()].map(([k, t]) => [k.replace('.csv', ''), t]));
    expect(renderHtmlReport(asRecord, { generatedFrom: 'corpus/' })).toBe(render());
  });

  it('html report lists reports with status, township, year and counts', () => {
    const { elements } = parse(render());
    const rows = elements.filter((e) => e.name === 'tr' && e.attrs['data-status'] !== undefined);
    expect(rows).toHaveLength(reports.rows.length);
    expect(rows.map((r) => r.attrs['data-status'])).toEqual(['ok', 'ok', 'ok', 'ok', 'error', 'skipped']);
    expect(rows[0]?.text).toContain('青山镇');
    expect(rows[0]?.text).toContain('2020');
    expect(rows[4]?.text).toContain('the file is damaged');
    const headers = elements.filter((e) => e.name === 'th' && e.attrs['data-type']);
    expect(headers.map((h) => h.attrs['data-type'])).toEqual(['text', 'text', 'text', 'text', 'number', 'number', 'number']);
  });

  it('html report groups placeholders by report and highlights the token', () => {
    const { elements } = parse(render());
    const groups = elements.filter((e) => e.attrs.class === 'ph-group');
    expect(groups.map((g) => g.attrs['data-report'])).toEqual(['2020/青山镇', '2022/河口镇']);
    // Anchors match the reports table's links (row index in reports.csv).
    expect(groups.map((g) => g.attrs.id)).toEqual(['ph-0', 'ph-2']);
    const items = elements.filter((e) => e.name === 'li' && e.attrs['data-kind']);
    expect(items).toHaveLength(placeholders.rows.length);
    const marks = elements.filter((e) => e.name === 'mark').map((m) => m.text);
    expect(marks).toEqual(['X次', '202x年', 'x余人', '*委', 'X余万元']);
    expect(elements.some((e) => e.name === 'a' && e.attrs.href === '#ph-2')).toBe(true);
  });

  it('html report folds placeholder groups when there are many reports', () => {
    const many: Table = {
      ...placeholders,
      rows: Array.from({ length: 31 }, (_, i) => [`r${i}`, 1, 'work', 'metric', 'X次', '开展X次']),
    };
    const folded = parse(renderHtmlReport([many], { generatedFrom: 'x' })).elements.filter((e) => e.attrs.class === 'ph-group');
    expect(folded).toHaveLength(31);
    expect(folded.every((g) => !('open' in g.attrs))).toBe(true);
    const few = parse(render()).elements.filter((e) => e.attrs.class === 'ph-group');
    expect(few.every((g) => 'open' in g.attrs)).toBe(true);
  });

  it('html report grid puts clusters by township and year, most persistent first', () => {
    const { elements } = parse(render());
    const grid = elements.filter((e) => e.name === 'tr' && e.attrs['data-cluster']);
    expect(grid.map((r) => r.attrs['data-cluster'])).toEqual(['c001', 'c002', 'c003']);
    expect(grid.map((r) => r.attrs.class)).toEqual(['recurs', 'recurs', 'single']);
    const columns = elements.filter((e) => e.attrs.class === 'grid-col').map((e) => e.text);
    expect(columns).toEqual(['白沙乡', '河口镇', '青山镇']); // pinyin order: bai, he, qing
    const start = elements.indexOf(grid[0]!);
    const cells = elements.slice(start).filter((e) => e.name === 'td' && e.attrs.class?.startsWith('cell')).slice(0, 3);
    expect(cells.map((c) => c.text)).toEqual(['', '2022', '2020 2021']);
    expect(cells[2]?.attrs.class).toBe('cell hit l2');
    expect(grid[0]?.text).toContain('宣传队伍力量不足');
  });

  it('html report draws the theme heatmap as inline svg', () => {
    const { elements } = parse(render());
    const svg = elements.find((e) => e.name === 'svg');
    expect(svg?.attrs.class).toBe('heatmap');
    const rects = elements.filter((e) => e.name === 'rect');
    expect(rects.length).toBe(themeMatrix.rows.length * (themeMatrix.columns.length - 1) + 5);
    const titles = elements.filter((e) => e.name === 'title').map((t) => t.text);
    expect(titles).toContain('青山镇 · 理论学习: 8.4');
    // The column maximum gets the darkest colour.
    const darkest = rects.filter((r) => r.attrs.fill === 'rgb(8,48,107)');
    expect(darkest.length).toBe(5 + 1);
  });

  it('html report builds the heatmap from themes.csv when theme_matrix.csv is absent', () => {
    const themes: Table = {
      file: 'themes.csv',
      columns: ['report_id', 'township', 'year', 'theme', 'hits', 'per_10k_chars'],
      rows: [
        ['a', '甲镇', 2020, '理论学习', 3, 2],
        ['b', '甲镇', 2021, '理论学习', 5, 4],
        ['c', '', 2021, '网络宣传', 1, 1.5],
      ],
    };
    const { elements } = parse(renderHtmlReport({ themes }, { generatedFrom: 'x' }));
    const titles = elements.filter((e) => e.name === 'title').map((t) => t.text);
    expect(titles).toContain('甲镇 · 理论学习: 3');
    expect(titles).toContain('c · 网络宣传: 1.5');
  });

  it('html report says which tables are missing', () => {
    const html = renderHtmlReport(new Map(), { generatedFrom: 'corpus/' });
    for (const file of ['reports.csv', 'placeholders.csv', 'recurring_problems.csv', 'theme_matrix.csv']) {
      expect(html).toContain(`<code>${file}</code>`);
    }
    const onlyRecurring = renderHtmlReport(new Map([['recurring_problems.csv', recurringProblems]]), { generatedFrom: 'x' });
    expect(onlyRecurring).toContain('problems.csv is missing');
    expect(onlyRecurring).toContain('data-cluster="c001"');
  });

  it('html report builds the grid from problems.csv alone', () => {
    const html = renderHtmlReport(new Map([['problems.csv', problems]]), { generatedFrom: 'x' });
    const { elements } = parse(html);
    const grid = elements.filter((e) => e.name === 'tr' && e.attrs['data-cluster']);
    expect(grid[0]?.attrs['data-cluster']).toBe('c001');
    expect(grid[0]?.text).toContain('宣传队伍力量薄弱'); // first headline stands in for the missing label
  });

  it('html report reads a problem\'s text only where it has no headline (problemsPageTable)', () => {
    // The fixture's problems as the problems step gives them, and one without a headline whose text (on two
    // lines) stands in and stays in the page table, on one line as problems.csv writes it.
    const rows: ProblemRow[] = [...problems.rows, ['2023/河口镇', '河口镇', 2023, 1, '', '村级宣传栏\n  内容陈旧。', 'c004']].map((row, i) => ({
      reportId: String(row[0]),
      township: String(row[1]),
      year: Number(row[2]),
      problemNo: Number(row[3]),
      headline: String(row[4]),
      text: String(row[5]),
      clusterId: String(row[6]),
      generic: false,
      rawStart: 10 * i,
      rawEnd: 10 * i + 5,
    }));
    const page = problemsPageTable(rows);
    const text = page.columns.indexOf('text');
    expect(page.rows.filter((row) => row[text] !== '').map((row) => row[text])).toEqual(['村级宣传栏 内容陈旧。']);
    const tables = (t: Table) => new Map([...sampleTables(), ['problems.csv', t]]);
    const whole = renderHtmlReport(tables(problemsTable(rows)), { generatedFrom: 'x' });
    expect(renderHtmlReport(tables(page), { generatedFrom: 'x' })).toBe(whole);
    expect(whole).toContain('村级宣传栏 内容陈旧。');
  });
});

describe('html report written in pieces', () => {
  it('hands the page over a row and a headline at a time, the pieces making the whole page', () => {
    // 3,000 reports and one cluster holding 3,000 problems: joined into sections first, a piece would be page-sized.
    const n = 3000;
    const reportRows = Array.from({ length: n }, (_, i) => reports.rows[i % reports.rows.length].map((cell, c) => (c === 0 ? `r${i}` : cell)));
    const problemRows = Array.from({ length: n }, (_, i) => [`r${i}`, '河口镇', 2020 + (i % 4), 1, `问题${i}`, '', 'c001']);
    const tables = new Map([...sampleTables(), ['reports.csv', { ...reports, rows: reportRows }], ['problems.csv', { ...problems, rows: problemRows }]]);
    const pieces: string[] = [];
    writeHtmlReport(tables, { generatedFrom: 'x' }, (text) => pieces.push(text));
    expect(pieces.join('')).toBe(renderHtmlReport(tables, { generatedFrom: 'x' }));
    expect(pieces.length).toBeGreaterThan(2 * n);
    const longest = Math.max(...pieces.map((p) => p.length));
    expect(longest).toBeLessThan(40_000);
    const page = pieces.join('');
    expect(page).toContain('<li>r2999: 问题2999</li>');
    expect(page).toContain('data-i="2999"');
  });
});

describe('heatmap label width', () => {
  // The label column is as wide as the longest group label: a wide (CJK) character counts 13 px, another 0.58 × 13.
  const labelColumn = (label: string): number => {
    const matrix: Table = { file: 'theme_matrix.csv', columns: ['group', '理论学习'], rows: [[label, 1.5]] };
    const html = renderHtmlReport(new Map([['theme_matrix.csv', matrix]]), { generatedFrom: 'x' });
    return Number(/<text class="row" x="([\d.]+)"/.exec(html)?.[1]) + 10;
  };

  it('counts wide characters as one em and others as 0.58, each character asked once and answered alike after', () => {
    const wide = labelColumn('陵口镇陵口镇陵口镇');
    expect(wide).toBeCloseTo(9 * 13 + 16, 6);
    expect(labelColumn('abcdefghi')).toBeCloseTo(9 * 0.58 * 13 + 16, 6);
    expect(labelColumn('ab陵口镇cd')).toBeCloseTo((3 + 4 * 0.58) * 13 + 16, 6);
    expect(labelColumn('陵口镇陵口镇陵口镇')).toBe(wide);
  });
});

describe('escapeHtml', () => {
  it('replaces each special character wherever it stands and leaves other text as it is', () => {
    expect(escapeHtml('乡镇工作总结 2024')).toBe('乡镇工作总结 2024');
    expect(escapeHtml('')).toBe('');
    expect(escapeHtml(`a&b<c>d"e'f=g`)).toBe('a&amp;b&lt;c&gt;d&quot;e&#39;f&#61;g');
    expect(escapeHtml('=<&&>')).toBe('&#61;&lt;&amp;&amp;&gt;');
    expect(escapeHtml('😀<')).toBe('😀&lt;');
  });
});

describe('highlight', () => {
  const cases: [context: string, token: string, expected: string][] = [
    ['开展活动X次。', 'X次', '开展活动<mark>X次</mark>。'],
    ['投入X 余万元', 'X余万元', '投入<mark>X 余万元</mark>'],
    ['投入X余万元', 'X 余万元', '投入<mark>X余万元</mark>'],
    ['X次和X次', 'X次', '<mark>X次</mark>和<mark>X次</mark>'],
    ['a<b>X人', 'X人', 'a&lt;b&gt;<mark>X人</mark>'],
    ['无占位符', '*委', '无占位符 <mark class="absent">*委</mark>'],
    ['文本', '', '文本'],
  ];
  it.each(cases)('highlight %s / %s', (context, token, expected) => {
    expect(highlight(context, token)).toBe(expected);
  });
});

describe('html-report at scale', () => {
  const table = (file: string, columns: string[], rows: (string | number)[][]): Table => ({ file, columns, rows });
  const ids = Array.from({ length: 400 }, (_, i) => `r${String(i).padStart(3, '0')}`);
  const html = renderHtmlReport(
    [
      table('reports.csv', ['report_id', 'status', 'township', 'year'], ids.map((id) => [id, 'ok', '', ''])),
      table(
        'placeholders.csv',
        ['report_id', 'paragraph_no', 'section', 'kind', 'token', 'context'],
        ids.flatMap((id) => Array.from({ length: 60 }, (_, k) => [id, k + 1, 'work', 'metric', 'X次', `开展活动X次,第${k}条。`])),
      ),
      table('theme_matrix.csv', ['group', '网络舆情', 'reports', 'chars'], ids.map((id) => [id, 1.5, 1, 1000])),
    ],
    { generatedFrom: 'big' },
  );

  it('html-report lists at most 300 reports and 50 placeholders each, and says where the rest are', () => {
    expect(html.match(/<details class="ph-group"/g)).toHaveLength(300);
    expect(html.match(/<li data-kind="metric">/g)).toHaveLength(300 * 50);
    expect(html).toContain('100 more reports with placeholders are listed in placeholders.csv');
    expect(html).toContain('10 more in placeholders.csv');
  });

  it('html-report draws at most 150 heatmap groups and never the matrix bookkeeping columns', () => {
    expect(html).toContain('Showing 150 of 400 groups');
    expect(html).not.toMatch(/>chars</);
  });

  it('html-report draws the first 150 heatmap groups with their own values, whatever the rows after them hold', () => {
    // Values differ per row; a row past the drawn ones holds the largest (it must not change any colour).
    const rows = ids.map((id, i) => [id, i === 300 ? 99 : (i % 13) + 0.25, (i % 7) + 0.5, 1, 1000]);
    const columns = ['group', '网络舆情', '理论学习', 'reports', 'chars'];
    const svgOf = (matrixRows: (string | number)[][]) =>
      renderHtmlReport([table('theme_matrix.csv', columns, matrixRows)], { generatedFrom: 'x' }).match(/<svg class="heatmap"[\s\S]*?<\/svg>/)?.[0];
    const drawn = svgOf(rows.slice(0, 150));
    expect(drawn).toContain('r149 · 网络舆情: 6.3');
    expect(svgOf(rows)).toBe(drawn);
  });

  it('html page from the listed placeholder rows and the whole table’s figures is the page of the whole table', () => {
    // 320 reports with placeholders, some with more than the page lists per report.
    const rows: Table['rows'] = [];
    const reportRows: Table['rows'] = [];
    for (let r = 0; r < 320; r++) {
      const id = `r${String(r).padStart(3, '0')}`;
      reportRows.push([id, `${id}.txt`, 'ok', '', 'utf-8', `报告${r}`, `镇${r % 7}`, 2020 + (r % 3), '', 'annual', 100, 5, 0, 0]);
      const n = r % 9 === 0 ? 57 : 1 + (r % 4);
      for (let k = 0; k < n; k++) rows.push([id, k + 1, 'work', k % 3 === 0 ? 'metric' : k % 3 === 1 ? 'date' : 'name', 'X次', `第${k}处X次。`]);
    }
    const reportsTable: Table = { ...reports, rows: reportRows };
    const whole: Table = { ...placeholders, rows };
    const counts = new Map<string, number>();
    for (const row of rows) counts.set(String(row[0]), (counts.get(String(row[0])) ?? 0) + 1);
    const listedIds = [...counts.keys()].slice(0, 300);
    const listed: Table = { ...placeholders, rows: listedIds.flatMap((id) => rows.filter((row) => row[0] === id).slice(0, 50)) };
    const info = { generatedFrom: 'corpus' };
    const fromWhole = renderHtmlReport([reportsTable, whole], info);
    const fromListed = renderHtmlReport([reportsTable, listed], { ...info, placeholderCounts: { total: rows.length, counts, kinds: ['date', 'metric', 'name'] } });
    expect(listed.rows.length).toBeLessThan(whole.rows.length);
    expect(fromListed).toBe(fromWhole);
    expect(fromWhole).toContain('20 more reports with placeholders');
  });

  it('html-report reads none of the reuse columns of reports.csv (run renders the page before reuse ends)', () => {
    const summaries = ['甲镇', '甲镇', '乙镇'].map((township, i) =>
      reportSummaryOf(recordOf(analyze(`${township}202${i}年宣传思想工作总结\n\n一、主要工作\n全年开展理论宣讲X场。\n二、存在问题\n一是宣传阵地建设不够完善。\n`, `r${i}`))),
    );
    const recycling = { reportId: 'r1', from: 'r0', fromYear: 2020, share: 0.8, problemsShare: 0.5, flagged: true };
    const byReport = new Map([['r1', { recycling, foreignPlaces: 2 }], ['r2', { foreignPlaces: 0 }]]);
    const withReuse = reportsTable(summaries, [reuseReportColumns(byReport)]);
    expect(withReuse.columns).toContain('recycled_from');
    expect(withReuse.rows[1]).toContain('r0');
    const page = (reportsCsv: Table) => renderHtmlReport([reportsCsv, problems, recurringProblems, themeMatrix, placeholders], { generatedFrom: 'corpus' });
    expect(page(reportsTable(summaries))).toBe(page(withReuse));
    expect(page(withReuse)).toContain('甲镇2021年宣传思想工作总结');
  });
});

