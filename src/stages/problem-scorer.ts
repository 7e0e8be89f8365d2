/**
 * A learned clause scorer: "this clause states a problem of the report's own". A logistic regression over features a
 * reader can check (the defect words of data/problem-cues.txt and where they stand, the announcing cues before the
 * clause, tense, figures, the paragraph's section and position, the clause's jieba words), trained from gold by
 * `npm run train-problem-scorer` (src/tools/train-problem-scorer.ts) into data/problem-scorer.json.
 *
 * The problems stage uses it after the rules: a clause that names a defect, lies outside every rule item and scores at
 * least the model's threshold starts an item of its own (`scoredItems`). Only paragraphs that hold a defect word are
 * looked at, and only their clauses that hold one are scored, so most work paragraphs cost one regex test.
 *
 * Pure; spans index the analysed text (`Doc.text`).
 */
import type { Paragraph, Tokens } from '../model/report.js';
import { SECTION_TYPES, type SectionType } from '../model/kinds.js';
import { firstAtOrAfter, type Span } from '../model/span.js';
import { perCueSet, type ProblemCues } from '../data/problem-cues.js';
import { CLAUSE_BREAKS, clausesOf, clauseSpans, ClauseSpans, endsOnColon } from './problem-list.js';
import { anyMatchTester, type MatchTester } from './match-tester.js';
import { tokenVocabulary } from './segment.js';
import { clauseWordOf, WordWeightsById, type WordWeights } from './word-weights.js';

/** Which groups of features a model uses (the training script chooses them by cross-validation). */
export interface FeatureGroups {
  /** the clause's jieba words (`w=`) */
  words: boolean;
  /** adjacent word pairs of the clause (`p=`) */
  pairs: boolean;
  /** where the rule items stand (`rule-…`) */
  rules?: boolean;
}

/** A trained scorer: weights of named features, a bias and the decision threshold on the probability. */
export interface ProblemScorerModel {
  bias: number;
  weights: Map<string, number>;
  /** a clause whose probability is at least this starts an item */
  threshold: number;
  groups: FeatureGroups;
}

/** A clause the scorer looks at, with its features. */
export interface CandidateClause extends Span {
  /** index into the paragraphs array */
  paragraph: number;
  /** index of the clause among its paragraph's clauses */
  index: number;
  endsPart: boolean;
  endsSentence: boolean;
  features: string[];
}

/** A numbering mark at the start of a clause (一是, (一), 1、, 一、, 其一, 第一). */
export const MARK = /^(?:[一二三四五六七八九十]{1,3}是|[(（]\s*(?:[一二三四五六七八九十]{1,3}|\d{1,2})\s*[)）]|\d{1,2}\s*[、.．]|[一二三四五六七八九十]{1,3}\s*、|其[一二三四五六七八九十]|第[一二三四五六七八九十]{1,3}[,，、])/u;
/** Adverbs of persistence: a defect that is still there (仍然不足, 还不够, 尚未). */
const STILL_WORDS = ['还', '仍', '依然', '依旧', '尚', '仍然'];
/** A subject counted out of a group (有的干部, 一些企业, 部分村): the usual opening of a conduct problem. */
const QUANTIFIER = /^(?:有的|有些|一些|部分|个别|少数|不少|很多|多数|一部分)/u;
const QUANTIFIER_WORDS = ['有的', '有些', '一些', '部分', '个别', '少数'];
/** Done: achievements and the past (了, 已, 完成, 取得). */
const DONE_WORDS = ['了', '已经', '已', '完成', '取得', '实现', '荣获', '获得', '累计', '达到', '提前'];
/** A clause opening on a measure or plan (加强…, 要…, 将…). */
const PLAN_START = /^(?:要|将|应|须|必须|需要|加快|推进|加强|着力|坚持|力争|确保|持续|深化|进一步|全力|大力|积极|努力|切实|不断|扎实|聚焦|围绕|统筹|强化|提升|推动|抓好|做好|完善|健全|建立|落实|实施|开展|组织|重点|全面|探索|鼓励|支持|引导|把|以|通过|坚决)/u;
const PLAN_WORDS = ['将', '要', '力争', '确保', '计划', '拟', '预计'];
/** Words of fixing a defect (补齐短板, 化解风险): a measure that names the defect it answers. */
const FIX_WORDS = ['补齐', '补短板', '破解', '解决', '化解', '防范', '整改', '克服', '弥补', '应对', '攻坚', '缓解', '改善', '扭转', '针对', '防止', '避免', '杜绝', '纠正', '堵塞', '消除', '减少', '降低', '治理', '排查'];
/** A figure: an ASCII digit (what `\d` matches). */
const FIGURE_WORDS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
const PERCENT_WORDS = ['%', '％', '百分点'];
const NEGATION_WORDS = ['不', '未', '没有', '无', '缺', '欠'];
/** A sentence opening on a turn (但, 同时, 然而): what follows a review of achievements. */
const TURN = /^(?:但|但是|然而|不过|同时|与此同时|当然|可是)/u;
/** Nouns of problems in general. */
const PROBLEM_NOUN_WORDS = ['问题', '困难', '不足', '短板', '弱项', '矛盾', '挑战', '差距', '隐患', '风险', '瓶颈', '难题'];

