import { defineStage } from './stage.js';
import { compactBody, headingRank, isWhitespaceUnit, markerLength, markerLevel, mayOpenMarker } from './paragraphs.js';
import { firstUnits } from '../data/first-units.js';
import { cueVotes, NO_EVIDENCE, paragraphScan, type ParagraphScan, type ParagraphWords, type TurnCandidate } from './section-cues.js';
import { transitionKinds, UnitFeatureIds, unitFeatureIds, unitKinds, type UnitKind } from './section-features.js';
import { decodeUnits } from './section-model.js';
import { opensOnPlanPeriod, reportYears, yearCue } from './section-years.js';
import { copyParagraph, makeParagraph, type Paragraph } from '../model/report.js';
import type { SectionType } from '../model/kinds.js';
import type { ParagraphCue, Resources } from '../data/resources.js';

export { cueVotes };

/** Votes needed for a plain paragraph to leave the section its heading gave it. */
const SWITCH_VOTES = 3;

/** Which sections a plain paragraph may move to from the current one, by its own cue words alone. */
const MOVES: Record<SectionType, readonly SectionType[]> = {
  title: [],
  preamble: [],
  work: ['results', 'problems', 'plans', 'closing'],
  results: ['problems', 'plans', 'closing'],
  // Note: "对此,我们将……" after a problem list starts the plans, even without a heading.
  problems: ['plans', 'closing'],
  // Note: a report may admit shortcomings inside its plans part (one dev report does, under "2016年工作计划").
  plans: ['problems', 'closing'],
  closing: [],
  noise: [],
};

const TITLE_WORDS = /(总结|计划|报告|情况|汇报|要点|打算|思路|述职)/u;
const SENTENCE_END = /[。！？!?；;]/u;
const DATE_LINE = /^[(（]?(19|20)[0-9]{2}年[0-9]{1,2}月([0-9]{1,2}日)?[)）]?$/u;
/** The line under a speech's title naming date and occasion ("——2026年1月25日在…大会第四次会议上"). */
const OCCASION_LINE = /^[—-]{1,2}.{0,40}(会议|大会|会)上$/u;
/** The speaker under a speech's title ("市长 周明远", "河北省人民政府省长王正谱"). */
const SPEAKER_LINE = /^[\p{Script=Han}]{0,14}(省长|市长|主席|县长|区长|镇长|乡长|书记|主任)[\p{Script=Han}]{2,3}$/u;
const UNIT_LINE = /^[\p{Script=Han}A-Za-z0-9]{2,20}(宣传科|宣传办|宣传部|办公室|党委|党委员会|人民政府|政府|委员会|党支部|党总支|工委|镇|乡|街道|社区|办事处)$/u;
/** The signing unit under a report ("中共石门镇委员会", "XX镇宣传办"). */
const SIGNATURE_LINE = /^(中共)?[\p{Script=Han}A-Za-z0-9]{2,20}(委员会|宣传科|宣传办|宣传部|办公室|党委|人民政府|政府|党支部|党总支|工委|办事处)$/u;
/** A paragraph opening an enumeration of work (一是, 首先, 第一): the preamble is over. */
const ENUMERATION_START = /^([一二三四五六七八九十]是|首先|第一[,，、])/u;
/** A short line of keyword tags (document sites list a document's keywords one per line above its title). */
const TAG_LINE = /^[\p{Script=Han}0-9A-Za-z]{1,6}$/u;

function isTitleLine(body: string): boolean {
  return (
    body.length >= 6 &&
    body.length <= 60 &&
    !SENTENCE_END.test(body) &&
    !/[,，:：]/u.test(body) &&
    TITLE_WORDS.test(body) &&
    markerLevel(body) === 0
  );
}

