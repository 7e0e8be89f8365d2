import { decodeText, decodeWithLabel, isUtf8, type Decoded } from '../decode.js';
import { ReadError } from '../read-error.js';
import { removeSpacesBetweenCjk } from './cjk.js';
import { htmlParser, loadHtmlParser } from './html-parser.js';
import type { FormatReader, ReadResult } from './types.js';

/**
 * HTML pages: the text of the body with page furniture dropped (script, style, nav, header, footer,
 * aside, hidden elements…), one line per block element.
 */
export const htmlReader: FormatReader = {
  format: 'html',
  extensions: ['.html', '.htm', '.xhtml', '.shtml'],
  load: loadHtmlParser,
  async read(bytes) {
    await loadHtmlParser();
    return readHtml(bytes);
  },
  readNow: readHtml,
};

function readHtml(bytes: Uint8Array): ReadResult {
  const { text, encoding } = decodeHtml(bytes);
  const raw = htmlToLines(text);
  if (!/\S/.test(raw)) throw new ReadError('no-text', 'the page holds no text outside navigation, scripts and styles');
  return { raw, encoding };
}

/**
 * Decodes an HTML file. Bytes that are valid UTF-8 (or carry a BOM) are UTF-8 whatever the page claims;
 * otherwise the `<meta charset>` (or http-equiv content-type) of the first 4 KB is honoured, and when that
 * is missing or wrong the bytes are detected like a text file.
 */
export function decodeHtml(bytes: Uint8Array): Decoded {
  const hasBom = (bytes[0] === 0xef && bytes[1] === 0xbb) || (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  if (!hasBom && !isUtf8(bytes)) {
    const label = metaCharset(bytes);
    if (label) {
      const decoded = decodeWithLabel(bytes, label);
      if (decoded && !decoded.text.includes('\0')) return decoded;
    }
  }
  return decodeText(bytes);
}

/** The charset a page declares in a meta tag within its first 4 KB, or null. */
export function metaCharset(bytes: Uint8Array): string | null {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
  const match = /<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)/i.exec(head);
  return match ? match[1] : null;
}

/** Elements whose content is never report text. */
const DROPPED = new Set([
  'script', 'style', 'noscript', 'template', 'head', 'nav', 'header', 'footer', 'aside', 'menu',
  'svg', 'math', 'iframe', 'object', 'embed', 'canvas', 'select', 'button', 'dialog',
]);

/** Elements that start and end a line. */
const BLOCKS = new Set([
  'address', 'article', 'blockquote', 'body', 'caption', 'center', 'dd', 'details', 'div', 'dl', 'dt',
  'fieldset', 'figcaption', 'figure', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hgroup', 'hr', 'html',
  'legend', 'li', 'main', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th',
  'thead', 'tr', 'ul', 'br',
]);

/** Cells are separated by a space inside their row's line. */
const CELLS = new Set(['td', 'th']);

/**
 * Extracts the text of an HTML document, one line per block element; the `<title>` only when the body has no h1.
 * The parser must be loaded first (`loadHtmlParser`).
 */
export function htmlToLines(html: string): string {
  const lines: string[] = [];
  let line = '';
  let title = '';
  let sawH1 = false;
  let dropDepth = 0;
  let preDepth = 0;
  let inTitle = false;
  const dropping: boolean[] = [];

  const flush = () => {
    const text = removeSpacesBetweenCjk(line.replace(/[ \t\n\r\f\u00a0]+/g, ' ').trim());
    if (text !== '') lines.push(text);
    line = '';
  };

  const Parser = htmlParser();
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        const hidden =
          'hidden' in attribs ||
          attribs['aria-hidden'] === 'true' ||
          /(?:display\s*:\s*none|visibility\s*:\s*hidden)/i.test(attribs.style ?? '');
        const drop = DROPPED.has(name) || (hidden && dropDepth === 0 && name !== 'html' && name !== 'body');
        dropping.push(drop);
        if (drop) dropDepth++;
        if (name === 'title') inTitle = true;
        if (dropDepth > 0) return;
        if (name === 'h1') sawH1 = true;
        if (name === 'pre') preDepth++;
        if (CELLS.has(name)) line += ' ';
        else if (BLOCKS.has(name)) flush();
      },
      ontext(text) {
        if (inTitle) title += text;
        if (dropDepth > 0) return;
        if (preDepth > 0) {
          const parts = text.split(/\r\n|\r|\n/);
          parts.forEach((part, i) => {
            if (i > 0) flush();
            line += part;
          });
          return;
        }
        // A line break in the source between two Chinese characters is not a space (CSS segment-break rules).
        line += text.replace(/([\u3000-\u9fff\uff00-\uffef])[ \t\r\f]*\n[ \t\n\r\f]*(?=[\u3000-\u9fff\uff00-\uffef])/g, '$1');
      },
      onclosetag(name) {
        if (name === 'title') inTitle = false;
        const drop = dropping.pop();
        if (drop) {
          dropDepth--;
          return;
        }
        if (dropDepth > 0) return;
        if (name === 'pre') preDepth--;
        if (CELLS.has(name)) line += ' ';
        else if (BLOCKS.has(name)) flush();
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  flush();
  const cleanTitle = title.replace(/\s+/g, ' ').trim();
  if (!sawH1 && cleanTitle !== '' && lines[0] !== cleanTitle) lines.unshift(cleanTitle);
  return lines.join('\n');
}
