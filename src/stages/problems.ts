/**
 * Problems stage: finds the problems a report states about itself, one per enumerated item.
 *
 * Where problems are looked for:
 * - paragraphs the section classifier put in `problems` (consecutive ones form a region);
 * - in paragraphs of other sections, an enumeration (一是…二是…) right after a strong cue such as
 *   "也存在一些薄弱环节:" — the classifier may miss a problems part that sits inside a work paragraph;
 * - in paragraphs of any section, from a sentence that announces the report's own problems (清醒认识到,
 *   在肯定成绩的同时, 还面临一些困难和挑战): long reports state them inside the review, under no heading. Such a
 *   paragraph without numbering is read clause by clause (problem-list.ts), one item per problem clause.
 *
 * Inside a region, numbered items ((一), 1、, 一、, ①, 一是, 其一, 第一) are found family by family; the family that
 * starts first is the outer list. An outer item that holds a 一是/二是 run of its own is replaced by those nested
 * items, because the nested points are the concrete shortcomings and the outer heading only groups them.
 * Regions without any numbering yield one problem per paragraph that names a defect, or a `generic` problem for a
 * bare admission ("还存在着一定的差距和不足").
 *
 * All spans index `Doc.text` (the analysis text), which has the same length and offsets as `Doc.cleaned`.
 */
import { makeParagraph, type Paragraph, type Problem, type Tokens } from '../model/report.js';
import { firstAtOrAfter, type Span } from '../model/span.js';
import type { ProblemCues } from '../data/problem-cues.js';
import { defaultProblemCues, defaultProblemVocabulary, perCueSet } from '../data/problem-cues.js';
import type { Resources } from '../data/resources.js';
import { defineStage } from './stage.js';
import { CLAUSE_BREAKS, ClauseSpans, clauseSpans, endsOnColon, listItems, SPACE_CODE, statementPatterns, type ListItem } from './problem-list.js';
import { MARK, scoredItems, type ProblemScorerModel } from './problem-scorer.js';
import { anyMatchTester } from './match-tester.js';
import { defaultProblemScorer } from '../data/problem-scorer.js';
import { firstUnits } from '../data/first-units.js';

/** One stated problem found in a text. */
export interface ProblemItem extends Span {
  /** span of the item's lead clause, within [start, end); offsets into the analysed text */
  headline: Span;
  /** `no` of the paragraph where the item starts */
  paragraphNo: number;
  /** true for a vague admission with no concrete content */
  generic: boolean;
}

/**
 * A problem item with every field set, always in the same order: every item the stage makes comes from here, so they
 * all share one object shape. (An object spread with more fields, `{ ...span, headline, … }`, gets a map of its own
 * for each object once the code making it is optimised: the code reading the items would go megamorphic and deopt.)
 */
function makeProblemItem(start: number, end: number, headline: Span, paragraphNo: number, generic: boolean): ProblemItem {
  return { start, end, headline, paragraphNo, generic };
}

/** Numbering families, each with a pattern whose group 1 is the ordinal. */
export interface MarkerFamily {
  name: string;
  pattern: RegExp;
  /** the marker may stand inside a paragraph after a clause (一是) rather than only at a sentence start */
  inline: boolean;
  /** fewest items that make a list (a lone 一是 is more likely prose) */
  minRun: number;
}

const CN = '一二三四五六七八九十';

export const FAMILIES: readonly MarkerFamily[] = [
  { name: 'paren-cn', pattern: /[(（]\s*([一二三四五六七八九十]{1,3})\s*[)）]/gu, inline: false, minRun: 1 },
  { name: 'paren-num', pattern: /[(（]\s*(\d{1,2})\s*[)）]/gu, inline: false, minRun: 1 },
  { name: 'cn-dun', pattern: /([一二三四五六七八九十]{1,3})\s*[、.．]/gu, inline: false, minRun: 1 },
  { name: 'num', pattern: /(\d{1,2})\s*(?:[、．]|\.(?!\d))/gu, inline: false, minRun: 1 },
  { name: 'circled', pattern: /([①②③④⑤⑥⑦⑧⑨⑩])/gu, inline: false, minRun: 2 },
  // Note: 是否 and 是非 (right and wrong) are no marks, but 三是非法… and 一是非常… are.
  { name: 'shi', pattern: /([一二三四五六七八九十]{1,3})\s*是(?!否|非(?![法常]))/gu, inline: true, minRun: 2 },
  { name: 'qi', pattern: /其([一二三四五六七八九十])\s*[,，、:：]/gu, inline: true, minRun: 2 },
  { name: 'di', pattern: /第([一二三四五六七八九十]{1,3})\s*[,，、:：]/gu, inline: true, minRun: 2 },
];

/** Families that nest inside an outer item as separate problems. */
const NESTABLE = new Set(['shi', 'qi', 'di', 'circled', 'paren-num']);
/** Families that nest as separate problems only under an outer item of these families ((一)…: 1、…2、…). */
const NESTABLE_UNDER = new Map([['num', new Set(['paren-cn', 'cn-dun'])]]);

/** Characters after which a sentence-start marker may stand. */
const SENTENCE_BEFORE = new Set([...'。！？!?；;：:\n\r \t\u3000']);
/** Characters after which an inline marker (一是) may stand. */
const CLAUSE_BEFORE = new Set([...'。！？!?；;：:,，、\n\r \t\u3000']);
const SENTENCE_END = new Set([...'。！？!?；;']);
/** 1 at the UTF-16 code of each SENTENCE_END character (`sentences` looks at every character of a region). */
const SENTENCE_END_CODE = [...SENTENCE_END].reduce((table, ch) => ((table[ch.charCodeAt(0)] = 1), table), new Uint8Array(0x10000));
const TRIM_AFTER_MARKER = /[\s,，、:：.．]/u;
const TRIM_END = /[\s。；;,，、:：]/u;

