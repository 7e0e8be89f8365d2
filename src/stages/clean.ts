import { defineStage } from './stage.js';
import { firstAtOrAfter, MappedTextBuilder, type CompactOffsetMap } from '../model/span.js';
import type { Resources } from '../data/resources.js';
import type { NoiseBlockHeader, NoiseBlockKind, SiteWord } from '../data/noise-blocks.js';
import { furnitureProbabilityOfIds, lineFeatureId, lineShapeFeatureIds, PageLines, type LineModel } from './line-model.js';
import { DETECT_CHARS, scriptCountsCounted, scriptOf, toSimplified, traditionalUnits } from './script.js';
import { CodeUnitScratch, isDigitUnit, learnedUnitTest, trimmedEnd, trimmedStart } from '../model/code-units.js';
import { eachLiteralMatch, holdsLiteral, LiteralIds, LiteralScanner, PatternFilter, requiredLiteralSets, UnitTally } from '../data/required-literals.js';
import { FirstUnitIndex, firstUnits } from '../data/first-units.js';

/** Result of cleaning a raw text. */
export interface Cleaned {
  /** the cleaned text: noise lines and spam dropped, PDF spacing removed, lines kept on `\n` */
  cleaned: string;
  /** cleaned offset → raw offset, as runs */
  toRaw: CompactOffsetMap;
  /** traditional-only characters in the raw text, null when it is longer than `scriptCounts` reads (see `Doc.rawTraditional`) */
  rawTraditional: number | null;
}

const HAN = /[\p{Script=Han}]/u;
/** CJK punctuation and full-width forms: a space next to them is never meaningful in Chinese text. */
const CJK_PUNCT = /[\u3000-\u303f\uff00-\uffef“”‘’—…·《》、]/u;

/**
 * Whether a code unit, as a one-character string, is a Han character or CJK punctuation (`HAN`, `CJK_PUNCT`; a
 * lone surrogate is neither). Note: learned per unit (`learnedUnitTest`): despacing asks about the characters on
 * both sides of every space (a PDF's text has one between most characters), and two regex calls on a
 * one-character string each time cost more than the rest of the despacing.
 */
export const isCjkUnit = learnedUnitTest((ch) => HAN.test(ch) || CJK_PUNCT.test(ch));

/**
 * Whether the whitespace run between the code units `before` and `after` (-1: the line's start or end) is a
 * PDF-extraction artifact.
 * Spaces between two Chinese characters (相 关部门) or between a number and a Chinese character (2020 年) are
 * dropped; spaces touching a Latin letter stay so that words and placeholders (X 次, LED 屏) are not glued, and
 * spaces between two numbers stay so figures are not merged.
 */
export function isSpuriousSpace(before: number, after: number): boolean {
  if (before < 0 || after < 0) return true; // leading or trailing space of a line
  if (isCjkUnit(before)) return isCjkUnit(after) || isDigitUnit(after);
  return isDigitUnit(before) && isCjkUnit(after);
}

/** The spacing characters cleaning judges: [ \t\u00a0\u3000\u2002-\u200b\ufeff] (by code, as it runs per character; the same as `SPACING_RANGES`). */
function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0xa0 || code === 0x3000 || (code >= 0x2002 && code <= 0x200b) || code === 0xfeff;
}

/** The units of `isSpace`, as ranges of code units (first, last). */
const SPACING_RANGES: readonly (readonly [number, number])[] = [
  [0x09, 0x09],
  [0x20, 0x20],
  [0xa0, 0xa0],
  [0x2002, 0x200b],
  [0x3000, 0x3000],
  [0xfeff, 0xfeff],
];

/**
 * The units of `isSpace` as a bit set over all 65,536 code units (bit `u & 31` of word `u >>> 5`), for the line
 * scan to mark. Set from the ranges, not by a loop over every unit through `isSpace`: that loop would be
 * optimised while it runs and thrown away, once per thread.
 */
const SPACING_UNITS = unitBits(SPACING_RANGES);

function unitBits(ranges: readonly (readonly [number, number])[]): Int32Array {
  const bits = new Int32Array(65536 >>> 5);
  for (const [first, last] of ranges) for (let unit = first; unit <= last; unit++) bits[unit >>> 5] |= 1 << (unit & 31);
  return bits;
}

/**
 * Where a text's spacing characters are: their offsets, ascending, as the line scan met them (`scanLines`),
 * so that no pass of its own looks for them (most lines of a report hold none).
 */
class SpacingCursor {
  /** `marks`: the offset of every spacing character of a text of `length` units, ascending */
  constructor(
    private readonly marks: readonly number[],
    private readonly length: number,
  ) {}

  /** Whether text[start, end) holds a spacing character. */
  holds(start: number, end: number): boolean {
    return this.nextAt(start) < end;
  }

