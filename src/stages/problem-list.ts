/**
 * Problem lists written as prose: the paragraph in which a report states its own shortcomings without numbering
 * them, usually after a statement cue —
 *
 *   在肯定成绩的同时，我们也清醒认识到，发展中还存在不少困难和问题，主要是：A，B；C，D。E。对此，我们……
 *
 * The stretch is cut into clauses at ，；。：; clauses are classed as
 * - `intro`: the leading clauses that only announce problems (a statement cue such as 清醒认识到, a vague
 *   admission such as 还存在不少问题和不足, the lead 主要是/主要表现在);
 * - `problem`: a clause naming a defect (a word of data/problem-cues.txt: 不足, 偏弱, 压力较大, 风险隐患 …);
 * - `neutral`: anything else (context or explanation).
 * Every problem clause starts an item; a neutral clause goes with the problem clause after it in the same sentence
 * part (the subject or context that comes first: 人口结构变化对民生保障提出新课题，交通出行还有弱项), otherwise with the
 * item before it (the explanation that follows: 舆情监测滞后，大多靠县里反馈). A problem clause after a comma that
 * names the same topic as the item before it (`topicOf`, the concepts of data/problem-concepts.tsv) restates that
 * problem and stays in it (社会预期偏弱，市场信心不足; 财力紧张，保运转压力大). Reading stops at a sentence that
 * answers the problems (对此 / 这些问题 / 我们一定) or opens the plans.
 *
 * Pure; spans index the analysed text.
 */
import type { Span } from '../model/span.js';
import { perCueSet, type ProblemCues } from '../data/problem-cues.js';
import { WHITESPACE_UNITS } from '../data/regex-source.js';

/** A clause of a problem stretch. */
export interface Clause extends Span {
  kind: 'intro' | 'problem' | 'neutral';
  /** an element of an inline list (存在A、B等问题): a problem of its own, never merged with the one before */
  element?: boolean;
  /** the clause ends a sentence part (；。！？ or ：), not at a comma */
  endsPart: boolean;
  /** the clause ends a sentence (。！？) */
  endsSentence: boolean;
}

/**
 * A clause of `listItems` with every field set, in one order: one object shape for all of them. (A spread with more
 * fields, `{ ...c, kind }`, gets a map of its own for each object once the code making it is optimised.)
 */
function makeClause(start: number, end: number, kind: Clause['kind'], element: boolean, endsPart: boolean, endsSentence: boolean): Clause {
  return { start, end, kind, element, endsPart, endsSentence };
}

/** One item of a prose list: its span and headline (the problem clause that starts it). */
export interface ListItem extends Span {
  headline: Span;
}

/** The characters a stretch is cut into clauses at (outside brackets). */
export const CLAUSE_BREAKS = '，,；;。！？!?：:';
const CLAUSE_END = new Set([...CLAUSE_BREAKS]);
const PART_END = new Set([...'；;。！？!?：:']);
const SENTENCE_END = new Set([...'。！？!?']);
const OPEN = new Set([...'（(“《']);
const CLOSE = new Set([...'）)”》']);
const SPACE = /[\s\u3000]/u;

/**
 * 1 at each UTF-16 code that `SPACE` (and `\s`, which holds U+3000) matches (`WHITESPACE_UNITS`), so that the clause and
 * sentence trims look a character up rather than run a regex on it. A test checks it against the regex on every code.
 */
export const SPACE_CODE = (() => {
  const table = new Uint8Array(0x10000);
  for (const code of WHITESPACE_UNITS) table[code] = 1;
  return table;
})();

/**
 * True when [start, end) ends on a colon (：or :) and nothing after it but spaces: what `/[：:]\s*$/u` says of the slice,
 * read from the end without cutting the slice out (the stage asks it of most paragraphs).
 */
export function endsOnColon(text: string, start: number, end: number): boolean {
  let i = end - 1;
  while (i >= start && SPACE_CODE[text.charCodeAt(i)]) i--;
  if (i < start) return false;
  const code = text.charCodeAt(i);
  return code === 0xff1a || code === 0x3a;
}