/**
 * Gives every paragraph a section type.
 * 1. The top: title lines (and the unit/date lines under them) and keyword-tag runs before the title.
 * 2. Headings with a cue (存在问题, 下步计划, 取得的成效) set the section for what follows, until a heading of
 *    the same or a higher level; numbered headings without a cue open a `work` part.
 * 3. Paragraphs before the first heading are the preamble.
 * 4. A plain paragraph whose own words strongly name another section (虽然……但也存在一些薄弱环节;
 *    2022年,我镇将……; 综上所述) moves there, and the paragraphs after it follow.
 * `sectionEvidence`, when given, is looked for in the scan that counts a paragraph's cue votes (`ParagraphScan`):
 * the sequence model's features read it from the same bodies next.
 */
export function ruleSections(
  text: string,
  paragraphs: readonly Paragraph[],
  resources: Pick<Resources, 'paragraphCues' | 'noiseClassifier'> & Partial<Pick<Resources, 'sectionEvidence'>>,
): Paragraph[] {
  return ruleReading(text, paragraphs, resources, paragraphScan(resources.paragraphCues, resources.sectionEvidence ?? NO_EVIDENCE)).paragraphs;
}

/**
 * What the rule pass read of each paragraph it returns, besides its section: its `compactBody`, and its scan
 * (`ParagraphWords` of the pass's `scan`) where the pass looked its cue votes up. The sequence model's features
 * read the same bodies next: handed over, they are neither cut out of the text nor looked up in the scan's
 * memo again (a hash-table probe and a comparison of the whole body with the kept one, for every unit).
 */
interface RuleReading {
  paragraphs: Paragraph[];
  bodies: string[];
  words: (ParagraphWords | undefined)[];
  scan: ParagraphScan;
}

/** `ruleSections`, with the bodies and scans read on the way (`RuleReading`); `scan`: the cue list's and evidence's. */
function ruleReading(
  text: string,
  paragraphs: readonly Paragraph[],
  resources: Pick<Resources, 'paragraphCues' | 'noiseClassifier'>,
  scan: ParagraphScan,
): RuleReading {
  // Note: loops and push rather than `map`, and each step its own small function: an array `map` makes has
  // another elements kind once `map` is optimized, and one big function recompiled for each new kind or
  // paragraph shape cost hundreds of milliseconds per worker.
  const out: Paragraph[] = [];
  const bodies: string[] = [];
  for (let k = 0; k < paragraphs.length; k++) {
    out.push(copyParagraph(paragraphs[k]));
    bodies.push(compactBody(text, paragraphs[k]));
  }
  const bodyStart = markTop(out, bodies);
  const reading = sectionsOfBody(text, out, bodies, bodyStart, resources, scan);
  const result = reading.paragraphs;
  markFurniture(result, reading.bodies, resources);
  markSignature(result, reading.bodies);
  // Note: every paragraph of `result` is this call's own copy (`out`, or a turn's second part): numbered in place
  for (let k = 0; k < result.length; k++) result[k].no = k + 1;
  return reading;
}

/**
 * 1. The top: page furniture before the document title, the title lines and the unit/date lines under them
 * (title), keyword-tag runs before the title (noise). Returns the index of the first paragraph after them.
 */
function markTop(out: Paragraph[], bodies: readonly string[]): number {
  let i = 0;
  const firstTitle = firstTitleLine(out, bodies);
  for (; i < firstTitle; i++) out[i].section = 'noise';
  let titleSeen = false;
  let tagsLeft = 0;
  for (; i < out.length; i++) {
    const body = bodies[i];
    if (isTitleLine(body)) {
      out[i].section = 'title';
      titleSeen = true;
    } else if (titleSeen && (DATE_LINE.test(body) || UNIT_LINE.test(body) || OCCASION_LINE.test(body) || SPEAKER_LINE.test(body))) {
      out[i].section = 'title';
    } else if (!titleSeen && (tagsLeft > 0 || runOfTags(bodies, i) >= 3)) {
      if (tagsLeft === 0) tagsLeft = runOfTags(bodies, i);
      tagsLeft--;
      out[i].section = 'noise';
    } else break;
    out[i].isHeading = out[i].section === 'title' ? out[i].isHeading : false;
  }
  return i;
}

/**
 * 2.–4. The sections of the paragraphs from `bodyStart` on (see `ruleSections`), with the paragraphs before
 * it: the list of paragraphs, a plain paragraph that turns mid-way split in two (with their bodies and scans).
 */