  /** The first spacing character at or after `at` (the text's length: none). */
  nextAt(at: number): number {
    const k = firstAtOrAfter(this.marks, at);
    return k < this.marks.length ? this.marks[k] : this.length;
  }
}

/** The code units of the text being cleaned (`cleanText` reads them before it returns). */
const unitScratch = new CodeUnitScratch();

/** What cleaning reads from `data/`. */
export type CleanResources = Pick<Resources, 'noiseLines' | 'noiseListHeaders' | 'spamPatterns' | 'noiseSiteWords'> & Partial<Pick<Resources, 'noiseLineModel'>>;

/** Probability at or above which the learned line model's call drops a line (data/noise-weights.tsv). */
export const LINE_MODEL_THRESHOLD = 0.9;
/** Longest line the learned line model may drop: a longer line is report text or a rule's business. */
export const LINE_MODEL_MAX_CHARS = 30;

/**
 * Cleans a raw report text: drops whole lines of web-page furniture (see `furnitureLines`), removes injected
 * spam runs, inline pinyin and spurious spaces. Line breaks are kept (normalised to `\n`) so that paragraph
 * splitting can use them.
 */
export function cleanText(raw: string, resources: CleanResources): Cleaned {
  const out = new MappedTextBuilder();
  const lines: TextLine[] = [];
  for (let lineStart = 0; lineStart <= raw.length; ) {
    let lineEnd = raw.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = raw.length;
    let contentEnd = lineEnd;
    if (contentEnd > lineStart && raw.charCodeAt(contentEnd - 1) === 13) contentEnd--; // CRLF
    lines.push({ start: lineStart, contentEnd, end: lineEnd });
    if (lineEnd >= raw.length) break;
    lineStart = lineEnd + 1;
  }
  // Furniture and spam are looked for in simplified characters (the data files are written in them); the
  // conversion keeps every offset, so what is kept is still copied from `raw`.
  // Note: the raw text's units are read only before the view's are made (one scratch serves both). The lines
  // are scanned on them first, counting the traditional-only characters in the same pass (they are Han
  // characters, never trimmed off a line nor between lines); a traditional text has its view scanned again.
  // The same pass marks where the spacing characters are (`SpacingCursor`).
  const rawUnits = unitScratch.of(raw);
  const filter = lineFilter(resources);
  const tally = new UnitTally(DETECT_CHARS);
  let scanned = scanLines(raw, rawUnits, lines, filter, tally);
  const counts = scriptCountsCounted(tally.count, rawUnits, raw.length);
  const view = scriptOf(counts) === 'traditional' ? toSimplified(raw) : raw;
  if (view !== raw) scanned = scanLines(view, unitScratch.of(view), lines, filter);
  const { trimmed, found } = scanned;
  const dropped = furnitureLinesOf(trimmed, resources, filter, found);
  const spacing = new SpacingCursor(tally.marks, raw.length);
  lines.forEach(({ start, contentEnd, end }, i) => {
    // Note: `trimmed` is of `view`, which is `raw` itself unless the text is traditional.
    if (dropped[i] === 1 || (view === raw ? trimmed[i] : raw.slice(start, contentEnd).trim()) === '') return;
    const kept = keepRanges(view, start, contentEnd, resources.spamPatterns, filter, found[i]);
    if (kept === WHOLE_LINE) appendDespaced(out, raw, start, contentEnd, spacing);
    else for (const [from, to] of kept) appendDespaced(out, raw, start + from, start + to, spacing);
    // the line's own line feed (a CR before it is left out with the line's end): kept, not inserted, so that a
    // run of lines kept whole stays one stretch of `raw` (see MappedTextBuilder.keep)
    if (end < raw.length) out.keep(raw, end, end + 1);
  });
  const { text, map } = out.buildCompact(raw.length);
  return { cleaned: text, toRaw: map, rawTraditional: counts.whole ? counts.traditional : null };
}

/** The lines of a text trimmed (as `trim` does), and the literals each holds (`LineFilter.scan`). */
interface ScannedLines {
  trimmed: string[];
  found: Int32Array[];
}

/**
 * Each line of `text` (whose code units are `units`) trimmed and scanned for literals on the code units, not on
 * a slice of the text; the traditional-only characters met are counted into `tally`, and the offsets of the
 * spacing characters (`isSpace`) of the whole text, trimmed or not, are pushed onto its marks in order.
 */
function scanLines(text: string, units: Uint16Array, lines: readonly TextLine[], filter: LineFilter, tally?: UnitTally): ScannedLines {
  const trimmed: string[] = [];
  const found: Int32Array[] = [];
  for (const { start, contentEnd } of lines) {
    const from = trimmedStart(units, start, contentEnd);
    const to = trimmedEnd(units, from, contentEnd);
    trimmed.push(text.slice(from, to));
    if (tally !== undefined) markSpacing(units, start, from, tally.marks);
    found.push(filter.scanUnits(units, from, to, tally));
    if (tally !== undefined) markSpacing(units, to, contentEnd, tally.marks);
  }
  return { trimmed, found };
}

