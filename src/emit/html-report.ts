/**
 * `report.html`: one self-contained page over the output tables, for people who would rather look than read CSV.
 *
 * Pure: tables in, a string out; no I/O, no clock, no randomness, so two runs give byte-identical pages.
 * Self-contained: inline CSS and JS, charts as inline SVG, no URL of any kind, and a Content-Security-Policy
 * that forbids the page from loading anything, so it opens from a USB stick without a server or network.
 * All table text is untrusted (it comes from downloaded reports) and goes through `escapeHtml`; the script
 * reads the DOM and never receives data as code.
 */
import { isSurrogatePairAt } from '../data/patterns.js';
import { isTrimmedSpace } from '../model/code-units.js';
import type { Cell, Table } from './table.js';
import stringWidth from 'string-width';

/** Options of `renderHtmlReport`. */
export interface HtmlReportInfo {
  /** page title and heading; default `zongjie 工作总结分析` */
  title?: string;
  /** what the run read, shown under the heading (usually the corpus folder) */
  generatedFrom: string;
  /**
   * the whole placeholders.csv in figures, when the placeholders table given holds only the rows the page
   * lists (the first `PLACEHOLDER_REPORTS_MAX` reports, `PLACEHOLDERS_PER_REPORT_MAX` rows each): a run
   * writes placeholders.csv as the reports arrive and keeps no more; default: counted from the table
   */
  placeholderCounts?: PlaceholderCounts;
}

/** Figures of a whole placeholders.csv. */
export interface PlaceholderCounts {
  /** rows */
  total: number;
  /** rows per report id, every report with any */
  counts: ReadonlyMap<string, number>;
  /** distinct kinds */
  kinds: readonly string[];
}

/**
 * Escapes text for HTML element content and quoted attribute values. `=` is escaped too so that report text
 * such as `src=http://…` cannot even look like an attribute to a plain-text scan of the page.
 */
export function escapeHtml(value: string): string {
  return HTML_SPECIAL.test(value) ? value.replace(HTML_SPECIALS, escapeChar) : value;
}

/**
 * The characters `escapeHtml` replaces. Most cells hold none of them, and a test of the class then returns the
 * cell itself rather than a `replace` with a callback (≈ 0.1–0.2 s of main-thread CPU over the 20k page).
 */