function sectionsOfBody(
  text: string,
  out: Paragraph[],
  bodies: readonly string[],
  bodyStart: number,
  resources: Pick<Resources, 'paragraphCues'>,
  scan: ParagraphScan,
): RuleReading {
  // Title lines repeated further down (pages that print the title twice) stay title.
  const titles = new Set<string>();
  for (let k = 0; k < out.length; k++) if (out[k].section === 'title') titles.add(bodies[out[k].no - 1]);
  const years = reportYears(text, out, bodyStart);
  const tailStart = closingTailStart(out);
  const result: Paragraph[] = out.slice(0, bodyStart);
  const resultBodies: string[] = [];
  const resultWords: (ParagraphWords | undefined)[] = [];
  for (let k = 0; k < bodyStart; k++) {
    resultBodies.push(bodies[k]);
    resultWords.push(undefined);
  }
  let current: SectionType | null = null;
  let currentLevel = Number.POSITIVE_INFINITY;
  /** the section the governing heading gave, before any plain paragraph moved away from it */
  let headingSection: SectionType | null = null;
  let preambleParagraphs = 0;
  for (let i = bodyStart; i < out.length; i++) {
    const paragraph = out[i];
    const body = bodies[i];
    result.push(paragraph);
    resultBodies.push(body);
    // the paragraph's scan, once looked up (for its cue votes or where it may turn)
    let words: ParagraphWords | undefined;
    resultWords.push(undefined);
    if (titles.has(body)) {
      paragraph.section = 'title';
      continue;
    }
    const rank = headingRank(paragraph.level, body);
    // Note: the year overrides a work cue too: "三、2026年主要工作" in a report reviewing 2025 is its plans.
    // A heading that names a past period first and the plan period after it ("二、“十四五”时期发展成就和
    // “十五五”时期主要目标任务") opens with the review; the paragraph that turns to the plan period opens the plans.
    if (paragraph.isHeading && (!paragraph.cue || paragraph.cue === 'work' || paragraph.cue === 'plans')) {
      const byPeriod = yearCue(body, years);
      if (byPeriod && (paragraph.cue !== 'plans' || byPeriod === 'work')) paragraph.cue = byPeriod;
    }
    if (paragraph.level > 0 && paragraph.cue && (paragraph.cue !== 'work' || rank <= currentLevel || current === 'preamble' || current === null)) {
      // Note: a work cue in a sub-heading ("(一)…开展情况") under plans does not leave the plans.
      current = paragraph.cue;
      currentLevel = rank;
      headingSection = current;
    } else if (paragraph.level > 0 && paragraph.level <= 3 && isNumberedPart(rank, current, currentLevel)) {
      // Note: the plans part comes late; a numbered part without cue words after it is one more task of the
      // plans (四、深入推进政府治理创新 after 三、2026年重点工作), not a return to the review.
      current = headingSection === 'plans' ? 'plans' : 'work';
      currentLevel = rank;
      headingSection = current;
    } else if (current === null || current === 'preamble') {
      const opensBody: boolean =
        current === 'preamble' && (preambleParagraphs >= 2 || ENUMERATION_START.test(body) || endsPreamble(bodies[i - 1], scan));
      current = opensBody ? (strongest((words = scan.words(body)).votes, 'work') ?? 'work') : 'preamble';
    } else if (paragraph.level === 0 && (current === 'work' || current === 'results') && opensOnPlanPeriod(body, years)) {
      // A paragraph opening on the plan year or period ("2026年是“十五五”开局之年", "“十五五”时期是…")
      // begins the plans, even under a heading that does not say so.
      current = 'plans';
    } else if (paragraph.level === 0) {
      // Note: an admission of shortcomings inside the plans part is an excursion of one paragraph: the plain
      // paragraph after it returns to the plans unless it, too, states a problem.
      const from: SectionType = current === 'problems' && headingSection === 'plans' ? 'plans' : current;
      current = strongest((words = scan.words(body)).votes, from, paragraph.start >= tailStart) ?? from;
    }
    if (current === 'preamble') preambleParagraphs++;
    paragraph.section = current;
    if (paragraph.level === 0 && current !== 'preamble') {
      // A plain paragraph can turn mid-way ("……还存在着一定的差距和不足。2016年我们将继续……"): split it there.
      // Note: a paragraph without whitespace reads as its body, so where it may turn is the body's, found once
      // for a body that repeats (kept with its cue votes); one with whitespace is read afresh
      const turns = body.length === paragraph.end - paragraph.start ? ((words ??= scan.words(body)).turns ??= turnCandidates(text, paragraph.start, paragraph.end, resources.paragraphCues)) : turnCandidates(text, paragraph.start, paragraph.end, resources.paragraphCues);
      const turn = sectionTurn(paragraph, turns, current, tailStart);
      // Note: under a problems heading, "对此,我们将……" glued to a problem is its remedy, not the plans part;
      // a turn may only lead back to the heading's own section, or out of a plain work part.
      if (turn && (turn.section === headingSection || headingSection === 'work' || headingSection === null)) {
        const rest = makeParagraph(turn.at, paragraph.end, paragraph.no, turn.section, false, paragraph.level, undefined);
        paragraph.end = turn.at;
        // the two parts' bodies are new: their scans are left to the features
        resultBodies[resultBodies.length - 1] = compactBody(text, paragraph);
        result.push(rest);
        resultBodies.push(compactBody(text, rest));
        resultWords.push(undefined);
        current = turn.section;
        continue;
      }
    }
    resultWords[resultWords.length - 1] = words;
  }
  return { paragraphs: result, bodies: resultBodies, words: resultWords, scan };
}