/** Kinds of the punctuation clausesOf looks at, by UTF-16 code: bits OPEN, CLOSE, CLAUSE_END, PART_END, SENTENCE_END. */
const PUNCTUATION = (() => {
  const table = new Uint8Array(0x10000);
  const mark = (chars: Set<string>, bit: number) => {
    for (const ch of chars) table[ch.charCodeAt(0)] |= bit;
  };
  mark(OPEN, 1);
  mark(CLOSE, 2);
  mark(CLAUSE_END, 4);
  mark(PART_END, 8);
  mark(SENTENCE_END, 16);
  return table;
})();

/** Clause spans of [from, to), trimmed, each with where it ends. */
export function clausesOf(text: string, from: number, to: number): Omit<Clause, 'kind'>[] {
  const spans = clauseSpans(text, from, to, listScratch);
  const out: Omit<Clause, 'kind'>[] = [];
  for (let k = 0; k < spans.count; k++) {
    out.push({ start: spans.starts[k], end: spans.ends[k], endsPart: spans.endsPart(k), endsSentence: spans.endsSentence(k) });
  }
  return out;
}

/** `ClauseSpans.flags`: the clause ends a sentence part (；。！？ or ：, or the stretch). */
const ENDS_PART = 1;
/** `ClauseSpans.flags`: the clause ends a sentence (。！？, or the stretch). */
const ENDS_SENTENCE = 2;

/**
 * The clauses of a stretch as parallel arrays (`clauseSpans` fills them): what `clausesOf` gives, without an object for
 * each clause. One set is reused from stretch to stretch; it grows when a stretch has more clauses.
 */
export class ClauseSpans {
  /** how many clauses the stretch has */
  count = 0;
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  /** `ENDS_PART`, `ENDS_SENTENCE` bits by clause */
  flags = new Uint8Array(64);

  endsPart(k: number): boolean {
    return (this.flags[k] & ENDS_PART) !== 0;
  }

  endsSentence(k: number): boolean {
    return (this.flags[k] & ENDS_SENTENCE) !== 0;
  }

  /** Adds a clause, growing the arrays when full. */
  push(start: number, end: number, flags: number): void {
    if (this.count === this.starts.length) {
      this.starts = grown(this.starts);
      this.ends = grown(this.ends);
      const more = new Uint8Array(2 * this.flags.length);
      more.set(this.flags);
      this.flags = more;
    }
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.flags[this.count++] = flags;
  }
}

/** An array twice as long holding the same values first. */
function grown(values: Int32Array): Int32Array<ArrayBuffer> {
  const more = new Int32Array(2 * values.length);
  more.set(values);
  return more;
}

/** The spans `clausesOf` fills before it makes its objects. */
const listScratch = new ClauseSpans();

/**
 * Fills `into` with the clause spans of [from, to) (see `clausesOf`) and returns it. With `until`, it stops after the
 * clause that holds offset `until - 1` (or the first that opens after it): the first clauses of the whole list, each
 * as it is there, so that a caller that looks only at the clauses up to an offset need not cut the rest of the stretch.
 */
export function clauseSpans(text: string, from: number, to: number, into: ClauseSpans, until = to): ClauseSpans {
  into.count = 0;
  let start = from;
  let depth = 0;
  // Note: one table lookup a character (the stage cuts every problem-bearing paragraph into clauses).
  for (let i = from; i <= to && start < until; i++) {
    const kind = i < to ? PUNCTUATION[text.charCodeAt(i)] : 0;
    if (kind & 1) depth++;
    else if (kind & 2 && depth > 0) depth--;
    if (i === to || (depth === 0 && kind & 4)) {
      let a = start;
      let b = i;
      while (a < b && SPACE_CODE[text.charCodeAt(a)]) a++;
      while (b > a && SPACE_CODE[text.charCodeAt(b - 1)]) b--;
      if (b > a) into.push(a, b, (i === to || (kind & 8) !== 0 ? ENDS_PART : 0) | (i === to || (kind & 16) !== 0 ? ENDS_SENTENCE : 0));
      start = i + 1;
    }
  }
  return into;
}

