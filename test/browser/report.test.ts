/**
 * Opens report.html in headless Chromium, the way county staff open it from a USB stick (file://, no server),
 * and checks what they see: the placeholder list, the recurring-problem grid, sorting, filtering, and that the
 * page asks for nothing beyond its own file.
 *
 * Needs Chromium at /usr/bin/chromium (or $CHROMIUM_PATH); `.ci/install-chromium.sh` installs it.
 * `UPDATE_SCREENSHOT=1` rewrites docs/report.png, the README's picture of the page.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../src/emit/html-report.js';
import { sampleTables } from '../fixtures/html/sample-tables.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ROOT = path.resolve(import.meta.dirname, '..', '..');
const RUN_MODULE = path.join(ROOT, 'src', 'run.ts');

let browser: Browser;
let tmp: string;

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}. The browser test needs it: run .ci/install-chromium.sh ` +
        `(apt-get install -y chromium) or set CHROMIUM_PATH.`,
    );
  }
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zongjie-report-'));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** The page and everything it asked for or complained about while loading. */
interface Opened {
  page: Page;
  requests: string[];
  errors: string[];
}

async function open(html: string, name: string): Promise<Opened> {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, html);
  return openFile(file);
}

async function openFile(file: string): Promise<Opened> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { page, requests, errors };
}

/** Report ids in the reports table, top to bottom, visible rows only. */
async function reportOrder(page: Page): Promise<string[]> {
  return page.$$eval('#reports-table tbody tr:not([hidden]) td.id', (cells) =>
    cells.map((c) => (c.firstChild?.textContent ?? '').trim()),
  );
}

function expectOnlyLocal(requests: string[]): void {
  expect(requests.length).toBeGreaterThan(0);
  for (const url of requests) expect(url, url).toMatch(/^(file|data):/);
}

