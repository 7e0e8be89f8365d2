import { defineStage } from './stage.js';
import { mapOffset, mappedLength, type AnyOffsetMap } from '../model/span.js';
import { eachMatch, isSurrogatePairAt, unionOf } from '../data/patterns.js';
import { isDigitUnit, isSentenceEndUnit } from '../model/code-units.js';
import { WHITESPACE_UNITS } from '../data/regex-source.js';
import { makeParagraph, type Paragraph } from '../model/report.js';
import type { SectionType } from '../model/kinds.js';
import type { HeadingCue, Resources } from '../data/resources.js';

/**
 * Numbered heading markers, outermost first: 第一部分 一、 (一) 1、/1. (1) ①. A 第…部分 part shares level 1
 * with 一、 in the tables; `headingRank` ranks it above 一、 for structure. The patterns state the forms;
 * `markerLevel` and `markerLength` read them by code unit (`markerMatch`, tested against them).
 */
export const HEADING_MARKERS: readonly { level: number; pattern: RegExp }[] = [
  { level: 1, pattern: /^第[一二三四五六七八九十]{1,3}(?:部分|章|篇)/u },
  { level: 1, pattern: /^[一二三四五六七八九十]{1,3}[、．.]/u },
  { level: 2, pattern: /^[(（][一二三四五六七八九十]{1,3}[)）]/u },
  { level: 3, pattern: /^[0-9]{1,2}(?:[、．]|\.(?![0-9]))/u },
  { level: 4, pattern: /^(?:[(（][0-9]{1,2}[)）]|[①-⑳])/u },
];

/**
 * Structural rank of a paragraph's heading: 0.5 for a 第…部分 part (above 一、), else its marker level;
 * 0 for plain text.
 */
export function headingRank(level: number, body: string): number {
  if (level === 0) return 0;
  return markerKind(body) === PART ? 0.5 : level;
}

/**
 * Whether a code unit can open a marker of `HEADING_MARKERS`: 第, a Chinese numeral, a parenthesis, a digit or a
 * circled number ① to ⑳ (the first characters of their patterns, kept in step with them by a test). Most
 * paragraphs open with other characters, and this one test spares them the five patterns.
 */
export function mayOpenMarker(unit: number): boolean {
  return unit === 0x7b2c || isChineseNumeral(unit) || unit === 0x28 || unit === 0xff08 || (unit >= 0x30 && unit <= 0x39) || (unit >= 0x2460 && unit <= 0x2473);
}

/**
 * Whether a code unit is one of 一 … 十, the numerals of markers and of an enumeration's opening "一是" … "十是"
 * (checked against `HEADING_MARKERS` for every code unit by a test): a switch, not a loop over the ten, as every
 * paragraph's first unit and each unit of a marker's numerals is asked about.
 */
function isChineseNumeral(unit: number): boolean {
  switch (unit) {
    case 0x4e00: // 一
    case 0x4e8c: // 二
    case 0x4e09: // 三
    case 0x56db: // 四
    case 0x4e94: // 五
    case 0x516d: // 六
    case 0x4e03: // 七
    case 0x516b: // 八
    case 0x4e5d: // 九
    case 0x5341: // 十
      return true;
    default:
      return false;
  }
}

/** Level of the numbered heading marker at the start of `text`, 0 when there is none. */
export function markerLevel(text: string): number {
  return KIND_LEVEL[markerKind(text)];
}

/** Length of the numbered marker at the start of `text` (0 when none). */
export function markerLength(text: string): number {
  return markerMatch(text) >> KIND_BITS;
}

/** Which of `HEADING_MARKERS`' forms a text opens with (the first that matches): none, or one of the five. */
const NONE = 0;
const PART = 1;
const NUMERAL = 2;
const PAREN_NUMERAL = 3;
const DIGITS = 4;
const PAREN_DIGITS_OR_CIRCLED = 5;
/** The level of each form, by its number (`HEADING_MARKERS`' levels). */
const KIND_LEVEL = [0, 1, 1, 2, 3, 4];
const KIND_BITS = 3;

function markerKind(text: string): number {
  return markerMatch(text) & ((1 << KIND_BITS) - 1);
}