interface Compiled {
  context: RegExp;
  /** a test that accepts a stretch whenever `context` matches some clause of it (null: test clause by clause) */
  contextTester: MatchTester | null;
  /** the defect words, sticky: matched at one offset */
  defectAt: RegExp;
  /** 1 at the UTF-16 code of each defect word's first character */
  firstChars: Uint8Array;
  /** 1 at the `pairSlot` of the first two UTF-16 codes of each defect word */
  firstPairs: Uint8Array | null;
  /**
   * by the UTF-16 code of the character after a position: 0 when it is the second character of a defect word (one may
   * open at the position), else how far on the next position that may open one is — 1 when it is the first character
   * of a defect word, 2 when neither (null with firstPairs)
   */
  steps: Uint8Array | null;
  defectEnd: RegExp;
}

/**
 * A slot for two UTF-16 codes in a table of 65,536. Pairs that share a slot only cost a try of the defect words.
 *
 * Note: not first × 65536 + second in a `Set`: above 2^30 that key is a heap number, made for each look-up.
 */
function pairSlot(first: number, second: number): number {
  return ((first << 6) ^ second) & 0xffff;
}

/** Regexes built once per cue set: all announcing cues in one, and the defect words with the g flag and at a clause end. */
const compiled = perCueSet((cues): Compiled => {
  const list = [cues.statement, cues.vague, cues.admission, cues.admits, cues.intro, cues.lead, cues.announce, cues.disclosure].flat();
  const sources = list.map((re) => `(?:${re.source})`);
  return {
    context: new RegExp(sources.join('|') || '(?!)', 'u'),
    // (the cues are looked for in a paragraph's clauses and in the tail of the paragraph before, from its start)
    contextTester: anyMatchTester(list, CLAUSE_BREAKS),
    defectAt: new RegExp(cues.defect.source, 'uy'),
    firstChars: cues.defectWords.reduce((table, w) => ((table[w.charCodeAt(0)] = 1), table), new Uint8Array(0x10000)),
    // (no pair test when a defect word is one character long)
    firstPairs: cues.defectWords.every((w) => w.length > 1) ? cues.defectWords.reduce((table, w) => ((table[pairSlot(w.charCodeAt(0), w.charCodeAt(1))] = 1), table), new Uint8Array(0x10000)) : null,
    steps: cues.defectWords.every((w) => w.length > 1) ? stepTable(cues.defectWords) : null,
    defectEnd: new RegExp(`(?:${cues.defect.source})(?:的)?(?:问题|现象|情况|等)?$`, 'u'),
  };
});

/** `Compiled.steps` for defect words of two characters or more. */
function stepTable(defectWords: string[]): Uint8Array {
  const steps = new Uint8Array(0x10000).fill(2);
  for (const w of defectWords) steps[w.charCodeAt(0)] = Math.min(steps[w.charCodeAt(0)], 1);
  for (const w of defectWords) steps[w.charCodeAt(1)] = 0;
  return steps;
}

/** The words (letters or digits) of [start, end), digits as #. */
function clauseWords(tokens: Tokens, start: number, end: number): string[] {
  const words: string[] = [];
  for (let i = firstAtOrAfter(tokens.starts, start); i < tokens.starts.length && tokens.ends[i] <= end; i++) {
    const word = clauseWordOf(tokens.words[i]);
    if (word !== undefined) words.push(word);
  }
  return words;
}

/**
 * The features of a clause that are neither its paragraph's, its defect words' (`dw=…`) nor the announcing cues', in
 * the order a clause lists them: bit k of a clause's `mask` stands for CLAUSE_FEATURES[k].
 *
 * Note: a bit mask instead of names, so that the scorer adds their weights (by bit, in this order: the same sum as by
 * name) without making a string or an array for each of the clauses its gate drops.
 */
const CLAUSE_FEATURES = [
  'def-end',
  'def-start',
  'def-2+',
  'still',
  'quant-start',
  'quant',
  'done',
  'plan-start',
  'plan',
  'fix',
  'figure',
  'percent',
  'problem-noun',
  'negation',
  'mark',
  'turn',
  'first-clause',
  'sentence-start',
  'inside-sentence',
  'ends-sentence',
  'ends-part',
  'prev-def',
  'next-def',
  'prev-fix',
  'rule-clause',
  'len<6',
  'len<12',
  'len<20',
  'len<35',
  'len35+',
] as const;
const bitOf = (name: (typeof CLAUSE_FEATURES)[number]) => 1 << CLAUSE_FEATURES.indexOf(name);
const DEF_END = bitOf('def-end');
const DEF_START = bitOf('def-start');
const DEF_2 = bitOf('def-2+');
const STILL_BIT = bitOf('still');
const QUANT_START = bitOf('quant-start');
const QUANT = bitOf('quant');
const DONE_BIT = bitOf('done');
const PLAN_START_BIT = bitOf('plan-start');
const PLAN = bitOf('plan');
const FIX_BIT = bitOf('fix');
const FIGURE_BIT = bitOf('figure');
const PERCENT_BIT = bitOf('percent');
const PROBLEM_NOUN_BIT = bitOf('problem-noun');
const NEGATION_BIT = bitOf('negation');
const MARK_BIT = bitOf('mark');
const TURN_BIT = bitOf('turn');
const FIRST_CLAUSE = bitOf('first-clause');
const SENTENCE_START = bitOf('sentence-start');
const INSIDE_SENTENCE = bitOf('inside-sentence');
const ENDS_SENTENCE = bitOf('ends-sentence');
const ENDS_PART = bitOf('ends-part');
const PREV_DEF = bitOf('prev-def');
const NEXT_DEF = bitOf('next-def');
const PREV_FIX = bitOf('prev-fix');
const RULE_CLAUSE = bitOf('rule-clause');
/** the first length bucket's bit; the next ones follow it */
const LENGTH_BUCKETS = bitOf('len<6');