/** Length of a lead (主要是：, 主要表现在) at the start of a clause, or 0. */
function leadLength(clause: string, cues: ProblemCues): number {
  for (const re of cues.lead) {
    const m = re.exec(clause);
    if (m && m.index === 0) return m[0].length;
  }
  return 0;
}

/** Patterns that open a problem paragraph anywhere: statements and vague admissions (还面临一些困难和挑战), disclosures. */
export const statementPatterns = perCueSet((cues) => [...cues.statement, ...cues.vague, ...cues.disclosure]);

/** The statement and disclosure cues, whose end is where a clause may run on into its problem. */
const statementOrDisclosure = perCueSet((cues) => [...cues.statement, ...cues.disclosure]);

/** True when a clause only announces problems (statement cue, vague admission, intro cue). */
export function isIntroClause(clause: string, cues: ProblemCues): boolean {
  if (leadLength(clause, cues) === clause.length) return true;
  return statementPatterns(cues).some((re) => re.test(clause));
}

/**
 * True when the words after a statement cue in its clause state a problem (村支部开展活动较少), not problems in general
 * (面临的困难和挑战, 仍然存在不少矛盾和问题) nor a noun phrase (的突出问题).
 */
function runsOnIntoProblem(rest: string, cues: ProblemCues): boolean {
  return rest.length >= 4 && rest[0] !== '的' && cues.defect.test(rest) && !cues.admits.some((re) => re.test(rest)) && !isIntroClause(rest, cues);
}

/** End of the last statement or disclosure cue in a clause (查找出我局存在着|…), 0 when none matches. */
function statementEnd(clause: string, cues: ProblemCues): number {
  let end = 0;
  for (const re of statementOrDisclosure(cues)) {
    const m = re.exec(clause);
    if (m) end = Math.max(end, m.index + m[0].length);
  }
  return end;
}

/** True when the stretch from `from` opens with an announcing clause (the prose-list form). */
export function opensWithStatement(text: string, from: number, to: number, cues: ProblemCues): boolean {
  const first = clausesOf(text, from, Math.min(to, from + 120)).slice(0, 3);
  return first.some((c) => isIntroClause(text.slice(c.start, c.end), cues));
}

/** True when a sentence starting at `start` answers the problems or opens the plans. */
function closes(text: string, start: number, cues: ProblemCues): boolean {
  const head = text.slice(start, start + 40);
  return cues.remedy.some((re) => re.test(head)) || cues.end.some((re) => re.test(head));
}

/** Words that open a clause stating a consequence of the problem before it (导致…更多的困难), not a new problem. */
const CONSEQUENCE = /^(?:导致|造成|致使|使得|使|从而|进而|以致|以至于?)/u;

/** A list part that opens on a negated or defect predicate (不协调, 未落实, 缺乏…): it shares a subject with the part before. */
const BARE_PREDICATE = /^(?:不|未|无|没有|缺乏|缺少|欠)/u;

/** A noun for problems in general: words before a list that hold one announce the list rather than name its subject. */
const PROBLEM_NOUN = /问题|困难|不足|短板|矛盾|挑战|差距|弱项/u;

/** A list element: at least two characters of words. */
const ELEMENT_MIN = 2;

/**
 * The elements of an inline list in [start, end), or undefined: the list a frame of data/problem-patterns.tsv (kind
 * `inline`) holds in its group 1 (存在A、B、C等问题; 问题是A、B和C; 如A、B等 after an admission), the whole clause after
 * a lead (主要有：A、B、C等等), or a clause of three or more 、-parts that each state a defect of their own subject
 * (农业基础还不扎实、历史欠账较多、拆迁任务还任重道远). Elements are split at 、 and the last one at 和/及/以及 when both sides state a defect.
 */