/**
 * Where closing words start to count: the last tenth of the text, or the last three paragraphs ("回顾过去一年，
 * 成绩来之不易" or "展望未来" in the middle of a long report opens no closing).
 */
function closingTailStart(paragraphs: readonly Paragraph[]): number {
  const n = paragraphs.length;
  if (n === 0) return 0;
  return Math.min(paragraphs[Math.max(0, n - 3)].start, Math.floor(paragraphs[0].start + 0.9 * (paragraphs[n - 1].end - paragraphs[0].start)));
}

/**
 * Page furniture under the text that no pattern of data/noise-lines.txt caught: short lines that the
 * classifier trained on data/section-training.tsv calls noise with clear odds.
 */
function markFurniture(result: Paragraph[], bodies: readonly string[], resources: Pick<Resources, 'noiseClassifier'>): void {
  for (let k = result.length - 1; k > 0; k--) {
    const body = bodies[k];
    if (DATE_LINE.test(body) || SIGNATURE_LINE.test(body)) continue;
    if (result[k].section === 'title' || result[k].level > 0 || body.length > FURNITURE_MAX_CHARS || SENTENCE_END.test(body)) break;
    if (!resources.noiseClassifier.isNoise(body)) break;
    result[k].section = 'noise';
  }
}

/** The signature under the text (unit and date lines) closes the report. */
function markSignature(result: Paragraph[], bodies: readonly string[]): void {
  for (let k = result.length - 1; k > 0; k--) {
    const body = bodies[k];
    if (result[k].section === 'noise') continue;
    if (result[k].section === 'title' || !(DATE_LINE.test(body) || SIGNATURE_LINE.test(body))) break;
    result[k].section = 'closing';
  }
}

/**
 * The first sentence (after the first) of a plain paragraph whose opening words move it to another section,
 * among its `turnCandidates`.
 */
function sectionTurn(paragraph: Paragraph, candidates: readonly TurnCandidate[], current: SectionType, tailStart: number): { at: number; section: SectionType } | null {
  const { start } = paragraph;
  for (const { offset, votes } of candidates) {
    const move = strongest(votes, current, start >= tailStart);
    if (move) return { at: start + offset, section: move };
  }
  return null;
}

/**
 * The sentences (after the first) of the paragraph at `start`…`end` of `text` that may open another section,
 * with the votes of the `start` cues on their openings; none once what follows a sentence end is shorter than
 * 8 characters (and shorter still after any later one).
 */
