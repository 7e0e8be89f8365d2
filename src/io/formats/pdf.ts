import { createRequire } from 'node:module';
import path from 'node:path';
import { ReadError } from '../read-error.js';
import { joinWrapped, removeSpacesBetweenCjk } from './cjk.js';
import type { FormatReader } from './types.js';

/** PDF: the text layer of every page, re-joined into one paragraph per line, via pdfjs-dist. */
export const pdfReader: FormatReader = {
  format: 'pdf',
  extensions: ['.pdf'],
  async read(bytes) {
    if (bytes.length === 0) throw new ReadError('empty', 'the file is empty (0 bytes)');
    const pages = await pdfTextItems(bytes);
    const raw = pdfItemsToLines(pages);
    if (!/\S/.test(raw)) {
      throw new ReadError('no-text', 'the PDF has no text layer (scanned pages?); run text recognition (OCR) and save it with text');
    }
    return { raw, encoding: 'pdf' };
  },
};

/** One text run of a PDF page, in page units (origin bottom-left). */
export interface PdfTextItem {
  /** the run's text */
  str: string;
  /** x of the run's start */
  x: number;
  /** y of the run's baseline */
  y: number;
  /** advance width of the run */
  width: number;
  /** font size (height of an em) */
  size: number;
  /** true when the PDF marks the end of a line after this run */
  hasEOL: boolean;
}

let assetDirs: { cMapUrl: string; standardFontDataUrl: string; wasmUrl: string } | undefined;

/** Folders of pdfjs's character maps (needed for Chinese fonts without embedded maps) and fonts. */
function pdfjsAssets() {
  if (!assetDirs) {
    const root = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
    assetDirs = {
      cMapUrl: path.join(root, 'cmaps') + path.sep,
      standardFontDataUrl: path.join(root, 'standard_fonts') + path.sep,
      wasmUrl: path.join(root, 'wasm') + path.sep,
    };
  }
  return assetDirs;
}

/** Extracts the text runs of every page. Throws ReadError `encrypted` or `corrupt`. */
async function pdfTextItems(bytes: Uint8Array): Promise<PdfTextItem[][]> {
  // Loaded on first use: pdfjs is large and most corpora hold few PDFs.
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({
    // Note: pdfjs takes ownership of (detaches) the buffer it is given, so it gets a copy.
    data: new Uint8Array(bytes),
    ...pdfjsAssets(),
    cMapPacked: true,
    disableFontFace: true,
    useSystemFonts: false,
    isEvalSupported: false,
    verbosity: 0,
  });
  try {
    const doc = await task.promise;
    const pages: PdfTextItem[][] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      const items: PdfTextItem[] = [];
      for (const item of content.items) {
        if (!('str' in item)) continue;
        const [a, b, c, d, e, f] = item.transform as number[];
        const size = Math.hypot(c, d) || Math.hypot(a, b) || item.height || 1;
        items.push({ str: item.str, x: e, y: f, width: item.width, size, hasEOL: item.hasEOL });
      }
      pages.push(items);
      page.cleanup();
    }
    return pages;
  } catch (err) {
    throw pdfError(err);
  } finally {
    await task.destroy().catch(() => undefined);
  }
}

function pdfError(err: unknown): ReadError {
  const name = (err as { name?: string } | undefined)?.name;
  const message = err instanceof Error ? err.message : String(err);
  if (name === 'PasswordException') return new ReadError('encrypted', 'the PDF is password-protected; remove the password and save again');
  if (name === 'InvalidPDFException') return new ReadError('corrupt', `the PDF is damaged and could not be opened (${message})`);
  return new ReadError('corrupt', `the PDF could not be read (${message.split('\n')[0].slice(0, 160)})`);
}

/** A line of a page, built from text runs with the same baseline. */
interface PdfLine {
  text: string;
  left: number;
  right: number;
  y: number;
  size: number;
  page: number;
}

/** Lines a page number is printed on (`- 3 -`, `第 3 页`, `3/12`): dropped when first or last on a page. */
const PAGE_NUMBER = /^[-—–\s]*(第\s*)?\d{1,4}(\s*页)?(\s*[/／共]\s*\d{1,4}\s*页?)?[-—–\s]*$/;

/** Lines that open a paragraph whatever their layout: Chinese heading and enumeration markers. */
const PARAGRAPH_OPENER = /^\s*(第[一二三四五六七八九十百]+[章节部分条]|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d{1,2}[、]|[①-⑳])/;