/**
 * The clause features that stand for words anywhere in a clause, by the words: a clause has the feature when it holds
 * one of them. Looked for in one scan of the clause (`wordFeatures`) instead of one regex of each list.
 */
const WORD_FEATURES: readonly [readonly string[], number][] = [
  [STILL_WORDS, STILL_BIT],
  [QUANTIFIER_WORDS, QUANT],
  [DONE_WORDS, DONE_BIT],
  [PLAN_WORDS, PLAN],
  [FIX_WORDS, FIX_BIT],
  [FIGURE_WORDS, FIGURE_BIT],
  [PERCENT_WORDS, PERCENT_BIT],
  [PROBLEM_NOUN_WORDS, PROBLEM_NOUN_BIT],
  [NEGATION_WORDS, NEGATION_BIT],
];

/** The words of `WORD_FEATURES` that open on the same character, each with its feature's bit. */
const wordGroups: { word: string; bit: number }[][] = [];
/** by the UTF-16 code of a character: 1 + the index in `wordGroups` of the words opening on it, 0 for none */
const WORD_GROUP_OF = new Uint8Array(0x10000);
for (const [words, bit] of WORD_FEATURES) {
  for (const word of words) {
    const first = word.charCodeAt(0);
    if (!WORD_GROUP_OF[first]) WORD_GROUP_OF[first] = wordGroups.push([]);
    wordGroups[WORD_GROUP_OF[first] - 1].push({ word, bit });
  }
}

/** The bits of the `WORD_FEATURES` whose words stand in [start, end) (a word must end by `end`). */
function wordFeatures(text: string, start: number, end: number): number {
  let bits = 0;
  for (let i = start; i < end; i++) {
    const group = WORD_GROUP_OF[text.charCodeAt(i)];
    if (group === 0) continue;
    for (const { word, bit } of wordGroups[group - 1]) {
      if ((bits & bit) === 0 && i + word.length <= end && text.startsWith(word, i)) bits |= bit;
    }
  }
  return bits;
}

/** The announcing cue features, in the order a clause lists them (`cue-prev`, then at most one other): bit k of a clause's cue mask. */
const CUE_FEATURES = ['cue-prev', 'cue-same', 'cue-sentence', 'cue-before'] as const;
const CUE_PREV = 1;
const CUE_SAME = 2;
const CUE_SENTENCE = 4;
const CUE_BEFORE = 8;

/** The bit of a clause length's bucket (len<6, len<12, len<20, len<35, len35+). */
function lengthBit(n: number): number {
  return LENGTH_BUCKETS << (n < 6 ? 0 : n < 12 ? 1 : n < 20 ? 2 : n < 35 ? 3 : 4);
}

/** Pushes the names of a mask's bits onto `features`, lowest bit first. */
function pushNames(features: string[], names: readonly string[], mask: number): void {
  for (let k = 0; k < names.length; k++) if (mask & (1 << k)) features.push(names[k]);
}

/**
 * The clauses a scorer looks at — every clause naming a defect in a paragraph that is neither noise, title nor plans —
 * with their features, each feature once. `groups` says whether word features are added.
 */
export function candidateClauses(text: string, paragraphs: Paragraph[], tokens: Tokens, cues: ProblemCues, groups: FeatureGroups, taken: Span[] = []): CandidateClause[] {
  const out: CandidateClause[] = [];
  walkCandidates(text, paragraphs, cues, groups, taken, false, (c, _possibleCues, cueMask) => {
    const features = [...c.shared];
    for (const word of c.defectWords) features.push(`dw=${word}`);
    pushNames(features, CLAUSE_FEATURES, c.mask);
    pushNames(features, CUE_FEATURES, cueMask(c.index, c.sentenceStart));
    const words = groups.words || groups.pairs ? clauseWords(tokens, c.start, c.end) : [];
    if (groups.words) for (const x of new Set(words)) features.push(`w=${x}`);
    if (groups.pairs) for (const x of new Set(words.slice(1).map((x, j) => `p=${words[j]}|${x}`))) features.push(x);
    out.push({ start: c.start, end: c.end, paragraph: c.paragraph, index: c.index, endsPart: c.endsPart, endsSentence: c.endsSentence, features });
  });
  return out;
}

/** The clauses of the paragraph `walkCandidates` looks at: one set for the thread (a walk calls no other walk). */
const walkClauses = new ClauseSpans();

/** The arrays of `walkCandidates` that say which defect words each clause of a paragraph holds. */
const clauseMatches = { firstMatch: new Int32Array(64), matchCount: new Int32Array(64) };

/** How many paragraphs are neither noise nor title. */
function bodyLength(paragraphs: readonly Paragraph[]): number {
  let n = 0;
  for (const p of paragraphs) if (p.section !== 'noise' && p.section !== 'title') n++;
  return n;
}

/** Which announcing cues a paragraph's clauses may have (see `cueBound`). */
interface PossibleCues {
  /** some clause of the paragraph may hold a cue (`cue-same`, and so `cue-sentence` or `cue-before` after it) */
  anyContext: boolean;
  /** the paragraph before ends on a colon or holds a cue near its end (`cue-prev`) */
  previousCue: boolean;
}