function turnCandidates(text: string, start: number, end: number, cues: readonly ParagraphCue[]): TurnCandidate[] {
  const startCues = startCuesOf(cues);
  const openings = openingUnitsOf(startCues);
  const candidates: TurnCandidate[] = [];
  // Note: offsets into `text`, not slices: only the opening the cues are asked about is sliced, not the
  // paragraph nor the rest of it after every sentence end
  for (let at = start; at < end; at++) {
    if (!isTurnSentenceEnd(text.charCodeAt(at))) continue;
    let rest = at + 1;
    while (rest < end && isWhitespaceUnit(text.charCodeAt(rest))) rest++;
    if (end - rest < 8) break;
    // Note: a sentence opening on a unit no start cue opens with, nor a marker, gets no vote: it is not sliced
    // and counted (most sentences open so)
    const unit = text.charCodeAt(rest);
    if (openings !== null && !openings.has(unit) && !mayOpenMarker(unit)) continue;
    candidates.push({ offset: rest - start, votes: cueVotes(text.slice(rest, Math.min(end, rest + 80)), startCues) });
  }
  return candidates;
}

/** The sentence ends after which a paragraph may turn (see `sectionTurn`): 。！？!? */
function isTurnSentenceEnd(unit: number): boolean {
  return unit === 0x3002 || unit === 0xff01 || unit === 0xff1f || unit === 0x21 || unit === 0x3f;
}

const startCueLists = new WeakMap<readonly ParagraphCue[], ParagraphCue[]>();
/** The `start` cues of a cue list, filtered once (the same list each time, so that `cueVotes` remembers its counts). */
function startCuesOf(cues: readonly ParagraphCue[]): ParagraphCue[] {
  let start = startCueLists.get(cues);
  if (!start) startCueLists.set(cues, (start = cues.filter((cue) => cue.where === 'start')));
  return start;
}

const openingUnits = new WeakMap<readonly ParagraphCue[], ReadonlySet<number> | null>();
/**
 * The code units a text must open with for one of these `start` cues to match it (`firstUnits` of each), or
 * null when one of them has no such gate; found once per list.
 */
function openingUnitsOf(startCues: readonly ParagraphCue[]): ReadonlySet<number> | null {
  let units = openingUnits.get(startCues);
  if (units === undefined) {
    const each = startCues.map((cue) => firstUnits(cue.pattern));
    units = each.includes(null) ? null : new Set(each.flatMap((set) => [...set!]));
    openingUnits.set(startCues, units);
  }
  return units;
}

/** Longest line the furniture classifier judges; longer lines are report text. */
const FURNITURE_MAX_CHARS = 40;

/**
 * Index of the document title when page furniture stands above it: the first title-like line among the
 * first paragraphs, before any numbered heading or body-length paragraph. 0 when there is none.
 */
function firstTitleLine(paragraphs: readonly Paragraph[], bodies: readonly string[]): number {
  for (let k = 0; k < Math.min(paragraphs.length, 12); k++) {
    if (isTitleLine(bodies[k])) return k;
    if (paragraphs[k].level > 0 || bodies[k].length > 120) return 0;
  }
  return 0;
}

/** A numbered paragraph without a cue opens a new work part when it is at or above the current part's level. */
function isNumberedPart(rank: number, current: SectionType | null, currentLevel: number): boolean {
  if (current === null || current === 'preamble' || current === 'title') return true;
  return rank <= currentLevel;
}

function endsPreamble(previous: string | undefined, scan: ParagraphScan): boolean {
  if (!previous) return false;
  return (scan.words(previous).votes.get('preamble') ?? 0) >= SWITCH_VOTES;
}

/** The section this paragraph's cues move it to from `current`, if they are strong enough. */
function strongest(votes: ReadonlyMap<SectionType, number>, current: SectionType, inTail = true): SectionType | null {
  let best: SectionType | null = null;
  let bestVotes = SWITCH_VOTES - 0.001;
  for (const section of MOVES[current]) {
    if (section === 'closing' && !inTail) continue;
    const v = votes.get(section) ?? 0;
    if (v > bestVotes) {
      best = section;
      bestVotes = v;
    }
  }
  return best;
}