/** Pushes the offsets in [start, end) of the spacing characters (`isSpace`) onto `marks`: a line's trimmed edges, which the scan does not read. */
function markSpacing(units: Uint16Array, start: number, end: number, marks: number[]): void {
  for (let i = start; i < end; i++) if (isSpace(units[i])) marks.push(i);
}

/** A line of a text: `[start, contentEnd)` its characters (a CR before its line feed left out), `end` its line feed or the text's end. */
interface TextLine {
  start: number;
  contentEnd: number;
  end: number;
}

/** Longest line still read as an item of a link list, a breadcrumb or the value under a label line. */
const LIST_ITEM_MAX_CHARS = 60;
const NAV_ITEM_MAX_CHARS = 12;
const LABEL_VALUE_MAX_CHARS = 20;
/** Longest line judged by its site words alone: a report paragraph may hold several. */
const SITE_WORDS_MAX_CHARS = 200;
/** A line longer than this holding a clause mark is a sentence: its site words must weigh 4 or more. */
const SITE_WORDS_SENTENCE_CHARS = 60;
const SITE_WORDS_SENTENCE_SCORE = 4;
/** Largest share of the page's characters that may follow a repeat of the title for it to open the page's tail. */
const REPEATED_TITLE_TAIL_SHARE = 0.1;
/** The speech's salutation, which opens the body of a report delivered at a meeting. */
const SALUTATION = /^(各位代表|各位委员|同志们|各位领导|尊敬的)/u;
/** The code units a salutation opens with (各, 同, 尊): a line opening otherwise is not tried against `SALUTATION`. */
const SALUTATION_FIRST = firstUnits(SALUTATION);
/** How far below the title (in non-empty lines) a salutation still closes the title block. */
const TITLE_BLOCK_MAX_LINES = 8;
/** A line of the title block that is a caption or a lead: a sentence, a photo credit (…摄), "X作政府工作报告". */
const TITLE_BLOCK_CAPTION = /[。！!]$|摄\s*[)）]?$|作[^，,。；;工]{0,6}工作报告$/u;
/** A label with nothing after its colon (来源：, 发文机关：): its value may stand on the next line. */
const LABEL_LINE = /^[【\[（(]?[^:：]{1,6}[:：]$/u;
/**
 * Short lines the learned model never drops, whatever their shape: a speech's salutation (各位代表：),
 * numbered headings (一、 (一) 1.), the date signed under a report (2023年12月20日) and the line saying where a
 * speech was delivered (在2008年1月19日…人民代表大会第一次会议上, metadata's year). Only the rules may call them
 * furniture.
 */
export const LEFT_TO_RULES = /^(?:各位|同志们|尊敬的|[一二三四五六七八九十]{1,3}[、．.]|[(（][一二三四五六七八九十0-9]{1,3}[)）]|[0-9]{1,2}[、．.])|年\s*[0-9一二三四五六七八九十〇○]{1,3}\s*月\s*[0-9一二三四五六七八九十〇○]{1,3}\s*日(?:$|[^。]*会议?上\s*[)）]?$)/u;
/**
 * Whether the learned model may judge a line: at most 30 characters, no clause mark, no numbered heading,
 * salutation or signed date, and no line of words only inside a speech's title block (speaker, post, unit).
 */
export function modelMayJudge(line: string, features: readonly string[]): boolean {
  return modelMayJudgeShape(line) && modelMayJudgeInTitleBlock(line, features.includes('title-block'));
}

/** In the title block, a line of words only (a speaker, a post, a unit) is left to the rules; a byline has a label colon or figures. */
function modelMayJudgeInTitleBlock(line: string, inTitleBlock: boolean): boolean {
  return !inTitleBlock || /[:：0-9]/u.test(line);
}

const TITLE_BLOCK_FEATURE = lineFeatureId('title-block');
/** The feature ids of the line being judged (`dropByLineModel`), one array for every line. */
const featureIds: number[] = [];

/** The tests of `modelMayJudge` that need no features: at most 30 characters, no clause mark, numbered heading, salutation or date. */
function modelMayJudgeShape(line: string): boolean {
  return line.length <= LINE_MODEL_MAX_CHARS && !SENTENCE_MARK.test(line) && !LEFT_TO_RULES.test(line);
}

/** A word naming the kind of report: the first line holding one (and 6 characters or more) is taken for the title. */
const REPORT_KIND = /(总结|總結|计划|計劃|报告|報告|汇报|匯報|情况|情況|要点|要點)/u;
/** A breadcrumb separator standing alone on a line (首页 / > / 政府信息公开 / > …). */
const SEPARATOR_LINE = /^(?:[>＞»›→]|&gt;){1,2}$/u;
/** A sentence end or clause mark: a line holding one is text, not a link, a menu item or a label's value. */
const SENTENCE_MARK = /[。！？!?；;，,]/u;
/** The start of another report on the same page (篇二, 第2篇): it ends an appendix block. */
const NEXT_REPORT = /^[【\[]?\s*(?:篇\s*[一二三四五六七八九十0-9]{1,3}|第\s*[0-9一二三四五六七八九十]{1,3}\s*篇)/u;

/**
 * Which lines (trimmed) are web-page furniture:
 *  - a line matching a pattern of data/noise-lines.txt, or whose site words (data/noise-site-words.tsv)
 *    weigh 2 or more;
 *  - a label line with its value on the next line ("来源：" / "四川日报"): the short line after a dropped line
 *    ending in a colon;
 *  - a breadcrumb split over lines: the short items on either side of a lone separator line (">");
 *  - the title printed again in the page's last tenth, and every line after it;
 *  - a sentence between the title and a salutation (各位代表：) close below it: a photo caption or news lead;
 *  - a short line without clause marks that the learned line model (data/noise-weights.tsv) calls furniture
 *    with a probability of 0.95 or more;
 *  - the lines of a block opened by a header of data/noise-list-headers.txt (links, notice, and, in the
 *    page's last part, an appendix or the page's tail).
 */
export function furnitureLines(lines: readonly string[], resources: Omit<CleanResources, 'spamPatterns'>): boolean[] {
  const filter = lineFilter({ ...resources, spamPatterns: NO_SPAM });
  return Array.from(furnitureLinesOf(lines, resources, filter, lines.map((line) => filter.scan(line))), (flag) => flag === 1);
}

/** The spam patterns of a line filter that judges whole lines only (one array, so that the filter is built once). */
const NO_SPAM: RegExp[] = []; // never written

/**
 * `furnitureLines`, each line's literals already scanned (`found[i]`, by `filter.scan`): 1 for a dropped line.
 * Note: a pass per rule, each its own small function over arrays of small integers (`smallIntegers`: a line's
 * header index, its dropped flag): the kinds of their elements never change from page to page, so the
 * optimised code is not thrown away when a page first brings a block header, and what is recompiled is one
 * small pass, not the whole. Plain arrays, not typed ones: a typed array of more than 64 bytes (a page of more
 * than 16 lines, as Int32Array) gets a backing store outside the heap, allocated and swept one by one.
 */
function furnitureLinesOf(lines: readonly string[], resources: Omit<CleanResources, 'spamPatterns'>, filter: LineFilter, found: readonly Int32Array[]): number[] {
  const headers = blockHeaderIndexes(lines, resources.noiseListHeaders, filter, found);
  const dropped = ruleFurniture(lines, resources.noiseLines, filter, found, headers);
  dropLabelValuesAndBreadcrumbs(lines, dropped, headers);
  // Note: lines above the document title are the sections stage's business (all of them are noise there).
  const title = titleIndex(lines, dropped);
  dropTitleBlockCaptions(lines, dropped, title);
  if (resources.noiseLineModel) dropByLineModel(lines, dropped, title, resources.noiseLineModel, filter, found);
  const before = charactersBefore(lines);
  dropRepeatedTitleTail(lines, dropped, title, before);
  dropBlocks(lines, dropped, resources.noiseListHeaders, headers, before, filter, found);
  return dropped;
}

/** Each line's block header (data/noise-list-headers.txt), as its index there; -1 for none. */
function blockHeaderIndexes(lines: readonly string[], headers: readonly NoiseBlockHeader[], filter: LineFilter, found: readonly Int32Array[]): number[] {
  const indexes = smallIntegers(lines.length, -1);
  for (let i = 0; i < lines.length; i++) if (lines[i]) indexes[i] = blockHeaderIndexOf(lines[i], headers, filter, found[i]);
  return indexes;
}

/** Lines that are furniture on their own: a noise pattern, a block header, or site words weighing enough (1: dropped). */
function ruleFurniture(lines: readonly string[], noiseLines: readonly RegExp[], filter: LineFilter, found: readonly Int32Array[], headers: readonly number[]): number[] {
  const dropped = smallIntegers(lines.length, 0);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line !== '' && (matchesNoiseLine(line, noiseLines, filter, found[i]) || headers[i] >= 0 || siteWordsMakeFurniture(line, filter, found[i]))) dropped[i] = 1;
  }
  return dropped;
}

