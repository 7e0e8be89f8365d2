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
import type { ProblemCues } from '../data/problem-cues.js';

/** A clause of a problem stretch. */
export interface Clause extends Span {
  kind: 'intro' | 'problem' | 'neutral';
  /** the clause ends a sentence part (；。！？ or ：), not at a comma */
  endsPart: boolean;
  /** the clause ends a sentence (。！？) */
  endsSentence: boolean;
}

/** One item of a prose list: its span and headline (the problem clause that starts it). */
export interface ListItem extends Span {
  headline: Span;
}

const CLAUSE_END = new Set([...'，,；;。！？!?：:']);
const PART_END = new Set([...'；;。！？!?：:']);
const SENTENCE_END = new Set([...'。！？!?']);
const OPEN = new Set([...'（(“《']);
const CLOSE = new Set([...'）)”》']);
const SPACE = /[\s\u3000]/u;

/** Clause spans of [from, to), trimmed, each with where it ends. */
export function clausesOf(text: string, from: number, to: number): Omit<Clause, 'kind'>[] {
  const out: Omit<Clause, 'kind'>[] = [];
  let start = from;
  let depth = 0;
  for (let i = from; i <= to; i++) {
    const ch = i < to ? text[i] : '';
    if (OPEN.has(ch)) depth++;
    else if (CLOSE.has(ch) && depth > 0) depth--;
    if (i === to || (depth === 0 && CLAUSE_END.has(ch))) {
      let a = start;
      let b = i;
      while (a < b && SPACE.test(text[a])) a++;
      while (b > a && SPACE.test(text[b - 1])) b--;
      if (b > a) out.push({ start: a, end: b, endsPart: i === to || PART_END.has(ch), endsSentence: i === to || SENTENCE_END.has(ch) });
      start = i + 1;
    }
  }
  return out;
}

/** Length of a lead (主要是：, 主要表现在) at the start of a clause, or 0. */
function leadLength(clause: string, cues: ProblemCues): number {
  for (const re of cues.lead) {
    const m = re.exec(clause);
    if (m && m.index === 0) return m[0].length;
  }
  return 0;
}

/** True when a clause only announces problems (statement cue, vague admission, intro cue). */
export function isIntroClause(clause: string, cues: ProblemCues): boolean {
  if (leadLength(clause, cues) === clause.length) return true;
  return [...cues.statement, ...cues.vague, ...cues.disclosure].some((re) => re.test(clause));
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
        clauses.push({ ...c, kind: 'intro' });
        continue;
      }
    }
    const words = text.slice(start, c.end);
    let kind: Clause['kind'];
    // Note: the announcement may come after a clause of context in the first part of its sentence (我区发展形势复杂，
    // 面临的老问题、新挑战仍然不少：…).
    if ((leading || firstPart) && isIntroClause(words, cues)) kind = 'intro';
    else if (cues.defect.test(words)) kind = 'problem';
    else kind = 'neutral';
    if (kind === 'problem') leading = false;
    // context before the announcement (同时，我们也清醒认识到) belongs to the announcement; so does a clause naming
    // risks in general in the part an announcement closes with a colon (发展与外部风险挑战交织，老问题新挑战仍然不少：),
    // but not a problem stated before an announcement that goes on with a comma (外部环境复杂严峻，老问题仍然不少，A，B)
    const opensList = /[：:]/u.test(text[c.end] ?? '');
    if (kind === 'intro') for (const earlier of clauses) if (earlier.kind === 'neutral' || (firstPart && opensList && earlier.kind === 'problem')) earlier.kind = 'intro';
    clauses.push({ ...c, start, kind });
    if (c.endsPart) firstPart = false;
  }

  const items: ListItem[] = [];
  let pending: Clause[] = [];
  for (const c of clauses) {
    if (c.kind === 'intro') continue;
    if (c.kind === 'problem') {
      const last = items[items.length - 1];
      if (last && !pending.length && !/[；;。！？!?：:]/u.test(text.slice(last.end, c.start))) {
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