/** A clause that names a defect, as the walk finds it: its features but the cue ones, by kind. */
interface Walked extends Span {
  /** index into the paragraphs array */
  paragraph: number;
  /** index of the clause among its paragraph's clauses */
  index: number;
  /** index of the first clause of its sentence */
  sentenceStart: number;
  endsPart: boolean;
  endsSentence: boolean;
  /** its paragraph's features: the same array for every clause of a paragraph */
  shared: readonly string[];
  /** the defect words it names (`dw=…`), each once, in text order */
  defectWords: string[];
  /** its other features but the cues' (see `CLAUSE_FEATURES`) */
  mask: number;
}

/**
 * Called for each clause the walk finds, with what its paragraph's clauses may hold of the announcing cues and a look-up
 * of the clause's cue features as a mask of `CUE_FEATURES` (costly: a visitor that can decide without it leaves it).
 */
type VisitClause = (clause: Walked, possibleCues: () => PossibleCues, cueMask: (index: number, sentenceStart: number) => number) => void;

/**
 * Visits the candidate clauses of `candidateClauses` in text order. With `skipTaken`, clauses inside the `taken` spans
 * are left out.
 */
function walkCandidates(text: string, paragraphs: Paragraph[], cues: ProblemCues, groups: FeatureGroups, taken: Span[], skipTaken: boolean, visit: VisitClause): void {
  const { context, contextTester, defectAt, firstChars, firstPairs, steps, defectEnd } = compiled(cues);
  const body = bodyLength(paragraphs) || 1;
  let seen = 0;
  // the last short heading before a paragraph, and whether it names the problems part (looked at when first needed)
  let lastHeading: Paragraph | undefined;
  const headingVerdicts = new Map<Paragraph, boolean>();
  const underProblemsHeading = () => {
    if (!lastHeading) return false;
    let verdict = headingVerdicts.get(lastHeading);
    if (verdict === undefined) {
      const line = text.slice(lastHeading.start, lastHeading.end).trim();
      verdict = cues.heading.some((re) => re.test(line));
      headingVerdicts.set(lastHeading, verdict);
    }
    return verdict;
  };
  let previous: Paragraph | undefined;
  const inRule = (start: number, end: number) => overlapsAny(taken, start, end);
  let ruleBefore = false;
  // per clause of a paragraph, its first defect word and how many it holds: one pair of arrays for the thread, grown
  // when a paragraph has more clauses (a typed array is slow to make; a walk calls no other walk)
  let { firstMatch, matchCount } = clauseMatches;
  // the clause the visitor is given: one object for the walk, filled in for each clause (a visitor keeps no reference)
  const walked: Walked = { start: 0, end: 0, paragraph: 0, index: 0, sentenceStart: 0, endsPart: false, endsSentence: false, shared: [], defectWords: [], mask: 0 };
  // Note: the defect words' alternation is tried only where one of their first two characters stand (a paragraph's
  // defect words are looked for in it alone, so the plans, noise and title are never scanned). The sticky test leaves
  // the match's end in `lastIndex`: no match array is made for each defect word.
  const defectEndFrom = (from: number, to: number): number => (steps ? defectFromBySteps(from, to, steps) : defectFromByChars(from, to));
  // Note: with words of two characters or more, a word opens at i only if the character after i is the second of one:
  // the scan reads that character first, and it is neither a first nor a second character at three positions in four
  // of a report, which then steps past both (no word opens at i or at i + 1).
  const defectFromBySteps = (from: number, to: number, steps: Uint8Array): number => {
    // (the last character of the text opens no word of two characters)
    const last = Math.min(to, text.length - 1);
    for (let i = from; i < last; ) {
      const second = text.charCodeAt(i + 1);
      const step = steps[second];
      if (step > 0) {
        i += step;
        continue;
      }
      const first = text.charCodeAt(i);
      if (firstChars[first] && firstPairs![pairSlot(first, second)]) {
        defectAt.lastIndex = i;
        if (defectAt.test(text)) return i;
      }
      i++;
    }
    return -1;
  };
  const defectFromByChars = (from: number, to: number): number => {
    for (let i = from; i < to; i++) {
      // (here a defect word is one character long: no pair test)
      if (!firstChars[text.charCodeAt(i)]) continue;
      defectAt.lastIndex = i;
      if (defectAt.test(text)) return i;
    }
    return -1;
  };
  // the defect words' spans of the paragraph looked at, in text order (one pair of arrays for the walk)
  const starts: number[] = [];
  const ends: number[] = [];
  // the paragraph looked at, the one before it (noise and title left out) and its clauses
  let paragraph = paragraphs[0];
  let before: Paragraph | undefined;
  const clauses = walkClauses;
  // Note: the announcing cues are costly to look for and most clauses are decided without them: they are looked for
  // once per paragraph, when the first clause needs them; which clause holds the first cue (`cueAt`) only once a
  // clause needs its cue features.
  let possible: PossibleCues | undefined;
  let cueAt: number | undefined;
  // a clause the tester rejects holds no cue (see `anyMatchTester`)
  const cueIn = (k: number) => (!contextTester || contextTester.test(text, clauses.starts[k], clauses.ends[k])) && context.test(text.slice(clauses.starts[k], clauses.ends[k]));
  const possibleCues = (): PossibleCues => {
    if (!possible) {
      const previousStart = before ? Math.max(before.start, before.end - 60) : 0;
      possible = {
        anyContext: !contextTester || contextTester.test(text, paragraph.start, paragraph.end),
        previousCue: before !== undefined && (endsOnColon(text, previousStart, before.end) || ((!contextTester || contextTester.test(text, previousStart, before.end)) && context.test(text.slice(previousStart, before.end)))),
      };
    }
    return possible;
  };
  const firstCue = () => {
    for (let k = 0; k < clauses.count; k++) if (cueIn(k)) return k;
    return -1;
  };
  const cueMask = (k: number, sentenceStart: number): number => {
    const { anyContext, previousCue } = possibleCues();
    cueAt ??= anyContext ? firstCue() : -1;
    const previousBit = previousCue ? CUE_PREV : 0;
    // the clauses up to the first cue were tested when it was looked for (none holds one when cueAt is -1)
    if (cueAt >= 0 && (k === cueAt || (k > cueAt && cueIn(k)))) return previousBit | CUE_SAME;
    if (cueAt >= 0 && cueAt < k) return previousBit | (cueAt >= sentenceStart ? CUE_SENTENCE : CUE_BEFORE);
    return previousBit;
  };
  for (let pi = 0; pi < paragraphs.length; pi++) {
    paragraph = paragraphs[pi];
    if (paragraph.section === 'noise' || paragraph.section === 'title') continue;
    const position = Math.min(4, Math.floor((5 * seen++) / body));
    before = previous;
    previous = paragraph;
    const rulePrevious = ruleBefore;
    ruleBefore = Boolean(groups.rules) && taken.length > 0 && inRule(paragraph.start, paragraph.end);
    if (paragraph.isHeading && paragraph.end - paragraph.start <= 30) lastHeading = paragraph;
    // Note: no gold problem of the training sets stands in a paragraph the section classifier put in the plans (0 of
    // 542 candidate clauses there, 2026-11-30), and a report's plans name many defects they answer: not looked at.
    if (paragraph.section === 'plans') continue;
    // a paragraph the rule items cover whole has no clause left to score
    if (skipTaken && coversParagraph(taken, paragraph)) continue;
    let found = defectEndFrom(paragraph.start, paragraph.end);
    if (found < 0) continue;
    starts.length = 0;
    ends.length = 0;
    while (found >= 0) {
      starts.push(found);
      ends.push(defectAt.lastIndex);
      found = defectEndFrom(defectAt.lastIndex, paragraph.end);
    }
    // a defect word that opens inside a rule item lies in a clause that overlaps it: when all do, no clause is left
    if (skipTaken && allTaken(starts, taken)) continue;
    // (the clauses after the one holding the last defect word are not cut: no feature of a clause before reads them —
    // a cue in one of them is no cue before a clause — and no clause in them is visited)
    clauseSpans(text, paragraph.start, paragraph.end, clauses, starts[starts.length - 1] + 1);
    // the defect words of clause k are starts[firstMatch[k]…firstMatch[k] + matchCount[k]) (one that opens between
    // clauses, on punctuation or space, belongs to none)
    if (clauses.count > matchCount.length) {
      firstMatch = clauseMatches.firstMatch = new Int32Array(2 * clauses.count);
      matchCount = clauseMatches.matchCount = new Int32Array(2 * clauses.count);
    }
    // (only the counts need clearing: firstMatch[k] is set when the count of clause k turns from 0 to 1)
    matchCount.fill(0, 0, clauses.count);
    for (let k = 0, j = 0; j < starts.length; j++) {
      while (k < clauses.count && clauses.ends[k] <= starts[j]) k++;
      if (k < clauses.count && starts[j] >= clauses.starts[k]) {
        if (matchCount[k]++ === 0) firstMatch[k] = j;
      }
    }
    let defects = 0;
    for (let k = 0; k < clauses.count; k++) if (matchCount[k] > 0) defects++;
    possible = undefined;
    cueAt = undefined;
    const shared = [SECTION_FEATURES[paragraph.section], POSITION_FEATURES[position], defects >= 3 ? 'ndef=3+' : DEFECT_COUNT_FEATURES[defects]];
    if (paragraph.isHeading) shared.push('heading');
    if (underProblemsHeading()) shared.push('under-heading');
    // (a slice of a paragraph shares the text's characters: nothing is copied)
    if (text.slice(paragraph.start, paragraph.end).includes('一是')) shared.push('shi-para');
    if (ruleBefore) shared.push('rule-paragraph');
    if (rulePrevious) shared.push('rule-previous');
    let sentenceStart = 0;
    for (let k = 0; k < clauses.count; k++) {
      const start = clauses.starts[k];
      const end = clauses.ends[k];
      if (k > 0 && clauses.endsSentence(k - 1)) sentenceStart = k;
      if (matchCount[k] === 0 || (skipTaken && inRule(start, end))) continue;
      const from = firstMatch[k];
      const to = from + matchCount[k];
      walked.start = start;
      walked.end = end;
      walked.paragraph = pi;
      walked.index = k;
      walked.sentenceStart = sentenceStart;
      walked.endsPart = clauses.endsPart(k);
      walked.endsSentence = clauses.endsSentence(k);
      walked.shared = shared;
      walked.defectWords = distinctWords(text, starts, ends, from, to);
      walked.mask = clauseMask(text, clauses, k, sentenceStart, starts[from], to - from, matchCount, defectEnd) | (ruleBefore && inRule(start, end) ? RULE_CLAUSE : 0);
      visit(walked, possibleCues, cueMask);
    }
  }
}