/** The value under a dropped label line ("来源：" / "四川日报"), and the short items around a lone breadcrumb separator. */
function dropLabelValuesAndBreadcrumbs(lines: readonly string[], dropped: number[], headers: readonly number[]): void {
  for (let i = 0; i < lines.length; i++) {
    if (dropped[i] === 0) continue;
    if (headers[i] < 0 && LABEL_LINE.test(lines[i])) {
      const next = nextNonEmpty(lines, i);
      // a label's value is a name or a date, never the title of a report (分享： / XX省2026年政府工作报告)
      if (next >= 0 && isShortItem(lines[next], LABEL_VALUE_MAX_CHARS) && !REPORT_KIND.test(lines[next])) dropped[next] = 1;
    }
    if (SEPARATOR_LINE.test(lines[i])) {
      const before = previousNonEmpty(lines, i);
      const after = nextNonEmpty(lines, i);
      if (before >= 0 && isShortItem(lines[before], NAV_ITEM_MAX_CHARS)) dropped[before] = 1;
      if (after >= 0 && isShortItem(lines[after], NAV_ITEM_MAX_CHARS)) dropped[after] = 1;
    }
  }
}

/** The document title: the first line kept so far of 6 characters or more naming a report kind; -1 if none. */
function titleIndex(lines: readonly string[], dropped: number[]): number {
  for (let i = 0; i < lines.length; i++) if (dropped[i] === 0 && lines[i].length >= 6 && REPORT_KIND.test(lines[i])) return i;
  return -1;
}