function runOfTags(bodies: readonly string[], from: number): number {
  let n = 0;
  while (from + n < bodies.length && TAG_LINE.test(bodies[from + n])) n++;
  return n;
}

/**
 * Gives every paragraph a section type, deciding the sections of the report together: the rule pass
 * (`ruleSections`) finds the title block and page furniture at the edges and proposes a section for every
 * other unit; the sequence model of data/section-model.json then weighs that proposal with the unit's own
 * evidence (heading words, the year it names, tense, figures, position, summary formulas) and chooses the
 * most likely sequence of sections for the whole report (see section-model.ts). Without a model the rule
 * pass decides alone.
 */
export function classifySections(
  text: string,
  paragraphs: readonly Paragraph[],
  resources: Pick<Resources, 'paragraphCues' | 'noiseClassifier'> & Partial<Pick<Resources, 'sectionModel' | 'sectionEvidence'>>,
): Paragraph[] {
  const model = resources.sectionModel;
  if (!model) return ruleSections(text, paragraphs, resources);
  const read = sectionUnits(text, paragraphs, resources, threadFeatureIds);
  if (read.units.length === 0) return read.byRule;
  const decided = decodeUnits(model, read.features, transitionKinds(text, read.units, read.proposed, read.kinds), read.proposed);
  for (let k = 0; k < read.units.length; k++) read.units[k].section = decided[k];
  return read.byRule;
}

/** What the sequence model decodes: the rule pass's paragraphs, and of those not noise their proposals, outline kinds and features. */
export interface SectionUnits {
  /** `ruleSections` of the report */
  byRule: Paragraph[];
  /** its paragraphs that are not noise, in order */
  units: Paragraph[];
  /** the section the rule pass gave each unit */
  proposed: SectionType[];
  /** each unit's `unitKinds` */
  kinds: UnitKind[];
  /** each unit's feature ids (`unitFeatureIds`), in the list given */
  features: UnitFeatureIds;
}

/**
 * The rule pass over a report and the features of its units (written into `into`), the units' bodies and cue
 * scans handed from the one to the other (`RuleReading`).
 */
export function sectionUnits(
  text: string,
  paragraphs: readonly Paragraph[],
  resources: Pick<Resources, 'paragraphCues' | 'noiseClassifier'> & Partial<Pick<Resources, 'sectionEvidence'>>,
  into: UnitFeatureIds,
): SectionUnits {
  const evidence = resources.sectionEvidence ?? NO_EVIDENCE;
  const reading = ruleReading(text, paragraphs, resources, paragraphScan(resources.paragraphCues, evidence));
  const byRule = reading.paragraphs;
  // Note: loops and push, not `filter`/`map` (see `ruleSections`)
  const units: Paragraph[] = [];
  const proposed: SectionType[] = [];
  const bodies: string[] = [];
  const words: (ParagraphWords | undefined)[] = [];
  for (let k = 0; k < byRule.length; k++) {
    const p = byRule[k];
    if (p.section === 'noise') continue;
    units.push(p);
    proposed.push(p.section);
    bodies.push(reading.bodies[k]);
    words.push(reading.words[k]);
  }
  const titleCount = units.findIndex((p) => p.section !== 'title');
  // the outline kinds feed both the features and the transition kinds: computed once
  const kinds = unitKinds(text, units, bodies);
  const features = unitFeatureIds(
    { text, units, ruleSections: proposed, years: reportYears(text, units, titleCount < 0 ? units.length : titleCount), kinds, bodies, read: { scan: reading.scan, words } },
    evidence,
    resources.paragraphCues,
    into,
  );
  return { byRule, units, proposed, kinds, features };
}

/** The feature ids of the report being decoded: one list for the thread, refilled for each report. */
const threadFeatureIds = new UnitFeatureIds();

export const sectionsStage = defineStage({
  name: 'sections',
  requires: ['text', 'paragraphs'],
  assigns: ['paragraphs'],
  run: (doc, resources) => ({ paragraphs: classifySections(doc.text, doc.paragraphs, resources) }),
});