/**
 * Re-joins text runs into paragraphs, one per line. Runs on one baseline form a line; spaces between
 * CJK characters are removed. A line continues the paragraph above unless it is indented, the line above
 * stops short of the right margin, the vertical gap or font size changes, or it opens with a heading or
 * enumeration marker. Paragraphs continue across page breaks by the same rules; page numbers are dropped.
 */
export function pdfItemsToLines(pages: readonly (readonly PdfTextItem[])[]): string {
  const lines: PdfLine[] = [];
  pages.forEach((items, page) => {
    const pageLines = itemsToLines(items, page);
    // Page numbers sit at the top or bottom of the page, wherever the PDF maker put them in content order.
    const top = Math.max(...pageLines.map((l) => l.y));
    const bottom = Math.min(...pageLines.map((l) => l.y));
    lines.push(...pageLines.filter((l) => !((l.y === top || l.y === bottom) && PAGE_NUMBER.test(l.text))));
  });
  if (lines.length === 0) return '';

  const left = new Map<number, number>();
  const right = new Map<number, number>();
  for (const line of lines) {
    left.set(line.page, Math.min(left.get(line.page) ?? Infinity, line.left));
    right.set(line.page, Math.max(right.get(line.page) ?? -Infinity, line.right));
  }
  const gaps: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].page === lines[i - 1].page && lines[i - 1].y > lines[i].y) gaps.push(lines[i - 1].y - lines[i].y);
  }
  gaps.sort((a, b) => a - b);
  const lineGap = gaps.length > 0 ? gaps[gaps.length >> 1] : 0;

  const paragraphs: string[] = [];
  let current = lines[0].text;
  for (let i = 1; i < lines.length; i++) {
    const above = lines[i - 1];
    const line = lines[i];
    const size = Math.max(line.size, 1);
    const samePage = above.page === line.page;
    const startsParagraph =
      line.left > left.get(line.page)! + 1.2 * size ||
      above.right < right.get(above.page)! - 1.5 * size ||
      Math.abs(line.size - above.size) > 0.15 * size ||
      PARAGRAPH_OPENER.test(line.text) ||
      (samePage && (above.y - line.y > Math.max(lineGap * 1.4, size * 1.2) || above.y < line.y));
    if (startsParagraph) {
      paragraphs.push(current);
      current = line.text;
    } else {
      current = joinWrapped(current, line.text);
    }
  }
  paragraphs.push(current);
  return paragraphs
    .map((p) => removeSpacesBetweenCjk(p).trim())
    .filter((p) => p !== '')
    .join('\n');
}

/** Groups a page's runs into lines by baseline, in content order. */
function itemsToLines(items: readonly PdfTextItem[], page: number): PdfLine[] {
  const lines: PdfLine[] = [];
  let line: PdfLine | undefined;
  let endOfLine = false;
  for (const item of items) {
    if (item.str === '') {
      if (item.hasEOL) endOfLine = true;
      continue;
    }
    const sameLine = line && !endOfLine && Math.abs(item.y - line.y) <= 0.5 * Math.max(line.size, item.size) && item.x >= line.right - line.size;
    if (!line || !sameLine) {
      if (line) lines.push(line);
      line = { text: item.str, left: item.x, right: item.x + item.width, y: item.y, size: item.size, page };
    } else {
      // A visible gap between runs is a space (pdfjs leaves some out); CJK-to-CJK spaces go later.
      const gap = item.x - line.right;
      const space = gap > 0.25 * item.size && !/\s$/.test(line.text) && !/^\s/.test(item.str) ? ' ' : '';
      line.text += space + item.str;
      line.right = Math.max(line.right, item.x + item.width);
      line.size = Math.max(line.size, item.size);
    }
    endOfLine = item.hasEOL;
  }
  if (line) lines.push(line);
  for (const l of lines) l.text = removeSpacesBetweenCjk(collapseLetterSpacing(l.text.replace(/[^\S\n]+/g, ' ').trim()));
  return lines.filter((l) => l.text !== '');
}

/**
 * Undoes letter spacing: PDF makers that space out every character make pdfjs put a space between all of
 * them (`学 习 1 2 次`). When at least 80% of a line's space-separated pieces are single characters, the
 * single spaces are extraction artefacts and are removed; double spaces stay as one.
 */
export function collapseLetterSpacing(line: string): string {
  const pieces = line.split(' ');
  if (pieces.length < 4) return line;
  const single = pieces.filter((p) => [...p].length === 1).length;
  if (single < pieces.length * 0.8) return line;
  return line
    .split(/ {2,}/)
    .map((part) => part.replace(/ /g, ''))
    .join(' ');
}