/** The paragraph features by section, position and count of defect clauses (1 or 2; 3+ is one), made once. */
const SECTION_FEATURES = Object.fromEntries(SECTION_TYPES.map((s) => [s, `sec=${s}`])) as Record<SectionType, string>;
const POSITION_FEATURES = [0, 1, 2, 3, 4].map((p) => `pos=${p}`);
const DEFECT_COUNT_FEATURES = [0, 1, 2].map((n) => `ndef=${n}`);

/** True when a rule item covers a paragraph whole (but for two characters at either end). */
function coversParagraph(taken: readonly Span[], paragraph: Span): boolean {
  for (const t of taken) if (t.start <= paragraph.start + 2 && t.end >= paragraph.end - 2) return true;
  return false;
}

/** True when every offset of `starts` lies inside a rule item. */
function allTaken(starts: readonly number[], taken: readonly Span[]): boolean {
  for (const at of starts) if (!holdsOffset(taken, at)) return false;
  return true;
}

/** True when an offset lies inside one of the spans. */
function holdsOffset(spans: readonly Span[], at: number): boolean {
  for (const t of spans) if (t.start <= at && at < t.end) return true;
  return false;
}

/** True when a span overlaps one of the spans. */
function overlapsAny(spans: readonly Span[], start: number, end: number): boolean {
  for (const t of spans) if (start < t.end && t.start < end) return true;
  return false;
}