/**
 * The title block of a speech (title, meeting and date, speaker) holds no sentence: a sentence, a photo credit
 * or "X作政府工作报告" between the title and a salutation close below it is a news page's photo caption or lead.
 */
function dropTitleBlockCaptions(lines: readonly string[], dropped: number[], title: number): void {
  if (title < 0) return;
  const salutation = salutationIndex(lines);
  if (salutation <= title) return;
  // walk up from the salutation to the nearest title line (a page may print its title more than once)
  const block: number[] = [];
  let closed = false;
  for (let j = salutation - 1; j >= title && block.length <= TITLE_BLOCK_MAX_LINES; j--) {
    if (!lines[j] || dropped[j] === 1) continue;
    if (TITLE_BLOCK_CAPTION.test(lines[j])) block.push(j);
    else if (j === title || (lines[j].length >= 6 && REPORT_KIND.test(lines[j]))) {
      closed = true;
      break;
    } else block.push(-1);
  }
  if (closed) for (const j of block) if (j >= 0) dropped[j] = 1;
}

/** The first line opening with a salutation (`SALUTATION`); -1 if none. Only lines opening with a unit it can open with are tried. */
function salutationIndex(lines: readonly string[]): number {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line !== '' && (SALUTATION_FIRST === null || SALUTATION_FIRST.has(line.charCodeAt(0))) && SALUTATION.test(line)) return i;
  }
  return -1;
}

/** Short lines below the title that the learned line model calls furniture with p ≥ 0.9. */
function dropByLineModel(lines: readonly string[], dropped: number[], title: number, model: LineModel, filter: LineFilter, found: readonly Int32Array[]): void {
  let page: PageLines | undefined; // made for the first line the model may judge: many pages have none
  for (let i = title + 1; i < lines.length; i++) {
    const line = lines[i];
    // Note: the tests of modelMayJudge that need no features come first, so that no line the model may not
    // judge (most lines of a report are too long) has its context and features computed.
    if (dropped[i] === 1 || !line || !modelMayJudgeShape(line)) continue;
    page ??= new PageLines(lines, (_, k) => filter.siteWordScore(found[k]));
    const ids = lineShapeFeatureIds(line, page.contextAt(i)!, featureIds);
    if (modelMayJudgeInTitleBlock(line, ids.includes(TITLE_BLOCK_FEATURE)) && furnitureProbabilityOfIds(model, ids) >= LINE_MODEL_THRESHOLD) dropped[i] = 1;
  }
}

/** Characters of the lines before each line (one more entry: all of them), to tell the end of a page from its middle. */
function charactersBefore(lines: readonly string[]): number[] {
  const before = smallIntegers(lines.length + 1, 0);
  for (let i = 0; i < lines.length; i++) before[i + 1] = before[i] + lines[i].length;
  return before;
}

/**
 * An array of `length` small integers, each `value`: allocated once at its size (not grown by `push`), on the
 * heap whatever its length, and of one element kind (small integers) on every page.
 */
function smallIntegers(length: number, value: number): number[] {
  return new Array<number>(length).fill(value);
}

/**
 * The title printed again in the page's last tenth, with no next report after it: the page's tail (a teaser of
 * the same page, other pages' links) starts there.
 */
function dropRepeatedTitleTail(lines: readonly string[], dropped: number[], title: number, before: readonly number[]): void {
  if (title < 0) return;
  const sum = before[lines.length];
  for (let i = lines.length - 1; i > title; i--) {
    if (lines[i] !== lines[title] || sum - before[i] > sum * REPEATED_TITLE_TAIL_SHARE) continue;
    if (lines.some((l, j) => j > i && NEXT_REPORT.test(l))) break;
    for (let j = i; j < lines.length; j++) if (lines[j]) dropped[j] = 1;
    break;
  }
}