function inlineElements(text: string, start: number, end: number, cues: ProblemCues, afterLead: boolean, afterIntro: boolean): Span[] | undefined {
  const words = text.slice(start, end);
  if (!words.includes('、')) return undefined;
  let list: Span | undefined;
  // the words before a framed list (少数干部还存在) are the subject of its first element
  let subject = false;
  // a list of instances (如A、B等) gives examples of the problem before it unless that was an admission
  for (const re of afterIntro ? [...cues.inline, ...cues.instances] : cues.inline) {
    const m = re.exec(words);
    if (!m || m[1] === undefined) continue;
    const at = start + m.index + m[0].lastIndexOf(m[1]);
    list = { start: at, end: at + m[1].length };
    // …存在A、B等问题: the words before are A's subject; 主要问题是A、B: they only announce the list
    subject = cues.inline.includes(re) && !PROBLEM_NOUN.test(words.slice(0, at - start));
    break;
  }
  const parts = splitList(text, list ?? { start, end }, cues);
  if (parts.length < 2 || parts.some((p) => p.end - p.start < ELEMENT_MIN)) return undefined;
  // a part that opens on its predicate (不协调, 未完成) shares the subject of the part before: one problem
  if (parts.slice(1).some((p) => BARE_PREDICATE.test(text.slice(p.start, p.end)))) return undefined;
  if (subject) parts[0] = { start, end: parts[0].end };
  if (list) return parts;
  // after a lead (主要有：A、B、C等等) the clause is a list when it closes on 等 or each part names a defect
  if (afterLead && (/等等?$/u.test(words) || parts.every((p) => cues.defect.test(text.slice(p.start, p.end))))) return parts;
  // no frame: split only a run of three or more parts that each state a defect of their own subject (two such parts,
  // 本领不足、作风不实, are mostly one problem told twice)
  return parts.length >= 3 && parts.every((p) => subjectDefect(text.slice(p.start, p.end), cues)) ? parts : undefined;
}

/** True when a phrase names a defect after a subject of at least two characters (历史欠账较多, not 不充分问题). */
function subjectDefect(phrase: string, cues: ProblemCues): boolean {
  const m = cues.defect.exec(phrase);
  return m !== null && m.index >= 2;
}

/** The parts of a list span at 、 (top level), the last part cut at 和/及/以及 when both sides state a defect. */
function splitList(text: string, list: Span, cues: ProblemCues): Span[] {
  const parts: Span[] = [];
  let from = list.start;
  let depth = 0;
  for (let i = list.start; i <= list.end; i++) {
    const ch = i < list.end ? text[i] : '';
    if (OPEN.has(ch)) depth++;
    else if (CLOSE.has(ch) && depth > 0) depth--;
    if (i === list.end || (depth === 0 && ch === '、')) {
      let a = from;
      let b = i;
      while (a < b && SPACE.test(text[a])) a++;
      while (b > a && SPACE.test(text[b - 1])) b--;
      if (i === list.end) b = a + text.slice(a, b).replace(/等等?$/u, '').length;
      if (b > a) parts.push({ start: a, end: b });
      from = i + 1;
    }
  }
  const last = parts[parts.length - 1];
  if (parts.length >= 2) {
    // 工作实效不强和党的领导弱化: two problems; 城乡和区域发展不平衡: one
    const words = text.slice(last.start, last.end);
    const m = /(?:以及|和|及)/u.exec(words.slice(4));
    if (m) {
      const cut = 4 + m.index;
      const right = words.slice(cut + m[0].length);
      if (right.length >= 4 && cues.defect.test(right)) parts.splice(parts.length - 1, 1, { start: last.start, end: last.start + cut }, { start: last.start + cut + m[0].length, end: last.end });
    }
  }
  return parts;
}

/**
 * Items of a prose list over [from, to). `intro` clauses are skipped only while no problem clause has been seen.
 * Returns no items when the stretch names no defect (the caller keeps its generic admission then).
 */