/** The words of the spans [starts[j], ends[j]) for j in [from, to), each once, in the order of first occurrence. */
function distinctWords(text: string, starts: readonly number[], ends: readonly number[], from: number, to: number): string[] {
  const words: string[] = [];
  for (let j = from; j < to; j++) {
    const word = text.slice(starts[j], ends[j]);
    if (!words.includes(word)) words.push(word);
  }
  return words;
}

/**
 * The `CLAUSE_FEATURES` of clause k but `rule-clause`: `firstDefect` is where its first defect word opens, `defectCount`
 * how many it names, `matchCount` how many each clause of the paragraph names.
 */
function clauseMask(text: string, clauses: ClauseSpans, k: number, sentenceStart: number, firstDefect: number, defectCount: number, matchCount: Int32Array, defectEnd: RegExp): number {
  const start = clauses.starts[k];
  const w = text.slice(start, clauses.ends[k]);
  let mask = 0;
  if (defectEnd.test(w)) mask |= DEF_END;
  if (firstDefect - start <= 1) mask |= DEF_START;
  if (defectCount > 1) mask |= DEF_2;
  // (a clause opening on a quantifier has quant-start instead of quant)
  const words = wordFeatures(text, start, clauses.ends[k]);
  mask |= QUANTIFIER.test(w) ? (words & ~QUANT) | QUANT_START : words;
  if (PLAN_START.test(w)) mask |= PLAN_START_BIT;
  if (MARK.test(w)) mask |= MARK_BIT;
  if (TURN.test(text.slice(clauses.starts[sentenceStart], clauses.ends[sentenceStart]))) mask |= TURN_BIT;
  mask |= k === 0 ? FIRST_CLAUSE : k === sentenceStart ? SENTENCE_START : INSIDE_SENTENCE;
  if (clauses.endsSentence(k)) mask |= ENDS_SENTENCE;
  else if (clauses.endsPart(k)) mask |= ENDS_PART;
  if (k > 0 && matchCount[k - 1] > 0) mask |= PREV_DEF;
  if (k + 1 < clauses.count && matchCount[k + 1] > 0) mask |= NEXT_DEF;
  if (k > 0 && wordFeatures(text, clauses.starts[k - 1], clauses.ends[k - 1]) & FIX_BIT) mask |= PREV_FIX;
  return mask | lengthBit(w.length);
}

/**
 * The sum of the weights of `features[from…]`, which are distinct, added in their order to `z`.
 *
 * Note: adding the weights one by one from 0 makes the sum of a list's head, carried on over its tail, the very
 * number the sum of the whole list is (the scorer weighs a paragraph's features once for all its clauses).
 */
function weightOf(model: Pick<ProblemScorerModel, 'weights'>, features: readonly string[], from = 0, z = 0): number {
  for (let i = from; i < features.length; i++) z += model.weights.get(features[i]) ?? 0;
  return z;
}

/**
 * `z` plus the weight of each distinct word of a clause (in the order of first occurrence, as a `Set` of the words
 * gives them) and of each distinct adjacent pair (in the order of first occurrence).
 *
 * Note: most words and nearly all pairs have no weight: a word or pair is looked for earlier in the clause only
 * when it has one. A missing weight adds nothing — `z + 0` is `z` unless z is -0, which the log-odds never are (a
 * sum is -0 only when both terms are, and `weightOf` starts from +0) — so leaving it out keeps every sum bit for bit.
 */
