import { compactBody, headingRank, markerLength } from './paragraphs.js';
import type { Paragraph } from '../model/report.js';
import { eachMatch } from '../data/patterns.js';
import type { SectionType } from '../model/kinds.js';

/** The years a report names in its title block and top headings: the latest is the plan year, earlier ones reviewed. */
export interface ReportYears {
  /** the plan year */
  latest: number;
  /** the earliest reviewed year */
  earliest: number;
}

const YEAR = /((?:19|20)[0-9]{2})年/gu;
const CHINESE_DIGITS = '一二三四五六七八九';

/**
 * Years of a report from its paragraphs; `titleCount` leading paragraphs are its title block.
 * A report given in the first months of a year (the date under its title: "——2026年1月26日在…会议上")
 * reviews the year before and plans the year it is given in.
 */
export function reportYears(text: string, paragraphs: readonly Paragraph[], titleCount: number): ReportYears | null {
  // Note: a body is made only for the paragraphs read here (the title block and headings); the sequence
  // model asks after the rule pass has split paragraphs, whose new parts have no body made yet
  // Note: the ranks in a typed array: one of them may be 0.5, and an array of small integers in one report and
  // of doubles in the next has the code reading it recompiled
  const ranks = headingRanksScratch(paragraphs.length);
  let top = Number.POSITIVE_INFINITY;
  for (let k = 0; k < paragraphs.length; k++) {
    const p = paragraphs[k];
    ranks[k] = p.isHeading ? headingRank(p.level, compactBody(text, p)) : 0;
    if (ranks[k] > 0 && ranks[k] < top) top = ranks[k];
  }
  const named: number[] = [];
  for (let k = 0; k < paragraphs.length; k++) {
    const p = paragraphs[k];
    const source = k < titleCount ? compactBody(text, p) : ranks[k] > 0 && ranks[k] <= top ? compactBody(text, p).slice(0, 30) : '';
    // Note: most paragraphs are neither title nor top heading: no search at all (matchAll copies the pattern per call)
    if (source !== '') eachMatch(YEAR, source, (m) => void named.push(Number(m[1])));
  }
  for (let k = 0; k < titleCount; k++) {
    const dated = /((?:19|20)[0-9]{2})年([0-9]{1,2})月/u.exec(compactBody(text, paragraphs[k]));
    if (dated && Number(dated[2]) <= 3) return { latest: Number(dated[1]), earliest: Math.min(Number(dated[1]) - 1, ...named) };
  }
  return named.length ? { latest: Math.max(...named), earliest: Math.min(...named) } : null;
}

/** The thread's array of heading ranks, kept from call to call (grown when a report has more paragraphs). */
let ranksScratch = new Float64Array(1024);
/**
 * An array of at least `n` heading ranks for one report's paragraphs, whose entries the caller writes before it
 * reads them: one array per thread, not one per call (an array of more than a few entries is allocated outside
 * the heap, which costs far more than filling it).
 */
export function headingRanksScratch(n: number): Float64Array {
  if (ranksScratch.length < n) ranksScratch = new Float64Array(2 * n);
  return ranksScratch;
}

/**
 * First year of the five-year plan period a text names at `from` ("十五五" or "第十五个五年规划": 2026), or
 * null. From the sixth plan (1981–1985) on, the periods follow each other without gaps.
 */
export function fiveYearPlanStart(s: string): number | null {
  const m = /十([一二三四五六七八九])五|第十([一二三四五六七八九])个五年/u.exec(s);
  if (!m) return null;
  const n = 10 + CHINESE_DIGITS.indexOf(m[1] ?? m[2]) + 1;
  return 1981 + 5 * (n - 6);
}

/**
 * What a heading or a paragraph's opening says by the period it names, in a report with a plan year:
 * `plans` for the plan year or the five-year period that holds it, `work` for an earlier year or period.
 */
export function periodSection(opening: string, years: ReportYears | null): 'plans' | 'work' | undefined {
  // Note: a year is named with 年, a five-year period with 五: most openings hold neither and are not searched
  if (!years || (!opening.includes('年') && !opening.includes('五'))) return undefined;
  const named = /((?:19|20)[0-9]{2})年/u.exec(opening);
  const period = fiveYearPlanStart(opening);
  const yearAt = named?.index ?? Number.POSITIVE_INFINITY;
  const periodAt = period !== null ? /十[一二三四五六七八九]五|第十[一二三四五六七八九]个五年/u.exec(opening)!.index : Number.POSITIVE_INFINITY;
  if (period !== null && periodAt < yearAt) return years.latest >= period && years.latest < period + 5 ? 'plans' : years.latest >= period + 5 ? 'work' : undefined;
  if (!named || years.latest === years.earliest) return undefined;
  return Number(named[1]) === years.latest ? 'plans' : 'work';
}

/**
 * The section a heading without cue words (or with a work cue) names by its period ("一、2025年工作回顾 …
 * 三、2026年重点工作"; "二、2019年经济社会发展总体要求"; "二、“十五五”时期发展的主要考虑").
 */
export function yearCue(body: string, years: ReportYears | null): SectionType | undefined {
  if (!years) return undefined;
  const at = markerLength(body);
  // Note: what `periodSection` reads first, looked for in place: a heading naming no year or period is not sliced
  return namesYearOrPeriod(body, at, at + 30) ? periodSection(body.slice(at, at + 30), years) : undefined;
}

/**
 * Whether 年 (a year is named with it) or 五 (a five-year period) stands in `text` from `from` to before `to`:
 * `periodSection` of that stretch finds nothing without one, and most openings hold neither.
 */
function namesYearOrPeriod(text: string, from: number, to: number): boolean {
  return holdsUnit(text, from, to, 0x5e74) || holdsUnit(text, from, to, 0x4e94);
}

/** Whether code unit `unit` stands in `text` from `from` to before `to` (or the end), without slicing it. */
function holdsUnit(text: string, from: number, to: number, unit: number): boolean {
  const end = Math.min(to, text.length);
  for (let i = from; i < end; i++) if (text.charCodeAt(i) === unit) return true;
  return false;
}

/**
 * Whether a plain paragraph opens on the plan period: its first characters name the plan year or period
 * ("2026年是“十五五”开局之年", "“十五五”时期是…"), or its first clause names the five-year period that holds
 * the plan year ("根据《…第十五个五年规划的建议》，…").
 */
export function opensOnPlanPeriod(body: string, years: ReportYears | null): boolean {
  if (!years) return false;
  // Note: the openings are sliced only when they hold 年 or 五 (`namesYearOrPeriod`): most do not
  if (namesYearOrPeriod(body, 0, 12) && periodSection(body.slice(0, 12), years) === 'plans') return true;
  // Note: a five-year period is named with 五: an opening without one (most) is not split into clauses
  if (!holdsUnit(body, 0, 40, 0x4e94)) return false;
  const clause = body.slice(0, 40).split(/[，,。；;：:！？]/u)[0];
  const period = fiveYearPlanStart(clause);
  return period !== null && years.latest >= period && years.latest < period + 5;
}