/**
 * The marker at the start of `text` as `length << KIND_BITS | kind` (0 when none): `HEADING_MARKERS`' patterns
 * read by code unit. Their runs of numerals or digits ({1,3}, {1,2}) are greedy, and what must follow a run is
 * never a numeral or digit, so a pattern matches exactly when the unit after the longest run allowed is one
 * it may end with: no backtracking to try. (A test checks this against the patterns; a regex call for each of
 * the five forms cost more than the rest of the markers' work in both section stages.)
 */
function markerMatch(text: string): number {
  const n = text.length;
  if (n === 0) return NONE;
  const first = text.charCodeAt(0);
  if (!mayOpenMarker(first)) return NONE;
  if (first === 0x7b2c) {
    // 第 + 1–3 numerals + 部分 | 章 | 篇
    const after = 1 + numeralRun(text, 1, 3);
    if (after === 1 || after >= n) return NONE;
    const unit = text.charCodeAt(after);
    if (unit === 0x7ae0 || unit === 0x7bc7) return packMarker(after + 1, PART);
    return unit === 0x90e8 && after + 1 < n && text.charCodeAt(after + 1) === 0x5206 ? packMarker(after + 2, PART) : NONE;
  }
  if (isChineseNumeral(first)) {
    // 1–3 numerals + 、 ． .
    const after = numeralRun(text, 0, 3);
    if (after >= n) return NONE;
    const unit = text.charCodeAt(after);
    return unit === 0x3001 || unit === 0xff0e || unit === 0x2e ? packMarker(after + 1, NUMERAL) : NONE;
  }
  if (first === 0x28 || first === 0xff08) {
    // ( + 1–3 numerals + ), or ( + 1–2 digits + )
    const numerals = numeralRun(text, 1, 3);
    const after = 1 + (numerals > 0 ? numerals : digitRun(text, 1, 2));
    if (after === 1 || after >= n) return NONE;
    const unit = text.charCodeAt(after);
    return unit === 0x29 || unit === 0xff09 ? packMarker(after + 1, numerals > 0 ? PAREN_NUMERAL : PAREN_DIGITS_OR_CIRCLED) : NONE;
  }
  if (first >= 0x2460) return packMarker(1, PAREN_DIGITS_OR_CIRCLED);
  // 1–2 digits + 、 ．, or + . not followed by a digit
  const after = digitRun(text, 0, 2);
  if (after >= n) return NONE;
  const unit = text.charCodeAt(after);
  if (unit === 0x3001 || unit === 0xff0e) return packMarker(after + 1, DIGITS);
  return unit === 0x2e && !(after + 1 < n && isDigitUnit(text.charCodeAt(after + 1))) ? packMarker(after + 1, DIGITS) : NONE;
}

function packMarker(length: number, kind: number): number {
  return (length << KIND_BITS) | kind;
}

/** How many Chinese numerals (at most `max`) stand in `text` from `from` on. */
function numeralRun(text: string, from: number, max: number): number {
  let k = 0;
  while (k < max && from + k < text.length && isChineseNumeral(text.charCodeAt(from + k))) k++;
  return k;
}

/** How many ASCII digits (at most `max`) stand in `text` from `from` on. */
function digitRun(text: string, from: number, max: number): number {
  let k = 0;
  while (k < max && from + k < text.length && isDigitUnit(text.charCodeAt(from + k))) k++;
  return k;
}

/** A body after its heading marker and an enumeration's "一是" (`body.slice(markerLength(body)).replace(/^[一…十]是/u, '')`). */
export function afterMarkerOf(body: string): string {
  const at = markerLength(body);
  return body.charCodeAt(at + 1) === 0x662f && at < body.length && isChineseNumeral(body.charCodeAt(at)) ? body.slice(at + 2) : body.slice(at);
}

/**
 * Lines longer than this are searched for headings buried inside them. PDF extraction and some web pages
 * deliver a whole report as one line (one dev report is a single 9,000-character line).
 */
const RUN_ON_LINE = 120;