/**
 * The lines of the blocks opened by a header of data/noise-list-headers.txt: a links list (while its lines are
 * link items), a notice (while they are furniture or hold site words), and, in the page's last part, an
 * appendix (up to the next report of the page) or the page's tail.
 */
function dropBlocks(lines: readonly string[], dropped: number[], headerList: readonly NoiseBlockHeader[], headers: readonly number[], before: readonly number[], filter: LineFilter, found: readonly Int32Array[]): void {
  const sum = before[lines.length];
  let block: NoiseBlockKind | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line) continue;
    if (block === 'links' && !isLinkItem(line)) block = null;
    if (block === 'notice' && dropped[i] === 0 && filter.siteWordScore(found[i]) === 0) block = null;
    if (block === 'appendix' && NEXT_REPORT.test(line)) block = null;
    if (headers[i] >= 0) {
      const header = headerList[headers[i]];
      dropped[i] = 1;
      // an appendix or the page's tail runs to the end: only in the page's last part (or, for an appendix, up
      // to the next report of the page)
      const toEnd = header.kind === 'appendix' || header.kind === 'tail';
      const lastPart = before[i] > sum - before[i] - line.length;
      const untilNextReport = header.kind === 'appendix' && lines.some((l, j) => j > i && NEXT_REPORT.test(l));
      if (!toEnd || (i > 0 && (lastPart || untilNextReport))) block = header.kind;
      else if (block !== header.kind) block = null;
    }
    if (block) dropped[i] = 1;
  }
}

/** Whether a trimmed line, on its own, is web-page furniture (a noise pattern, a block header, or site words weighing 2 or more). */
export function isFurnitureLine(line: string, resources: Omit<CleanResources, 'spamPatterns'>): boolean {
  const filter = lineFilter({ ...resources, spamPatterns: NO_SPAM });
  const found = filter.scan(line);
  return (
    matchesNoiseLine(line, resources.noiseLines, filter, found) ||
    blockHeaderIndexOf(line, resources.noiseListHeaders, filter, found) >= 0 ||
    siteWordsMakeFurniture(line, filter, found)
  );
}

/**
 * The prefilters of cleaning's patterns and site words over one literal scan per line: a line holding none
 * of a pattern's required literals is not tried against it (most report lines hold none of any), and site
 * words are looked up in the same pass.
 */
class LineFilter {
  readonly noise: PatternFilter;
  readonly headers: PatternFilter;
  readonly spam: PatternFilter;
  /** whether every spam pattern is prefiltered: then a line holding no literal holds no spam */
  readonly spamPrefiltersAll: boolean;
  /**
   * The noise patterns and the block headers by the code unit a line opens with (`LinePatterns`): a line is
   * tried only against the patterns that can open with its first character, and those without such a gate
   * (most lines open with the first character of a report sentence, which no anchored pattern opens with);
   * a line holding no literal, only against those of them without a prefilter.
   */
  readonly noiseIndex: LinePatterns;
  readonly headersIndex: LinePatterns;
  private readonly scanner: LiteralScanner;
  /** each site word's literal id */
  private readonly siteWordIds: Int32Array;
  private readonly siteWeights: Float64Array;

  constructor(readonly resources: CleanResources) {
    const ids = new LiteralIds();
    this.noise = new PatternFilter(resources.noiseLines, ids.id);
    this.noiseIndex = new LinePatterns(new FirstUnitIndex(resources.noiseLines), this.noise);
    const headerIndex = new FirstUnitIndex(resources.noiseListHeaders.map((h) => h.pattern));
    // Note: a header anchored at the start without a first-unit gate (附件/名词解释 …, which may open with
    // any character) would be tried on every line: its literals are looked up in the scan instead.
    const headersUngated = new Set(headerIndex.ungated);
    this.headers = new PatternFilter(
      resources.noiseListHeaders.map((h) => h.pattern),
      ids.id,
      true,
      (i) => headersUngated.has(i),
    );
    this.headersIndex = new LinePatterns(headerIndex, this.headers);
    // Note: spam is looked for in the line untrimmed, and the scan is of the trimmed line: the two hold the
    // same literals when no literal starts or ends with whitespace, else spam patterns are not prefiltered.
    // Note: every spam pattern is prefiltered, anchored or not (`^\s*…篇…`, which may open with any space, was
    // tried on every line: a slice of it and a search for its literal), and a line must hold a literal of each
    // set a pattern requires (the gambling run needs its keyword and an underscore): a search for spam costs a
    // pass over the line at least, and most lines then hold no literal of any spam pattern.
    const spamSafe = resources.spamPatterns.every((pattern) => literalsTrimmed(pattern));
    this.spam = new PatternFilter(resources.spamPatterns, ids.id, spamSafe, () => true, true);
    this.spamPrefiltersAll = this.spam.prefiltersAll;
    this.siteWordIds = Int32Array.from(resources.noiseSiteWords, (w) => ids.id(w.word));
    this.siteWeights = Float64Array.from(resources.noiseSiteWords, (w) => w.weight);
    this.scanner = new LiteralScanner(ids.literals, traditionalUnits(), SPACING_UNITS);
  }