function ordinalOf(text: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  const circled = '①②③④⑤⑥⑦⑧⑨⑩'.indexOf(text);
  if (circled >= 0) return circled + 1;
  if (text === '十') return 10;
  if (text.length === 1) return CN.indexOf(text) + 1;
  if (text.length === 2 && text[0] === '十') return 10 + CN.indexOf(text[1]) + 1;
  if (text.length === 2 && text[1] === '十') return (CN.indexOf(text[0]) + 1) * 10;
  if (text.length === 3 && text[1] === '十') return (CN.indexOf(text[0]) + 1) * 10 + CN.indexOf(text[2]) + 1;
  return 0;
}

/** A numbering mark found in the text. */
export interface Marker {
  family: string;
  ordinal: number;
  /** offset of the mark */
  start: number;
  /** offset where the item's own words begin (after the mark and its punctuation) */
  contentStart: number;
}

/** A stretch of paragraphs searched for items. */
interface Region {
  /** indices into `paragraphs` */
  paragraphs: number[];
  /** search only from this offset (the strong-cue case starts inside a paragraph) */
  from: number;
  /** found by a statement cue outside the problems section: kept only when it lists this many items (0: any number) */
  minItems: number;
}

/** A region with every field set, in one order (one object shape for `itemsOfRegion`). */
function makeRegion(paragraphs: number[], from: number, minItems: number): Region {
  return { paragraphs, from, minItems };
}

/** Finds the stated problems of a text given its paragraphs (with sections). Spans index `text`. */
export function extractProblems(text: string, paragraphs: Paragraph[], cues: ProblemCues = defaultProblemCues()): ProblemItem[] {
  const items: ProblemItem[] = [];
  for (const region of findRegions(text, paragraphs, cues)) items.push(...itemsOfRegion(text, paragraphs, region, cues));
  items.sort((a, b) => a.start - b.start);
  // Note: overlapping items can only come from two regions meeting; keep the earlier one.
  return items.filter((item, i) => i === 0 || item.start >= items[i - 1].end);
}

/**
 * `extractProblems`, then the learned clause scorer (problem-scorer.ts) over the clauses the rules left: a clause that
 * names a defect, lies outside every rule item and scores at least the model's threshold is an item of its own. A model
 * whose threshold is 1 or more (cross-validation found no threshold that adds items precisely enough) adds nothing.
 */
export function extractProblemsScored(
  text: string,
  paragraphs: Paragraph[],
  tokens: Tokens,
  cues: ProblemCues = defaultProblemCues(),
  scorer: ProblemScorerModel | undefined = defaultProblemScorer(),
): ProblemItem[] {
  const items = extractProblems(text, paragraphs, cues);
  if (!scorer || scorer.threshold >= 1) return items;
  const added: ProblemItem[] = [];
  for (const item of scoredItems(text, paragraphs, tokens, cues, scorer, items, topicOf)) {
    // a list mark is no word of the problem (一是学习不够深入 → 学习不够深入), as in the rule items
    const start = afterLeadMark(text, item.start, item.headline.end);
    added.push(makeProblemItem(start, item.end, { start, end: item.headline.end }, paragraphs[item.paragraph].no, false));
  }
  return added.length ? [...items, ...added].sort((a, b) => a.start - b.start) : items;
}

/**
 * The first offset after a list mark (the scorer's `MARK`: 一是, 其一, 第一，, (一), 1、, 一、) at `start` and the punctuation
 * after it; `start` itself when there is none or nothing would be left before `end`.
 */
function afterLeadMark(text: string, start: number, end: number): number {
  const mark = MARK.exec(text.slice(start, Math.min(end, start + 12)));
  if (!mark) return start;
  let after = start + mark[0].length;
  while (after < end && TRIM_AFTER_MARKER.test(text[after])) after++;
  return after < end ? after : start;
}