/**
 * Whether a buried heading at offset `at` (> 0) of `line` stands after a boundary: a sentence end or a colon
 * (whitespace between them allowed), or whitespace: a numbered marker right after one starts a new part. This
 * is `/[。！？!?；;：:]\s*$|\s$/u` of the units before `at`, which only the last of them decides (whitespace,
 * or a sentence end or colon): read by code, not tested on a slice made for each match.
 */
export function boundaryBefore(line: string, at: number): boolean {
  const unit = line.charCodeAt(at - 1);
  return isWhitespaceUnit(unit) || isSentenceEndUnit(unit) || unit === 0xff1a || unit === 0x3a;
}

/**
 * Inline heading starts inside a run-on line: a level-1/2 marker, or a bare section heading such as
 * 存在问题 / 2021年工作计划 / 下步计划 standing between sentences.
 */
const INLINE_MARKER = /[(（][一二三四五六七八九十]{1,3}[)）]|[一二三四五六七八九十]{1,3}、/gu;
/**
 * A parenthesised numeral (（一）) right after a short heading clause with no punctuation ("一、主要工作（一）加强学习"):
 * text pasted without line breaks. Only the 一、 form needs a boundary before it (统一、规范 is not a heading).
 */
// Note: a capture group, not a lookbehind: V8's lookbehind made this pattern 30 times slower.
const GLUED_SUBHEADING = /[一二三四五六七八九十]{1,3}、[^。！？!?；;：:，,、（(]{2,20}([(（][一二三四五六七八九十]{1,3}[)）])/gu;
const INLINE_SECTION_HEADING =
  /(?:存在(?:的)?(?:主要)?(?:问题|不足)(?:[与和及](?:不足|原因|差距))?|(?:19|20)[0-9]{2}年(?:度)?(?:的)?工作(?:计划|打算|思路|要点)|下(?:一)?步(?:工作)?(?:计划|打算|思路)|(?:取得的)?主要成[效绩]|工作开展情况)(?=\s*(?:[(（][一二三四五六七八九十]|[一二三四五六七八九十]、|[:：]|\s))/gu;
/**
 * A title at the start of a run-on line: a clause of 4–50 characters without punctuation ending in a word
 * that names the report kind, where a space follows (or followed, before cleaning removed it as spacing
 * between Chinese characters: see `gapAt`). The first such end wins.
 */
const LEADING_TITLE_END = /(?:总结|计划|报告|情况|汇报|要点)/gu;
const LEADING_TITLE_MAX = 50;

/** The cuts of a line that is not split. */
const NO_CUTS: readonly number[] = [];

/** Splits the cleaned text into paragraph spans: one per non-empty line, run-on lines split at inline headings. */
export function splitParagraphs(
  cleaned: string,
  text: string = cleaned,
  gapAt: (offset: number) => boolean = () => false,
): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  const shortLines: string[] = [];
  let lineStart = 0;
  while (lineStart <= cleaned.length) {
    let lineEnd = cleaned.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = cleaned.length;
    const lineLength = lineEnd - lineStart;
    // Note: patterns are matched on the analysis text (simplified script), whose offsets equal the cleaned text's.
    const cuts = lineLength > RUN_ON_LINE ? inlineCuts(text.slice(lineStart, lineEnd), shortLines, (at) => gapAt(lineStart + at)) : NO_CUTS;
    // the line trimmed (`\s` is what `trim` removes), sliced only when it is kept as a short line
    const trimmed = trimSpan(cleaned, lineStart, lineEnd);
    if (trimmed && trimmed.end - trimmed.start >= 6 && trimmed.end - trimmed.start <= 60) shortLines.push(cleaned.slice(trimmed.start, trimmed.end));
    // Note: a line without cuts (nearly all) is one paragraph, the trimmed line: not trimmed a second time
    if (cuts.length === 0) {
      if (trimmed) spans.push(trimmed);
    } else {
      pushPieces(spans, cleaned, lineStart, lineLength, cuts);
    }
    if (lineEnd >= cleaned.length) break;
    lineStart = lineEnd + 1;
  }
  return spans;
}

/** Pushes the trimmed pieces of the line at `lineStart` between its cuts (offsets into the line). */
function pushPieces(spans: { start: number; end: number }[], cleaned: string, lineStart: number, lineLength: number, cuts: readonly number[]): void {
  let from = 0;
  for (let k = 0; k <= cuts.length; k++) {
    const cut = k < cuts.length ? cuts[k] : lineLength;
    const span = trimSpan(cleaned, lineStart + from, lineStart + cut);
    if (span) spans.push(span);
    from = cut;
  }
}

/** Offsets inside a run-on line where a buried heading starts. */
function inlineCuts(line: string, earlierShortLines: readonly string[], gapAt: (at: number) => boolean): readonly number[] {
  const cuts = new Set<number>();
  const head = line.slice(0, LEADING_TITLE_MAX);
  const clause = head.slice(0, Math.max(0, head.search(/[。，,；;：:]/u)) || head.length);
  eachMatch(LEADING_TITLE_END, clause, (match) => {
    const end = match.index + match[0].length;
    if (end >= 4 && end < line.length && (/\s/u.test(line[end]) || gapAt(end))) {
      cuts.add(end);
      return true;
    }
  });
  // The title printed again at the start of the body line ("…工作计划“不弛于空想…"), once its space is gone.
  const lead = line.trimStart();
  const repeated = earlierShortLines.find((short) => lead.startsWith(short));
  if (repeated) cuts.add(line.length - lead.length + repeated.length);
  // Note: every match ends with a parenthesised numeral: a line without an opening parenthesis (most) is not searched
  if (line.includes('（') || line.includes('(')) eachMatch(GLUED_SUBHEADING, line, (match) => void cuts.add(match.index + match[0].length - match[1].length));
  for (const pattern of [INLINE_MARKER, INLINE_SECTION_HEADING]) {
    eachMatch(pattern, line, (match) => {
      const at = match.index;
      if (at > 0 && boundaryBefore(line, at)) cuts.add(at);
    });
  }
  // Note: most run-on lines hold no buried heading: no arrays made for them
  if (cuts.size === 0) return NO_CUTS;
  return [...cuts].filter((cut) => cut > 0 && cut < line.length).sort((a, b) => a - b);
}

/** 1 at each UTF-16 code unit that `\s` matches (`WHITESPACE_UNITS`). */
const WHITESPACE_TABLE = (() => {
  const table = new Uint8Array(0x10000);
  for (const unit of WHITESPACE_UNITS) table[unit] = 1;
  return table;
})();

/** Whether a code unit is whitespace (`/\s/u` of it), without a one-character string and a regex call. */
export function isWhitespaceUnit(unit: number): boolean {
  return WHITESPACE_TABLE[unit] === 1;
}

function trimSpan(text: string, start: number, end: number): { start: number; end: number } | null {
  while (start < end && isWhitespaceUnit(text.charCodeAt(start))) start++;
  while (end > start && isWhitespaceUnit(text.charCodeAt(end - 1))) end--;
  return end > start ? { start, end } : null;
}

/**
 * A paragraph's text without whitespace, as the section passes read it. The bodies of the text asked about
 * last are kept: the sections stage reads each paragraph's body in five places.
 */
export function compactBody(text: string, span: { start: number; end: number }): string {
  if (recentBodies.text !== text) recentBodies = { text, bodies: new Map() };
  // Note: keyed by the start, a small integer (a key made of start and end was a heap number, made for each
  // lookup); a span that shares its start with the one kept (the first part of a paragraph split where it
  // turns) replaces it
  const kept = recentBodies.bodies.get(span.start);
  if (kept !== undefined && kept.end === span.end) return kept.body;
  const body = withoutWhitespace(text.slice(span.start, span.end));
  recentBodies.bodies.set(span.start, { end: span.end, body });
  return body;
}

/** A body `compactBody` made, kept under the start of its span, with the span's end. */
interface KeptBody {
  end: number;
  body: string;
}
let recentBodies: { text: string; bodies: Map<number, KeptBody> } = { text: '', bodies: new Map() };

const ANY_WHITESPACE = /\s/u;
const WHITESPACE_RUNS = /\s+/gu;

/**
 * `text.replace(/\s+/gu, '')`. Most paragraphs hold no whitespace (cleaning removed the spacing between Chinese
 * characters): a test finds that without the replace's runtime call, and the text is returned as it is.
 */
export function withoutWhitespace(text: string): string {
  return ANY_WHITESPACE.test(text) ? text.replace(WHITESPACE_RUNS, '') : text;
}

/** Longest paragraph still read as a heading line when it has no sentence after its heading clause. */
const HEADING_MAX_CHARS = 40;

/** The section a heading names through its cue words, if any. */
export function headingCue(headingText: string, resources: Pick<Resources, 'headingCues'> & Partial<Pick<Resources, 'headingActions'>>): SectionType | undefined {
  return compactHeadingCue(withoutWhitespace(headingText), resources);
}

/** `headingCue` of a text without whitespace (a `compactBody` or a piece of one: not scanned for whitespace again). */
function compactHeadingCue(text: string, resources: Pick<Resources, 'headingCues'> & Partial<Pick<Resources, 'headingActions'>>): SectionType | undefined {
  // A heading is judged as a whole: one that opens with an action ("创新工作思路", "补齐短板弱项,提升阵地水平")
  // names a piece of work, whatever cue word stands in it.
  const clause = afterMarkerOf(text);
  if (resources.headingActions !== undefined && opensWithAction(resources.headingActions, clause)) return undefined;
  const cues = resources.headingCues;
  const anyCue = cueUnion(cues);
  // A heading joining two parts names the section it opens with: "2025年工作回顾和“十四五”发展主要成绩" is
  // the review, "存在问题及下步打算" the problems (the plans follow under it).
  const joinAt = firstJoinAt(clause);
  return (joinAt >= 0 ? cueOf(clause.slice(0, joinAt), cues, anyCue) : undefined) ?? cueOf(text, cues, anyCue);
}

/** Whether one of the action patterns matches a heading's clause (a loop, not `some` with a closure per heading). */
function opensWithAction(actions: readonly RegExp[], clause: string): boolean {
  for (let k = 0; k < actions.length; k++) if (actions[k].test(clause)) return true;
  return false;
}

/** The section of the first heading cue matching `s`; `anyCue`: the cues joined (`cueUnion`), tested first. */
function cueOf(s: string, cues: readonly HeadingCue[], anyCue: RegExp | null): SectionType | undefined {
  // Note: most texts asked about name no section: one test of the joined cues answers that for them.
  if (anyCue !== null && !anyCue.test(s)) return undefined;
  for (const cue of cues) {
    cue.pattern.lastIndex = 0;
    if (cue.pattern.test(s)) return cue.section;
  }
  return undefined;
}

/** A joining word: 和 及 以及 与. */
const JOIN = /以及|[和及与]/gu;

/**
 * Where the first joining word stands after at least two characters of `clause` (code points: a surrogate pair
 * is one), -1 when none does: the end of `/^(.{2,}?)(和|及|以及|与)/u`'s group on a text without line breaks,
 * found by one search from there instead of a lazy scan that makes a match array with two strings.
 */
export function firstJoinAt(clause: string): number {
  const second = isSurrogatePairAt(clause, 0) ? 2 : 1;
  const from = isSurrogatePairAt(clause, second) ? second + 2 : second + 1;
  if (from > clause.length) return -1;
  JOIN.lastIndex = from;
  if (!JOIN.test(clause)) return -1;
  const end = JOIN.lastIndex;
  JOIN.lastIndex = 0;
  // 以及 is the only joining word of two units: it matched when it stands from `from` on and ends the match
  // (the search takes the leftmost match); a 以 before `from` is part of the first two characters
  return end - 2 >= from && clause.charCodeAt(end - 2) === 0x4ee5 && clause.charCodeAt(end - 1) === 0x53ca ? end - 2 : end - 1;
}

/** Per list of heading cues, their patterns joined (`unionOf`; null when they cannot be joined). */
const cueUnions = new WeakMap<readonly HeadingCue[], RegExp | null>();
function cueUnion(cues: readonly HeadingCue[]): RegExp | null {
  let union = cueUnions.get(cues);
  if (union === undefined) {
    union = unionOf(cues.map((cue) => cue.pattern));
    cueUnions.set(cues, union);
  }
  return union;
}

/**
 * Builds paragraphs with heading information. A paragraph is a heading when it is short and is either
 * numbered (一、 (一) 1、) or a bare section heading (存在问题, 2021年工作计划). Long numbered paragraphs
 * ("(一)工作沟通能力不足。在工作中……") keep their marker level, so they still structure the report,
 * but are not headings.
 */
export function buildParagraphs(
  cleaned: string,
  text: string,
  resources: Pick<Resources, 'headingCues'> & Partial<Pick<Resources, 'headingActions'>>,
  gapAt?: (offset: number) => boolean,
): Paragraph[] {
  const spans = splitParagraphs(cleaned, text, gapAt);
  // Note: a loop and push, not `map`: an array `map` makes has another elements kind once `map` is optimized,
  // and each kind the later stages meet costs them a recompile
  const paragraphs: Paragraph[] = [];
  for (let index = 0; index < spans.length; index++) paragraphs.push(paragraphOf(spans[index], index + 1, text, resources));
  return paragraphs;
}

/** The paragraph at `span`, numbered `no`, with its heading level and cue (see `buildParagraphs`). */
function paragraphOf(span: { start: number; end: number }, no: number, text: string, resources: Pick<Resources, 'headingCues'> & Partial<Pick<Resources, 'headingActions'>>): Paragraph {
  const body = compactBody(text, span);
  const level = markerLevel(body);
  const short = body.length <= HEADING_MAX_CHARS && sentenceCount(body) <= 1;
  // Note: a comma matters only in a short paragraph (a bare heading has none): a long body is not scanned for one.
  const hasComma = short && /[,，]/u.test(body);
  // Note: the cue is looked up only where it is used, for a numbered paragraph or a line that may be a bare
  // heading: scanning every long paragraph with each heading cue cost more than the rest of this stage.
  const mayHaveCue = level > 0 || (short && !hasComma);
  const cue = mayHaveCue ? compactHeadingCue(level > 0 ? leadClause(body) : body, resources) : undefined;
  const bareHeading = level === 0 && short && cue !== undefined && !hasComma;
  return makeParagraph(
    span.start,
    span.end,
    no,
    'work',
    (level > 0 && level <= 3 && short) || bareHeading,
    level > 0 ? level : bareHeading ? 1 : 0,
    level > 0 || bareHeading ? cue : undefined,
  );
}

/** The sentences of a body: its non-empty pieces between sentence ends (counted without splitting it). */
export function sentenceCount(body: string): number {
  let count = 0;
  let pieceStart = 0;
  for (let i = 0; i <= body.length; i++) {
    if (i < body.length && !isSentenceEndUnit(body.charCodeAt(i))) continue;
    if (i > pieceStart) count++;
    pieceStart = i + 1;
  }
  return count;
}

/** The heading clause of a numbered paragraph: up to its first sentence end. */
function leadClause(body: string): string {
  const end = body.search(/[。！？!?；;]/u);
  return end < 0 ? body : body.slice(0, end);
}

/**
 * Whether cleaning removed whitespace right before a cleaned offset (相关 部门 → 相关部门): the raw text had a
 * space there, which in a pasted one-line report is where the title ended.
 */
export function removedSpaceBefore(raw: string, toRaw: AnyOffsetMap): (offset: number) => boolean {
  return (offset) => {
    if (offset <= 0 || offset > mappedLength(toRaw)) return false;
    const from = mapOffset(toRaw, offset - 1) + 1;
    const to = mapOffset(toRaw, offset);
    return to > from && /^\s+$/u.test(raw.slice(from, to));
  };
}

export const paragraphsStage = defineStage({
  name: 'paragraphs',
  requires: ['cleaned', 'toRaw', 'text'],
  assigns: ['paragraphs'],
  run: (doc, resources) => ({ paragraphs: buildParagraphs(doc.cleaned, doc.text, resources, removedSpaceBefore(doc.report.raw, doc.toRaw)) }),
});
