import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { readerFor } from '../../src/io/formats/index.js';
import { readReport } from '../../src/io/ingest.js';
import { htmlToLines } from '../../src/io/formats/html.js';
import { loadHtmlParser } from '../../src/io/formats/html-parser.js';
import { markdownToLines } from '../../src/io/formats/md.js';
import { pdfItemsToLines, type PdfTextItem } from '../../src/io/formats/pdf.js';
import { REPORT, REPORT_TRADITIONAL } from './fixtures.js';

// htmlToLines parses with htmlparser2, which the readers load on first use.
beforeAll(loadHtmlParser);

const dir = path.resolve(__dirname, '../fixtures/formats');
const read = async (name: string) => {
  const result = await readReport(path.join(dir, name), name);
  if (!result.ok) throw new Error(`${name}: ${result.diagnostic.code}: ${result.diagnostic.message}`);
  return result.report;
};

describe('formats', () => {
  test.each([
    ['report.docx', 'docx', 'docx'],
    ['report.pdf', 'pdf', 'pdf'],
    ['report-gbk.html', 'html', 'gb18030'],
    ['report.md', 'md', 'utf-8'],
    ['report-gbk.txt', 'txt', 'gb18030'],
    ['report-utf16le.txt', 'txt', 'utf-16le'],
  ])('formats %s gives one paragraph per line', async (name, format, encoding) => {
    const result = await read(name);
    expect(result.format).toBe(format);
    expect(result.encoding).toBe(encoding);
    const lines = result.raw.split(/\r?\n/).filter((l) => l !== '');
    expect(lines.slice(0, REPORT.length)).toEqual(REPORT);
  });

  test('formats docx keeps table cells as lines', async () => {
    expect((await read('report.docx')).raw.split('\n').slice(REPORT.length)).toEqual(['活动', '12次']);
  });

  test('formats html drops script, style, nav, header, footer, aside and hidden blocks', async () => {
    const { raw } = await read('report-gbk.html');
    for (const noise of ['不是正文', '网站首页', '首页', '隐藏的推广文字', '相关文章', '版权所有', 'margin']) expect(raw).not.toContain(noise);
    expect(raw.split('\n').at(-1)).toBe('活动 12次');
  });

  test('formats traditional text is read as it stands', async () => {
    expect((await read('report-traditional.txt')).raw.split('\n').slice(0, 6)).toEqual(REPORT_TRADITIONAL);
  });

  test('formats files read side by side each give their own text (readers that await keep bytes of their own)', async () => {
    // Note: text files are read into one reused buffer; a docx or PDF reader awaits with its bytes while the
    // text files after it are read, so it must not be given that buffer.
    const names = ['report.docx', 'report-gbk.txt', 'report.pdf', 'report.md', 'report-utf16le.txt', 'report-gbk.html', 'report-traditional.txt'];
    const alone: string[] = [];
    for (const name of names) alone.push((await read(name)).raw);
    const together = await Promise.all(names.map(async (name) => (await read(name)).raw));
    expect(together).toEqual(alone);
  });

  test('formats readerFor picks readers by extension, case-insensitively', () => {
    expect(readerFor('a/B.DOCX')?.format).toBe('docx');
    expect(readerFor('x.htm')?.format).toBe('html');
    expect(readerFor('x.doc')?.format).toBe('doc');
    expect(readerFor('x.xlsx')).toBeUndefined();
  });

  test('formats html honours meta charset only when the bytes are not UTF-8', () => {
    expect(htmlToLines('<p>一</p><p>二</p>二<br>三')).toBe('一\n二\n二\n三');
  });

  test('formats html joins source line breaks between Chinese characters, keeps them as spaces in Latin text', () => {
    expect(htmlToLines('<p>宣传\n  工作 and\nmore</p>')).toBe('宣传工作 and more');
  });

  test('formats markdown joins soft-wrapped lines and strips marks', () => {
    expect(markdownToLines('# 标题 #\n\n第一行\n第二行\nsoft\nwrap\n\n> 引用 [链接](http://x)\n\n---\n```\ncode\n```\n- 项目')).toBe(
      '标题\n第一行第二行soft wrap\n引用 链接\n- 项目',
    );
  });
});

describe('pdf line joining', () => {
  const item = (str: string, x: number, y: number, size = 10, hasEOL = false): PdfTextItem => ({ str, x, y, width: str.length * size, size, hasEOL });

  test('pdf joins wrapped lines, splits at indents, short lines and markers, drops page numbers', () => {
    const page = [
      item('标题', 40, 300, 14),
      item('第一段开头', 20, 270),
      item('顶格继续写满', 0, 255),
      item('结尾', 0, 240),
      item('一、标题行一二三', 0, 225),
      item('3', 50, 10),
    ];
    expect(pdfItemsToLines([page])).toBe('标题\n第一段开头顶格继续写满\n结尾\n一、标题行一二三');
  });

  test('pdf removes spaces between Chinese characters and keeps them next to Latin and digits', () => {
    const page = [item('相 关', 0, 100), item('部 门', 28, 100), item('X', 70, 100), item('余人', 90, 100)];
    expect(pdfItemsToLines([page])).toBe('相关部门 X 余人');
  });

  test('pdf continues a paragraph across a page break', () => {
    const p1 = [item('第一页的最后一行写满了', 0, 100)];
    const p2 = [item('第二页接着写', 0, 700)];
    expect(pdfItemsToLines([p1, p2])).toBe('第一页的最后一行写满了第二页接着写');
  });

  test('pdf with no text items gives an empty text', () => {
    expect(pdfItemsToLines([[], []])).toBe('');
  });
});