  /** Which literals a (trimmed) line holds, for the other methods. */
  scan(line: string): Int32Array {
    return this.scanner.scan(line);
  }

  /** `scan` of the (trimmed) line whose code units are `units[start, end)`; its traditional-only characters counted into `tally`. */
  scanUnits(units: Uint16Array, start: number, end: number, tally?: UnitTally): Int32Array {
    return this.scanner.scanUnits(units, start, end, tally);
  }

  /** Whether the line `found` was scanned from holds any literal (most lines hold none). */
  holdsAny(found: Int32Array): boolean {
    return this.scanner.holdsAny(found);
  }

  /** `siteWordScore` of the line `found` was scanned from: weights added in the list's order, as there. */
  siteWordScore(found: Int32Array): number {
    if (!this.scanner.holdsAny(found)) return 0; // no site word: not a loop over all of them
    let score = 0;
    for (let k = 0; k < this.siteWordIds.length; k++) if (holdsLiteral(found, this.siteWordIds[k])) score += this.siteWeights[k];
    return score;
  }
}

/**
 * The patterns of a list a line may match, by the unit it opens with (`FirstUnitIndex`); for a line holding no
 * literal at all (most lines), only those of them without a prefilter, listed once per opening unit: the
 * others cannot match it, and were each asked (`mayMatch`) on every line.
 */
class LinePatterns {
  /** by opening unit a pattern is gated on, the patterns of `index` that `filter` does not prefilter, in list order */
  private readonly unfilteredByUnit = new Map<number, readonly number[]>();
  /** the ungated patterns that `filter` does not prefilter: those a line opening with any other unit may match */
  private readonly unfilteredUngated: readonly number[];

  constructor(
    private readonly index: FirstUnitIndex,
    private readonly filter: PatternFilter,
  ) {
    this.unfilteredUngated = index.ungated.filter((i) => !filter.prefilters(i));
  }

  /** The indexes, in list order, of the patterns `line` may match; `holdsLiteral`: whether its scan found any literal. */
  patternsFor(line: string, holdsLiteral: boolean): readonly number[] {
    if (holdsLiteral) return this.index.patternsFor(line);
    const unit = line.length > 0 ? line.charCodeAt(0) : -1;
    if (!this.index.opensGated(unit)) return this.unfilteredUngated; // most lines: no Map lookup
    let unfiltered = this.unfilteredByUnit.get(unit);
    if (unfiltered === undefined) {
      unfiltered = this.index.patternsFor(line).filter((i) => !this.filter.prefilters(i));
      this.unfilteredByUnit.set(unit, unfiltered);
    }
    return unfiltered;
  }
}

/** Whether none of a pattern's required literals (of any set) starts or ends with whitespace (so trimming cannot hide one). */
function literalsTrimmed(pattern: RegExp): boolean {
  return (requiredLiteralSets(pattern) ?? []).every((set) => set.every((literal) => literal.trim() === literal));
}

/** One line filter per set of cleaning resources, built on first use. */
const lineFilters = new WeakMap<readonly RegExp[], LineFilter>();

function lineFilter(resources: CleanResources): LineFilter {
  const known = lineFilters.get(resources.noiseLines);
  const r = known?.resources;
  if (known && r && r.noiseListHeaders === resources.noiseListHeaders && r.spamPatterns === resources.spamPatterns && r.noiseSiteWords === resources.noiseSiteWords) return known;
  const filter = new LineFilter(resources);
  lineFilters.set(resources.noiseLines, filter);
  return filter;
}

function matchesNoiseLine(line: string, patterns: readonly RegExp[], filter: LineFilter, found: Int32Array): boolean {
  for (const i of filter.noiseIndex.patternsFor(line, filter.holdsAny(found))) if (filter.noise.mayMatch(found, i) && testWhole(patterns[i], line)) return true;
  return false;
}

/**
 * Whether a line's site words weigh enough for it to be furniture: 2, or 4 for a sentence longer than 60
 * characters (a report sentence may hold a site word or two: 典籍文库, 尽职免责); never beyond 200 characters.
 * The score (of the line's scan `found`) is added up only when the length allows.
 */