describe('report page in a browser', () => {
  it('report page shows placeholders and grid, sorts, filters, stays offline', async () => {
    const { page, requests, errors } = await open(renderHtmlReport(sampleTables(), { generatedFrom: 'corpus/' }), 'sample.html');

    const tokens = await page.$$eval('#placeholder-groups mark', (marks) => marks.map((m) => m.textContent));
    expect(tokens).toEqual(['X次', '202x年', 'x余人', '*委', 'X余万元']);
    await expect(page.locator('#placeholder-groups .ph-group').first().getAttribute('data-report')).resolves.toBe('2020/青山镇');

    // Recurring clusters visible, most persistent first; the one-off cluster hidden until asked for.
    const visibleClusters = () =>
      page.$$eval('#recurring-grid tbody tr', (rows) =>
        rows.filter((r) => (r as HTMLElement).offsetParent !== null).map((r) => r.getAttribute('data-cluster')),
      );
    expect(await visibleClusters()).toEqual(['c001', 'c002']);
    const c001 = await page.$$eval('#recurring-grid tr[data-cluster="c001"] td.cell', (cells) => cells.map((c) => c.textContent));
    expect(c001).toEqual(['', '2022', '2020 2021']);
    await page.locator('input.only-recurring').uncheck();
    expect(await visibleClusters()).toEqual(['c001', 'c002', 'c003']);

    // Sorting by year: ascending, then descending; rows without a year stay at the bottom.
    const before = await reportOrder(page);
    const yearHeader = page.locator('#reports-table thead th', { hasText: '年份' });
    await yearHeader.locator('button').click();
    const ascending = await reportOrder(page);
    expect(ascending).not.toEqual(before);
    expect(ascending).toEqual(['2020/青山镇', '2021/青山镇', '2021/白沙乡', '2022/河口镇', 'broken', 'empty']);
    await expect(yearHeader.getAttribute('aria-sort')).resolves.toBe('ascending');
    await yearHeader.locator('button').click();
    expect(await reportOrder(page)).toEqual(['2022/河口镇', '2021/青山镇', '2021/白沙乡', '2020/青山镇', 'broken', 'empty']);
    // Text sort by township follows pinyin: 白沙乡 (bai) < 河口镇 (he) < 青山镇 (qing).
    await page.locator('#reports-table thead th', { hasText: '乡镇' }).locator('button').click();
    expect((await reportOrder(page)).slice(0, 4)).toEqual(['2021/白沙乡', '2022/河口镇', '2020/青山镇', '2021/青山镇']);

    // Filtering.
    await page.locator('#reports .filter-text').fill('河口');
    expect(await reportOrder(page)).toEqual(['2022/河口镇']);
    await page.locator('#reports .filter-text').fill('');
    await page.locator('#reports .filter-status').selectOption('error');
    expect(await reportOrder(page)).toEqual(['broken']);
    await page.locator('#placeholders .filter-kind').selectOption('name');
    expect(await page.$$eval('#placeholder-groups li:not([hidden]) .token', (t) => t.map((x) => x.textContent))).toEqual(['*委']);

    // Report text with markup is shown, never run.
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('svg.heatmap rect').count()).toBeGreaterThan(0);

    expect(errors).toEqual([]);
    expectOnlyLocal(requests);
    await page.screenshot({ path: path.join(tmp, 'sample.png'), fullPage: true });
    await page.close();
  }, 60_000);

  it.skipIf(!fs.existsSync(RUN_MODULE))('report page of the bundled corpus', async () => {
    const out = path.join(tmp, 'corpus-out');
    const { run, defaultRunOptions } = (await import(pathToFileURL(RUN_MODULE).href)) as typeof import('../../src/run.js');
    await run({ ...defaultRunOptions, corpus: path.join(ROOT, 'corpus'), out });
    const page = await openFile(path.join(out, 'report.html'));
    const csv = (file: string) => (fs.existsSync(path.join(out, file)) ? readCsv(path.join(out, file)) : undefined);

    const reports = csv('reports.csv');
    expect(reports).toBeDefined();
    expect(await page.page.locator('#reports-table tbody tr').count()).toBe(reports!.length - 1);

    const placeholders = csv('placeholders.csv');
    if (placeholders) {
      const token = placeholders[0]!.indexOf('token');
      const expected = placeholders.slice(1).map((row) => row[token]);
      const shown = await page.page.$$eval('#placeholder-groups li .token', (t) => t.map((x) => x.textContent));
      expect(shown.slice().sort()).toEqual(expected.slice().sort());
      expect(await page.page.locator('#placeholder-groups mark').count()).toBeGreaterThanOrEqual(expected.length);
    } else {
      await expect(page.page.locator('#placeholders .missing').count()).resolves.toBe(1);
    }
    const recurring = csv('recurring_problems.csv');
    if (recurring) {
      const id = recurring[0]!.indexOf('cluster_id');
      const shown = await page.page.$$eval('#recurring-grid tbody tr', (rows) => rows.map((r) => r.getAttribute('data-cluster')));
      expect(shown.slice().sort()).toEqual(recurring.slice(1).map((row) => row[id]).sort());
    } else if (!csv('problems.csv')) {
      await expect(page.page.locator('#recurring .missing').count()).resolves.toBe(1);
    }

    // Sorting by report id: ascending in the collation staff expect, then the exact reverse.
    const before = await reportOrder(page.page);
    const reportHeader = page.page.locator('#reports-table thead th', { hasText: '报告' }).first().locator('button');
    await reportHeader.click();
    const ascending = await reportOrder(page.page);
    await reportHeader.click();
    const descending = await reportOrder(page.page);
    expect(ascending).toEqual([...before].sort(new Intl.Collator('zh-Hans-CN', { numeric: true }).compare));
    expect(descending).toEqual([...ascending].reverse());
    expect(descending).not.toEqual(before);

    expect(page.errors).toEqual([]);
    expectOnlyLocal(page.requests);
    const complete = placeholders !== undefined && recurring !== undefined;
    await saveScreenshot(complete ? page.page : (await open(renderHtmlReport(sampleTables({ hostile: false }), { generatedFrom: 'corpus/' }), 'shot.html')).page);
    await page.page.close();
  }, 120_000);
});

/** Reads a CSV written by the pipeline (BOM, RFC 4180 quoting) into rows of strings, header first. */
function readCsv(file: string): string[][] {
  const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

async function saveScreenshot(page: Page): Promise<void> {
  const target = process.env.UPDATE_SCREENSHOT ? path.join(ROOT, 'docs', 'report.png') : path.join(tmp, 'report.png');
  fs.mkdirSync(path.dirname(target), { recursive: true });
  await page.screenshot({ path: target, fullPage: true });
}