/** A numbering mark of a list item at the start of a line: (二), （2）, 2、, 2., 六、 */
const ITEM_MARK = /^(?:[(（]\s*(?:[一二三四五六七八九十]{1,3}|\d{1,2})\s*[)）]|(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[、.．])/u;

function isSectionHeading(text: string, paragraph: Paragraph, cues: ProblemCues): boolean {
  const line = text.slice(paragraph.start, paragraph.end).trim();
  // Note: a numbered line stating a defect of its own ((二)网络阵地管理存在薄弱环节，…) is an item even when the
  // classifier's heading cues (存在…薄弱环节) took it for the problems heading; dropping it breaks the numbering run.
  if (paragraph.cue === 'problems') return !(ITEM_MARK.test(line) && !cues.heading.some((re) => re.test(line)) && cues.defect.test(line));
  return line.length <= 30 && cues.heading.some((re) => re.test(line));
}

function findRegions(text: string, paragraphs: Paragraph[], cues: ProblemCues): Region[] {
  const regions: Region[] = [];
  let current: number[] = [];
  const flush = () => {
    if (current.length) regions.push(makeRegion(current, paragraphs[current[0]].start, 0));
    current = [];
  };
  // Level of a problems heading (二、存在的问题) whose part we are in, whatever section it was given: the part runs to
  // the next heading of the same or a higher level. Extraction should not hang on the section classifier.
  let underHeading = 0;
  // A list announced at the end of a paragraph (这八大问题是：, 主要表现在以下几个方面：) whose items are the paragraphs that
  // follow, each opening with the next number: the items join the problems region whatever section they were given.
  let announced: { family?: string; next: number; lastWasHeading: boolean } | null = null;
  const cueTester = announcingCueTester(cues);
  paragraphs.forEach((paragraph, i) => {
    if (!announced && i > 0 && announcesList(text, paragraphs[i - 1], cues)) announced = { next: 1, lastWasHeading: false };
    if (announced && paragraph.section !== 'noise' && paragraph.section !== 'title') {
      const mark = leadingMarker(text, paragraph);
      const numbered = mark !== undefined && mark.ordinal === announced.next && (announced.family === undefined || mark.family === announced.family);
      // the body of a heading item ((一)农业生产力水平低下 / 我镇的农业…) belongs to it
      const body = !mark && !paragraph.isHeading && announced.lastWasHeading && announced.family !== undefined;
      if (numbered || body) {
        if (numbered) {
          announced.family = mark!.family;
          announced.next++;
          announced.lastWasHeading = paragraph.isHeading;
        }
        current.push(i);
        return;
      }
    }
    announced = null;
    if (paragraph.isHeading && paragraph.section !== 'noise' && paragraph.section !== 'title') {
      const closes = (paragraph.level > 0 && paragraph.level <= underHeading) || (paragraph.cue !== undefined && paragraph.cue !== 'problems') || paragraph.section === 'plans';
      if (underHeading && closes) underHeading = 0;
      if (!underHeading && paragraph.end - paragraph.start <= 30 && cues.heading.some((re) => re.test(text.slice(paragraph.start, paragraph.end).trim()))) {
        underHeading = Math.max(1, paragraph.level);
      }
    }
    if (paragraph.section === 'problems' || (underHeading && paragraph.section !== 'noise')) {
      current.push(i);
      return;
    }
    flush();
    if (paragraph.section === 'noise' || paragraph.section === 'title' || paragraph.isHeading) return;
    if (!cueTester || cueTester.test(text, paragraph.start, paragraph.end)) {
      const from = strongCueStart(text, paragraph, cues);
      if (from >= 0) {
        regions.push(makeRegion([i], from, 0));
        return;
      }
      const stated = statedOrListed(text, paragraph, paragraph.start, cues, statementPatterns(cues));
      // Note: a disclosure (需要向各位代表说明的是，…目标没有完成) states one shortfall as often as several.
      if (stated >= 0) {
        regions.push(makeRegion([i], stated, cues.disclosure.length && statementStart(text, paragraph, stated, cues, cues.disclosure) >= 0 ? 1 : 2));
        return;
      }
    }
    if (paragraph.section !== 'plans') {
      const run = defectRunStart(text, paragraph, cues);
      if (run >= 0) regions.push(makeRegion([i], run, 2));
    }
  });
  flush();
  return regions;
}

/**
 * One test for the cues `strongCueStart` and `statedOrListed` look for in a paragraph (intro cues, the list lead's end,
 * statements, inline-list frames): where it fails, both find nothing (each tries a part of this union on the paragraph
 * or a part of it first, see `anyMatchTester`). Most paragraphs hold none: one scan of them instead of three or four.
 * Null when some cue has no such test. The statements and frames are tried on the paragraph's clauses, but the intro
 * cues at the end of windows cut anywhere (`announcesAt`): the clauses are the parts only while no intro cue opens on ^.
 */
const announcingCueTester = perCueSet((cues) =>
  anyMatchTester([...cues.intro, LEAD_TAIL, ...statementPatterns(cues), ...cues.inline], cues.intro.some(opensOnCaret) ? null : CLAUSE_BREAKS),
);

/** True when an alternative of a pattern may open on ^ (at its start or after a |: more than `anyMatchTester` widens). */
function opensOnCaret(pattern: RegExp): boolean {
  return /(?:^|\|)\^/u.test(pattern.source);
}

/** True when a paragraph ends by announcing a list of problems (存在以下问题：, 这八大问题是：). */
function announcesList(text: string, paragraph: Paragraph, cues: ProblemCues): boolean {
  if (paragraph.section === 'noise' || !endsOnColon(text, Math.max(paragraph.start, paragraph.end - 4), paragraph.end)) return false;
  return announcesAt(text, paragraph.start, paragraph.end, cues);
}

/** The end of every list lead (以下几个方面：, 三点：): a cheap test before the `announce` patterns. */
const LEAD_TAIL = /(?:方面|点|类)[：:]/u;

/**
 * True when the words just before `at` announce a list of problems: an intro cue (存在以下问题：), or a list lead that
 * names no problem (具体讲有以下几个方面：) after a clause of the same paragraph that admits problems (仍然存在着不少问题，
 * 有的甚至是工作中的失误，具体讲有以下几个方面：) — the admission may stand a clause or two before the lead.
 */
function announcesAt(text: string, paragraphStart: number, at: number, cues: ProblemCues): boolean {
  const tail = text.slice(Math.max(paragraphStart, at - 60), at);
  if (cues.intro.some((re) => re.test(tail))) return true;
  if (!LEAD_TAIL.test(tail)) return false;
  const lead = cues.announce.map((re) => re.exec(tail)).find((m) => m);
  if (!lead) return false;
  const before = text.slice(Math.max(paragraphStart, at - tail.length + lead.index - 80), at - tail.length + lead.index);
  return cues.admits.some((re) => re.test(before));
}

/** The numbering mark a paragraph opens with ((一), 1、, 一是 …), if any. */
function leadingMarker(text: string, paragraph: Paragraph): Marker | undefined {
  let at = paragraph.start;
  while (at < paragraph.end && SPACE_CODE[text.charCodeAt(at)]) at++;
  // the paragraph cut short, made by the model's factory (a spread copy has another shape: a deopt in findMarkers)
  const head = makeParagraph(paragraph.start, Math.min(paragraph.end, at + 8), paragraph.no, paragraph.section, paragraph.isHeading, paragraph.level, paragraph.cue);
  return findMarkers(text, [head], at).find((m) => m.start === at);
}

/**
 * Start of the first sentence of a paragraph (from `from` on) holding a clause that matches one of `patterns`,
 * or -1: where a report states its problems in prose (我们也清醒认识到，…). Looked for in every paragraph, because
 * long reports state them inside the review part rather than under a heading of their own.
 */
function statementStart(text: string, paragraph: Paragraph, from: number, cues: ProblemCues, patterns: RegExp[]): number {
  // Note: most paragraphs hold no announcing words at all; one test of the whole stretch rules them out before it is
  // cut into clauses (the test accepts every stretch in which some clause matches, see `anyMatchTester`).
  // The same test rules out each clause in which no pattern can match before the patterns are tried one by one.
  const tester = anyMatchTester(patterns, CLAUSE_BREAKS);
  if (tester && !tester.test(text, from, paragraph.end)) return -1;
  let sentenceStart = -1;
  const clauses = clauseSpans(text, from, paragraph.end, statementClauses);
  for (let k = 0; k < clauses.count; k++) {
    const start = clauses.starts[k];
    const end = clauses.ends[k];
    if (sentenceStart < 0) sentenceStart = start;
    const mayMatch = !tester || tester.test(text, start, end);
    if (mayMatch && someMatches(patterns, text.slice(start, end))) return sentenceStart;
    if (clauses.endsSentence(k)) sentenceStart = -1;
  }
  return -1;
}

/** The clauses `statementStart` looks at (one set for the thread: the tests it makes call no `statementStart`). */
const statementClauses = new ClauseSpans();

/** True when one of `patterns` matches `words`. */
function someMatches(patterns: readonly RegExp[], words: string): boolean {
  for (const re of patterns) if (re.test(words)) return true;
  return false;
}

/**
 * Offset of a 一是/二是 run in a paragraph outside the problems part whose every item opens on a clause that ends on a
 * defect (一是基层党务力量略显不足。…二是村干部能力素质参差不齐。), or -1: a problems paragraph with no announcing words
 * at all ((一)基层基础需强化。一是…). An achievement (一是基础设施短板加快补齐) or a measure ends on its progress instead.
 */
function defectRunStart(text: string, paragraph: Paragraph, cues: ProblemCues): number {
  // most runs are of work done: the first item's opening clause rules them out before the marks are looked for
  const one = indexBefore(text, '一是', paragraph.start, paragraph.end);
  const two = one < 0 ? -1 : indexBefore(text, '二是', one, paragraph.end);
  if (one < 0 || two < 0) return -1;
  if (!endsOnDefect(openingClause(text, one + 2, Math.min(paragraph.end, one + 62)), cues)) return -1;
  const run = listMarkers(findMarkers(text, [paragraph], paragraph.start)).filter((m) => m.family === 'shi');
  const first = run.findIndex((m) => m.ordinal === 1);
  if (first < 0) return -1;
  const items = run.slice(first);
  for (let k = 1; k < items.length; k++) if (items[k].ordinal !== items[k - 1].ordinal + 1) items.length = k;
  if (items.length < 2) return -1;
  const heads = items.map((m, k) => openingClause(text, m.contentStart, k + 1 < items.length ? items[k + 1].start : paragraph.end));
  return heads.every((head) => endsOnDefect(head, cues)) ? items[0].start : -1;
}

/**
 * The first offset in [from, end) at which `word` starts (it may run on past `end`), or -1. Only the text up to there
 * is searched: `text.indexOf` would search on to the end of the report for each paragraph that lacks the word.
 */
function indexBefore(text: string, word: string, from: number, end: number): number {
  const at = text.slice(from, end + word.length - 1).indexOf(word);
  return at < 0 ? -1 : from + at;
}

/** The text from `start` to the first clause or sentence mark before `end` (or to `end`). */
function openingClause(text: string, start: number, end: number): string {
  const stop = /[，,。；;：:！？!?]/u.exec(text.slice(start, end));
  return text.slice(start, stop ? start + stop.index : end);
}

/** True when a clause ends on a defect word (…力量略显不足, …发展不优的问题): its predicate is the shortfall. */
function endsOnDefect(clause: string, cues: ProblemCues): boolean {
  return defectEnding(cues).test(clause);
}

/** A defect word at the end of a clause, optionally followed by 的问题/现象/情况. */
const defectEnding = perCueSet((cues) => new RegExp(`(?:${cues.defect.source})(?:的)?(?:问题|现象|情况)?$`, 'u'));

/**
 * `statementStart` with `patterns`, or else with the inline-list frames (存在A、B等问题) where the paragraph holds a 、 at
 * all (tested apart: most paragraphs have none, and the frames are costly to scan for).
 */
function statedOrListed(text: string, paragraph: Paragraph, from: number, cues: ProblemCues, patterns: RegExp[]): number {
  const stated = statementStart(text, paragraph, from, cues, patterns);
  if (stated >= 0 || !cues.inline.length || indexBefore(text, '、', from, paragraph.end) < 0) return stated;
  return statementStart(text, paragraph, from, cues, cues.inline);
}

/** Offset of a 一是/(一) list announced by an intro cue inside a paragraph of another section, or -1. */
function strongCueStart(text: string, paragraph: Paragraph, cues: ProblemCues): number {
  const tester = anyMatchTester(cues.intro);
  const words = text.slice(paragraph.start, paragraph.end);
  if (tester && !tester.test(words) && !LEAD_TAIL.test(words)) return -1;
  for (const marker of listMarkers(findMarkers(text, [paragraph], paragraph.start))) {
    if (marker.ordinal !== 1) continue;
    if (announcesAt(text, paragraph.start, marker.start, cues)) return marker.start;
  }
  return -1;
}

/**
 * Per UTF-16 code, bit f set when a mark of `FAMILIES[f]` can open on that character (its first units, read from
 * the pattern source by data/first-units.ts; every code for a family whose first units are not known).
 */
const FAMILY_OPENING = (() => {
  const table = new Uint8Array(0x10000);
  FAMILIES.forEach((family, f) => {
    const units = firstUnits(new RegExp(`^(?:${family.pattern.source})`, 'u'));
    if (units) for (const unit of units) table[unit] |= 1 << f;
    else for (let code = 0; code < table.length; code++) table[code] |= 1 << f;
  });
  return table;
})();

/** Each family's pattern, sticky: matched at one offset. */
const FAMILY_AT = FAMILIES.map((family) => new RegExp(family.pattern.source, 'uy'));

/**
 * The numbering marks of the paragraphs from `from` on, by offset (at one offset, in `FAMILIES` order).
 *
 * Note: one pass over each paragraph for all families. Each family's pattern is tried only where one of its marks can
 * open (one table lookup a character), from the end of its last match on, which finds the matches `matchAll` over
 * the paragraph finds family by family; most characters open none.
 */
export function findMarkers(text: string, paragraphs: Paragraph[], from: number): Marker[] {
  const markers: Marker[] = [];
  const nextFree = new Array<number>(FAMILIES.length);
  for (const paragraph of paragraphs) {
    const start = Math.max(from, paragraph.start);
    const slice = text.slice(start, paragraph.end);
    nextFree.fill(0);
    for (let i = 0; i < slice.length; i++) {
      const families = FAMILY_OPENING[slice.charCodeAt(i)];
      if (families === 0) continue;
      for (let f = 0; f < FAMILIES.length; f++) {
        if ((families & (1 << f)) === 0 || i < nextFree[f]) continue;
        const pattern = FAMILY_AT[f];
        pattern.lastIndex = i;
        const m = pattern.exec(slice);
        if (m === null) continue;
        nextFree[f] = i + m[0].length;
        const family = FAMILIES[f];
        const at = start + i;
        const before = at === paragraph.start ? '\n' : text[at - 1];
        if (!(family.inline ? CLAUSE_BEFORE : SENTENCE_BEFORE).has(before)) continue;
        let contentStart = at + m[0].length;
        while (contentStart < paragraph.end && TRIM_AFTER_MARKER.test(text[contentStart])) contentStart++;
        if (contentStart >= paragraph.end) continue;
        markers.push({ family: family.name, ordinal: ordinalOf(m[1]), start: at, contentStart });
      }
    }
  }
  return markers.sort((a, b) => a.start - b.start);
}

/** Index of each family in `FAMILIES`, by name. */
const FAMILY_INDEX = new Map(FAMILIES.map((family, f) => [family.name, f]));

/**
 * Keeps the markers that form lists: runs 1, 2, 3 … of one family, long enough for the family. `markers` are in text
 * order (as `findMarkers` gives them), and so are the markers kept.
 *
 * Note: one pass for all families, numbering each family's runs as they open (a 1 opens a run; the next number of the
 * family's open run joins it; any other mark of the family is no list item), then one pass keeping the marks of
 * runs long enough.
 */
export function listMarkers(markers: readonly Marker[]): Marker[] {
  const kept: Marker[] = [];
  if (markers.length === 0) return kept;
  // the run each marker joined (-1: none), how many markers each run has, and per family its open run and last number
  const runOf = new Array<number>(markers.length);
  const runLengths: number[] = [];
  const openRun = new Array<number>(FAMILIES.length).fill(-1);
  const lastOrdinal = new Array<number>(FAMILIES.length).fill(0);
  for (let i = 0; i < markers.length; i++) {
    const { ordinal } = markers[i];
    const f = FAMILY_INDEX.get(markers[i].family)!;
    if (ordinal === 1) {
      openRun[f] = runLengths.length;
      runLengths.push(0);
    } else if (openRun[f] < 0 || ordinal !== lastOrdinal[f] + 1) {
      runOf[i] = -1;
      continue;
    }
    runOf[i] = openRun[f];
    runLengths[openRun[f]]++;
    lastOrdinal[f] = ordinal;
  }
  for (let i = 0; i < markers.length; i++) {
    if (runOf[i] >= 0 && runLengths[runOf[i]] >= FAMILIES[FAMILY_INDEX.get(markers[i].family)!].minRun) kept.push(markers[i]);
  }
  return kept;
}

/**
 * The paragraphs of a region but for its section headings. (Pushed one by one: an array made by `map` in optimised
 * code has holey elements, another map than the packed arrays the code reading bodies has seen.)
 */
function regionBody(text: string, paragraphs: Paragraph[], region: Region, cues: ProblemCues): Paragraph[] {
  const body: Paragraph[] = [];
  for (const i of region.paragraphs) if (!isSectionHeading(text, paragraphs[i], cues)) body.push(paragraphs[i]);
  return body;
}

function itemsOfRegion(text: string, paragraphs: Paragraph[], region: Region, cues: ProblemCues): ProblemItem[] {
  let body = regionBody(text, paragraphs, region, cues);
  if (!body.length) return [];
  // The plans may start inside the last problems paragraph (a report on one line, or 2016年我们将… right after
  // the admission); nothing after that sentence is a problem, numbered or not.
  const regionEnd = plansStart(text, body, region.from, cues) ?? body[body.length - 1].end;
  body = body.filter((p) => p.start < regionEnd);
  // A paragraph that states its problems in prose (我们也清醒看到…主要是：A；B) and has no numbering of its own is read
  // clause by clause, even when a numbered list (of problems, or of targets a classifier filed here) stands beside it.
  const prose = new Set<Paragraph>();
  if (body.length > 1) {
    for (const p of body) {
      // a paragraph that ends on a colon (但仍存在以下问题：) announces the lines below it rather than listing in prose
      if (p.isHeading || endsOnColon(text, p.start, p.end)) continue;
      const stated = statementStart(text, p, Math.max(region.from, p.start), cues, statementPatterns(cues));
      // a paragraph that opens with a number (六、城市管理存在一些突出矛盾…) is an item of the list, not prose beside it
      if (stated >= 0 && stated < regionEnd && !listMarkers(findMarkers(text, [p], stated)).length && !leadingMarker(text, p)) prose.add(p);
    }
  }
  const numbered = body.filter((p) => !prose.has(p));
  const markers = numbered.length ? listMarkers(findMarkers(text, numbered, region.from)).filter((m) => m.start < regionEnd) : [];
  let items: ProblemItem[];
  if (!markers.length) items = unnumberedItems(text, body, region.from, regionEnd, cues);
  else {
    const stops: number[] = [];
    for (const p of prose) stops.push(p.start);
    const listed = numberedItems(text, numbered, markers, regionEnd, stops, cues);
    // Note: a numbered list where most items name no defect is a list of targets or notes, not of problems.
    const defective = listed.filter((item) => cues.defect.test(text.slice(item.start, item.end)) || cues.wish.some((re) => re.test(text.slice(item.start, item.end)))).length;
    items = [...unnumberedItems(text, [...prose], region.from, regionEnd, cues), ...(2 * defective >= listed.length ? listed : [])];
    // a bare admission beside concrete items is their announcement, not a problem of its own
    if (items.some((item) => !item.generic)) items = items.filter((item) => !item.generic);
  }
  return items.filter((item) => !item.generic).length >= region.minItems ? items : [];
}

/** Items of numbered paragraphs: the outer family's items, or the nested 一是 runs inside them. */
function numberedItems(text: string, body: Paragraph[], markers: Marker[], regionEnd: number, stops: number[], cues: ProblemCues): ProblemItem[] {
  const outerFamily = markers[0].family;
  const outer = markers.filter((m) => m.family === outerFamily);
  const items: ProblemItem[] = [];
  outer.forEach((marker, k) => {
    let end = k + 1 < outer.length ? outer[k + 1].start : regionEnd;
    for (const stop of stops) if (stop > marker.start && stop < end) end = stop;
    const nested = markers.filter((m) => m.family !== outerFamily && (NESTABLE.has(m.family) || NESTABLE_UNDER.get(m.family)?.has(outerFamily)) && m.start > marker.start && m.start < end);
    const nestedRuns = nested.filter((m) => m.family === nested[0]?.family);
    if (nestedRuns.length >= 2) {
      nestedRuns.forEach((inner, j) => {
        const innerEnd = j + 1 < nestedRuns.length ? nestedRuns[j + 1].start : end;
        const item = makeItem(text, body, inner.contentStart, innerEnd, cues);
        if (item) items.push(item);
      });
    } else {
      // Note: an item that only names a topic (1. 党员队伍建设) and states its problems on lines of their own below it
      // (- 党员老龄化：…) has those lines as its problems.
      const own = paragraphAt(body, marker.contentStart);
      const lines =
        own.end < end && !cues.defect.test(text.slice(marker.contentStart, own.end))
          ? body.filter((p) => p.start > own.start && p.start < end && cues.defect.test(text.slice(p.start, p.end)) && !endsOnColon(text, p.start, p.end))
          : [];
      if (lines.length >= 2) {
        for (const line of lines) {
          let from = line.start;
          while (from < line.end && BULLET.test(text[from])) from++;
          const item = makeItem(text, body, from, Math.min(line.end, end), cues);
          if (item) items.push(item);
        }
        return;
      }
      const item = makeItem(text, body, marker.contentStart, end, cues);
      if (item) items.push(item);
    }
  });
  return items;
}

/** Bullet marks and spaces before a line's own words. */
const BULLET = /[-–—•·●■▪*\s]/u;

/** Start of the first sentence that opens the plans, or undefined. */
function plansStart(text: string, body: Paragraph[], from: number, cues: ProblemCues): number | undefined {
  const tester = anyMatchTester(cues.end);
  if (tester && !tester.test(text, from, body[body.length - 1].end)) return undefined;
  for (const sentence of sentences(text, body, from, body[body.length - 1].end)) {
    if (cues.end.some((re) => re.test(text.slice(sentence.start, sentence.end)))) return sentence.start;
  }
  return undefined;
}

/** Sentence spans of [from, to), each ending after its final punctuation (or at a paragraph end). */
function sentences(text: string, body: Paragraph[], from: number, to: number): Span[] {
  const out: Span[] = [];
  for (const paragraph of body) {
    const a = Math.max(from, paragraph.start);
    const b = Math.min(to, paragraph.end);
    let start = a;
    for (let i = a; i < b; i++) {
      if (SENTENCE_END_CODE[text.charCodeAt(i)]) {
        pushTrimmed(text, out, start, i + 1);
        start = i + 1;
      }
    }
    pushTrimmed(text, out, start, b);
  }
  return out;
}

function pushTrimmed(text: string, out: Span[], start: number, end: number): void {
  while (start < end && SPACE_CODE[text.charCodeAt(start)]) start++;
  while (end > start && SPACE_CODE[text.charCodeAt(end - 1)]) end--;
  if (end > start) out.push({ start, end });
}

function trimSpan(text: string, span: Span): Span {
  let { start, end } = span;
  while (start < end && SPACE_CODE[text.charCodeAt(start)]) start++;
  while (end > start && TRIM_END.test(text[end - 1])) end--;
  return { start, end };
}

/** The paragraph holding an offset. */
function paragraphAt(body: Paragraph[], offset: number): Paragraph {
  for (const paragraph of body) if (offset < paragraph.end) return paragraph;
  return body[body.length - 1];
}

/**
 * An item from its first word to `to`: the text stops before a remedy sentence (对此,我们将……) or the plans,
 * and at a heading paragraph that is not part of the item.
 */
function makeItem(text: string, body: Paragraph[], from: number, to: number, cues: ProblemCues): ProblemItem | null {
  // a bullet (- 居民沟通不畅) is no word of the item
  while (from < to && BULLET.test(text[from]) && (text[from] !== '—' || text[from + 1] !== '—')) from++;
  const first = paragraphAt(body, from);
  // A heading line like "(一)工作沟通能力不足。" is itself the headline; its body runs on to the next item.
  const headingItem = first.isHeading;
  for (const paragraph of body) {
    if (paragraph.start > first.start && paragraph.isHeading && paragraph.start < to) to = paragraph.start;
  }
  const parts = sentences(text, body, from, to);
  if (!parts.length) return null;
  let last = parts.length;
  const tester = anyMatchTester(closingPatterns(cues));
  for (let k = tester && !tester.test(text, from, to) ? parts.length : 1; k < parts.length; k++) {
    const sentence = text.slice(parts[k].start, parts[k].end);
    if (cues.remedy.some((re) => re.test(sentence)) || cues.end.some((re) => re.test(sentence))) {
      last = k;
      break;
    }
  }
  const span = trimSpan(text, { start: parts[0].start, end: parts[last - 1].end });
  if (span.end <= span.start) return null;
  const headline = headingItem ? trimSpan(text, { start: parts[0].start, end: Math.min(first.end, span.end) }) : leadClause(text, parts[0], cues);
  return makeProblemItem(span.start, span.end, headline, first.no, false);
}

/**
 * The lead clause of a sentence: a short sentence whole; a longer one up to the first comma clause that names
 * the defect (so "在工作中的上下衔接,沟通能力较弱" keeps its context), or whole when no early clause does.
 */
function leadClause(text: string, sentence: Span, cues: ProblemCues): Span {
  const whole = trimSpan(text, sentence);
  if (whole.end - whole.start <= 16) return whole;
  let clauseStart = whole.start;
  for (let k = 0, i = whole.start; i <= whole.end && k < 3; i++) {
    if (i === whole.end || text[i] === ',' || text[i] === '，') {
      if (cues.defect.test(text.slice(clauseStart, i)) && i - whole.start >= 4) return { start: whole.start, end: i };
      clauseStart = i + 1;
      k++;
    }
  }
  return whole;
}

let topicPattern: { re: RegExp; conceptOf: Map<string, string> } | undefined;

/**
 * The topic a clause names first: the concept (data/problem-concepts.tsv) of its first term, the longest term at a
 * position winning. Undefined when it names none.
 */
export function topicOf(clause: string): string | undefined {
  if (!topicPattern) {
    const conceptOf = new Map<string, string>();
    for (const [concept, terms] of defaultProblemVocabulary().concepts) for (const term of terms) if (!conceptOf.has(term)) conceptOf.set(term, concept);
    const terms = [...conceptOf.keys()].sort((a, b) => b.length - a.length).map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    topicPattern = { re: new RegExp(terms.join('|') || '(?!)', 'u'), conceptOf };
  }
  const m = topicPattern.re.exec(clause);
  return m ? topicPattern.conceptOf.get(m[0]) : undefined;
}

/**
 * A region without numbering: each paragraph naming a defect is one problem; an admission sentence with no
 * content ("还存在着一定的差距和不足") is a generic problem. Reading stops where the plans begin.
 */
function unnumberedItems(text: string, body: Paragraph[], from: number, to: number, cues: ProblemCues): ProblemItem[] {
  const items: ProblemItem[] = [];
  // the paragraph before only announced problems (在肯定成绩的同时，我们也清醒看到面临的问题和挑战。)
  let announced = false;
  // body paragraphs of an unnumbered heading that names a problem (居民沟通渠道不畅 / 通知主要靠张贴公告…): its item holds them
  const held = new Set<Paragraph>();
  body.forEach((paragraph, k) => {
    if (!paragraph.isHeading || paragraph.end > to || paragraph.end - paragraph.start > 30 || !cues.defect.test(text.slice(paragraph.start, paragraph.end))) return;
    let start = Math.max(from, paragraph.start);
    while (start < paragraph.end && BULLET.test(text[start])) start++;
    let end = paragraph.end;
    for (let j = k + 1; j < body.length && !body[j].isHeading && body[j].start < to; j++) {
      held.add(body[j]);
      end = Math.min(to, body[j].end);
    }
    const item = makeItem(text, body, start, end, cues);
    if (item) items.push(item);
  });
  for (const paragraph of body) {
    if (paragraph.isHeading || held.has(paragraph)) continue;
    const a = Math.max(from, paragraph.start);
    const b = Math.min(to, paragraph.end);
    if (b <= a) continue;
    const announcedBefore = announced;
    announced = false;
    // A paragraph that announces its problems in prose (我们也清醒认识到…主要是：A；B) lists them clause by clause.
    const stated = statedOrListed(text, paragraph, a, cues, introPatterns(cues));
    if (stated >= 0 && stated < b) {
      const listed = listItems(text, stated, b, cues, topicOf);
      if (listed.length) {
        pushListed(text, items, listed, paragraph.no);
        continue;
      }
    }
    const kept = sentences(text, [paragraph], from, Math.min(to, paragraph.end));
    if (!kept.length) continue;
    const concrete: Span[] = [];
    for (const sentence of kept) {
      const words = text.slice(sentence.start, sentence.end);
      // an answer to the problems (对这些问题，我们一定…正视困难) names no problem of its own
      if (!concrete.length && cues.remedy.some((re) => re.test(words))) break;
      if (cues.admission.some((re) => re.test(words))) {
        const span = trimSpan(text, sentence);
        items.push(makeProblemItem(span.start, span.end, admissionClause(text, sentence), paragraph.no, true));
      } else if (cues.intro.some((re) => re.test(words))) {
        continue;
      } else {
        concrete.push(sentence);
      }
    }
    const firstDefect = concrete.findIndex((s) => cues.defect.test(text.slice(s.start, s.end)));
    // Note: a paragraph that states a problem names it at once; one whose defect word only turns up after two
    // sentences is a plan or a measure filed here (加强政治建设。…清醒认识不确定难预料因素).
    if (firstDefect >= 0 && firstDefect <= 1) {
      // Note: a later sentence that opens on a defect of its own states the next problem (固定资产投资增速未达到预期
      // 目标，主要是因为…。民生领域存在短板。); one that opens on a link word (特别是, 由于, 这) explains the one before.
      // A short first sentence is the item's title (问题二：宣传形式单一。) and what follows explains it; a sentence on the
      // topic of the problem before it restates that problem.
      const first = concrete[firstDefect];
      const starts = [first.start];
      let topic = topicOf(text.slice(first.start, first.end));
      if (first.end - first.start > 20) {
        for (const sentence of concrete.slice(firstDefect + 1)) {
          if (!opensProblem(text, sentence, cues)) continue;
          const own = topicOf(text.slice(sentence.start, sentence.end));
          if (own !== undefined && own === topic) continue;
          starts.push(sentence.start);
          topic = own;
        }
      }
      // Note: after an announcement, a paragraph of three or more such sentences is the announced list written as
      // prose (从国际看，…。从国内看，…。部分企业生产经营困难。), read clause by clause like one announced in place.
      if (announcedBefore && starts.length >= 3) {
        const listed = listItems(text, a, b, cues, topicOf);
        if (listed.length) {
          pushListed(text, items, listed, paragraph.no);
          continue;
        }
      }
      starts.forEach((start, k) => {
        const item = makeItem(text, [paragraph], start, k + 1 < starts.length ? starts[k + 1] : kept[kept.length - 1].end, cues);
        if (item) items.push(item);
      });
    }
    announced = stated >= 0 && stated < b && !items.some((item) => item.paragraphNo === paragraph.no && !item.generic);
  }
  return items;
}

/** Adds the items of a prose list (problem-list.ts) of paragraph `paragraphNo`, trimmed, to `items`. */
function pushListed(text: string, items: ProblemItem[], listed: readonly ListItem[], paragraphNo: number): void {
  for (const item of listed) {
    const span = trimSpan(text, item);
    items.push(makeProblemItem(span.start, span.end, trimSpan(text, item.headline), paragraphNo, false));
  }
}

/** Words that open a sentence explaining or narrowing the problem before it. */
const LINK_OPENING = /^(?:特别是|尤其|其中|这|此|该|同时|另外|此外|加之|并且|而且|且|导致|造成|致使|由于|因为|因此|所以|主要是|究其|原因|比如|例如|如)/u;

/** True when a sentence opens on a defect of its own: one of its first two clauses names one, after no link word. */
function opensProblem(text: string, sentence: Span, cues: ProblemCues): boolean {
  const words = text.slice(sentence.start, sentence.end).trim();
  if (LINK_OPENING.test(words)) return false;
  const clauses = words.split(/[，,]/u);
  return cues.defect.test(clauses.slice(0, 2).join('，'));
}

/** A union of cue lists, built once per cue set (`anyMatchTester` keeps its regex per list). */
function cueUnion(lists: (cues: ProblemCues) => RegExp[][]): (cues: ProblemCues) => RegExp[] {
  return perCueSet((cues) => lists(cues).flat());
}

/** Patterns of a sentence that ends an item: remedies and the opening of the plans. */
const closingPatterns = cueUnion((cues) => [cues.remedy, cues.end]);

/** Patterns of a clause that announces problems: statements, vague admissions, admissions, leads. */
const introPatterns = cueUnion((cues) => [cues.statement, cues.vague, cues.admission, cues.disclosure]);

/** The admitting words of a generic sentence: its last clause, from 还/仍/也 存在 on when it says so. */
function admissionClause(text: string, sentence: Span): Span {
  const whole = trimSpan(text, sentence);
  let start = whole.start;
  for (let i = whole.start; i < whole.end; i++) if (text[i] === ',' || text[i] === '，') start = i + 1;
  const verb = /(?:还|仍然?|也|依然|尚)?存在/u.exec(text.slice(start, whole.end));
  return trimSpan(text, { start: verb ? start + verb.index : start, end: whole.end });
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** Tokens of [start, end) from the flat token arrays, punctuation and spaces left out. */
export function wordsIn(tokens: Tokens, start: number, end: number): string[] {
  const lo = firstAtOrAfter(tokens.starts, start);
  const words: string[] = [];
  for (let i = lo; i < tokens.starts.length && tokens.ends[i] <= end; i++) {
    const word = tokens.words[i];
    // most words open on a Han character (a letter): the regex only for the others
    const first = word.charCodeAt(0);
    if ((first >= 0x4e00 && first <= 0x9fff) || LETTER_OR_DIGIT.test(word)) words.push(word);
  }
  return words;
}

/**
 * The `Problem` of an item: texts from `cleaned`, words from the jieba tokens. `generic` is set only on a generic one
 * (the fields the tables have always seen).
 */
function problemOf(doc: { cleaned: string; tokens: Tokens }, item: ProblemItem, no: number): Problem {
  const problem: Problem = {
    start: item.start,
    end: item.end,
    no,
    paragraphNo: item.paragraphNo,
    headline: item.headline,
    headlineText: doc.cleaned.slice(item.headline.start, item.headline.end),
    text: doc.cleaned.slice(item.start, item.end),
    words: wordsIn(doc.tokens, item.start, item.end),
  };
  if (item.generic) problem.generic = true;
  return problem;
}

/** The problems stage: one `Problem` per stated item. */
export const problemsStage = defineStage({
  name: 'problems',
  requires: ['text', 'paragraphs', 'tokens', 'cleaned'],
  assigns: ['problems'],
  run(doc, resources) {
    const cues = resources.problemCues;
    // (pushed one by one: an array made by `map` in optimised code has holey elements, another map for its readers)
    const problems: Problem[] = [];
    for (const item of extractProblemsScored(doc.text, doc.paragraphs, doc.tokens, cues)) problems.push(problemOf(doc, item, problems.length + 1));
    return { problems };
  },
});
