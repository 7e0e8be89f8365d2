import { decodeText } from '../decode.js';
import { assertHasText } from '../read-error.js';
import { joinWrapped } from './cjk.js';
import type { FormatReader, ReadResult } from './types.js';

/**
 * Markdown: decoded like text, then reduced to one paragraph per line. Soft-wrapped lines are joined,
 * heading marks, block quotes, emphasis, images and link targets are removed, code fences and rules dropped.
 */
export const mdReader: FormatReader = {
  format: 'md',
  extensions: ['.md', '.markdown'],
  async read(bytes) {
    return readMd(bytes);
  },
  readNow: readMd,
};

function readMd(bytes: Uint8Array): ReadResult {
  const { text, encoding } = decodeText(bytes);
  const raw = markdownToLines(text);
  assertHasText(raw, 'the Markdown file');
  return { raw, encoding };
}

/** Turns Markdown source into plain text with one paragraph per line. */
export function markdownToLines(source: string): string {
  const out: string[] = [];
  let paragraph = '';
  let inFence = false;
  const flush = () => {
    if (paragraph.trim() !== '') out.push(paragraph.trim());
    paragraph = '';
  };
  for (const sourceLine of source.split(/\r\n|\r|\n/)) {
    if (/^\s*(```|~~~)/.test(sourceLine)) {
      flush();
      inFence = !inFence;
      continue;
    }
    if (inFence) continue;
    let line = sourceLine.replace(/^\s{0,3}>\s?/, '');
    if (/^\s*$/.test(line) || /^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(line) || /^\s*\|?\s*:?-{3,}/.test(line)) {
      flush();
      continue;
    }
    const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    const item = /^\s*([-*+]|\d+[.)])\s+/.exec(line);
    if (heading || item || /^\s*\|/.test(line)) flush();
    if (heading) line = heading[1];
    line = inline(line);
    if (heading || /^\s*\|/.test(sourceLine)) {
      out.push(line.trim());
      continue;
    }
    // a line ending in two spaces or a backslash is a hard break
    const hardBreak = / {2,}$|\\$/.test(sourceLine);
    paragraph = joinWrapped(paragraph, line.trim());
    if (hardBreak) flush();
  }
  flush();
  return out.filter((line) => line !== '').join('\n');
}

function inline(line: string): string {
  return line
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, '$2')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/\\$/, '');
}