function siteWordsMakeFurniture(line: string, filter: LineFilter, found: Int32Array): boolean {
  if (line.length > SITE_WORDS_MAX_CHARS) return false;
  // Note: the score first: most lines hold no site word, and then no long line needs its clause marks sought.
  const score = filter.siteWordScore(found);
  if (score < 2) return false;
  return score >= (line.length > SITE_WORDS_SENTENCE_CHARS && SENTENCE_MARK.test(line) ? SITE_WORDS_SENTENCE_SCORE : 2);
}

/** The index of the first header of data/noise-list-headers.txt the whole line matches; -1 if none. */
function blockHeaderIndexOf(line: string, headers: readonly NoiseBlockHeader[], filter: LineFilter, found: Int32Array): number {
  for (const i of filter.headersIndex.patternsFor(line, filter.holdsAny(found))) if (filter.headers.mayMatch(found, i) && testWhole(headers[i].pattern, line)) return i;
  return -1;
}

/** Sum of the weights of the distinct site words in `line`. */
export function siteWordScore(line: string, words: readonly SiteWord[]): number {
  let score = 0;
  for (const { word, weight } of words) if (line.includes(word)) score += weight;
  return score;
}

/** A line of a link list: a title of at most 60 characters without a sentence end or a full stop inside. */
function isLinkItem(line: string): boolean {
  return line.length <= LIST_ITEM_MAX_CHARS && !/[。！？!?；;]/u.test(line);
}

function isShortItem(line: string, maxChars: number): boolean {
  return line.length <= maxChars && !SENTENCE_MARK.test(line);
}

function nextNonEmpty(lines: readonly string[], i: number): number {
  for (let j = i + 1; j < lines.length; j++) if (lines[j]) return j;
  return -1;
}

function previousNonEmpty(lines: readonly string[], i: number): number {
  for (let j = i - 1; j >= 0; j--) if (lines[j]) return j;
  return -1;
}

function testWhole(pattern: RegExp, line: string): boolean {
  pattern.lastIndex = 0;
  return pattern.test(line);
}

/** What `keepRanges` returns for a line no spam pattern matches (nearly every line): no array made for it. */
const WHOLE_LINE = null;

/**
 * Ranges of the line `view.slice(start, end)` (offsets within it) left after removing every match of the spam
 * patterns (`found`: the trimmed line's scan), or `WHOLE_LINE` when nothing is removed. The line is sliced only
 * when some pattern may match it.
 */
function keepRanges(view: string, start: number, end: number, spamPatterns: readonly RegExp[], filter: LineFilter, found: Int32Array): [number, number][] | typeof WHOLE_LINE {
  if (filter.spamPrefiltersAll && !filter.holdsAny(found)) return WHOLE_LINE; // most lines: no literal, no spam
  let cut: [number, number][] | undefined; // made for the rare line a pattern matches
  let line: string | undefined;
  for (let i = 0; i < spamPatterns.length; i++) {
    const pattern = spamPatterns[i];
    if (!filter.spam.mayMatch(found, i)) continue;
    line ??= view.slice(start, end);
    // Note: searched from near the spam keywords only: a line holding one holds it near the run, not along the
    // hundreds of characters after it, at each of which the gambling run's pattern would try dozens of paths.
    eachLiteralMatch(pattern, line, (match) => {
      if (match[0].length > 0) (cut ??= []).push([match.index, match.index + match[0].length]);
    });
  }
  if (cut === undefined) return WHOLE_LINE;
  cut.sort((a, b) => a[0] - b[0]);
  const kept: [number, number][] = [];
  let at = 0;
  for (const [from, to] of cut) {
    if (from > at) kept.push([at, from]);
    at = Math.max(at, to);
  }
  if (at < end - start) kept.push([at, end - start]);
  return kept;
}

/** Appends raw[start, end) to `out`, dropping spurious whitespace runs (see `isSpuriousSpace`); `spacing` is of `raw`. */
function appendDespaced(out: MappedTextBuilder, raw: string, start: number, end: number, spacing: SpacingCursor): void {
  if (!spacing.holds(start, end)) {
    out.keep(raw, start, end);
    return;
  }
  let i = start;
  while (i < end) {
    if (!isSpace(raw.charCodeAt(i))) {
      // Note: the stretch up to the next spacing character is found by the cursor's search, not a character at a time.
      const j = Math.min(spacing.nextAt(i), end);
      out.keep(raw, i, j);
      i = j;
      continue;
    }
    let j = i + 1;
    while (j < end && isSpace(raw.charCodeAt(j))) j++;
    const before = i > start ? raw.charCodeAt(i - 1) : -1;
    const after = j < end ? raw.charCodeAt(j) : -1;
    if (!isSpuriousSpace(before, after)) out.keep(raw, i, i + 1); // a run of spaces keeps its first
    i = j;
  }
}

export const cleanStage = defineStage({
  name: 'clean',
  requires: [],
  assigns: ['cleaned', 'toRaw', 'rawTraditional'],
  run: (doc, resources) => cleanText(doc.report.raw, resources),
});