export function listItems(text: string, from: number, to: number, cues: ProblemCues, topicOf: (clause: string) => string | undefined = () => undefined): ListItem[] {
  const raw = clausesOf(text, from, to);
  const clauses: Clause[] = [];
  let leading = true;
  let sentenceStart = true;
  let firstPart = true;
  for (const c of raw) {
    if (sentenceStart && clauses.length > 0 && closes(text, c.start, cues)) break;
    sentenceStart = c.endsSentence;
    let start = c.start;
    const lead = leadLength(text.slice(c.start, c.end), cues);
    if (lead) {
      start += lead;
      while (start < c.end && /[\s：:，,]/u.test(text[start])) start++;
      if (start >= c.end) {
        clauses.push(makeClause(c.start, c.end, 'intro', false, c.endsPart, c.endsSentence));
        continue;
      }
    }
    let words = text.slice(start, c.end);
    // an inline list (存在A、B、C等问题) is one problem per element
    const previous = clauses[clauses.length - 1];
    // after a lead (主要有：) or an admission closing on a colon, the clause is the list itself
    const afterIntro = previous?.kind === 'intro' && !/[。！？!?]/u.test(text.slice(previous.end, c.start));
    const elements = inlineElements(text, start, c.end, cues, lead > 0 || (afterIntro && /[：:]/u.test(text.slice(previous.end, c.start))), afterIntro);
    if (elements) {
      leading = false;
      for (const e of elements) clauses.push(makeClause(e.start, e.end, 'problem', true, false, false));
      const last = clauses[clauses.length - 1];
      last.endsPart = c.endsPart;
      last.endsSentence = c.endsSentence;
      if (c.endsPart) firstPart = false;
      continue;
    }
    // a statement that runs on into the problem in the same clause (群众普遍反映村里活动较少) keeps the problem
    let intro = (leading || firstPart) && isIntroClause(words, cues);
    const cue = intro ? statementEnd(words, cues) : 0;
    if (cue > 0 && runsOnIntoProblem(words.slice(cue), cues)) {
      start += cue;
      words = words.slice(cue);
      intro = false;
    }
    let kind: Clause['kind'];
    // Note: the announcement may come after a clause of context in the first part of its sentence (我区发展形势复杂，
    // 面临的老问题、新挑战仍然不少：…).
    if (intro) kind = 'intro';
    else if (cues.defect.test(words) && !(clauses.length > 0 && CONSEQUENCE.test(words))) kind = 'problem';
    else kind = 'neutral';
    if (kind === 'problem') leading = false;
    // context before the announcement (同时，我们也清醒认识到) belongs to the announcement; so does a clause naming
    // risks in general in the part an announcement closes with a colon (发展与外部风险挑战交织，老问题新挑战仍然不少：),
    // but not a problem stated before an announcement that goes on with a comma (外部环境复杂严峻，老问题仍然不少，A，B)
    const opensList = /[：:]/u.test(text[c.end] ?? '');
    if (kind === 'intro') for (const earlier of clauses) if (earlier.kind === 'neutral' || (firstPart && opensList && earlier.kind === 'problem')) earlier.kind = 'intro';
    clauses.push(makeClause(start, c.end, kind, false, c.endsPart, c.endsSentence));
    if (c.endsPart) firstPart = false;
  }

  const items: ListItem[] = [];
  let pending: Clause[] = [];
  for (const c of clauses) {
    if (c.kind === 'intro') continue;
    if (c.kind === 'problem') {
      const last = items[items.length - 1];
      if (last && !c.element && !pending.length && !/[；;。！？!?：:]/u.test(text.slice(last.end, c.start))) {
        // a second defect of the same topic in the same sentence part restates the item's problem
        const topic = topicOf(text.slice(c.start, c.end));
        if (topic !== undefined && topic === topicOf(text.slice(last.headline.start, last.headline.end))) {
          last.end = c.end;
          continue;
        }
      }
      const start = pending.length ? pending[0].start : c.start;
      items.push({ start, end: c.end, headline: { start: c.start, end: c.end } });
      pending = [];
    } else if (pending.length || !items.length) {
      pending.push(c);
    } else {
      // an explanation after the problem in the same part; a new part with no defect of its own waits for one
      const last = items[items.length - 1];
      if (!/[；;。！？!?：:]/u.test(text.slice(last.end, c.start))) last.end = c.end;
      else pending.push(c);
    }
    if (c.endsPart && pending.length && items.length) {
      // a sentence part that named no defect explains the item before it
      items[items.length - 1].end = pending[pending.length - 1].end;
      pending = [];
    }
  }
  return items;
}
