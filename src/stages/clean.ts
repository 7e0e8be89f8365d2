import { defineStage } from './stage.js';
import { MappedTextBuilder, type OffsetMap } from '../model/span.js';
import type { Resources } from '../data/resources.js';

/** Result of cleaning a raw text. */
export interface Cleaned {
  /** the cleaned text: noise lines and spam dropped, PDF spacing removed, lines kept on `\n` */
  cleaned: string;
  /** cleaned offset → raw offset */
  toRaw: OffsetMap;
}

const HAN = /[\p{Script=Han}]/u;
/** CJK punctuation and full-width forms: a space next to them is never meaningful in Chinese text. */
const CJK_PUNCT = /[\u3000-\u303f\uff00-\uffef“”‘’—…·《》、]/u;
const DIGIT = /[0-9]/;

function isCjk(ch: string | undefined): boolean {
  return ch !== undefined && (HAN.test(ch) || CJK_PUNCT.test(ch));
}

/**
 * Whether the whitespace run between `before` and `after` is a PDF-extraction artifact.
 * Spaces between two Chinese characters (相 关部门) or between a number and a Chinese character (2020 年) are
 * dropped; spaces touching a Latin letter stay so that words and placeholders (X 次, LED 屏) are not glued, and
 * spaces between two numbers stay so figures are not merged.
 */
function isSpuriousSpace(before: string | undefined, after: string | undefined): boolean {
  if (before === undefined || after === undefined) return true; // leading or trailing space of a line
  if (isCjk(before) && isCjk(after)) return true;
  if ((isCjk(before) && DIGIT.test(after)) || (DIGIT.test(before) && isCjk(after))) return true;
  return false;
}

const SPACE = /[ \t\u00a0\u3000\u2002-\u200b\ufeff]/;

/**
 * Cleans a raw report text: drops whole lines of web-page noise and the link lists under a "相关文章"
 * header, removes injected spam runs and spurious spaces. Line breaks are kept (normalised to `\n`) so that paragraph splitting can use them.
 */
export function cleanText(raw: string, resources: Pick<Resources, 'noiseLines' | 'noiseListHeaders' | 'spamPatterns'>): Cleaned {
  const out = new MappedTextBuilder();
  let lineStart = 0;
  let inLinkList = false;
  while (lineStart <= raw.length) {
    let lineEnd = raw.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = raw.length;
    let contentEnd = lineEnd;
    if (contentEnd > lineStart && raw.charCodeAt(contentEnd - 1) === 13) contentEnd--; // CRLF
    const line = raw.slice(lineStart, contentEnd);
    const trimmed = line.trim();
    if (inLinkList && trimmed && !isListItem(trimmed)) inLinkList = false;
    if (trimmed && resources.noiseListHeaders.some((pattern) => testWhole(pattern, trimmed))) inLinkList = true;
    if (trimmed && !inLinkList && !resources.noiseLines.some((pattern) => testWhole(pattern, trimmed))) {
      const kept = keepRanges(line, resources.spamPatterns);
      for (const [start, end] of kept) appendDespaced(out, raw, lineStart + start, lineStart + end);
      if (lineEnd < raw.length) out.insert('\n', lineEnd);
    }
    if (lineEnd >= raw.length) break;
    lineStart = lineEnd + 1;
  }
  const { text, map } = out.build(raw.length);
  return { cleaned: text, toRaw: map };
}

/** Longest line still read as an item of a link list under a "相关文章" header. */
const LIST_ITEM_MAX_CHARS = 40;

function isListItem(line: string): boolean {
  return line.length <= LIST_ITEM_MAX_CHARS && !/[。！？!?]/u.test(line);
}

function testWhole(pattern: RegExp, line: string): boolean {
  pattern.lastIndex = 0;
  return pattern.test(line);
}

/** Ranges of `line` left after removing every match of the spam patterns. */
function keepRanges(line: string, spamPatterns: readonly RegExp[]): [number, number][] {
  const cut: [number, number][] = [];
  for (const pattern of spamPatterns) {
    pattern.lastIndex = 0;
    for (const match of line.matchAll(pattern)) {
      if (match[0].length > 0) cut.push([match.index!, match.index! + match[0].length]);
    }
  }
  if (cut.length === 0) return [[0, line.length]];
  cut.sort((a, b) => a[0] - b[0]);
  const kept: [number, number][] = [];
  let at = 0;
  for (const [start, end] of cut) {
    if (start > at) kept.push([at, start]);
    at = Math.max(at, end);
  }
  if (at < line.length) kept.push([at, line.length]);
  return kept;
}

/** Appends raw[start, end) to `out`, dropping spurious whitespace runs (see `isSpuriousSpace`). */
function appendDespaced(out: MappedTextBuilder, raw: string, start: number, end: number): void {
  let i = start;
  while (i < end) {
    if (!SPACE.test(raw[i])) {
      let j = i + 1;
      while (j < end && !SPACE.test(raw[j])) j++;
      out.keep(raw, i, j);
      i = j;
      continue;
    }
    let j = i + 1;
    while (j < end && SPACE.test(raw[j])) j++;
    const before = i > start ? raw[i - 1] : undefined;
    const after = j < end ? raw[j] : undefined;
    if (!isSpuriousSpace(before, after)) out.keep(raw, i, i + 1); // a run of spaces keeps its first
    i = j;
  }
}

export const cleanStage = defineStage({
  name: 'clean',
  requires: [],
  assigns: ['cleaned', 'toRaw'],
  run: (doc, resources) => cleanText(doc.report.raw, resources),
});
