import { defineStage } from './stage.js';
import type { Paragraph, ReportMeta, Report } from '../model/report.js';
import type { Period } from '../model/kinds.js';
import type { Resources } from '../data/resources.js';
import { townshipKey } from '../io/manifest.js';
import { escapeRegExp } from '../data/load.js';
import { LEVEL_RANK, loadDivisions, type Divisions, type Place, type UnitLevel } from '../data/divisions.js';
import { compactBody } from './paragraphs.js';
import { isTrimmedSpace } from '../model/code-units.js';

/** A year: 2021年, or written in Chinese numerals as titles often are (二〇二一年). */
const YEAR = /((?:19|20)[0-9]{2}|[一二][〇零○九][〇零○一二三四五六七八九]{2})\s*年/gu;
const CHINESE_DIGIT: Record<string, string> = {
  '〇': '0', '零': '0', '○': '0', '一': '1', '二': '2', '三': '3', '四': '4', '五': '5', '六': '6', '七': '7', '八': '8', '九': '9',
};
const PLACEHOLDER_YEAR = /(?:19|20)[0-9]?[xX×*＊]{1,2}\s*年/u;
const PLAN_AFTER_YEAR = /^(?:度)?(?:的)?(?:工作)?(?:计划|打算|思路|要点|安排)/u;
const PLAN_SENTENCE = /^[,，]?(?:我们|我镇|我乡|我街道|全镇|全乡)?(?:将|要|计划)/u;
/** A date of delivery: 2016年2月19日, 二〇二六年一月二十七日 (year and month captured). */
const DATE = String.raw`((?:19|20)[0-9]{2}|[一二][〇零○九][〇零○一二三四五六七八九]{2})\s*年\s*([0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*日`;
/**
 * The date a report was delivered at a meeting: "——2016年2月19日在…人民代表大会…会议上",
 * "（2026年1月27日在…会议上）", or with 在 before the date ("在2008年1月19日XX镇第十一届人民代表大会…会议上").
 * The meeting may run onto the next line (a page break of a document site). Such a report reviews the year
 * before when delivered in the first half-year.
 * Note: both forms in one pattern, one scan of the text instead of one per form: the date before 在 (year and
 * month in groups 1 and 2) or after it (groups 3 and 4). The leftmost match, the first form where both start
 * at one place, is the one the earlier first-of-two-searches took.
 */
const DELIVERY = new RegExp(String.raw`${DATE}\s*在[^。]{2,60}?(?:会议|大会|全会|会)上|在\s*${DATE}[^。]{2,60}?(?:会议|大会|全会|会)上`, 'u');
/** What a delivery line cannot be without: its date's 日, and the meeting's 会上 or 会议上 (会议上, 大会上, 全会上, 会上). */
const DELIVERY_NEEDS = '日';
const DELIVERY_MEETING_ENDS = ['会上', '会议上'] as const;
/**
 * What follows the year in the title of a government work report: "2020年泰宁县政府工作报告",
 * "2018年甘肃省《政府工作报告》", "(2022年政府工作报告)". Such a title carries the year the report is
 * delivered in and plans for; the year reviewed is the one before.
 */
