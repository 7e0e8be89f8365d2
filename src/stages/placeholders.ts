import type { PlaceholderKind } from '../model/kinds.js';
import type { Paragraph, Placeholder } from '../model/report.js';
import type { Span } from '../model/span.js';
import { isDigitUnit, isTrimmedSpace, learnedUnitTest } from '../model/code-units.js';
import { defineStage } from './stage.js';

/**
 * Placeholder detection: template marks (X, x, Ｘ, ×, *, ＊, 某某, ○○, □□) left where a figure, date or name
 * should have been written. One regex pass finds mark runs; each run is then accepted or rejected by its
 * neighbours (Latin words, numbers, bullets, footnotes, the exception list) and classified by the text after
 * it (the unit rules in data/placeholder-units.tsv). Works on simplified and traditional text alike.
 */

/** `after`/`before` value in a unit rule that matches anything. */
export const ANY = '_';

/** One line of data/placeholder-units.tsv. */
export interface PlaceholderUnitRule {
  kind: PlaceholderKind;
  /** text right after the mark (spaces skipped), or `_` for anything */
  after: string;
  /** text right before the mark (spaces skipped), or `_` for anything */
  before: string;
}

/** Compiled rules: what `findPlaceholders` needs, built once by `compilePlaceholderRules`. */
export interface PlaceholderRules {
  /** rules with a `before` condition, longest `after` first; tried before `plain` */
  guarded: PlaceholderUnitRule[];
  /** rules without a `before` condition, longest `after` first */
  plain: PlaceholderUnitRule[];
  /** metric units a magnitude run may be followed by (`X余万元`: 元), longest first */
  metricUnits: string[];
  /** real-text strings holding a mark (X光, 某些), folded (lower case, half-width) */
  exceptions: string[];
  /** what may follow a single 某 for it to be a mark (镇, 街, 米), longest first; 某某 is a mark anyway */
  singleMouUnits: string[];
  /** surnames: a mark right after one, at a name's start, is a redacted name (张*, 李**), not a blank */
  surnames: ReadonlySet<string>;
}

/** Extra word lists of the matcher (data/placeholder-single-mou.txt, data/placeholder-surnames.txt). */
export interface PlaceholderWordLists {
  /** units after a single 某 that make it a placeholder; default none */
  singleMouUnits?: readonly string[];
  /** surnames (one or two characters) before redacted names; default none */
  surnames?: readonly string[];
}

/** A placeholder found in a text. Offsets index the text given to `findPlaceholders`. */
export interface PlaceholderMatch extends Span {
  kind: PlaceholderKind;
  /** `text.slice(start, end)` without line breaks: the mark run with the unit or name after it (`X 余万元`, `202x年`, `X月X日`), or the mark alone */
  token: string;
}

/** Builds the matcher's tables from rule rows and exception strings (as read from the data files). */
export function compilePlaceholderRules(rows: readonly PlaceholderUnitRule[], exceptions: readonly string[], lists: PlaceholderWordLists = {}): PlaceholderRules {
  const byAfterLength = (a: PlaceholderUnitRule, b: PlaceholderUnitRule) => afterLength(b) - afterLength(a);
  const folded = rows.map((r) => ({ kind: r.kind, after: r.after === ANY ? ANY : fold(r.after), before: r.before === ANY ? ANY : fold(r.before) }));
  const plain = folded.filter((r) => r.before === ANY).sort(byAfterLength);
  const metricUnits = plain.filter((r) => r.kind === 'metric' && r.after !== ANY && !MAGNITUDE.test(r.after[0])).map((r) => r.after);
  return {
    guarded: folded.filter((r) => r.before !== ANY).sort(byAfterLength),
    plain,
    metricUnits: [...new Set(metricUnits)].sort((a, b) => b.length - a.length),
    exceptions: [...new Set(exceptions.map(fold))],
    singleMouUnits: [...new Set((lists.singleMouUnits ?? []).map(fold))].sort((a, b) => b.length - a.length),
    surnames: new Set(lists.surnames ?? []),
  };
}

function afterLength(rule: PlaceholderUnitRule): number {
  return rule.after === ANY ? 0 : rule.after.length;
}

/**
 * Mark runs, read in the text itself: each class holds the characters that fold into the folded run's (x: x X ｘ Ｘ,
 * *: * ＊, .: . ．), so a match is where the folded text's `[x*×]+(?:\.[x*×]+)?|某+|[○□]{2,}` matches. Single 某,
 * ○ and □ are ordinary characters (某些, 二○二一, check boxes); a single 某 is a mark only before a unit of
 * `singleMouUnits` (某镇, 某米). `X.X` is one run: a decimal figure left unfilled (X.X万元).
 */
export const MARK_RUN = /[xXｘＸ*＊×]+(?:[.．][xXｘＸ*＊×]+)?|某+|[○□]{2,}/g;
/**
 * A numeric date with an unfilled part: year, month and day joined by one of . / - (2021.X.X, 2022/X/X,
 * 202x-xx-xx). Checked for a mark in it before it counts.
 */