function addWordWeights(z: number, words: readonly string[], weights: WordWeights, groups: FeatureGroups): number {
  if (groups.words) {
    for (let j = 0; j < words.length; j++) {
      const weight = weights.words.get(words[j]);
      if (weight !== undefined && words.indexOf(words[j]) === j) z += weight;
    }
  }
  if (groups.pairs) {
    for (let j = 1; j < words.length; j++) {
      const weight = weights.pairs.get(words[j - 1])?.get(words[j]);
      if (weight !== undefined && !pairBefore(words, j)) z += weight;
    }
  }
  return z;
}

/** True when the pair of words j - 1, j stands earlier in `words`. */
function pairBefore(words: readonly string[], j: number): boolean {
  for (let i = 1; i < j; i++) if (words[i - 1] === words[j - 1] && words[i] === words[j]) return true;
  return false;
}

/** The probability that a clause with these features states a problem (each feature counted once). */
export function scoreFeatures(model: Pick<ProblemScorerModel, 'bias' | 'weights'>, features: string[]): number {
  return 1 / (1 + Math.exp(-(model.bias + weightOf(model, [...new Set(features)]))));
}

const wordWeightCache = new WeakMap<ProblemScorerModel, WordWeights>();

/** The weights of the word and word pair features by the words themselves, built once per model. */
function wordWeights(model: ProblemScorerModel): WordWeights {
  let made = wordWeightCache.get(model);
  if (!made) {
    made = { words: new Map(), pairs: new Map() };
    for (const [feature, weight] of model.weights) {
      if (feature.startsWith('w=')) made.words.set(feature.slice(2), weight);
      else if (feature.startsWith('p=')) {
        const bar = feature.indexOf('|');
        const first = feature.slice(2, bar);
        (made.pairs.get(first) ?? made.pairs.set(first, new Map()).get(first)!).set(feature.slice(bar + 1), weight);
      }
    }
    wordWeightCache.set(model, made);
  }
  return made;
}

/** The weights a scorer adds, by what the walk gives of a clause (see `Walked`), resolved once per model. */
interface ResolvedWeights extends WordWeights {
  /** by bit of `CLAUSE_FEATURES` (0 where the model has none) */
  clause: Float64Array;
  /** by bit of `CUE_FEATURES` (0 where the model has none) */
  cue: Float64Array;
  /** `dw=…` by the defect word */
  defectWords: Map<string, number>;
  /** `cueBound` with every cue possible */
  bound: number;
  /** `cueBound` by the cues a paragraph may have, at (anyContext ? 1 : 0) + (previousCue ? 2 : 0) */
  bounds: readonly number[];
  /** the word and pair weights by the token ids of this thread's vocabulary */
  byId: WordWeightsById;
}

const resolvedCache = new WeakMap<ProblemScorerModel, ResolvedWeights>();

/** A model's weights by bit and by word, built once per model. */
function resolvedWeights(model: ProblemScorerModel): ResolvedWeights {
  let made = resolvedCache.get(model);
  if (!made) {
    const byName = (names: readonly string[]) => Float64Array.from(names, (name) => model.weights.get(name) ?? 0);
    const defectWords = new Map<string, number>();
    for (const [feature, weight] of model.weights) if (feature.startsWith('dw=')) defectWords.set(feature.slice(3), weight);
    const bounds = [false, true].flatMap((previousCue) => [false, true].map((anyContext) => cueBound(model, { anyContext, previousCue })));
    const byWord = wordWeights(model);
    const byId = new WordWeightsById(byWord, tokenVocabulary.words);
    made = { ...byWord, clause: byName(CLAUSE_FEATURES), cue: byName(CUE_FEATURES), defectWords, bound: cueBound(model), bounds, byId };
    resolvedCache.set(model, made);
  }
  return made;
}

/**
 * `z` plus the weights of a mask's bits, lowest bit first (the order of the features' names in a clause's list).
 *
 * Note: a feature without a weight adds 0, as `weightOf` adds it: the same sum, bit for bit.
 */
function addMaskWeights(z: number, mask: number, weights: Float64Array): number {
  for (let rest = mask; rest !== 0; rest &= rest - 1) z += weights[31 - Math.clz32(rest & -rest)];
  return z;
}

/**
 * The log-odds of a clause without its cue features: the bias plus the weights of its features in the order of their
 * names in `candidateClauses` (the paragraph's, summed once per paragraph in `sharedWeight`; the defect words'; the
 * clause's), then of its words and pairs (`addWordWeights`; by token id where the ids are this thread's).
 */
function clauseLogOdds(model: ProblemScorerModel, weights: ResolvedWeights, clause: Walked, sharedWeight: number, tokens: Tokens): number {
  let z = sharedWeight;
  for (const word of clause.defectWords) z += weights.defectWords.get(word) ?? 0;
  z = model.bias + addMaskWeights(z, clause.mask, weights.clause);
  const { words, pairs } = model.groups;
  if (!words && !pairs) return z;
  return weights.byId.add(z, tokens, clause.start, clause.end, words, pairs) ?? addWordWeights(z, clauseWords(tokens, clause.start, clause.end), weights, model.groups);
}

/**
 * The most the cue features can add to the log-odds of a clause that may become an item: `cue-prev` and one of
 * `cue-sentence`, `cue-before` (a clause with `cue-same` never becomes one), each only when its paragraph may have it.
 */
function cueBound(model: ProblemScorerModel, possible: PossibleCues = { anyContext: true, previousCue: true }): number {
  const w = (f: string) => model.weights.get(f) ?? 0;
  return (possible.previousCue ? Math.max(0, w('cue-prev')) : 0) + (possible.anyContext ? Math.max(0, w('cue-sentence'), w('cue-before')) : 0);
}