const WORK_REPORT_AFTER_YEAR = /^[^\s，,。：:总计划回顾]{0,16}?[《“"]?(?:人民)?政府工作报告/u;
/** How many characters after a year are kept as its context. */
const YEAR_CONTEXT_CHARS = 24;
/** How many characters of the first paragraph stand in for the title of a page without a title block. */
const FIRST_LINE_TITLE_CHARS = 80;
/** A line naming a report kind (a stand-in title must). */
const REPORT_KIND = /(?:总结|报告|汇报|计划|要点)/u;
/** How many characters from the start of the text the delivery line and the reporting unit's formulae are looked for in. */
const OPENING_CHARS = 1500;
/** The unit that holds the congress: 在贵州省第十四届人民代表大会, 在陵口镇第十八届人民代表大会. */
const CONGRESS_UNIT = /在([\p{Script=Han}]{2,20}?)第?[一二三四五六七八九十百0-9]+届人民代表大会/u;
/** The unit the speaker speaks for: 我代表上海市人民政府, 受XX县人民政府委托. */
const SPEAKER_UNIT = /(?:我代表|受)([\p{Script=Han}]{2,16}?)(?:人民政府|党委|党工委|委员会|办事处)/u;
/**
 * The formulae naming the reporting unit in the opening, in order, each with the words it cannot match
 * without: a head holding none of them is not searched (from every 在, 我 or 受 in it, a lazy run of up to 20
 * ideographs each), as most heads that come this far hold neither formula.
 */
const UNIT_FORMULAE: readonly { pattern: RegExp; needs: readonly string[] }[] = [
  { pattern: CONGRESS_UNIT, needs: ['届人民代表大会'] },
  { pattern: SPEAKER_UNIT, needs: ['我代表', '受'] },
];
/** The marks standing where a name should be (某镇, XX镇, ***镇, ○○镇). */
const PLACEHOLDER_MARKS = '某XxＸｘ×*＊○〇□';
/** Any of PLACEHOLDER_MARKS. */
const PLACEHOLDER_MARK = new RegExp(`[${PLACEHOLDER_MARKS}]`, 'u');
/** The suffixes of reporting units, longest first. */
const UNIT_SUFFIXES = ['自治区', '街道', '社区', '镇', '乡', '村', '县', '区', '市', '省', '旗'] as const;
/** Suffixes a unit missing from data/divisions.tsv may still be read with (a new township, a community, a village). */
const LOCAL_SUFFIXES = new Set(['街道', '社区', '镇', '乡', '村']);
/** A 乡/镇/村 followed by one of these characters is part of a word (乡村, 镇村, 村民), not a unit's name. */
const WORD_AFTER: Record<string, string> = {
  乡: '村镇土亲愁情贤风音邻间下',
  镇: '村街域区',
  村: '民庄落级组居委务镇容貌集',
  市: '场民容貌政值级区县',
  区: '域别位划间县',
  县: '域级委区城乡市',
  省: '级委内外份会直钱',
};

/** Disclosure header fields (政府信息公开: 索引号 / 发文机关 / 成文日期 / 标题 …) read from the top of the raw text. */
export interface DisclosureHeader {
  /** 标题 / 名称 */
  title?: string;
  /** 发文机关 / 发布机构 */
  issuer?: string;
}

const DISCLOSURE_NAMES = '索引号|主题分类|分类|发文机关|发布机构|成文日期|标题|名称|文件名称|发文字号|文号|发布日期|主题词|有效性';
const DISCLOSURE_FIELD = new RegExp(`^\\s*(${DISCLOSURE_NAMES})\\s*[:：]\\s*(.*?)\\s*$`, 'u');
/**
 * What a line must open with to be a DISCLOSURE_FIELD, tried where the line starts in the whole text (sticky): the
 * lines that do not (most) are never cut out of it.
 */
const DISCLOSURE_FIELD_START = new RegExp(`\\s*(?:${DISCLOSURE_NAMES})\\s*[:：]`, 'uy');
/** The first characters of the field names: DISCLOSURE_FIELD_START is tried only where one follows the spaces. */
const DISCLOSURE_FIRST_CHARS = [...new Set(DISCLOSURE_NAMES.split('|').map((name) => name[0]))].join('');
/** How many lines from the top a disclosure header is looked for in. */
const DISCLOSURE_LINES = 60;

/** Where the line starting at `start` ends (its line break, or the text's end). */
function lineEnd(text: string, start: number): number {
  const end = text.indexOf('\n', start);
  return end < 0 ? text.length : end;
}

/** The line starting at `start`, trimmed. */
function trimmedLine(text: string, start: number): string {
  return text.slice(start, lineEnd(text, start)).trim();
}

/**
 * Whether the first character after the whitespace (`\s`, over line breaks too) from `start` may open a field
 * name: a look at one character instead of a pattern run for each of the 60 lines (most open no field).
 */
export function mayOpenField(text: string, start: number): boolean {
  let at = start;
  while (at < text.length && isTrimmedSpace(text.charCodeAt(at))) at++;
  return at < text.length && DISCLOSURE_FIRST_CHARS.includes(text[at]);
}

/** Reads a government information-disclosure header (values on the same line or on the next). */
export function readDisclosureHeader(raw: string): DisclosureHeader {
  const fields = new Map<string, string>();
  let start = 0;
  for (let line = 0; line < DISCLOSURE_LINES; line++) {
    const end = lineEnd(raw, start);
    DISCLOSURE_FIELD_START.lastIndex = start;
    const match = mayOpenField(raw, start) && DISCLOSURE_FIELD_START.test(raw) ? DISCLOSURE_FIELD.exec(trimmedLine(raw, start)) : null;
    if (match) {
      let value = match[2];
      // the value on the next line, when there is one among the lines looked at and it is no field itself
      if (!value && line + 1 < DISCLOSURE_LINES && end < raw.length) {
        const next = trimmedLine(raw, end + 1);
        if (!DISCLOSURE_FIELD.test(next)) value = next;
      }
      if (value && !fields.has(match[1])) fields.set(match[1], value);
    }
    if (end === raw.length) break;
    start = end + 1;
  }
  if (fields.size < 2) return {}; // one "标题：" line alone is no disclosure header
  return {
    title: fields.get('标题') ?? fields.get('名称') ?? fields.get('文件名称'),
    issuer: fields.get('发文机关') ?? fields.get('发布机构'),
  };
}

/**
 * Infers title, reporting unit, year, plan year and period from the text. Given metadata (manifest, folder
 * layout) overrides what the text says.
 */
export function inferMetadata(
  text: string,
  paragraphs: readonly Paragraph[],
  given: Report['given'],
  resources: Pick<Resources, 'townshipStopwords'> & { divisions?: Divisions },
  cleaned: string = text,
  raw: string = cleaned,
): ReportMeta {
  // Note: compactBody keeps the bodies of the text it was asked about last: the sections stage's, mostly.
  const bodyOf = (p: Paragraph) => compactBody(text, p);
  const titleParagraphs = titleParagraphsOf(paragraphs);
  // Note: the opening is joined only when asked for: a title with a year (most) leaves it unread.
  let opening: string | undefined;
  const openingText = () => (opening ??= openingOf(paragraphs, bodyOf));
  const titleParagraph = titleParagraphs.length ? longestTitleLine(titleParagraphs, bodyOf) : undefined;
  const disclosure = readDisclosureHeader(raw);
  const title = titleParagraph ? bodyOf(titleParagraph) : (disclosure.title?.replace(/\s+/gu, '') ?? '');
  // Note: a page whose title block went unrecognised may still open with a line naming the report.
  const standIn = titleParagraph || disclosure.title ? '' : standInTitle(paragraphs, bodyOf);
  const titleBlock = titleBlockOf(titleParagraphs, bodyOf, disclosure.title, standIn);
  // Note: no u flag: the class holds no astral character, and without it the engine steps by code unit.
  const head = text.slice(0, OPENING_CHARS).replace(/[ \t\u3000]+/g, '');

  const { year, planYear: titledPlanYear } = inferYears(title || standIn, titleBlock, openingText, head);
  const planYear = titledPlanYear ?? planYearInPlans(paragraphs, bodyOf, year);
  const divisions = resources.divisions ?? loadDivisions();
  const unit = inferUnit({ titleBlock, head, issuer: disclosure.issuer ?? '', text }, resources, divisions);
  const township = givenOrInferredTownship(given.township, unit?.name ?? '');
  const place = township ? placeOf(township, text, divisions) : undefined;

  return {
    // Note: the title is shown in the report's own script (cleaned text); the analysis above reads `text`.
    title: titleParagraph ? cleaned.slice(titleParagraph.start, titleParagraph.end).replace(/\s+/gu, '') : title,
    township,
    year: given.year ?? year,
    planYear,
    period: inferPeriod(title || openingText().slice(0, 200), year),
    county: place?.county ?? '',
    city: place?.city ?? '',
    province: place?.province ?? '',
  };
}

/**
 * The title block: the bodies of the title paragraphs, then the disclosure header's title and the stand-in title
 * when there are, one a line.
 */
function titleBlockOf(titleParagraphs: readonly Paragraph[], bodyOf: (p: Paragraph) => string, disclosureTitle: string | undefined, standIn: string): string {
  // Note: written out rather than an array joined: an empty array and a filled one have different maps, and the
  // join deoptimised inferMetadata (a large function, compiled again) once per worker.
  let block = '';
  let lines = 0;
  for (let i = 0; i < titleParagraphs.length; i++) block = lines++ === 0 ? bodyOf(titleParagraphs[i]) : block + '\n' + bodyOf(titleParagraphs[i]);
  if (disclosureTitle) block = lines++ === 0 ? disclosureTitle : block + '\n' + disclosureTitle;
  if (standIn) block = lines++ === 0 ? standIn : block + '\n' + standIn;
  return block;
}

/** The title block's paragraphs. */
function titleParagraphsOf(paragraphs: readonly Paragraph[]): Paragraph[] {
  const titleParagraphs: Paragraph[] = [];
  for (const p of paragraphs) if (p.section === 'title') titleParagraphs.push(p);
  return titleParagraphs;
}

/** The opening: the bodies of the title and preamble paragraphs, joined by line breaks. */
function openingOf(paragraphs: readonly Paragraph[], bodyOf: (p: Paragraph) => string): string {
  let opening = '';
  let first = true;
  for (const p of paragraphs) {
    if (p.section !== 'title' && p.section !== 'preamble') continue;
    opening = first ? bodyOf(p) : opening + '\n' + bodyOf(p);
    first = false;
  }
  return opening;
}

/**
 * The year reviewed and the year planned for. In order: a delivery line (a report delivered at a meeting in
 * the first half of year D reviews D−1 and plans D, unless its title names another year); the title's years
 * (a year followed by 计划/打算 is the plan year); in the opening, a 年度 phrase or "YYYY年工作/以来" over an
 * incidental year (我自2008年分管…). A plan year left null is looked for in the plan part (planYearInPlans).
 */
function inferYears(title: string, titleBlock: string, opening: () => string, head: string): { year: number | null; planYear: number | null } {
  let year: number | null = null;
  let planYear: number | null = null;
  const titleYears = yearsWithContext(title);
  const delivery = firstDelivery(titleBlock) ?? firstDelivery(head);
  const delivered = delivery ? { year: yearNumber(delivery[1] ?? delivery[3]), month: chineseNumber(delivery[2] ?? delivery[4]) } : undefined;
  if (delivered && titleYears.every((y) => y.year === delivered.year) && !PLACEHOLDER_YEAR.test(title)) {
    const early = delivered.month <= 6;
    return { year: early ? delivered.year - 1 : delivered.year, planYear: early ? delivered.year : delivered.year + 1 };
  }
  if (titleYears.length) {
    const plan = titleYears.find((y) => PLAN_AFTER_YEAR.test(y.after));
    const covered = titleYears.find((y) => y !== plan);
    year = covered?.year ?? null;
    planYear = plan?.year ?? null;
    if (covered && !plan && WORK_REPORT_AFTER_YEAR.test(covered.after) && !reviews(head, covered.year)) {
      // "2020年X县政府工作报告": delivered in 2020, reviewing 2019
      year = covered.year - 1;
      planYear = covered.year;
    }
  } else if (!PLACEHOLDER_YEAR.test(title)) {
    // the opening first; a page whose opening went unrecognised (no title, no preamble) from its first characters
    year = rankedOpeningYear(opening()) ?? rankedOpeningYear(head);
  }
  return { year, planYear };
}

/** The first year of the plan part followed by a plan word or sentence, and later than the year reviewed (if known). */
function planYearInPlans(paragraphs: readonly Paragraph[], bodyOf: (p: Paragraph) => string, year: number | null): number | null {
  // Note: the paragraphs are walked by index (no filtered array of bodies: a for-of over an empty or a filled one deoptimised inferYears).
  for (let i = 0; i < paragraphs.length; i++) {
    if (paragraphs[i].section !== 'plans') continue;
    const found = yearsWithContext(bodyOf(paragraphs[i])).find((y) => (PLAN_AFTER_YEAR.test(y.after) || PLAN_SENTENCE.test(y.after)) && (year === null || y.year > year));
    if (found) return found.year;
  }
  return null;
}

/** The year in an opening that most clearly names the year reviewed (see yearRank), if any. */
function rankedOpeningYear(opening: string): number | null {
  // the first year of the best rank (a date's year, 2020年5月, is no candidate)
  let best: { year: number; rank: number } | undefined;
  for (const y of yearsWithContext(opening)) {
    if (/^[0-9]{1,2}月/u.test(y.after)) continue;
    const rank = yearRank(y.after, y.before);
    if (!best || rank < best.rank) best = { year: y.year, rank };
    if (rank === 0) break;
  }
  return best?.year ?? null;
}

/** Whether the text says outright that it reviews `year` ("2020年工作回顾", "回顾2020年"). */
function reviews(text: string, year: number): boolean {
  return new RegExp(`${year}年(?:度)?(?:的)?(?:工作)?回顾|回顾${year}年`, 'u').test(text);
}

/** The first delivery line in a text, either form (see DELIVERY for its groups). */
function firstDelivery(text: string): RegExpExecArray | null {
  // Note: most heads hold a date but no meeting (a summary, not a speech): the pattern, tried from every 在 and
  // year of the 1,500 characters, runs only on a text holding both.
  return text.includes(DELIVERY_NEEDS) && holdsAny(text, DELIVERY_MEETING_ENDS) ? DELIVERY.exec(text) : null;
}

/** Whether `text` holds one of `words`. */
function holdsAny(text: string, words: readonly string[]): boolean {
  for (let i = 0; i < words.length; i++) if (text.includes(words[i])) return true;
  return false;
}

/**
 * A stand-in title for a page without a title block: the first clause of the first paragraph (up to
 * FIRST_LINE_TITLE_CHARS characters) when it names a report kind ("极简版2018年甘肃省《政府工作报告》出炉啦!",
 * "2008年街道办工作总结一年来,…").
 */
function standInTitle(paragraphs: readonly Paragraph[], bodyOf: (p: Paragraph) => string): string {
  if (!paragraphs.length) return '';
  const clause = bodyOf(paragraphs[0]).split(/[。！!？?：:]/u)[0].slice(0, FIRST_LINE_TITLE_CHARS);
  return REPORT_KIND.test(clause) ? clause : '';
}

/** How clearly a year in the opening names the year reviewed: 0 a 年度/全年 phrase, 1 "年(的)工作/以来/上半年", 2 any other. */
function yearRank(after: string, before: string): number {
  if (/^度|^全年/u.test(after)) return 0;
  if (/^(?:的)?(?:工作|以来|上半年|下半年|是|，|,|我镇|我乡|全镇|全乡)/u.test(after) && !/[自从]$/u.test(before)) return 1;
  return 2;
}

/**
 * The given township wins over the text, but a bare given name (folder 陵口) takes the full form the text
 * uses for the same place (陵口镇).
 */
function givenOrInferredTownship(given: string | undefined, inferred: string): string {
  if (!given) return inferred;
  return inferred && townshipKey(inferred) === given ? inferred : given;
}

function longestTitleLine(paragraphs: readonly Paragraph[], bodyOf: (p: Paragraph) => string): Paragraph {
  // The title is the title-block line naming the report kind; unit and date lines are shorter or dated.
  const named = paragraphs.filter((p) => /(总结|计划|报告|情况|汇报|要点)/u.test(bodyOf(p)));
  return (named.length ? named : paragraphs)[0];
}

/** A year written in digits or in Chinese numerals (二〇二六) as a number. */
function yearNumber(text: string): number {
  // Note: most years are written in digits, which need no mapping (and no array of characters).
  if (text.charCodeAt(0) < 0x80) return Number(text);
  return Number([...text].map((ch) => CHINESE_DIGIT[ch] ?? ch).join(''));
}

/** A number from 1 to 99 written in digits or in Chinese numerals (十二, 二十七). */
function chineseNumber(text: string): number {
  if (/^[0-9]+$/u.test(text)) return Number(text);
  const digit = (ch: string | undefined) => (ch ? Number(CHINESE_DIGIT[ch] ?? 0) : 0);
  const ten = text.indexOf('十');
  if (ten < 0) return digit(text[0]);
  return (ten === 0 ? 1 : digit(text[0])) * 10 + digit(text[ten + 1]);
}

function yearsWithContext(text: string): { year: number; after: string; before: string }[] {
  const out: { year: number; after: string; before: string }[] = [];
  // Note: exec on the pattern itself (matchAll copies it per call); a year match is never empty.
  YEAR.lastIndex = 0;
  for (let match = YEAR.exec(text); match !== null; match = YEAR.exec(text)) {
    const year = yearNumber(match[1]);
    if (year < 1949 || year > 2100) continue;
    const end = match.index + match[0].length;
    out.push({ year, after: text.slice(end, end + YEAR_CONTEXT_CHARS), before: text.slice(Math.max(0, match.index - 2), match.index) });
  }
  return out;
}

function inferPeriod(source: string, year: number | null): Period {
  if (/季度/u.test(source)) return 'quarter';
  if (/(上|下)?半年/u.test(source)) return 'half-year';
  if (/[0-9一二三四五六七八九十]{1,2}月(份)?(工作)?(总结|计划|报告)/u.test(source)) return 'month';
  if (year !== null || /(年度|全年)/u.test(source)) return 'annual';
  return '';
}

/** A reporting unit named in a text. */
export interface UnitMention {
  /** the name as written, suffix included (陵口镇, 上海市) */
  name: string;
  /** its level; a 社区/村 or a township missing from the table counts as `township` */
  level: UnitLevel;
  /** whether data/divisions.tsv lists the name */
  official: boolean;
  /** whether the name is a placeholder (某镇, XX镇) */
  placeholder: boolean;
  /** offset of the name in the text searched */
  start: number;
}

/**
 * Units named in `source`: at each unit suffix, the longest official name ending there (徐家井街道, not
 * 家井街道); failing that, for 镇/乡/街道/社区/村, a 2–4 character name that is no generic word
 * (data/township-stopwords.txt), chosen as the prefix also standing alone most often in `text`.
 */
export function unitsIn(source: string, text: string, resources: Pick<Resources, 'townshipStopwords'>, divisions: Divisions): UnitMention[] {
  return scanUnits(source, text, resources, divisions, false);
}

/**
 * The scan behind unitsIn. With `officialOnly`, a unit missing from the table is still stepped over as
 * unitsIn does (it keeps a later name from starting inside it) but left out of the result, and its name is
 * worked out only where that decides something: the frequency count of bestPrefix reads the whole text.
 */
function scanUnits(source: string, text: string, resources: Pick<Resources, 'townshipStopwords'>, divisions: Divisions, officialOnly: boolean): UnitMention[] {
  const out: UnitMention[] = [];
  // Note: a name never starts inside the name found before it: in 天津市市长 the second 市 closes no 津市市.
  let taken = 0;
  for (let at = 0; at < source.length; at++) {
    // jump to the next character a suffix starts with (a character class the regex engine scans for)
    SUFFIX_FIRST.lastIndex = at;
    if (!SUFFIX_FIRST.test(source)) break;
    at = SUFFIX_FIRST.lastIndex - 1;
    const suffix = suffixAt(source, at);
    if (!suffix) continue;
    const end = at + suffix.length;
    if (at > 0 && isPlaceholderMark(source.charCodeAt(at - 1))) {
      // 某镇, XX镇, ***镇: a placeholder unit; its level tells what kind of unit reports
      out.push({ name: source.slice(at - 1, end), level: levelOfSuffix(suffix), official: false, placeholder: true, start: at - 1 });
      at = end - 1;
      continue;
    }
    let found: UnitMention | undefined;
    const lengths = lengthsBetween(divisions.nameLengthsEndingAt(source, end), suffix.length + 1, Math.min(divisions.longestName, end - taken));
    for (let bits = lengths, length = highestBit(bits); bits !== 0; bits ^= 1 << length, length = highestBit(bits)) {
      const name = source.slice(end - length, end);
      const places = divisions.placesNamed(name);
      if (places.length && HAN.test(name)) {
        found = { name, level: lowestLevel(places), official: true, placeholder: false, start: end - length };
        break;
      }
    }
    let local = false;
    if (!found && LOCAL_SUFFIXES.has(suffix) && !joinsWordAfter(suffix, source, end)) {
      if (officialOnly && source === text) {
        // Only whether the local name overlaps the one before matters here (then it is dropped, as below).
        const candidates = prefixCandidates(source, at, resources);
        if (candidates.length && candidates[candidates.length - 1].length <= at - taken) local = true;
        else if (candidates.length) {
          const prefix = bestPrefix(source, at, text, resources);
          local = prefix !== null && at - prefix.length >= taken;
        }
      } else {
        const prefix = bestPrefix(source, at, text, resources);
        if (prefix) found = { name: prefix + suffix, level: 'township', official: false, placeholder: false, start: at - prefix.length };
      }
    }
    if (found && found.start < taken) found = undefined;
    if (local) {
      taken = end;
      at = end - 1;
    } else if (found && (found.official || !joinsWordAfter(suffix, source, end))) {
      out.push(found);
      taken = end;
      at = end - 1;
    }
  }
  return out;
}

/**
 * The bits of a mask of name lengths (`Divisions.nameLengthsEndingAt`: bit n for n characters, n ≤ 30) for the
 * lengths from `shortest` to `longest`: the scans walk the set bits alone, longest first (`highestBit`), instead of
 * every length from the longest name's down.
 */
export function lengthsBetween(lengths: number, shortest: number, longest: number): number {
  const top = Math.min(longest, 30);
  if (top < shortest) return 0;
  // (bits 0..top, as an int32: 2 << 30 wraps to the sign bit, and minus one to bits 0..30)
  return lengths & ((2 << top) - 1) & ~((1 << shortest) - 1);
}

/** The highest set bit of a non-zero mask of lengths (-1 for 0). */
function highestBit(bits: number): number {
  return 31 - Math.clz32(bits);
}

/** The first characters of the unit suffixes (one code unit each), to skip the characters no suffix starts with. */
const SUFFIX_FIRST = new RegExp(`[${[...new Set(UNIT_SUFFIXES.map((suffix) => suffix[0]))].join('')}]`, 'g');
/** The unit suffixes by their first code unit, each list in UNIT_SUFFIXES' order (longest first). */
const SUFFIXES_BY_FIRST = new Map<number, string[]>();
for (const suffix of UNIT_SUFFIXES) {
  const list = SUFFIXES_BY_FIRST.get(suffix.charCodeAt(0));
  if (list) list.push(suffix);
  else SUFFIXES_BY_FIRST.set(suffix.charCodeAt(0), [suffix]);
}

/** The unit suffix starting at `at`, the longest that does, if any. */
function suffixAt(source: string, at: number): string | undefined {
  const list = SUFFIXES_BY_FIRST.get(source.charCodeAt(at));
  if (list) for (const suffix of list) if (source.startsWith(suffix, at)) return suffix;
  return undefined;
}

/** Whether a code unit is one of PLACEHOLDER_MARKS. */
function isPlaceholderMark(unit: number): boolean {
  for (let i = 0; i < PLACEHOLDER_MARKS.length; i++) if (PLACEHOLDER_MARKS.charCodeAt(i) === unit) return true;
  return false;
}

/** Whether the character after a suffix ending at `end` makes it part of a word (乡村, 村民: see WORD_AFTER). */
function joinsWordAfter(suffix: string, source: string, end: number): boolean {
  const chars = WORD_AFTER[suffix];
  return chars !== undefined && end < source.length && chars.includes(source[end]);
}

function levelOfSuffix(suffix: string): UnitLevel {
  if (suffix === '省' || suffix === '自治区') return 'province';
  if (suffix === '市') return 'city';
  if (suffix === '县' || suffix === '区' || suffix === '旗') return 'county';
  return 'township';
}

/** The level a name is read at: a unit listed at several levels (吉林市 city, 吉林省 aside) takes its highest. */
function lowestLevel(places: readonly Place[]): UnitLevel {
  return places.reduce((best, p) => (LEVEL_RANK[p.level] < LEVEL_RANK[best] ? p.level : best), places[0].level);
}

/**
 * The unit that reports, in order of evidence: the units named in the title block (the lowest level wins:
 * a township over its county; a placeholder unit there means the report names none); the unit holding the
 * congress or the government the speaker represents, in the opening; the issuer of a disclosure header;
 * else the official township named most often in the text (twice at least).
 */
export function inferUnit(
  sources: { titleBlock: string; head: string; issuer: string; text: string },
  resources: Pick<Resources, 'townshipStopwords'>,
  divisions: Divisions,
): UnitMention | undefined {
  const pick = (mentions: UnitMention[]) => {
    const real = mentions.filter((m) => !m.placeholder);
    if (!real.length) return undefined;
    return real.reduce((best, m) => (LEVEL_RANK[m.level] > LEVEL_RANK[best.level] ? m : best), real[0]);
  };
  const inTitle = unitsIn(sources.titleBlock, sources.text, resources, divisions);
  const titled = pick(inTitle);
  if (titled) return titled;
  if (inTitle.some((m) => m.placeholder)) return undefined;
  for (const { pattern, needs } of UNIT_FORMULAE) {
    const match = holdsAny(sources.head, needs) ? pattern.exec(sources.head) : null;
    const named = match ? pick(unitsIn(match[1] + '。', sources.text, resources, divisions).filter((m) => m.start + m.name.length === match[1].length)) : undefined;
    if (named) return named;
  }
  const issued = pick(unitsIn(sources.issuer, sources.text, resources, divisions));
  if (issued) return issued;
  // Note: the count below needs a township named twice; most texts hold no listed township name at all, and
  // this look at their suffixes alone spares them the scan's work on the local names between.
  if (officialTownshipEndings(sources.text, divisions, 2) < 2) return undefined;
  return mostNamedTownship(scanUnits(sources.text, sources.text, resources, divisions, true), resources);
}

/** The listed township named most often among `mentions`, twice at least (ties: the first name in code-unit order). */
export function mostNamedTownship(mentions: readonly UnitMention[], resources: Pick<Resources, 'townshipStopwords'>): UnitMention | undefined {
  const counts = new Map<string, { mention: UnitMention; count: number }>();
  for (const m of mentions) {
    // Note: only names data/divisions.tsv lists: a phrase ending in 村/乡 (部分村, 推进乡) is no unit.
    if (m.placeholder || !m.official || m.level !== 'township' || isGeneric(m.name, resources)) continue;
    const entry = counts.get(m.name);
    if (entry) entry.count++;
    else counts.set(m.name, { mention: m, count: 1 });
  }
  let best: { mention: UnitMention; count: number } | undefined;
  for (const entry of [...counts.values()].sort((a, b) => (a.mention.name < b.mention.name ? -1 : 1))) {
    // a name seen once in the body only is too weak to call it the report's township
    if (entry.count >= 2 && (!best || entry.count > best.count)) best = entry;
  }
  return best?.mention;
}

/**
 * How many unit suffixes in `text` close a township-level name of data/divisions.tsv, at any length, counted up
 * to `enough`. scanUnits reads a suffix at most once, at no more lengths, so it finds no more official
 * township mentions than this.
 */
function officialTownshipEndings(text: string, divisions: Divisions, enough: number): number {
  const { firstUnits, suffixes } = townshipSuffixesOf(divisions);
  let count = 0;
  for (let at = 0; at < text.length && count < enough; at++) {
    firstUnits.lastIndex = at;
    if (!firstUnits.test(text)) break;
    at = firstUnits.lastIndex - 1;
    const suffix = suffixAt(text, at);
    if (!suffix || !suffixes.has(suffix)) continue;
    const end = at + suffix.length;
    const lengths = lengthsBetween(divisions.nameLengthsEndingAt(text, end), suffix.length + 1, Math.min(divisions.longestName, end));
    for (let bits = lengths, length = highestBit(bits); bits !== 0; bits ^= 1 << length, length = highestBit(bits)) {
      const name = text.slice(end - length, end);
      const places = divisions.placesNamed(name);
      if (places.length && lowestLevel(places) === 'township' && HAN.test(name)) {
        count++;
        break;
      }
    }
  }
  return count;
}

/**
 * Per divisions table, the unit suffixes that close some township-level name (镇, 乡, 街道 …; never 省 or 市)
 * and a global pattern of their first characters: officialTownshipEndings jumps past every 市, 县 and 省 of
 * the text, none of which can close a township name, inside the regex engine.
 */
function townshipSuffixesOf(divisions: Divisions): { firstUnits: RegExp; suffixes: ReadonlySet<string> } {
  let found = townshipSuffixes.get(divisions);
  if (!found) {
    const suffixes = UNIT_SUFFIXES.filter((suffix) => divisions.someTownshipNameEndsWith(suffix));
    const firstUnits = new RegExp(suffixes.length ? `[${escapeRegExp([...new Set(suffixes.map((s) => s[0]))].join(''))}]` : '(?!)', 'g');
    found = { firstUnits, suffixes: new Set(suffixes) };
    townshipSuffixes.set(divisions, found);
  }
  return found;
}
const townshipSuffixes = new WeakMap<Divisions, { firstUnits: RegExp; suffixes: ReadonlySet<string> }>();

/** A township name that is also a generic phrase (中心镇, 特色镇), listed as ^name$ in data/township-stopwords.txt. */
function isGeneric(name: string, resources: Pick<Resources, 'townshipStopwords'>): boolean {
  let whole = genericNames.get(resources.townshipStopwords);
  if (!whole) {
    whole = new Set(resources.townshipStopwords);
    genericNames.set(resources.townshipStopwords, whole);
  }
  return whole.has(`^${name}$`);
}

const genericNames = new WeakMap<readonly string[], Set<string>>();

/**
 * The township the report is about (kept for callers that only need the name): the unit named in the title
 * block, else the township or community named most often in the text.
 */
export function inferTownship(titleBlock: string, text: string, resources: Pick<Resources, 'townshipStopwords'> & { divisions?: Divisions }): string {
  return inferUnit({ titleBlock, head: '', issuer: '', text }, resources, resources.divisions ?? loadDivisions())?.name ?? '';
}

/**
 * The county, city and province of a reporting unit. A name listed once fixes its place; a name listed in
 * several counties (城关镇) is narrowed by the county, city or province names the text also uses, and left
 * empty when still ambiguous.
 */
export function placeOf(name: string, text: string, divisions: Divisions): Place | undefined {
  const places = divisions.placesNamed(name);
  if (places.length === 0) return undefined;
  const level = lowestLevel(places);
  let candidates = places.filter((p) => p.level === level);
  if (candidates.length > 1) {
    for (const key of ['county', 'city', 'province'] as const) {
      const named = candidates.filter((p) => p[key] && p[key] !== name && text.includes(p[key]));
      if (named.length) {
        candidates = named;
        break;
      }
    }
  }
  if (candidates.length !== 1) return undefined;
  const [place] = candidates;
  return level === 'province' ? { ...place, city: '', county: '' } : place;
}

const HAN = /^[\p{Script=Han}]+$/u;

/** A prefix ending in a word for units themselves (街道社区, 城乡社区, 乡镇街道) names no unit. */
const UNIT_WORD_END = /(?:街道|社区|乡镇|城乡|镇村|村居|镇街)$/u;

/** The prefixes of 2, 3 and 4 characters before a suffix that may name a unit, shortest first. */
function prefixCandidates(source: string, suffixAt: number, resources: Pick<Resources, 'townshipStopwords'>): string[] {
  const out: string[] = [];
  for (const length of [2, 3, 4]) {
    if (suffixAt - length < 0) break;
    const prefix = source.slice(suffixAt - length, suffixAt);
    if (!HAN.test(prefix) || PLACEHOLDER_MARK.test(prefix)) break;
    if (isStopName(prefix, resources.townshipStopwords) || UNIT_WORD_END.test(prefix)) continue;
    out.push(prefix);
  }
  return out;
}

/** Of the prefix candidates, the one also standing alone most often in `text` (the shortest on a tie; none unseen). */
function bestPrefix(source: string, suffixAt: number, text: string, resources: Pick<Resources, 'townshipStopwords'>): string | null {
  let best: string | null = null;
  let bestSeen = 0;
  for (const prefix of prefixCandidates(source, suffixAt, resources)) {
    const seen = countOccurrences(text, prefix);
    if (seen > bestSeen) {
      best = prefix;
      bestSeen = seen;
    }
  }
  return best;
}

/**
 * Whether a name prefix is a generic word of data/township-stopwords.txt: `^X` a prefix, `X$` a suffix,
 * `^X$` the whole name, else contained. With `wholeOnly`, only `^X$` entries apply (an official name is
 * rejected only when it is listed whole).
 */
function isStopName(name: string, stopwords: readonly string[], wholeOnly = false): boolean {
  if (wholeOnly) return false; // whole names are judged with the suffix (isGeneric)
  return compiledStopwords(stopwords).test(name);
}

const stopwordPatterns = new WeakMap<readonly string[], RegExp>();

/** The `^X`, `X$` and bare entries of the stopword list as one pattern (`^X$` entries left to isGeneric). */
function compiledStopwords(stopwords: readonly string[]): RegExp {
  let pattern = stopwordPatterns.get(stopwords);
  if (!pattern) {
    const parts = stopwords
      .filter((stop) => !(stop.startsWith('^') && stop.endsWith('$')))
      .map((stop) =>
        stop.startsWith('^') ? `^${escapeRegExp(stop.slice(1))}` : stop.endsWith('$') ? `${escapeRegExp(stop.slice(0, -1))}$` : escapeRegExp(stop),
      );
    pattern = parts.length ? new RegExp(parts.join('|'), 'u') : /(?!)/u;
    stopwordPatterns.set(stopwords, pattern);
  }
  return pattern;
}

function countOccurrences(text: string, needle: string): number {
  let n = 0;
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) n++;
  return n;
}

export const metadataStage = defineStage({
  name: 'metadata',
  requires: ['text', 'paragraphs', 'cleaned'],
  assigns: ['meta'],
  run: (doc, resources) => ({ meta: inferMetadata(doc.text, doc.paragraphs, doc.report.given, resources, doc.cleaned, doc.report.raw) }),
});