const NUMERIC_DATE = /(?<![\dx*×.\/\-])((?:1[89]|20)[\dx*×]{2})([./\-])([\dx*×]{1,2})\2([\dx*×]{1,2})(?![\dx*×]|[./\-]\d)/g;
/** Approximators and magnitudes that may stand between a mark and its unit (`x余人`, `X 余万元`, `x万余户`). */
const MAGNITUDE = /[余多万千百亿十几餘萬億幾]/;
/** Chinese numerals: ○ next to them is a zero (二○二一年), not a mark. */
const CHINESE_NUMERAL = /[〇○零一二三四五六七八九十]/;
const CJK = /[\u3400-\u9fff\uf900-\ufaff\u3007]/;
/** CJK punctuation a placeholder may sit against (`“*”`, `X、X等`, `（X）`, `〔202X〕`). */
const CJK_PUNCT = /[“”‘’「」『』《》〈〉（）()【】〔〕［］、，。：；！？,:;]/;
/** How far after a mark a line break (with the indentation around it) is looked for, that a unit may stand behind (`X\n场`). */
const LINE_BREAK_REACH = 8;
/** Characters that join a mark to a Latin word, number or address (www.xxx.com, user_x, 1+X). */
const JOINER = /[./@:_#=\\&?+~]/;
/** Hyphens join a mark to a word (X-ray) but may also stand in a range of years (20xx-20xx年). */
const HYPHEN = /[-‐–]/;

/** The code unit read outside the text, or past the line, where a neighbour is asked for. */
const NONE = -1;

/**
 * A test of one code unit answered as a one-character `pattern` answers (NONE: no), from a table the pattern fills
 * as units are asked about: the neighbours of each mark are tested without a string and a regex call each.
 */
function unitTestOf(pattern: RegExp): (unit: number) => boolean {
  const test = learnedUnitTest((c) => pattern.test(c));
  return (unit) => unit !== NONE && test(unit);
}
/** Whether a code unit is in the `CJK` class (ideographs, compatibility ideographs, 〇), by its ranges; not clean's `isCjkUnit`, which also takes CJK punctuation. */
export function isIdeographUnit(unit: number): boolean {
  return (unit >= 0x3400 && unit <= 0x9fff) || (unit >= 0xf900 && unit <= 0xfaff) || unit === 0x3007;
}
const isCjkPunctUnit = unitTestOf(CJK_PUNCT);
const isJoinerUnit = unitTestOf(JOINER);
const isHyphenUnit = unitTestOf(HYPHEN);
const isChineseNumeralUnit = unitTestOf(CHINESE_NUMERAL);
/** Closing quotes: a × before one closes a quoted slogan. */
const isClosingQuoteUnit = unitTestOf(/[”’」』]/);
/** 1 or 2: the first digit of a year. */
const isOneOrTwoUnit = (unit: number) => unit === 0x31 || unit === 0x32;
const isMagnitudeUnit = unitTestOf(MAGNITUDE);
/** Spacing within a line: space, tab, ideographic space, no-break space. */
const SPACES = ' \t\u3000\u00a0';
/** Whether a code unit is one of SPACES (by code: no one-character string per test). */
function isSpaceUnit(unit: number): boolean {
  for (let i = 0; i < SPACES.length; i++) if (SPACES.charCodeAt(i) === unit) return true;
  return false;
}
/** A line holding only stars, dashes and the like: a separator, not placeholders. */
const SEPARATOR_LINE = /^[\s*＊×\-_=~·—]+$/;
/** SEPARATOR_LINE for a line of the text itself: with the full-width forms that fold into its characters (＊ －＿＝～). */
export const SEPARATOR_LINE_RAW = /^[\s*＊×\-_=~·—－＿＝～]+$/;
/** What may stand before a list bullet on its line: indentation and outer list markers (`- * 项目`). */
const LIST_LEAD = /^[\s\-+>•·]*$/;
/** LIST_LEAD for the text itself: with the full-width forms that fold into its characters (－ ＋ ＞). */
export const LIST_LEAD_RAW = /^[\s\-+>•·－＋＞]*$/;
/** Where the folded text holds `**` (markdown bold may stand there): two stars, either width, in the text itself. */
export const BOLD_HINT_RAW = /[*＊]{2}/;
/** Where the folded text holds a date separator before a mark (`[./\-][x*×]`), in the text itself. */
export const DATE_HINT_RAW = /[./\-．／－][xXｘＸ*＊×]/;
/** Either hint (read from the mark runs by markRunsOf; the pattern states what is read). */
export const BOLD_OR_DATE_HINT_RAW = /[./\-．／－][xXｘＸ*＊×]|[*＊]{2}/;
/** Markdown bold (`**一、工作情况**`). */
const MARKDOWN_BOLD = /\*\*(?=[^\s*])[^*\n]*?[^\s*]\*\*/g;

/** Characters `fold` changes: full-width ASCII and upper-case Latin letters. */
const FOLDABLE = /[\uff01-\uff5eA-Z]/g;

/**
 * Latin letters, also with diacritics: pinyin after characters (社区(qū)) and Latin words keep their x.
 * Note: × (U+00D7) is not a letter.
 */
const LATIN_LETTER = /\p{Script=Latin}/u;

/**
 * Whether the code unit `unit` is a Latin letter other than ×. ASCII and the CJK, kana and Yi blocks (U+3000–U+A71F,
 * no Latin letter among them: a test reads them all) are answered by code, the rest by the script property (the
 * one-character string made only then).
 */
export function isLatinLetterUnit(unit: number): boolean {
  if (unit < 0x80) return (unit | 0x20) >= 0x61 && (unit | 0x20) <= 0x7a;
  if (unit >= 0x3000 && unit < 0xa720) return false;
  return unit !== 0xd7 && LATIN_LETTER.test(String.fromCharCode(unit));
}
/** A Latin letter (NONE: no); by code unit, as every test of a neighbour: no one-character string per test. */
const isLetterUnit = (unit: number) => unit !== NONE && isLatinLetterUnit(unit);
const isAlnumUnit = (unit: number) => isLetterUnit(unit) || isDigitUnit(unit);

/**
 * Folds a text for matching without changing its length: full-width ASCII to half-width, A–Z to a–z.
 * Offsets into the folded text are offsets into the original.
 */
export function fold(text: string): string {
  return text.replace(FOLDABLE, (c) => String.fromCharCode(foldUnit(c.charCodeAt(0))));
}

/** The code unit `fold` turns `unit` into (itself when it is not foldable). */
export function foldUnit(unit: number): number {
  const ascii = unit >= 0xff01 && unit <= 0xff5e ? unit - 0xfee0 : unit;
  return ascii >= 65 && ascii <= 90 ? ascii + 32 : ascii;
}

/** `fold(text)`'s code unit at `i` without folding the text, NONE outside it. */
export function foldedUnitAt(text: string, i: number): number {
  return i < 0 || i >= text.length ? NONE : foldUnit(text.charCodeAt(i));
}

/** `fold(text.slice(start, end))`, by a replace only when the slice holds a character to fold. */
function foldedSlice(text: string, start: number, end: number): string {
  const slice = text.slice(start, end);
  for (let k = 0; k < slice.length; k++) if (foldUnit(slice.charCodeAt(k)) !== slice.charCodeAt(k)) return fold(slice);
  return slice;
}

/** `fold(text).startsWith(folded, at)` for a folded string and `at` ≥ 0, without folding the text. */
export function foldedStartsWith(text: string, folded: string, at: number): boolean {
  if (at + folded.length > text.length) return false;
  for (let k = 0; k < folded.length; k++) if (foldUnit(text.charCodeAt(at + k)) !== folded.charCodeAt(k)) return false;
  return true;
}

/**
 * Finds the placeholders in `text` (any script). Offsets are 0-based UTF-16 indices into `text`, half-open;
 * matches are sorted and do not overlap. Pure: the same text and rules give the same matches.
 */
export function findPlaceholders(text: string, rules: PlaceholderRules): PlaceholderMatch[] {
  // Note: the text is never folded as a whole (a replace callback per full-width comma, colon and parenthesis):
  // the runs are found in it by MARK_RUN, and each test reads the few characters it needs folded one by one.
  // Every unfilled date holds a mark run, so a text without one has no placeholder at all (most real reports).
  const runs = markRunsOf(text);
  if (runs.marks.length === 0) return [];
  const bold = runs.hinted ? markdownBoldMarks(text) : NO_BOLD;
  const found: PlaceholderMatch[] = [];
  const dates = runs.hinted ? numericDates(text) : [];
  let nextDate = 0;
  for (let r = 0; r < runs.marks.length; r++) {
    const mark = runs.marks[r];
    const start = runs.starts[r];
    const end = start + mark.length;
    while (nextDate < dates.length && dates[nextDate].end <= start) found.push(dates[nextDate++]);
    if (nextDate < dates.length && dates[nextDate].start <= start) continue; // inside 2021.X.X
    if (mark[0] === '某') {
      // 某某 and longer runs are marks; a single 某 only before a listed unit (某镇, not 某些)
      if (mark.length === 1 && !rules.singleMouUnits.some((u) => foldedStartsWith(text, u, end))) continue;
    }
    const run = foldedRun(mark);
    if (bold.has(start) || !standsAsPlaceholder(text, run, start, end, rules)) continue;
    if (redactedName(text, run, start, end, rules)) continue;
    found.push(classify(text, start, end, rules));
  }
  for (; nextDate < dates.length; nextDate++) found.push(dates[nextDate]);
  // A mark run directly followed by another kind of mark (x某某) keeps no unit: the next run starts there.
  for (let i = 0; i + 1 < found.length; i++) {
    const { start, end, kind } = found[i];
    const next = found[i + 1].start;
    if (end > next) found[i] = { start, end: next, kind, token: tokenOf(text, start, next) };
  }
  return mergeDates(text, found);
}

/** The mark runs of a text (MARK_RUN's matches, in order), and whether a numeric date or markdown bold may stand in it. */
export interface MarkRuns {
  /** each run as it stands in the text */
  marks: string[];
  /** where each run starts */
  starts: number[];
  /** `BOLD_OR_DATE_HINT_RAW.test(text)`, read from the runs (see markRunsOf) */
  hinted: boolean;
}

/**
 * The mark runs of `text`. Every mark character (x, *, ×, either width) lies in a run of MARK_RUN's first form,
 * and two stars side by side in one run; so the text holds a date or bold hint (`[./\-．／－]` before a mark, or
 * two stars) exactly where a run of that form follows a separator, holds a dot (X.X: a mark follows it) or holds
 * two stars. Read so, the hint costs no second pattern run over the whole text.
 */
export function markRunsOf(text: string): MarkRuns {
  const runs: MarkRuns = { marks: [], starts: [], hinted: false };
  // Note: exec on the pattern itself (matchAll copies it per call); no mark run is empty, so no step is needed.
  MARK_RUN.lastIndex = 0;
  for (let m = MARK_RUN.exec(text); m !== null; m = MARK_RUN.exec(text)) {
    runs.marks.push(m[0]);
    runs.starts.push(m.index);
    if (!runs.hinted) runs.hinted = runHoldsHint(text, m.index, m.index + m[0].length);
  }
  return runs;
}

/** Whether the run at [start, end) of MARK_RUN's first form follows a date separator, or holds a dot or two stars side by side. */
function runHoldsHint(text: string, start: number, end: number): boolean {
  if (!isLatinMarkUnit(text.charCodeAt(start))) return false; // 某某, ○○ and □□ runs hold neither
  if (start > 0 && isDateSeparatorUnit(text.charCodeAt(start - 1))) return true;
  for (let k = start; k < end; k++) {
    const unit = text.charCodeAt(k);
    if (unit === 0x2e || unit === 0xff0e) return true; // . ．
    if (isStarUnit(unit) && k + 1 < end && isStarUnit(text.charCodeAt(k + 1))) return true;
  }
  return false;
}

/** x X ｘ Ｘ * ＊ ×: the characters of MARK_RUN's first form. */
function isLatinMarkUnit(unit: number): boolean {
  return unit === 0x78 || unit === 0x58 || unit === 0xff58 || unit === 0xff38 || isStarUnit(unit) || unit === 0xd7;
}

function isStarUnit(unit: number): boolean {
  return unit === 0x2a || unit === 0xff0a;
}

/** . / - ．／－: what joins the parts of a numeric date (DATE_HINT_RAW's first class). */
function isDateSeparatorUnit(unit: number): boolean {
  return unit === 0x2e || unit === 0x2f || unit === 0x2d || unit === 0xff0e || unit === 0xff0f || unit === 0xff0d;
}

/** `fold(run)` for a mark run: the ASCII ones (x, X, *: most) by `toLowerCase`, without a replace callback per X. */
function foldedRun(run: string): string {
  for (let k = 0; k < run.length; k++) if (run.charCodeAt(k) >= 0x80) return fold(run);
  return run.toLowerCase();
}

/** The token shown for [start, end): the text as it stands, without a line break between mark and unit. */
function tokenOf(text: string, start: number, end: number): string {
  const token = text.slice(start, end);
  return token.includes('\n') ? token.replace(/[ \t\u3000]*\r?\n[ \t\u3000]*/g, '') : token;
}

/** Numeric dates with an unfilled part (2021.X.X, 2022/X/X), sorted; read in the folded text, folded only when one may stand in it. */
function numericDates(text: string): PlaceholderMatch[] {
  const out: PlaceholderMatch[] = [];
  if (!DATE_HINT_RAW.test(text)) return out;
  const folded = fold(text);
  for (const m of folded.matchAll(NUMERIC_DATE)) {
    if (!/[x*×]/.test(m[0])) continue; // 2021.10.12 is a filled date
    const [, year, , month, day] = m;
    // a filled part must be a plausible month or day (2021.13.X is no date)
    if (/^\d+$/.test(month) && (Number(month) < 1 || Number(month) > 12)) continue;
    if (/^\d+$/.test(day) && (Number(day) < 1 || Number(day) > 31)) continue;
    if (/^\d{4}$/.test(year) && Number(year) > 2100) continue;
    const end = m.index + m[0].length;
    const withDay = folded[end] === '日' || folded[end] === '号' ? end + 1 : end;
    out.push({ start: m.index, end: withDay, kind: 'date', token: text.slice(m.index, withDay) });
  }
  return out;
}

/**
 * True when the mark run (`run`, folded) at [start, end) stands for the given name of a named person, redacted
 * on publication: a surname at the start of a name (after punctuation, a space or the line start) followed by
 * 1–2 marks and no more ideographs (参会人员：张*、李**、王某某). A template blank (*委, X镇, 某某同志) has no
 * surname before it.
 */
function redactedName(text: string, run: string, start: number, end: number, rules: PlaceholderRules): boolean {
  if (rules.surnames.size === 0) return false;
  const marks = run[0] === '某' ? run.length / 2 : run.length;
  if (marks > 2 || run.includes('.')) return false;
  // a name ends at punctuation, a space or the line end, and starts after one (not after 1万 in 1万X元)
  if (!isNameBoundaryUnit(foldedUnitAt(text, end))) return false;
  for (let length = 2; length >= 1; length--) {
    const surname = foldedSlice(text, start - length, start);
    if (surname.length !== length || !rules.surnames.has(surname)) continue;
    if (isNameBoundaryUnit(foldedUnitAt(text, start - length - 1))) return true;
  }
  return false;
}

/** Whether a (folded) code unit may stand where a name ends or before it starts: NONE (the text's end), whitespace or CJK punctuation. */
function isNameBoundaryUnit(unit: number): boolean {
  return unit === NONE || isTrimmedSpace(unit) || isCjkPunctUnit(unit);
}

const NO_BOLD: ReadonlySet<number> = new Set();

/** Start offsets of `**` runs that open or close markdown bold at a line start or between non-CJK neighbours (read in the folded text). */
function markdownBoldMarks(text: string): Set<number> {
  const marks = new Set<number>();
  if (!BOLD_HINT_RAW.test(text)) return marks;
  const folded = fold(text);
  for (const m of folded.matchAll(MARKDOWN_BOLD)) {
    const open = m.index;
    const close = open + m[0].length - 2;
    const lineStart = folded.lastIndexOf('\n', open - 1) + 1;
    const atLineStart = LIST_LEAD.test(folded.slice(lineStart, open)) || /^\s*\d+[.、]\s*$/.test(folded.slice(lineStart, open));
    const outsideCjk = !CJK.test(folded[open - 1] ?? '') && !CJK.test(folded[close + 2] ?? '');
    if (atLineStart || outsideCjk) {
      marks.add(open);
      marks.add(close);
    }
  }
  return marks;
}

/** The nearest non-space code unit before `i` on the same line (folded), or NONE at the line start. */
function prevNonSpace(text: string, i: number): number {
  // Note: neither spaces nor line breaks fold, and nothing folds into them: the text itself is scanned.
  for (let k = i - 1; k >= 0; k--) {
    const unit = text.charCodeAt(k);
    if (unit === 0x0a || unit === 0x0d) return NONE;
    if (!isSpaceUnit(unit)) return foldUnit(unit);
  }
  return NONE;
}

/** The nearest non-space code unit at or after `i` on the same line (folded), or NONE at the line end. */
function nextNonSpace(text: string, i: number): number {
  for (let k = i; k < text.length; k++) {
    const unit = text.charCodeAt(k);
    if (unit === 0x0a || unit === 0x0d) return NONE;
    if (!isSpaceUnit(unit)) return foldUnit(unit);
  }
  return NONE;
}

/**
 * The exception list indexed by the two characters that place an exception over a run's first mark: one starting
 * at the mark by its first two characters, one starting before it by the pair (k-th character, the one before it)
 * of each of its alignments k ≥ 1; a one-character exception by itself. Built once per exception list.
 */
interface ExceptionIndex {
  /** one-character exceptions */
  single: Set<number>;
  /** exceptions by their first and second code unit */
  starting: Map<number, Map<number, string[]>>;
  /** `[exception, k]` (k ≥ 1) by the code unit `exception[k]`, then by `exception[k - 1]` */
  covering: Map<number, Map<number, [string, number][]>>;
}

const exceptionIndexes = new WeakMap<readonly string[], ExceptionIndex>();
function exceptionIndexOf(exceptions: readonly string[]): ExceptionIndex {
  let index = exceptionIndexes.get(exceptions);
  if (!index) {
    index = { single: new Set(), starting: new Map(), covering: new Map() };
    for (const exception of exceptions) {
      if (exception.length === 1) index.single.add(exception.charCodeAt(0));
      else listIn(index.starting, exception.charCodeAt(0), exception.charCodeAt(1)).push(exception);
      for (let k = 1; k < exception.length; k++) listIn(index.covering, exception.charCodeAt(k), exception.charCodeAt(k - 1)).push([exception, k]);
    }
    exceptionIndexes.set(exceptions, index);
  }
  return index;
}

/** The list under `outer` then `inner` in a two-level map, made when missing. */
function listIn<T>(map: Map<number, Map<number, T[]>>, outer: number, inner: number): T[] {
  let byInner = map.get(outer);
  if (!byInner) map.set(outer, (byInner = new Map()));
  let list = byInner.get(inner);
  if (!list) byInner.set(inner, (list = []));
  return list;
}

/** True when the exception list (folded) holds a string that covers the mark run at [start, end). */
export function insideException(text: string, start: number, exceptions: readonly string[]): boolean {
  // Note: only the exceptions whose two characters around the run's first mark are there are compared (most
  // runs: none), not every exception holding the mark (15 hold an x).
  const index = exceptionIndexOf(exceptions);
  const mark = foldUnit(text.charCodeAt(start));
  if (index.single.has(mark)) return true;
  if (start + 1 < text.length) {
    const starting = index.starting.get(mark)?.get(foldUnit(text.charCodeAt(start + 1)));
    if (starting) for (let i = 0; i < starting.length; i++) if (foldedStartsWith(text, starting[i], start)) return true;
  }
  if (start > 0) {
    const covering = index.covering.get(mark)?.get(foldUnit(text.charCodeAt(start - 1)));
    if (covering) for (let i = 0; i < covering.length; i++) if (covering[i][1] <= start && foldedStartsWith(text, covering[i][0], start - covering[i][1])) return true;
  }
  return false;
}

/** Decides whether the mark run `run` (folded) at [start, end) of the text is a placeholder rather than real text. */
function standsAsPlaceholder(text: string, run: string, start: number, end: number, rules: PlaceholderRules): boolean {
  if (insideException(text, start, rules.exceptions)) return false;
  // Note: the neighbours are read as folded code units (NONE outside the text or the line): no one-character
  // string per neighbour and no regex call per test.
  const prev = prevNonSpace(text, start);
  const next = nextNonSpace(text, end);
  const head = run[0];
  if (head === '某' || head === '○' || head === '□') {
    if (head === '○' && (isChineseNumeralUnit(foldedUnitAt(text, start - 1)) || isChineseNumeralUnit(foldedUnitAt(text, end)))) return false;
    return true;
  }
  // Latin-script marks: x, *, ×
  const before = foldedUnitAt(text, start - 1);
  const after = foldedUnitAt(text, end);
  if (isLetterUnit(before) || isLetterUnit(after) || isDigitUnit(after)) return false; // Xbox, LED*, x86, 138****1234
  if (isLetterUnit(prev) || isLetterUnit(next)) return false; // iPhone X, x and y
  if (isDigitUnit(prev) && isDigitUnit(next)) return false; // 3 × 4
  if (run === '×' && (isDigitUnit(prev) || isDigitUnit(next))) return false; // 3×, ×2倍
  if ((isJoinerUnit(before) && isAlnumUnit(foldedUnitAt(text, start - 2))) || (isJoinerUnit(after) && isAlnumUnit(foldedUnitAt(text, end + 1)))) return false;
  if ((isHyphenUnit(before) && isLetterUnit(foldedUnitAt(text, start - 2))) || (isHyphenUnit(after) && isLetterUnit(foldedUnitAt(text, end + 1)))) return false;
  // a programme's formula: 双尖双领+X, X+N, 人工智能+ (a plus joins the mark to a name, not to a blank; ＋ folds to +)
  if (before === 0x2b || after === 0x2b) return false;
  // digits before a mark make a year (202x, 20xx) or a name (“415X”工程, “555X”格局), never a blank
  if (isDigitUnit(before)) {
    const digits = digitsBefore(text, start);
    if (!(start - digits + run.length === 4 && isOneOrTwoUnit(foldedUnitAt(text, digits)))) return false;
  }
  // a multiplication sign closing a quoted slogan after a word is its multiplier (“数据要素×”行动), not a
  // blank; an X there is one (建设“红色X、富裕X”: the town's name left out)
  if (run === '×' && isIdeographUnit(before) && isClosingQuoteUnit(after)) return false;
  // a single mark closing a line after a colon is a table's check mark (完成情况：×), not a blank
  if (run.length === 1 && next === NONE && prev !== NONE && !isIdeographUnit(prev)) return false;
  if (run.includes('*')) {
    // Note: the line is tested as it stands, by the patterns' forms for unfolded text (a line may be a whole paragraph).
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    let lineEnd = text.indexOf('\n', end);
    if (lineEnd < 0) lineEnd = text.length;
    if (SEPARATOR_LINE_RAW.test(text.slice(lineStart, lineEnd))) return false; // * * *
    const bulletPosition = LIST_LEAD_RAW.test(text.slice(lineStart, start));
    if (bulletPosition && (after === NONE || isSpaceUnit(after) || after === 0x0a || after === 0x0d)) return false; // list bullet
    // a footnote mark is one to three stars; a longer run is a blank (联系人：******)
    if (/^\*{1,3}$/.test(run) && (next === NONE || next === 0x3002 || next === 0x2e)) return false; // 。 .
  }
  // A mark in Chinese text has an ideograph, a CJK punctuation mark or a year's digits beside it; a lone
  // XXX or ××× on its own line is a signature left blank; a lone * or x is not.
  if (inChinese(prev) || inChinese(next) || (isDigitUnit(before) && next !== NONE)) return true;
  return run.length >= 2 && !run.includes('*');
}

/** Whether a (folded) code unit is an ideograph or a CJK punctuation mark. */
function inChinese(unit: number): boolean {
  return isIdeographUnit(unit) || isCjkPunctUnit(unit);
}

/** Where the digits (folded: either width) written right before `at` start (`at` when there are none). */
function digitsBefore(text: string, at: number): number {
  let digits = at;
  while (digits > 0 && isDigitUnit(foldUnit(text.charCodeAt(digits - 1)))) digits--;
  return digits;
}

/** Classifies an accepted mark run and extends it to its token: year digits before, unit or name after (read folded). */
function classify(text: string, markStart: number, markEnd: number, rules: PlaceholderRules): PlaceholderMatch {
  let start = markStart;
  // 202x年, 20xx年: the year's written digits belong to the token
  const digits = digitsBefore(text, markStart);
  const yearPrefix = digits < markStart && markStart - digits + (markEnd - markStart) === 4 && isOneOrTwoUnit(foldedUnitAt(text, digits));
  if (yearPrefix) start = digits;

  // Note: spaces and line breaks neither fold nor are folded into: these scans read the text itself.
  let unitStart = markEnd;
  while (unitStart < text.length && isSpaceUnit(text.charCodeAt(unitStart))) unitStart++;
  // PDF text broken into lines may put the unit on the next line (开展活动X\n场)
  const afterBreak = afterLineBreak(text, markEnd);
  let beforeEnd = start;
  while (beforeEnd > 0 && isSpaceUnit(text.charCodeAt(beforeEnd - 1))) beforeEnd--;

  let rule = ruleAt(text, unitStart, beforeEnd, rules);
  if (afterBreak >= 0 && (!rule || rule.after === ANY)) {
    const across = ruleAt(text, afterBreak, beforeEnd, rules);
    if (across && across.after !== ANY) (rule = across), (unitStart = afterBreak);
  }

  let kind: PlaceholderKind = rule?.kind ?? 'name';
  if (yearPrefix) kind = 'date';
  let end = markEnd;
  // Note: without a unit or name suffix the token is the mark alone (在X的领导下 → X), never the next character.
  if (rule && rule.after !== ANY) end = unitStart + rule.after.length;
  else if (rule) {
    // a rule on the text before only (第X次): the token still takes a unit that follows
    const unit = rulesStartingWith(rules.plain, foldedUnitAt(text, unitStart)).find((r) => r.after !== ANY && foldedStartsWith(text, r.after, unitStart));
    if (unit) end = unitStart + unit.after.length;
  }

  if (kind === 'metric' && rule && isMagnitudeUnit(rule.after.charCodeAt(0))) {
    // x万余户, X 余万元: take the rest of the magnitude run and the unit behind it
    while (end < text.length && isMagnitudeUnit(foldedUnitAt(text, end))) end++;
    const unit = rules.metricUnits.find((u) => foldedStartsWith(text, u, end));
    if (unit) end += unit.length;
  }
  return { start, end, kind, token: tokenOf(text, start, end) };
}

/**
 * The rule for a unit or name starting at `at` (the text before the mark ending at `beforeEnd`): the first guarded
 * rule whose `after` and `before` are there, else the first plain rule whose `after` is.
 */
function ruleAt(text: string, at: number, beforeEnd: number, rules: PlaceholderRules): PlaceholderUnitRule | undefined {
  const first = foldedUnitAt(text, at);
  const guarded = rulesStartingWith(rules.guarded, first);
  for (let i = 0; i < guarded.length; i++) {
    const rule = guarded[i];
    // a `before` longer than the text before the mark is not there
    if (afterAt(text, rule, at) && beforeEnd >= rule.before.length && foldedStartsWith(text, rule.before, beforeEnd - rule.before.length)) return rule;
  }
  const plain = rulesStartingWith(rules.plain, first);
  for (let i = 0; i < plain.length; i++) if (afterAt(text, plain[i], at)) return plain[i];
  return undefined;
}

/** Whether the rule's `after` stands at `at` (ANY always does). */
function afterAt(text: string, rule: PlaceholderUnitRule, at: number): boolean {
  return rule.after === ANY || foldedStartsWith(text, rule.after, at);
}

/**
 * Where the unit behind a line break starting at `at` would start: past spaces, one line break (\n or \r\n) and
 * spaces, all within LINE_BREAK_REACH characters of `at`; -1 when no line break stands there. (Read by code unit:
 * no slice and no regex run per placeholder.)
 */
export function afterLineBreak(text: string, at: number): number {
  const limit = Math.min(text.length, at + LINE_BREAK_REACH);
  let i = at;
  while (i < limit && isIndentUnit(text.charCodeAt(i))) i++;
  if (i + 1 < limit && text.charCodeAt(i) === 0x0d && text.charCodeAt(i + 1) === 0x0a) i += 2;
  else if (i < limit && text.charCodeAt(i) === 0x0a) i++;
  else return -1;
  while (i < limit && isIndentUnit(text.charCodeAt(i))) i++;
  return i;
}

/** Whether a code unit is indentation around a line break: space, tab or ideographic space. */
function isIndentUnit(unit: number): boolean {
  return unit === 0x20 || unit === 0x09 || unit === 0x3000;
}

/** The rules of `rules` whose `after` starts with the code unit `first` (or is ANY), in their order, per rule list. */
const rulesByFirst = new WeakMap<readonly PlaceholderUnitRule[], { byFirst: Map<number, PlaceholderUnitRule[]>; anyOnly: PlaceholderUnitRule[] }>();

/**
 * The rules of a list that may match text starting with `first` (an `after` starting with it, or ANY), in
 * the list's order: `find` over them picks the rule `find` over the whole list would, trying a few rules
 * instead of every unit of data/placeholder-units.tsv.
 */
function rulesStartingWith(rules: readonly PlaceholderUnitRule[], first: number): readonly PlaceholderUnitRule[] {
  let index = rulesByFirst.get(rules);
  if (!index) {
    // Note: keyed by code unit (a rule's `after` is never empty): no one-character string to make and hash per look-up.
    const byFirst = new Map<number, PlaceholderUnitRule[]>();
    for (const rule of rules) if (rule.after !== ANY && !byFirst.has(rule.after.charCodeAt(0))) byFirst.set(rule.after.charCodeAt(0), []);
    for (const rule of rules) {
      if (rule.after === ANY) for (const list of byFirst.values()) list.push(rule);
      else byFirst.get(rule.after.charCodeAt(0))!.push(rule);
    }
    rulesByFirst.set(rules, (index = { byFirst, anyOnly: rules.filter((rule) => rule.after === ANY) }));
  }
  return index.byFirst.get(first) ?? index.anyOnly;
}

/** Joins date parts written together (X月X日, 202x年X月) into one date placeholder. */
function mergeDates(text: string, found: PlaceholderMatch[]): PlaceholderMatch[] {
  const out: PlaceholderMatch[] = [];
  for (const match of found) {
    const last = out[out.length - 1];
    if (last && last.kind === 'date' && match.kind === 'date' && /^[ \t\u3000]*$/.test(text.slice(last.end, match.start))) {
      out[out.length - 1] = { start: last.start, end: match.end, kind: 'date', token: tokenOf(text, last.start, match.end) };
    } else out.push(match);
  }
  return out;
}

/** Sentence ends: a context stops after one of these. */
const SENTENCE_END = unitTable('。！？!?；;\n');
/** Clause ends, used when a sentence runs on too long to show whole. */
const CLAUSE_END = unitTable('。！？!?；;\n，,：:');

/**
 * A set of code units small enough to stay in the cache while a context is expanded character by character: slot
 * `unit & 0xff` holds the one member with that low byte, -1 for none (the members' low bytes must differ).
 */
function unitTable(chars: string): Int32Array {
  const table = new Int32Array(256).fill(-1);
  for (let i = 0; i < chars.length; i++) {
    const unit = chars.charCodeAt(i);
    if (table[unit & 0xff] !== -1) throw new Error(`unitTable: ${chars[i]} shares its low byte with another member`);
    table[unit & 0xff] = unit;
  }
  return table;
}

/** Whether `unit` is a member of a `unitTable`. */
function isEnd(ends: Int32Array, unit: number): boolean {
  return ends[unit & 0xff] === unit;
}

/** Longest sentence shown whole; a longer one is cut down to the clauses around the placeholder. */
const CONTEXT_MAX = 80;
/** Shortest context (the output contract asks for at least 10 characters where the text has them). */
const CONTEXT_MIN = 10;
/** How far from a span its sentence is looked for: beyond CONTEXT_MAX, so that a longer sentence is seen to be one. */
const CONTEXT_REACH = CONTEXT_MAX + 1;

/** Where the stretch holding `from` starts: after the nearest `ends` unit before `from`, at `lo` at the latest. */
function stretchStart(text: string, from: number, lo: number, ends: Int32Array): number {
  while (from > lo && !isEnd(ends, text.charCodeAt(from - 1))) from--;
  return from;
}

/** Where the stretch holding `to - 1` ends: after the nearest `ends` unit from `to` on (a line break left out), at `hi` at the latest. */
function stretchEnd(text: string, to: number, hi: number, ends: Int32Array): number {
  while (to < hi && !isEnd(ends, text.charCodeAt(to))) to++;
  if (to < hi && text.charCodeAt(to) !== 0x0a) to++;
  return to;
}

/**
 * The sentence around `span` within `bounds` (its paragraph), trimmed, on one line. A sentence longer than
 * CONTEXT_MAX is cut to the clause holding the span and its neighbours up to that length; a context shorter
 * than CONTEXT_MIN is widened to a window of that many characters.
 */
export function sentenceAround(text: string, span: Span, bounds: Span = { start: 0, end: text.length }): string {
  // Note: the sentence is read no further than CONTEXT_REACH from the span. A sentence cut there is longer than
  // CONTEXT_MAX, so it is cut to clauses anyway, and no clause reaching beyond it fits: the context is the same.
  // Offsets are kept in numbers, not {start, end} objects (several per placeholder).
  const lo = Math.max(bounds.start, span.start - CONTEXT_REACH);
  const hi = Math.min(bounds.end, span.end + CONTEXT_REACH);
  // Note: the clause first, then the sentence from the clause's bounds on: every sentence end is a clause end, so
  // the clause found within the sentence's reach is the one found within the sentence, and the sentence's scans
  // need not read the clause again (nor the clause's the sentence, as when the clause was looked for second).
  const clauseStart = stretchStart(text, span.start, lo, CLAUSE_END);
  const clauseEnd = stretchEnd(text, span.end, hi, CLAUSE_END);
  let start = stretchStart(text, clauseStart, lo, SENTENCE_END);
  // (from the clause's end unit: it may end the sentence too)
  let end = stretchEnd(text, Math.max(span.end, clauseEnd - 1), hi, SENTENCE_END);
  if (end - start > CONTEXT_MAX) {
    const sentenceStart = start;
    const sentenceEnd = end;
    start = clauseStart;
    end = clauseEnd;
    // add neighbouring clauses, the following one first, while the context stays short enough
    for (let grown = true; grown; ) {
      grown = false;
      if (end < sentenceEnd) {
        const nextEnd = stretchEnd(text, end + 1, sentenceEnd, CLAUSE_END);
        if (nextEnd - start <= CONTEXT_MAX) (end = nextEnd), (grown = true);
      }
      if (start > sentenceStart) {
        const prevStart = stretchStart(text, start - 1, sentenceStart, CLAUSE_END);
        if (end - prevStart <= CONTEXT_MAX) (start = prevStart), (grown = true);
      }
    }
    if (end - start > CONTEXT_MAX) {
      // one clause alone is too long: a window around the span
      const half = Math.max(CONTEXT_MIN, (CONTEXT_MAX - (span.end - span.start)) >> 1);
      start = Math.max(start, span.start - half);
      end = Math.min(end, span.end + half);
    }
  }
  let out = text.slice(start, end).trim();
  if (out.length < CONTEXT_MIN) {
    const pad = Math.ceil((CONTEXT_MIN - (span.end - span.start)) / 2);
    out = text.slice(Math.max(bounds.start, span.start - pad), Math.min(bounds.end, span.end + pad)).trim();
    if (out.length < CONTEXT_MIN) out = text.slice(Math.max(bounds.start, span.start - CONTEXT_MIN), Math.min(bounds.end, span.end + CONTEXT_MIN)).trim();
  }
  // Note: a context within one paragraph holds no line break; the replace (a scan tried at every character) only when one does.
  return out.includes('\n') ? out.replace(/\s*\n\s*/g, ' ') : out;
}

/** The paragraph holding `offset` (paragraphs sorted by start), or the last one starting before it. */
export function paragraphAt(paragraphs: readonly Paragraph[], offset: number): Paragraph | undefined {
  let lo = 0;
  let hi = paragraphs.length - 1;
  let found: Paragraph | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (paragraphs[mid].start <= offset) {
      found = paragraphs[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * Finds placeholders in the analysis text (`doc.text`, simplified) and reports them with spans, tokens and
 * contexts in `doc.cleaned` (same offsets, the report's own script). Placeholders in paragraphs whose section
 * is `noise` are left out: a site's navigation may say `xx网`, which is no part of the report. Run it after
 * the sections stage so that noise is known.
 */
export const placeholdersStage = defineStage({
  name: 'placeholders',
  requires: ['text', 'paragraphs', 'cleaned'],
  assigns: ['placeholders'],
  run(doc, resources) {
    const placeholders: Placeholder[] = [];
    for (const match of findPlaceholders(doc.text, resources.placeholderRules)) {
      const paragraph = paragraphAt(doc.paragraphs, match.start);
      if (paragraph?.section === 'noise') continue;
      placeholders.push({
        start: match.start,
        end: match.end,
        kind: match.kind,
        token: doc.cleaned.slice(match.start, match.end),
        paragraphNo: paragraph?.no ?? 0,
        context: sentenceAround(doc.cleaned, match, paragraph ?? { start: 0, end: doc.cleaned.length }),
      });
    }
    return { placeholders };
  },
});
