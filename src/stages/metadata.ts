import { defineStage } from './stage.js';
import type { Paragraph, ReportMeta, Report } from '../model/report.js';
import type { Period } from '../model/kinds.js';
import type { Resources } from '../data/resources.js';
import { townshipKey } from '../io/manifest.js';

/** A year: 2021年, or written in Chinese numerals as titles often are (二〇二一年). */
const YEAR = /((?:19|20)[0-9]{2}|[一二][〇零○九][〇零○一二三四五六七八九]{2})\s*年/gu;
const CHINESE_DIGIT: Record<string, string> = {
  '〇': '0', '零': '0', '○': '0', '一': '1', '二': '2', '三': '3', '四': '4', '五': '5', '六': '6', '七': '7', '八': '8', '九': '9',
};
const PLACEHOLDER_YEAR = /(?:19|20)[0-9]?[xX×*＊]{1,2}\s*年/u;
const PLAN_AFTER_YEAR = /^(?:度)?(?:的)?(?:工作)?(?:计划|打算|思路|要点|安排)/u;
const PLAN_SENTENCE = /^[,，]?(?:我们|我镇|我乡|我街道|全镇|全乡)?(?:将|要|计划)/u;

/** A township name: two to four Han characters before 镇, 乡 or 街道. */
const TOWNSHIP = /([\p{Script=Han}]{2,4}?)(镇|乡|街道)/gu;

/**
 * Infers title, township, year, plan year and period from the text. Given metadata (manifest, folder layout)
 * overrides what the text says.
 */
export function inferMetadata(
  text: string,
  paragraphs: readonly Paragraph[],
  given: Report['given'],
  resources: Pick<Resources, 'townshipStopwords'>,
  cleaned: string = text,
): ReportMeta {
  const bodyOf = (p: Paragraph) => text.slice(p.start, p.end).replace(/\s+/gu, '');
  const titleParagraphs = paragraphs.filter((p) => p.section === 'title');
  const titleParagraph = titleParagraphs.length ? longestTitleLine(titleParagraphs, bodyOf) : undefined;
  const title = titleParagraph ? bodyOf(titleParagraph) : '';
  const titleBlock = titleParagraphs.map(bodyOf).join('\n');
  const opening = paragraphs
    .filter((p) => p.section === 'preamble' || p.section === 'title')
    .map(bodyOf)
    .join('\n');

  let year: number | null = null;
  let planYear: number | null = null;
  const titleYears = yearsWithContext(title);
  if (titleYears.length) {
    const plan = titleYears.find((y) => PLAN_AFTER_YEAR.test(y.after));
    const covered = titleYears.find((y) => y !== plan);
    year = covered?.year ?? null;
    planYear = plan?.year ?? null;
  } else if (!PLACEHOLDER_YEAR.test(title)) {
    const first = yearsWithContext(opening).find((y) => !/^[0-9]{1,2}月/u.test(y.after));
    year = first?.year ?? null;
  }
  if (planYear === null) {
    const planParagraphs = paragraphs.filter((p) => p.section === 'plans').map(bodyOf);
    for (const body of planParagraphs) {
      const found = yearsWithContext(body).find((y) => (PLAN_AFTER_YEAR.test(y.after) || PLAN_SENTENCE.test(y.after)) && (year === null || y.year > year));
      if (found) {
        planYear = found.year;
        break;
      }
    }
  }

  return {
    // Note: the title is shown in the report's own script (cleaned text); the analysis above reads `text`.
    title: titleParagraph ? cleaned.slice(titleParagraph.start, titleParagraph.end).replace(/\s+/gu, '') : '',
    township: givenOrInferredTownship(given.township, inferTownship(titleBlock, text, resources)),
    year: given.year ?? year,
    planYear,
    period: inferPeriod(title || opening.slice(0, 200), year),
  };
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

function yearsWithContext(text: string): { year: number; after: string }[] {
  const out: { year: number; after: string }[] = [];
  YEAR.lastIndex = 0;
  for (const match of text.matchAll(YEAR)) {
    const digits = [...match[1]].map((ch) => CHINESE_DIGIT[ch] ?? ch).join('');
    const year = Number(digits);
    if (year < 1949 || year > 2100) continue;
    out.push({ year, after: text.slice(match.index! + match[0].length, match.index! + match[0].length + 12) });
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

/**
 * The township the report is about: a named 镇/乡/街道 in the title block, else the one named most often in
 * the text. Of the candidate prefixes (推进陵口镇 → 陵口, 进陵口) the one that also stands alone most often wins.
 * Generic words (乡镇, 全镇, 城乡) are excluded through data/township-stopwords.txt.
 */
export function inferTownship(titleBlock: string, text: string, resources: Pick<Resources, 'townshipStopwords'>): string {
  const counts = new Map<string, number>();
  const candidatesIn = (source: string, weight: number) => {
    TOWNSHIP.lastIndex = 0;
    for (let at = 0; at < source.length; at++) {
      const suffix = source.startsWith('街道', at) ? '街道' : source[at] === '镇' || source[at] === '乡' ? source[at] : null;
      if (!suffix) continue;
      const name = bestPrefix(source, at, text, resources);
      if (name) counts.set(name + suffix, (counts.get(name + suffix) ?? 0) + weight);
    }
  };
  candidatesIn(titleBlock, 5);
  candidatesIn(text, 1);
  let best = '';
  let bestCount = 1; // a name seen once in the body only is too weak to call it the report's township
  for (const [name, count] of [...counts].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (count > bestCount) {
      best = name;
      bestCount = count;
    }
  }
  return best;
}

const HAN = /^[\p{Script=Han}]+$/u;

function bestPrefix(source: string, suffixAt: number, text: string, resources: Pick<Resources, 'townshipStopwords'>): string | null {
  let best: string | null = null;
  let bestSeen = 0;
  for (const length of [2, 3, 4]) {
    if (suffixAt - length < 0) break;
    const prefix = source.slice(suffixAt - length, suffixAt);
    if (!HAN.test(prefix)) break;
    if (isStopName(prefix, resources.townshipStopwords)) continue;
    const seen = countOccurrences(text, prefix);
    if (seen > bestSeen) {
      best = prefix;
      bestSeen = seen;
    }
  }
  return best;
}

function isStopName(name: string, stopwords: readonly string[]): boolean {
  return stopwords.some((stop) =>
    stop.startsWith('^') ? name.startsWith(stop.slice(1)) : stop.endsWith('$') ? name.endsWith(stop.slice(0, -1)) : name.includes(stop),
  );
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
  run: (doc, resources) => ({ meta: inferMetadata(doc.text, doc.paragraphs, doc.report.given, resources, doc.cleaned) }),
});