const HTML_SPECIAL = /[&<>"'=]/u;
const HTML_SPECIALS = new RegExp(HTML_SPECIAL.source, 'gu');

function escapeChar(ch: string): string {
  return HTML_ESCAPES[ch] ?? ch;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '=': '&#61;',
};

/** The tables a page is built from: a list, or keyed by file name (`reports.csv`) or bare name (`reports`). */
export type ReportTables = Map<string, Table> | Record<string, Table> | readonly Table[];

/** Renders the report page from the output tables; tables it uses and does not get are reported as missing. */
export function renderHtmlReport(tables: ReportTables, info: HtmlReportInfo): string {
  const pieces: string[] = [];
  writeHtmlReport(tables, info, (text) => pieces.push(text));
  return pieces.join('');
}

/** Takes the page's text a piece at a time, in order. */
export type PageSink = (text: string) => void;

/**
 * `renderHtmlReport`, the page handed to `write` a piece at a time (a table row, a headline) as it is made:
 * at 20,000 reports the page is ≈ 10 MB, and rows held in arrays until joined, then the sections joined, then
 * the template, outlived the young generation (the page's render was mostly garbage collection).
 */
export function writeHtmlReport(tables: ReportTables, info: HtmlReportInfo, write: PageSink): void {
  const index = indexTables(tables);
  const title = info.title ?? 'zongjie 工作总结分析';
  const reports = index('reports.csv');
  const placeholders = index('placeholders.csv');
  const problems = index('problems.csv');
  const recurring = index('recurring_problems.csv');
  const reportInfo = new Map<string, ReportRow>();
  if (reports) for (const r of reports.rows) reportInfo.set(r.text('report_id'), r);

  write(`<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="zongjie">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
`);
  write(renderHeader(title, info.generatedFrom, reports, placeholders, problems, recurring, info.placeholderCounts));
  write('\n');
  writeReportsSection(reports, write);
  write('\n');
  writePlaceholdersSection(placeholders, reportInfo, info.placeholderCounts, write);
  write('\n');
  writeRecurringSection(recurring, problems, reportInfo, write);
  write('\n');
  write(renderThemesSection(index('theme_matrix.csv'), index('themes.csv')));
  write(`
<footer>zongjie · ${escapeHtml(info.generatedFrom)}</footer>
<script>${SCRIPT}</script>
</body>
</html>
`);
}

/** Writes `items` separated by line breaks (what `items.map(render).join('\n')` made). */
function writeLines<T>(items: readonly T[], render: (item: T, i: number) => void, write: PageSink): void {
  for (let i = 0; i < items.length; i++) {
    if (i > 0) write('\n');
    render(items[i], i);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Table access

/** A table with its columns looked up by name. */
interface IndexedTable {
  columns: string[];
  rows: ReportRow[];
  has(column: string): boolean;
}

/** One row of a table, read by column name; missing columns read as empty. */
interface ReportRow {
  text(column: string): string;
  num(column: string): number | undefined;
}

function indexTables(tables: ReportTables): (file: string) => IndexedTable | undefined {
  const byName = new Map<string, Table>();
  const entries: [string, Table][] = Array.isArray(tables)
    ? tables.map((t: Table) => [t.file, t])
    : tables instanceof Map
      ? [...tables.entries()]
      : Object.entries(tables);
  for (const [key, table] of entries) {
    byName.set(bareName(key), table);
    byName.set(bareName(table.file), table);
  }
  return (file) => {
    const table = byName.get(bareName(file));
    return table ? indexTable(table) : undefined;
  };
}

function bareName(file: string): string {
  return file.replace(/^.*[\\/]/, '').replace(/\.csv$/i, '');
}

function indexTable(table: Table): IndexedTable {
  const at = new Map<string, number>();
  table.columns.forEach((c, i) => at.set(c, i));
  const rows = table.rows.map((cells): ReportRow => new IndexedRow(cells, at));
  return { columns: table.columns, rows, has: (c) => at.has(c) };
}

/** A row read by column name: one small object per row (a big problems.csv has a hundred thousand). */
class IndexedRow implements ReportRow {
  constructor(
    private readonly cells: Cell[],
    private readonly at: ReadonlyMap<string, number>,
  ) {}
  text(column: string): string {
    return cellText(this.cells[this.at.get(column) ?? -1]);
  }
  num(column: string): number | undefined {
    return cellNumber(this.cells[this.at.get(column) ?? -1]);
  }
}

function cellText(cell: Cell): string {
  return cell === null || cell === undefined ? '' : String(cell);
}

function cellNumber(cell: Cell): number | undefined {
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : undefined;
  if (typeof cell === 'boolean') return cell ? 1 : 0;
  const text = cellText(cell).trim();
  if (text === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

function cellFlag(text: string): boolean {
  return /^(true|yes|1|y|是)$/i.test(text.trim());
}

// ---------------------------------------------------------------------------------------------------------------
// Sections

function renderHeader(
  title: string,
  generatedFrom: string,
  reports: IndexedTable | undefined,
  placeholders: IndexedTable | undefined,
  problems: IndexedTable | undefined,
  recurring: IndexedTable | undefined,
  placeholderCounts: PlaceholderCounts | undefined,
): string {
  const statusCount = (s: string) => reports?.rows.filter((r) => r.text('status') === s).length ?? 0;
  const withPlaceholders = placeholderCounts?.counts.size ?? new Set(placeholders?.rows.map((r) => r.text('report_id'))).size;
  const recurringClusters = recurring?.rows.filter((r) => (r.num('reports') ?? 0) >= 2).length ?? 0;
  const card = (value: string, label: string, note: string) =>
    `<div class="card"><div class="value">${value}</div><div class="label">${label}</div><div class="note">${note}</div></div>`;
  const cards = [
    card(
      reports ? String(reports.rows.length) : '–',
      '报告 reports',
      reports ? `正常 ${statusCount('ok')} · 跳过 ${statusCount('skipped')} · 出错 ${statusCount('error')}` : '无 reports.csv',
    ),
    card(
      placeholders ? String(placeholderCounts?.total ?? placeholders.rows.length) : '–',
      '未填占位符 placeholders',
      placeholders ? `涉及 ${withPlaceholders} 份报告` : '无 placeholders.csv',
    ),
    card(problems ? String(problems.rows.length) : '–', '问题 problems', problems ? '报告自述的问题条目' : '无 problems.csv'),
    card(
      recurring ? String(recurringClusters) : '–',
      '重复出现的问题 recurring',
      recurring ? `共 ${recurring.rows.length} 类问题` : '无 recurring_problems.csv',
    ),
  ];
  return `<header>
<h1>${escapeHtml(title)}</h1>
<p class="from">数据来源 generated from <code>${escapeHtml(generatedFrom)}</code></p>
<nav><a href="#reports">报告一览</a><a href="#placeholders">未填占位符</a><a href="#recurring">重复出现的问题</a><a href="#themes">主题热力图</a></nav>
<div class="cards">${cards.join('')}</div>
</header>`;
}

function missing(file: string): string {
  return `<p class="missing">本次运行没有生成 <code>${escapeHtml(file)}</code>,此部分无内容。 (${escapeHtml(file)} is not among this run's tables.)</p>`;
}

function sectionHead(id: string, zh: string, en: string, lead: string): string {
  return `<section id="${id}">\n<h2>${zh} <small>${en}</small></h2>\n<p class="lead">${lead}</p>`;
}

/** A sortable header cell; `type` tells the script to compare numbers rather than text. */
function sortHeader(zh: string, en: string, type: 'text' | 'number'): string {
  return `<th data-type="${type}"><button type="button">${zh}<span class="en">${en}</span><span class="arrow" aria-hidden="true"></span></button></th>`;
}

const STATUS_LABEL: Record<string, string> = { ok: '正常', skipped: '跳过', error: '出错' };

function writeReportsSection(reports: IndexedTable | undefined, write: PageSink): void {
  const head = sectionHead('reports', '报告一览', 'Reports', '点击表头排序,输入文字筛选。Click a header to sort; type to filter.');
  if (!reports) {
    write(`${head}\n${missing('reports.csv')}\n</section>`);
    return;
  }
  const statuses = [...new Set(reports.rows.map((r) => r.text('status')))].sort();
  const writeRow = (r: ReportRow, i: number) => {
    const status = r.text('status');
    const error = r.text('error');
    const placeholderCount = r.num('placeholder_count');
    const problemCount = r.num('problem_count');
    const id = r.text('report_id');
    const count = (n: number | undefined, anchor: string) =>
      n === undefined ? '' : n > 0 ? `<a href="#${anchor}">${n}</a>` : '0';
    write(`<tr data-i="${i}" data-status="${escapeHtml(status)}">` +
      `<td><span class="status status-${statusClass(status)}">${escapeHtml(STATUS_LABEL[status] ?? status)}</span></td>` +
      `<td class="id">${escapeHtml(id)}${error ? `<div class="error">${escapeHtml(error)}</div>` : ''}</td>` +
      `<td class="title">${escapeHtml(r.text('title'))}</td>` +
      `<td>${escapeHtml(r.text('township'))}</td>` +
      `<td class="num">${escapeHtml(r.text('year'))}</td>` +
      `<td class="num" data-sort="${placeholderCount ?? ''}">${count(placeholderCount, `ph-${i}`)}</td>` +
      `<td class="num" data-sort="${problemCount ?? ''}">${count(problemCount, 'recurring')}</td>` +
      `</tr>`);
  };
  const options = statuses
    .map((s) => `<option value="${escapeHtml(s)}">${escapeHtml(STATUS_LABEL[s] ?? s)} ${escapeHtml(s)}</option>`)
    .join('');
  write(`${head}
<div class="filters" data-table="reports-table">
<label>筛选 <input type="search" class="filter-text" placeholder="报告、乡镇、年份… report, township, year"></label>
<label>状态 <select class="filter-status"><option value="">全部 all</option>${options}</select></label>
<span class="shown" aria-live="polite">${reports.rows.length} / ${reports.rows.length}</span>
</div>
<div class="scroll"><table id="reports-table" class="sortable">
<thead><tr>${sortHeader('状态', 'status', 'text')}${sortHeader('报告', 'report', 'text')}${sortHeader('标题', 'title', 'text')}${sortHeader('乡镇', 'township', 'text')}${sortHeader('年份', 'year', 'number')}${sortHeader('占位符', 'placeholders', 'number')}${sortHeader('问题', 'problems', 'number')}</tr></thead>
<tbody>
`);
  writeLines(reports.rows, writeRow, write);
  write(`
</tbody>
</table></div>
</section>`);
}

function statusClass(status: string): string {
  return status === 'ok' || status === 'skipped' || status === 'error' ? status : 'other';
}

const KIND_LABEL: Record<string, string> = { metric: '数字', date: '日期', name: '名称', ordinal: '届次' };

function writePlaceholdersSection(placeholders: IndexedTable | undefined, reportInfo: Map<string, ReportRow>, placeholderCounts: PlaceholderCounts | undefined, write: PageSink): void {
  const head = sectionHead(
    'placeholders',
    '未填占位符',
    'Unfilled placeholders',
    '模板里没有填上的数字、日期和名称(如 X次、202x年、*委),按报告分组,高亮显示。Figures, dates and names left unfilled, grouped by report.',
  );
  if (!placeholders) {
    write(`${head}\n${missing('placeholders.csv')}\n</section>`);
    return;
  }
  const total = placeholderCounts?.total ?? placeholders.rows.length;
  if (total === 0) {
    write(`${head}\n<p class="empty">没有发现未填占位符。No placeholders found.</p>\n</section>`);
    return;
  }

  const groups = new Map<string, ReportRow[]>();
  for (const r of placeholders.rows) {
    const id = r.text('report_id');
    const list = groups.get(id);
    if (list) list.push(r);
    else groups.set(id, [r]);
  }
  // The anchor of a group is the report's row number in reports.csv, so links from the reports table land here.
  const reportIndex = new Map<string, number>([...reportInfo.keys()].map((id, i) => [id, i]));
  let extra = reportIndex.size;
  const kinds = placeholderCounts ? [...placeholderCounts.kinds] : [...new Set(placeholders.rows.map((r) => r.text('kind')))].sort();
  const groupCount = placeholderCounts?.counts.size ?? groups.size;

  // Open groups read like a list; past a few dozen reports the page would be all placeholders, so start closed.
  const open = groupCount <= OPEN_GROUPS_MAX ? ' open' : '';
  const shownGroups = [...groups.entries()].slice(0, PLACEHOLDER_REPORTS_MAX);
  const groupHtml = ([id, allRows]: [string, ReportRow[]]): string => {
    const rows = allRows.slice(0, PLACEHOLDERS_PER_REPORT_MAX);
    const count = placeholderCounts?.counts.get(id) ?? allRows.length;
    const anchor = `ph-${reportIndex.get(id) ?? extra++}`;
    const report = reportInfo.get(id);
    const meta = [report?.text('township'), report?.text('year')].filter((s) => s).map((s) => escapeHtml(s ?? ''));
    const kindCounts = countBy(rows.map((r) => r.text('kind')));
    const chips = [...kindCounts.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, n]) => `<span class="kind kind-${kindClass(k)}">${escapeHtml(KIND_LABEL[k] ?? k)} ${n}</span>`)
      .join('');
    const items = rows.map((r) => {
      const kind = r.text('kind');
      const where = [r.text('section'), r.text('paragraph_no') ? `¶${r.text('paragraph_no')}` : '']
        .filter((s) => s)
        .map(escapeHtml)
        .join(' ');
      return `<li data-kind="${escapeHtml(kind)}"><span class="kind kind-${kindClass(kind)}">${escapeHtml(KIND_LABEL[kind] ?? kind)}</span>` +
        `<code class="token">${escapeHtml(r.text('token'))}</code><span class="where">${where}</span>` +
        `<p class="context">${highlight(r.text('context'), r.text('token'))}</p></li>`;
    });
    return `<details class="ph-group" id="${anchor}"${open} data-report="${escapeHtml(id)}">
<summary><span class="rid">${escapeHtml(id)}</span>${meta.length ? `<span class="meta">${meta.join(' · ')}</span>` : ''}<span class="count">${count}</span>${chips}</summary>
<ol class="ph-list">
${items.join('\n')}
</ol>${count > rows.length ? `\n<p class="more">另有 ${count - rows.length} 处,见 placeholders.csv。 ${count - rows.length} more in placeholders.csv.</p>` : ''}
</details>`;
  };
  const kindOptions = kinds
    .map((k) => `<option value="${escapeHtml(k)}">${escapeHtml(KIND_LABEL[k] ?? k)} ${escapeHtml(k)}</option>`)
    .join('');
  write(`${head}
<div class="filters" data-list="placeholder-groups">
<label>筛选 <input type="search" class="filter-text" placeholder="报告、占位符、句子… report, token, sentence"></label>
<label>类型 <select class="filter-kind"><option value="">全部 all</option>${kindOptions}</select></label>
<span class="shown" aria-live="polite">${total} / ${total}</span>
</div>
<div id="placeholder-groups">
`);
  writeLines(shownGroups, (group) => write(groupHtml(group)), write);
  if (groupCount > shownGroups.length) {
    const hidden = groupCount - shownGroups.length;
    if (shownGroups.length > 0) write('\n');
    write(`<p class="more">另有 ${hidden} 份报告含占位符,见 placeholders.csv。 ${hidden} more reports with placeholders are listed in placeholders.csv.</p>`);
  }
  write(`
</div>
</section>`);
}

/** Most report groups in the placeholder list that start unfolded. */
const OPEN_GROUPS_MAX = 30;
/**
 * Most reports, and most placeholders per report, listed on the page. Past these the page stops being
 * readable (and a 20,000-report corpus made a 221 MB page); the CSV holds every row and the page says so.
 */
export const PLACEHOLDER_REPORTS_MAX = 300;
export const PLACEHOLDERS_PER_REPORT_MAX = 50;
/** Most problem clusters (most persistent first) and township columns shown in the grid. */
const GRID_ROWS_MAX = 200;
const GRID_COLUMNS_MAX = 60;

function kindClass(kind: string): string {
  return /^[a-z]+$/.test(kind) ? kind : 'other';
}

/**
 * The context with every occurrence of the token wrapped in `<mark>`; spaces inside the token may vary: an
 * occurrence is the token's non-space characters with any run of spaces (`\s`) between two of them.
 *
 * Note: matched by hand, not with a RegExp built from the token: the page lists up to 15,000 placeholders, and a
 * pattern compiled per row made highlighting them 356 M instructions (24,000 a row), by hand 137 M.
 */
export function highlight(context: string, token: string): string {
  const trimmed = token.trim();
  if (trimmed === '') return escapeHtml(context);
  const pattern = tokenPattern(trimmed);
  // An occurrence starts with the token's first unit: found by the engine's search, not tried at every position.
  const first = String.fromCharCode(pattern.units[0]);
  let out = '';
  let last = 0;
  for (let start = context.indexOf(first); start >= 0; start = context.indexOf(first, start + 1)) {
    const end = occurrenceEnd(context, start, pattern);
    if (end < 0) continue;
    out += escapeHtml(context.slice(last, start)) + `<mark>${escapeHtml(context.slice(start, end))}</mark>`;
    last = end;
    start = end - 1;
  }
  if (last === 0) return `${escapeHtml(context)} <mark class="absent">${escapeHtml(trimmed)}</mark>`;
  return out + escapeHtml(context.slice(last));
}

/** What `highlight` looks for: a token's non-space code units, in order. */
interface TokenPattern {
  units: number[];
  /** `continues[k]`: unit k is the second half of a surrogate pair with unit k − 1 (no spaces between them) */
  continues: boolean[];
}

/** The non-space (`\s`, the units `isTrimmedSpace` tells) code units of `token`, its characters (code points) kept whole. */
function tokenPattern(token: string): TokenPattern {
  const units: number[] = [];
  const continues: boolean[] = [];
  for (let i = 0; i < token.length; i++) {
    const unit = token.charCodeAt(i);
    if (isSurrogatePairAt(token, i)) {
      units.push(unit, token.charCodeAt(i + 1));
      continues.push(false, true);
      i++;
    } else if (!isTrimmedSpace(unit)) {
      units.push(unit);
      continues.push(false);
    }
  }
  return { units, continues };
}

/**
 * Where an occurrence of `pattern` starting at `start` of `context` ends, or -1. Any run of spaces may stand
 * between two characters. Skipping every space is exact: the unit after them is not a space.
 */
function occurrenceEnd(context: string, start: number, pattern: TokenPattern): number {
  const { units, continues } = pattern;
  let at = start;
  for (let k = 0; k < units.length; k++) {
    if (k > 0 && !continues[k]) while (at < context.length && isTrimmedSpace(context.charCodeAt(at))) at++;
    if (at >= context.length || context.charCodeAt(at) !== units[k]) return -1;
    at++;
  }
  return at;
}

/** One cluster of the recurring-problems grid with what the grid needs to place and order it. */
interface ClusterLine {
  id: string;
  label: string;
  problems: number;
  reports: number;
  years: number;
  span: number;
  recursInTownship: boolean;
  /** township (or report when no township is known) → years in which it states this problem */
  cells: Map<string, Set<string>>;
  /** report ids of the cluster's problems.csv rows; their number is `reports` unless recurring_problems.csv says */
  reportIds: Set<string>;
  /** the problems.csv rows of the cluster, for the headlines (`report_id: headline`) under the label */
  headlines: ReportRow[];
}

/** The year of a problem whose row and report both leave it empty: shown in its cell, left out of `years` and `span`. */
const UNKNOWN_YEAR = '?';

/** The recurring-problems section: a grid of problem clusters × townships with the years in the cells. */
function writeRecurringSection(
  recurring: IndexedTable | undefined,
  problems: IndexedTable | undefined,
  reportInfo: Map<string, ReportRow>,
  write: PageSink,
): void {
  const head = sectionHead(
    'recurring',
    '重复出现的问题',
    'Recurring problems',
    '每行一类问题,每列一个乡镇,格中是提到该问题的年份;跨年越多越靠前。One row per problem cluster, one column per township, years in the cells; most persistent first.',
  );
  if (!recurring && !problems) {
    write(`${head}\n${missing('recurring_problems.csv')}\n</section>`);
    return;
  }
  const lines = new Map<string, ClusterLine>();
  const townships = new Set<string>();
  if (problems) addProblemRows(problems, reportInfo, lines, townships);
  for (const l of lines.values()) summarizeCells(l);
  if (recurring) applyRecurringRows(recurring, lines);

  const grid = recurringGrid(lines, townships.size);
  write(gridPreamble(head, grid, problems !== undefined));
  writeLines(grid.shown, (l) => writeClusterRow(l, grid.columns, write), write);
  write(`
</tbody>
</table></div>
</section>`);
}

/** The line of cluster `id` in `lines`, made (empty) on first use. */
function clusterLine(lines: Map<string, ClusterLine>, id: string): ClusterLine {
  let l = lines.get(id);
  if (!l) {
    l = { id, label: '', problems: 0, reports: 0, years: 0, span: 0, recursInTownship: false, cells: new Map(), reportIds: new Set(), headlines: [] };
    lines.set(id, l);
  }
  return l;
}

/**
 * Files each problems.csv row under its cluster (a problem without one is a cluster of its own) and its year
 * under its township; a row without township or year takes its report's (reports.csv). Adds each township to `townships`.
 */
function addProblemRows(problems: IndexedTable, reportInfo: Map<string, ReportRow>, lines: Map<string, ClusterLine>, townships: Set<string>): void {
  for (const p of problems.rows) {
    const reportId = p.text('report_id');
    const id = p.text('cluster_id') || `${reportId}#${p.text('problem_no')}`;
    const report = reportInfo.get(reportId);
    const township = p.text('township') || report?.text('township') || reportId;
    const year = p.text('year') || report?.text('year') || UNKNOWN_YEAR;
    const l = clusterLine(lines, id);
    l.problems++;
    if (!l.label) l.label = p.text('headline') || p.text('text');
    townships.add(township);
    let years = l.cells.get(township);
    if (!years) l.cells.set(township, (years = new Set()));
    years.add(year);
    l.reportIds.add(reportId);
    l.headlines.push(p);
  }
}

/** Sets a line's figures from its cells: reports, distinct known years, first-to-last span, whether a township states it twice. */
function summarizeCells(l: ClusterLine): void {
  const years = new Set<string>();
  // Note: `first` and `last` do not start at ±Infinity: that double, where the loop had seen small integers,
  // deoptimized the function and had it compiled again (≈ 15 M instructions on a 2,000-report page).
  let first = 0;
  let last = 0;
  let dated = false;
  let recurs = false;
  for (const townshipYears of l.cells.values()) {
    if (townshipYears.size >= 2) recurs = true;
    for (const year of townshipYears) {
      if (year === UNKNOWN_YEAR) continue;
      const n = Number(year);
      if (Number.isFinite(n)) {
        if (!dated || n < first) first = n;
        if (!dated || n > last) last = n;
        dated = true;
      }
      years.add(year);
    }
  }
  l.reports = l.reportIds.size;
  l.years = years.size;
  l.span = last - first;
  l.recursInTownship = recurs;
}

/** Takes labels and counts from recurring_problems.csv, which is authoritative for them; problems.csv gives the grid cells. */
function applyRecurringRows(recurring: IndexedTable, lines: Map<string, ClusterLine>): void {
  const hasRecurs = recurring.has('recurs_in_township');
  for (const r of recurring.rows) {
    const l = clusterLine(lines, r.text('cluster_id'));
    l.label = r.text('label') || l.label;
    l.problems = r.num('problems') ?? l.problems;
    l.reports = r.num('reports') ?? l.reports;
    l.years = r.num('years') ?? l.years;
    const first = r.num('first_year');
    const last = r.num('last_year');
    if (first !== undefined && last !== undefined) l.span = last - first;
    if (hasRecurs) l.recursInTownship = cellFlag(r.text('recurs_in_township'));
  }
}

/** What the grid draws of the clusters, and out of how many. */
interface RecurringGrid {
  /** every cluster, most persistent first */
  ordered: ClusterLine[];
  /** the rows drawn: the first `GRID_ROWS_MAX` of `ordered` */
  shown: ClusterLine[];
  /** the columns drawn: the busiest `GRID_COLUMNS_MAX` townships of `shown`, in pinyin order */
  columns: string[];
  /** townships (or reports without one) in problems.csv */
  townships: number;
}

/** Orders the clusters and picks the rows and columns the grid draws. */
function recurringGrid(lines: Map<string, ClusterLine>, townships: number): RecurringGrid {
  const ordered = [...lines.values()].sort(byPersistence);
  const shown = ordered.slice(0, GRID_ROWS_MAX);
  const columns = busiestColumns(shown, GRID_COLUMNS_MAX).sort(zhCompare);
  return { ordered, shown, columns, townships };
}

/** Most persistent first: more years, a longer span, recurring in a township, more townships, reports, problems; then id. */
function byPersistence(a: ClusterLine, b: ClusterLine): number {
  return (
    b.years - a.years ||
    b.span - a.span ||
    Number(b.recursInTownship) - Number(a.recursInTownship) ||
    b.cells.size - a.cells.size ||
    b.reports - a.reports ||
    b.problems - a.problems ||
    compareCodePoints(a.id, b.id)
  );
}

/** Everything of the section before the grid's rows: head, notes, the recurring-only filter and the grid's header row. */
function gridPreamble(head: string, grid: RecurringGrid, hasProblems: boolean): string {
  const { ordered, shown, columns, townships } = grid;
  const anyRecurring = ordered.some((l) => l.reports >= 2);
  const note = hasProblems
    ? ''
    : `\n<p class="missing">本次运行没有 <code>problems.csv</code>,无法按乡镇展开。 (problems.csv is missing, so the grid has no township columns.)</p>`;
  const singles = shown.length - shown.filter((l) => l.reports >= 2).length;
  const cut =
    ordered.length > shown.length || townships > columns.length
      ? `\n<p class="more">只显示最持久的 ${shown.length} 类问题和 ${columns.length} 个乡镇;全部见 recurring_problems.csv 和 problems.csv。 Showing the ${shown.length} most persistent clusters and ${columns.length} townships; the CSV tables hold all ${ordered.length} clusters and ${townships} townships.</p>`
      : '';
  const headerCells = columns.map((g) => `<th class="grid-col" scope="col">${escapeHtml(g)}</th>`).join('');
  return `${head}${note}${cut}
<div class="filters">
<label><input type="checkbox" class="only-recurring"${anyRecurring ? ' checked' : ''}> 只看重复出现的问题 recurring only (隐藏 ${singles} 条只出现一次的 · hides ${singles} seen once)</label>
</div>
<div class="scroll"><table id="recurring-grid" class="grid${anyRecurring ? ' only-recurring' : ''}">
<thead><tr><th scope="col">问题类 cluster</th><th scope="col" class="num">年数 years</th><th scope="col" class="num">报告 reports</th>${headerCells}</tr></thead>
<tbody>
`;
}

/** A cluster's row of the grid: label, headlines, figures, then a cell per column. */
function writeClusterRow(l: ClusterLine, columns: readonly string[], write: PageSink): void {
  write(`<tr class="${l.reports >= 2 ? 'recurs' : 'single'}" data-cluster="${escapeHtml(l.id)}">` +
    `<th scope="row" class="cluster"><span class="label">${escapeHtml(l.label || l.id)}</span><span class="cid">${escapeHtml(l.id)}</span>`);
  if (l.headlines.length) writeHeadlines(l.headlines, write);
  let cells = '';
  for (const township of columns) cells += gridCell(l.cells.get(township), township);
  write(`</th>` + `<td class="num">${l.years}</td><td class="num">${l.reports}</td>` + cells + `</tr>`);
}

/**
 * The folded list of a cluster's problems (`report_id: headline`), one by one: every problem of the shown
 * clusters, most of the page at 20,000 reports. Note: a function of its own so that the optimizing compiler
 * takes this loop alone; compiled as part of the whole row it cost ≈ 25 M more instructions on a 2,000-report page.
 */
function writeHeadlines(headlines: readonly ReportRow[], write: PageSink): void {
  write(`<details class="headlines"><summary>${headlines.length} 条原文 items</summary><ul>`);
  for (const h of headlines) write(`<li>${escapeHtml(`${h.text('report_id')}: ${h.text('headline') || h.text('text')}`)}</li>`);
  write('</ul></details>');
}

/** A grid cell: the years in which `township` states the cluster's problem, shaded by how many (up to 3). */
function gridCell(years: Set<string> | undefined, township: string): string {
  if (!years) return '<td class="cell"></td>';
  const sorted = [...years].sort();
  const level = Math.min(sorted.length, 3);
  return `<td class="cell hit l${level}" title="${escapeHtml(`${township}: ${sorted.join(', ')}`)}">${sorted.map(escapeHtml).join(' ')}</td>`;
}

/** The grid columns (townships) with the most cells among the shown clusters, at most `max`. */
function busiestColumns(lines: readonly ClusterLine[], max: number): string[] {
  const hits = new Map<string, number>();
  for (const l of lines) for (const g of l.cells.keys()) hits.set(g, (hits.get(g) ?? 0) + 1);
  return [...hits.entries()]
    .sort(([a, x], [b, y]) => y - x || compareCodePoints(a, b))
    .slice(0, max)
    .map(([g]) => g);
}

function renderThemesSection(matrix: IndexedTable | undefined, themes: IndexedTable | undefined): string {
  const head = sectionHead(
    'themes',
    '主题热力图',
    'Theme heatmap',
    '每万字提及各主题的次数;颜色按主题(列)内比较,越深表示该乡镇越侧重。Mentions per 10,000 characters; colour compares townships within each theme (column).',
  );
  const grid = matrix ? matrixFromThemeMatrix(matrix, HEATMAP_ROWS_MAX) : themes ? matrixFromThemes(themes) : undefined;
  if (!grid) return `${head}\n${missing('theme_matrix.csv')}\n</section>`;
  if (grid.groups.length === 0 || grid.themes.length === 0)
    return `${head}\n<p class="empty">没有主题数据。No theme hits.</p>\n</section>`;
  const cut =
    grid.groups.length > HEATMAP_ROWS_MAX
      ? `\n<p class="more">只显示前 ${HEATMAP_ROWS_MAX} 组;全部 ${grid.groups.length} 组见 theme_matrix.csv。 Showing ${HEATMAP_ROWS_MAX} of ${grid.groups.length} groups; theme_matrix.csv has all.</p>`
      : '';
  const shown = { ...grid, groups: grid.groups.slice(0, HEATMAP_ROWS_MAX), values: grid.values.slice(0, HEATMAP_ROWS_MAX) };
  return `${head}${cut}\n<div class="scroll">${heatmapSvg(shown)}</div>\n</section>`;
}

/** Columns of theme_matrix.csv that describe the group rather than a theme. */
const MATRIX_EXTRA_COLUMNS = new Set(['reports', 'chars']);
/** Most groups drawn in the heatmap. */
const HEATMAP_ROWS_MAX = 150;

/**
 * Values of the heatmap: `values[row][col]` for `groups[row]` × `themes[col]`, undefined when absent; `values` may
 * stop after the rows drawn (at most `HEATMAP_ROWS_MAX`), `groups` has every group.
 */
interface HeatGrid {
  groups: string[];
  themes: string[];
  values: (number | undefined)[][];
}

/**
 * The grid of theme_matrix.csv, values read for its first `drawn` rows only: with a group per report (no
 * townships found) the table has a row per report, and only the first rows are drawn.
 */
function matrixFromThemeMatrix(matrix: IndexedTable, drawn: number): HeatGrid {
  const groupColumn = matrix.has('group') ? 'group' : matrix.columns[0] ?? 'group';
  // Note: theme_matrix.csv ends with its group's `reports` and `chars`, which are not themes.
  const themes = matrix.columns.filter((c) => c !== groupColumn && !MATRIX_EXTRA_COLUMNS.has(c));
  return {
    groups: matrix.rows.map((r) => r.text(groupColumn)),
    themes,
    values: matrix.rows.slice(0, drawn).map((r) => themes.map((t) => r.num(t))),
  };
}

/** Fallback when only themes.csv exists: mean per-10k rate over each township's reports. */
function matrixFromThemes(themes: IndexedTable): HeatGrid {
  const sums = new Map<string, Map<string, { total: number; n: number }>>();
  const themeNames = new Set<string>();
  for (const r of themes.rows) {
    const group = r.text('township') || r.text('report_id');
    const theme = r.text('theme');
    const value = r.num('per_10k_chars');
    if (!theme || value === undefined) continue;
    themeNames.add(theme);
    const row = sums.get(group) ?? new Map<string, { total: number; n: number }>();
    const acc = row.get(theme) ?? { total: 0, n: 0 };
    acc.total += value;
    acc.n++;
    row.set(theme, acc);
    sums.set(group, row);
  }
  const groups = [...sums.keys()].sort(zhCompare);
  const themeList = [...themeNames].sort(zhCompare);
  return {
    groups,
    themes: themeList,
    values: groups.map((g) =>
      themeList.map((t) => {
        const acc = sums.get(g)?.get(t);
        return acc ? acc.total / acc.n : undefined;
      }),
    ),
  };
}

const HEAT_CELL_W = 64;
const HEAT_CELL_H = 28;

function heatmapSvg(grid: HeatGrid): string {
  const labelWidth = Math.min(260, Math.max(60, ...grid.groups.map((g) => textWidth(g, 13))) + 16);
  const headerHeight = Math.min(200, Math.max(40, ...grid.themes.map((t) => textWidth(t, 13) * 0.72)) + 24);
  const legend = '低 → 高(每列内比较) low → high within each theme';
  const legendX = labelWidth + 5 * 28 + 8;
  const width = Math.ceil(Math.max(labelWidth + grid.themes.length * HEAT_CELL_W, legendX + textWidth(legend, 12)) + 8);
  const height = headerHeight + grid.groups.length * HEAT_CELL_H + 48;
  const maxima = grid.themes.map((_, c) => Math.max(0, ...grid.values.map((row) => row[c] ?? 0)));
  const parts: string[] = [];
  grid.themes.forEach((theme, c) => {
    const x = labelWidth + c * HEAT_CELL_W + HEAT_CELL_W / 2;
    parts.push(
      `<text class="col" transform="translate(${x},${headerHeight - 8}) rotate(-45)">${escapeHtml(theme)}</text>`,
    );
  });
  grid.groups.forEach((group, r) => {
    const y = headerHeight + r * HEAT_CELL_H;
    parts.push(`<text class="row" x="${labelWidth - 10}" y="${y + HEAT_CELL_H / 2 + 4}">${escapeHtml(group)}</text>`);
    grid.themes.forEach((theme, c) => {
      const value = grid.values[r]?.[c];
      const x = labelWidth + c * HEAT_CELL_W;
      const max = maxima[c] ?? 0;
      const t = value === undefined || max <= 0 ? 0 : value / max;
      const shown = value === undefined ? '' : formatNumber(value);
      parts.push(
        `<g><title>${escapeHtml(`${group} · ${theme}: ${shown || '—'}`)}</title>` +
          `<rect x="${x + 1}" y="${y + 1}" width="${HEAT_CELL_W - 2}" height="${HEAT_CELL_H - 2}" rx="3" fill="${heatColour(t)}"/>` +
          `<text class="v${t > 0.55 ? ' dark' : ''}" x="${x + HEAT_CELL_W / 2}" y="${y + HEAT_CELL_H / 2 + 4}">${shown}</text></g>`,
      );
    });
  });
  const legendY = headerHeight + grid.groups.length * HEAT_CELL_H + 16;
  [0, 0.25, 0.5, 0.75, 1].forEach((t, i) => {
    parts.push(`<rect x="${labelWidth + i * 28}" y="${legendY}" width="26" height="14" rx="2" fill="${heatColour(t)}"/>`);
  });
  parts.push(`<text class="legend" x="${legendX}" y="${legendY + 11}">${legend}</text>`);
  return `<svg class="heatmap" role="img" aria-label="主题热力图 theme heatmap" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${parts.join('')}</svg>`;
}

/** Estimated rendered width in px: CJK and full-width characters count double. */
function textWidth(text: string, fontSize: number): number {
  let units = 0;
  for (const ch of text) units += isWide(ch) ? 1 : 0.58;
  return units * fontSize;
}

/**
 * Whether a character takes two columns (`stringWidth` 2), asked of string-width once per distinct character:
 * each call segments its text with `Intl.Segmenter` (≈ 15 µs), and the heatmap's labels ask per character.
 */
function isWide(ch: string): boolean {
  let wide = WIDE_CHARACTERS.get(ch);
  if (wide === undefined) WIDE_CHARACTERS.set(ch, (wide = stringWidth(ch) === 2));
  return wide;
}

/** `isWide`'s answers so far; a pure function of the character, so shared by every page. */
const WIDE_CHARACTERS = new Map<string, boolean>();

/** The colours of `heatColour`'s scale, evenly spaced from 0 to 1 (made once, not per heatmap cell). */
const HEAT_STOPS: readonly (readonly [number, number, number])[] = [
  [244, 247, 251],
  [198, 219, 239],
  [107, 174, 214],
  [33, 113, 181],
  [8, 48, 107],
];

/** Sequential blue scale from near-white (0) to deep blue (1). */
function heatColour(t: number): string {
  const stops = HEAT_STOPS;
  const clamped = Math.max(0, Math.min(1, t));
  const pos = clamped * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(pos));
  const f = pos - i;
  const a = stops[i] ?? stops[0]!;
  const b = stops[i + 1] ?? a;
  const mix = (k: 0 | 1 | 2) => Math.round(a[k] + (b[k] - a[k]) * f);
  return `rgb(${mix(0)},${mix(1)},${mix(2)})`;
}

function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

function countBy(values: string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const v of values) out.set(v, (out.get(v) ?? 0) + 1);
  return out;
}

function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const zhCollator = new Intl.Collator('zh-Hans-CN', { numeric: true });

/** Pinyin order for Chinese names (what county staff expect), code points to break ties so order is total. */
function zhCompare(a: string, b: string): number {
  return zhCollator.compare(a, b) || compareCodePoints(a, b);
}

// ---------------------------------------------------------------------------------------------------------------
// Inline assets. The script is ES5 so the page also works in the older browsers found on office PCs.

const CSS = `
*{box-sizing:border-box}
body{margin:0;padding:0 28px 40px;color:#1f2933;background:#f5f7fa;font:14px/1.6 "PingFang SC","Microsoft YaHei","Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif}
header{padding:24px 0 8px}
h1{margin:0 0 4px;font-size:24px;font-weight:600;color:#102a43}
h2{margin:0 0 4px;font-size:19px;font-weight:600;color:#102a43}
h2 small{font-size:13px;font-weight:400;color:#829ab1;margin-left:6px}
code{font-family:inherit;background:#eef2f7;padding:0 4px;border-radius:3px}
.from{margin:0 0 12px;color:#627d98;font-size:13px}
nav{display:flex;flex-wrap:wrap;gap:6px;margin-bottom:16px}
nav a{color:#243b53;text-decoration:none;background:#fff;border:1px solid #d9e2ec;border-radius:16px;padding:2px 12px;font-size:13px}
nav a:hover{border-color:#2f80c0;color:#2f80c0}
.cards{display:flex;flex-wrap:wrap;gap:12px}
.card{flex:1 1 180px;background:#fff;border:1px solid #d9e2ec;border-radius:8px;padding:12px 16px}
.card .value{font-size:26px;font-weight:600;color:#1f5f8b;line-height:1.2}
.card .label{font-weight:600;color:#334e68}
.card .note{font-size:12px;color:#829ab1}
section{background:#fff;border:1px solid #d9e2ec;border-radius:8px;padding:18px 20px;margin-top:18px}
.lead{margin:0 0 12px;color:#627d98;font-size:13px}
.missing,.empty{color:#9f580a;background:#fffbea;border:1px solid #f7e3a1;border-radius:6px;padding:8px 12px}
.more{color:#555;font-size:13px;margin:6px 0}
.filters{display:flex;flex-wrap:wrap;align-items:center;gap:14px;margin-bottom:10px;font-size:13px;color:#486581}
.filters input[type=search]{width:260px;padding:4px 8px;border:1px solid #bcccdc;border-radius:4px;font:inherit}
.filters select{padding:3px 6px;border:1px solid #bcccdc;border-radius:4px;font:inherit;background:#fff}
.shown{color:#829ab1}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{padding:6px 10px;border-bottom:1px solid #e4e7eb;text-align:left;vertical-align:top}
thead th{background:#f0f4f8;color:#334e68;font-weight:600;white-space:nowrap;position:sticky;top:0}
th button{all:unset;cursor:pointer;display:inline-flex;align-items:baseline;gap:4px}
th button:focus-visible{outline:2px solid #2f80c0}
th .en{font-weight:400;color:#829ab1;font-size:11px}
th .arrow::after{content:"\\2195";color:#bcccdc;font-size:11px}
th[aria-sort=ascending] .arrow::after{content:"\\25B2";color:#2f80c0}
th[aria-sort=descending] .arrow::after{content:"\\25BC";color:#2f80c0}
tbody tr:hover{background:#f8fbff}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.id{white-space:nowrap;color:#243b53}
td.title{color:#486581}
td a{color:#1f5f8b;font-weight:600}
.error{color:#ab091e;font-size:12px;white-space:normal}
.status{display:inline-block;padding:0 8px;border-radius:10px;font-size:12px;white-space:nowrap}
.status-ok{background:#e3f9e5;color:#14532d}
.status-skipped{background:#fff3c4;color:#8d2b0b}
.status-error{background:#ffe3e3;color:#8a041a}
.status-other{background:#eef2f7;color:#334e68}
.ph-group{border:1px solid #e4e7eb;border-radius:6px;margin-bottom:10px}
.ph-group summary{cursor:pointer;padding:8px 12px;background:#f8fafc;display:flex;flex-wrap:wrap;align-items:center;gap:8px}
.ph-group .rid{font-weight:600;color:#243b53}
.ph-group .meta{color:#627d98}
.ph-group .count{background:#1f5f8b;color:#fff;border-radius:10px;padding:0 8px;font-size:12px}
.ph-list{margin:0;padding:4px 12px 8px 36px}
.ph-list li{padding:6px 0;border-bottom:1px dashed #e4e7eb}
.ph-list li:last-child{border-bottom:0}
.kind{display:inline-block;font-size:11px;border-radius:3px;padding:0 6px;margin-right:6px;background:#eef2f7;color:#334e68}
.kind-metric{background:#e0f2fe;color:#075985}
.kind-date{background:#ede9fe;color:#5b21b6}
.kind-name{background:#fce7f3;color:#9d174d}
.kind-ordinal{background:#dcfce7;color:#166534}
.token{font-weight:600;color:#9f1239;background:#fff1f2}
.where{color:#829ab1;font-size:12px;margin-left:8px}
.context{margin:2px 0 0;color:#334e68}
mark{background:#ffe066;color:#5c3c00;padding:0 2px;border-radius:2px;font-weight:600}
mark.absent{background:#fde2e2;color:#8a041a}
.grid{width:auto;min-width:60%}
.grid th.cluster{min-width:280px;max-width:420px;font-weight:400;background:#fff;position:sticky;left:0}
.grid .label{display:block;color:#243b53;font-weight:600}
.grid .cid{display:block;color:#9fb3c8;font-size:11px}
.grid .headlines summary{cursor:pointer;color:#627d98;font-size:12px}
.grid .headlines ul{margin:4px 0 0;padding-left:18px;color:#486581;font-size:12px}
.grid th.grid-col{text-align:center}
.grid td.cell{text-align:center;white-space:nowrap;min-width:88px;color:#102a43;font-variant-numeric:tabular-nums}
.grid td.hit.l1{background:#dbeafe}
.grid td.hit.l2{background:#93c5fd}
.grid td.hit.l3{background:#3b82f6;color:#fff}
.grid.only-recurring tr.single{display:none}
svg.heatmap text{font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;font-size:13px;fill:#243b53}
svg.heatmap text.row{text-anchor:end}
svg.heatmap text.v{text-anchor:middle;font-size:12px;fill:#243b53}
svg.heatmap text.v.dark{fill:#fff}
svg.heatmap text.legend{font-size:12px;fill:#627d98}
footer{margin-top:24px;color:#9fb3c8;font-size:12px;text-align:center}
[hidden]{display:none!important}
@media print{body{background:#fff;padding:0}section{border:0;padding:0}nav,.filters{display:none}.grid.only-recurring tr.single{display:table-row}}
`;

const SCRIPT = `
(function () {
  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };
  var collator = window.Intl && Intl.Collator ? new Intl.Collator('zh-Hans-CN', { numeric: true }) : null;
  var compareText = function (a, b) { return collator ? collator.compare(a, b) : (a < b ? -1 : a > b ? 1 : 0); };
  var key = function (cell) {
    var v = cell.getAttribute('data-sort');
    return v === null ? (cell.textContent || '').replace(/^\\s+|\\s+$/g, '') : v;
  };

  each(document.querySelectorAll('table.sortable'), function (table) {
    var heads = table.tHead.rows[0].cells;
    each(heads, function (th, col) {
      var button = th.querySelector('button');
      if (!button) return;
      button.addEventListener('click', function () {
        var dir = th.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending';
        each(heads, function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', dir);
        var numeric = th.getAttribute('data-type') === 'number';
        var sign = dir === 'ascending' ? 1 : -1;
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = key(a.cells[col]), y = key(b.cells[col]);
          var order;
          if (x === '' || y === '') order = x === y ? 0 : x === '' ? 1 : -1; // empty cells last either way
          else if (numeric) order = sign * (Number(x) - Number(y));
          else order = sign * compareText(x, y);
          return order || Number(a.getAttribute('data-i')) - Number(b.getAttribute('data-i'));
        });
        each(rows, function (row) { body.appendChild(row); });
      });
    });
  });

  var norm = function (s) { return (s || '').toLowerCase(); };

  each(document.querySelectorAll('.filters[data-table]'), function (bar) {
    var table = document.getElementById(bar.getAttribute('data-table'));
    var text = bar.querySelector('.filter-text');
    var status = bar.querySelector('.filter-status');
    var shown = bar.querySelector('.shown');
    var apply = function () {
      var q = norm(text.value), s = status.value, n = 0, total = 0;
      each(table.tBodies[0].rows, function (row) {
        var ok = (!s || row.getAttribute('data-status') === s) && (!q || norm(row.textContent).indexOf(q) >= 0);
        row.hidden = !ok;
        total++;
        if (ok) n++;
      });
      shown.textContent = n + ' / ' + total;
    };
    text.addEventListener('input', apply);
    status.addEventListener('change', apply);
  });

  each(document.querySelectorAll('.filters[data-list]'), function (bar) {
    var list = document.getElementById(bar.getAttribute('data-list'));
    var text = bar.querySelector('.filter-text');
    var kind = bar.querySelector('.filter-kind');
    var shown = bar.querySelector('.shown');
    var apply = function () {
      var q = norm(text.value), k = kind.value, n = 0, total = 0;
      each(list.querySelectorAll('.ph-group'), function (group) {
        var report = norm(group.getAttribute('data-report'));
        var visible = 0;
        each(group.querySelectorAll('li'), function (item) {
          var ok = (!k || item.getAttribute('data-kind') === k) && (!q || report.indexOf(q) >= 0 || norm(item.textContent).indexOf(q) >= 0);
          item.hidden = !ok;
          total++;
          if (ok) { n++; visible++; }
        });
        group.hidden = visible === 0;
        if ((q || k) && visible > 0) group.open = true;
      });
      shown.textContent = n + ' / ' + total;
    };
    text.addEventListener('input', apply);
    kind.addEventListener('change', apply);
  });

  // A link from the reports table to a folded placeholder group unfolds it.
  var unfold = function () {
    var target = location.hash ? document.getElementById(location.hash.slice(1)) : null;
    if (target && target.tagName === 'DETAILS') target.open = true;
  };
  window.addEventListener('hashchange', unfold);
  unfold();

  each(document.querySelectorAll('input.only-recurring'), function (box) {
    var grid = document.getElementById('recurring-grid');
    box.addEventListener('change', function () { grid.className = box.checked ? 'grid only-recurring' : 'grid'; });
  });
})();
`;