/** `cueBound` of the cues a paragraph may have, from the four `bounds` of `resolvedWeights`. */
function possibleBound(bounds: readonly number[], possible: PossibleCues): number {
  return bounds[(possible.anyContext ? 1 : 0) + (possible.previousCue ? 2 : 0)];
}

/** An item found by the scorer: its span, headline (the first clause that scored) and paragraph. */
export interface ScoredItem extends Span {
  headline: Span;
  paragraph: number;
  score: number;
}

/**
 * Items for the clauses the rules left: a clause that names a defect, overlaps no rule item (`taken`) and scores at
 * least the threshold starts an item, which takes the clauses after it in its sentence that name no defect; a scoring
 * clause after a comma whose topic (`topicOf`) is the item's goes on restating it and stays in it.
 */
export function scoredItems(
  text: string,
  paragraphs: Paragraph[],
  tokens: Tokens,
  cues: ProblemCues,
  model: ProblemScorerModel,
  taken: Span[],
  topicOf: (clause: string) => string | undefined = () => undefined,
): ScoredItem[] {
  const items: ScoredItem[] = [];
  const overlaps = (s: Span) => taken.some((t) => s.start < t.end && t.start < s.end);
  const byParagraph = new Map<number, { index: number; score: number }[]>();
  // a clause whose log-odds stay below the threshold's even with the best cues is dropped before the cues are looked for,
  // and one that stays below with the cues its paragraph may have before the clause holding the first cue is looked for
  const needed = Math.log(model.threshold / (1 - model.threshold));
  const weights = resolvedWeights(model);
  const { bound, bounds } = weights;
  // the weight of the paragraph's features, summed once per paragraph (see `weightOf`)
  let lastShared: readonly string[] | undefined;
  let sharedWeight = 0;
  walkCandidates(text, paragraphs, cues, model.groups, taken, true, (c, possibleCues, cueMask) => {
    if (c.shared !== lastShared) {
      lastShared = c.shared;
      sharedWeight = weightOf(model, c.shared);
    }
    const z = clauseLogOdds(model, weights, c, sharedWeight, tokens);
    if (!(z + bound >= needed && z + possibleBound(bounds, possibleCues()) >= needed)) return;
    const cued = cueMask(c.index, c.sentenceStart);
    // a clause that announces problems (还面临一些突出问题) names none of its own: never an item, as in the rules
    if (cued & CUE_SAME) return;
    const score = 1 / (1 + Math.exp(-(z + addMaskWeights(0, cued, weights.cue))));
    if (score < model.threshold) return;
    const list = byParagraph.get(c.paragraph) ?? [];
    list.push({ index: c.index, score });
    byParagraph.set(c.paragraph, list);
  });
  for (const [pi, hits] of byParagraph) {
    const paragraph = paragraphs[pi];
    if (headsRuleList(text, paragraphs, pi, taken)) continue;
    const clauses = clausesOf(text, paragraph.start, paragraph.end);
    let current: (ScoredItem & { topic?: string; lastIndex: number }) | undefined;
    const close = () => {
      if (current) items.push({ start: current.start, end: current.end, headline: current.headline, paragraph: current.paragraph, score: current.score });
      current = undefined;
    };
    let h = 0;
    clauses.forEach((clause, k) => {
      const hit = h < hits.length && hits[h].index === k ? hits[h++] : undefined;
      if (overlaps(clause)) return close();
      if (hit) {
        const topic = topicOf(text.slice(clause.start, clause.end));
        const restates = current && current.lastIndex === k - 1 && !clauses[k - 1].endsPart && topic !== undefined && topic === current.topic;
        if (restates) {
          current!.end = clause.end;
          current!.lastIndex = k;
        } else {
          close();
          current = { start: clause.start, end: clause.end, headline: { start: clause.start, end: clause.end }, paragraph: pi, score: hit.score, topic, lastIndex: k };
        }
      } else if (current && current.lastIndex === k - 1 && !clauses[k - 1].endsSentence && !cues.defect.test(text.slice(clause.start, clause.end))) {
        // context or explanation after the problem, in its sentence (a clause naming a defect of its own that did not
        // score is no part of it)
        current.end = clause.end;
        current.lastIndex = k;
      } else close();
      if (clause.endsSentence) close();
    });
    close();
  }
  return items.sort((a, b) => a.start - b.start);
}

/**
 * True when a paragraph is the heading of a list the rules split into items ((三)业务能力不强 / 一是…二是… below it, or
 * 首先，宣传机构不健全。一是… in it): a heading line or a numbered paragraph with a rule item after its first words or
 * in the paragraph after it. The rules chose the nested items as the problems; the heading only groups them.
 */
function headsRuleList(text: string, paragraphs: Paragraph[], index: number, taken: Span[]): boolean {
  const paragraph = paragraphs[index];
  let next = index + 1;
  while (next < paragraphs.length && paragraphs[next].section === 'noise') next++;
  const after = next < paragraphs.length ? paragraphs[next] : undefined;
  const heading = paragraph.isHeading || MARK.test(text.slice(paragraph.start, Math.min(paragraph.end, paragraph.start + 12)).trim());
  if (!heading) return false;
  return taken.some((t) => (t.start > paragraph.start && t.start < paragraph.end) || (after !== undefined && t.start >= after.start && t.start < after.end));
}
