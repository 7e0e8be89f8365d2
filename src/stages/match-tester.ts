/**
 * A shortcut test for a list of cue patterns (see `anyMatchTester`): the problems stage and its learned scorer use it
 * to skip cutting a text into clauses when no cue can match any of them.
 */
import { isTrimmedSpace, TRIMMED_SPACE_UNITS } from '../model/code-units.js';

const testerCache = new WeakMap<RegExp[], MatchTester | null>();
/** The testers made with part breaks (see `anyMatchTester`), by the break characters. */
const clauseTesterCaches = new Map<string, WeakMap<RegExp[], MatchTester | null>>();

/**
 * Fewest alternatives in a union for which `MatchTester` scans for their opening characters itself. V8 finds a match
 * of a union of a few alternatives fast (it looks ahead for their first characters), but with many it tries each one at
 * each offset. Measured on the paragraphs of 1,000 synthetic reports (2026-11-30): with 2–6 alternatives its own regex
 * is 3–4× faster than the scan, with 12–19 the scan is 1.5–3.5× faster.
 */
const SCAN_FROM_ALTERNATIVES = 8;

/**
 * The widened union of a list of patterns (see `anyMatchTester`). A union of many alternatives whose opening characters
 * are known is tried only at the offsets that hold one (by table, one lookup a character): most texts hold only a few.
 */
export class MatchTester {
  /** the union's source: each widened alternative as (?:…), joined with | */
  readonly source: string;
  /** the union regex, unanchored, flag u */
  private readonly regex: RegExp;
  /** 1 at the UTF-16 code of each character a match can open on; null when unknown */
  private readonly opening: Uint8Array | null;
  /** the union anchored where it is tried (flags uy), when the tester scans (see `SCAN_FROM_ALTERNATIVES`) */
  private readonly sticky: RegExp | null;
  /**
   * by the UTF-16 code of a character a match opens on: `ANY_SECOND` when a match opening on it may go on with any
   * character (or end after it), else `PAIR_ONLY` (then `pairs` says which second characters may follow); null when the
   * first two characters of the matches are not known (every opening character is tried)
   */
  private readonly seconds: Uint8Array | null;
  /** 1 at the `pairSlot` of the first two UTF-16 codes of every match (see `seconds`) */
  private readonly pairs: Uint8Array | null;
  /**
   * 1 at the UTF-16 code of each opening character on which only the alternatives anchored at a part's start open
   * (a `^` dropped in widening, see `anyMatchTester`); null when the tester knows no part breaks
   */
  private readonly startOnly: Uint8Array | null;
  /** 1 at the UTF-16 code of each character after which (and spaces) a part opens (see `anyMatchTester`) */
  private readonly partBreaks: Uint8Array | null;
  /**
   * 1 at the UTF-16 code of each character that is neither an opening character, nor the second character of a match,
   * nor a part break or a space: no match opens on it, nor (but at a part's start) on the character before it. Null
   * when a match that may go on with any character opens anywhere (then `test` reads every character).
   */
  private readonly skipsTwo: Uint8Array | null;

  /**
   * `startOnly` and `partBreaks` (optional) say which opening characters are tried only at the start of a part (see
   * `anyMatchTester`): the range's start, or after a part break and spaces.
   */
  constructor(alternatives: string[], opening: Iterable<string> | null, prefixes: ReadonlySet<string> | null = null, startOnly: Iterable<string> | null = null, partBreaks: string | null = null) {
    this.regex = new RegExp(alternatives.map((src) => `(?:${src})`).join('|'), 'u');
    this.source = this.regex.source;
    const openingChars = opening ? [...opening] : null;
    this.opening = openingChars ? codeTable(openingChars) : null;
    const gate = opening && prefixes ? pairGate(prefixes) : null;
    this.seconds = gate && gate.seconds;
    this.pairs = gate && gate.pairs;
    this.sticky = opening && alternatives.length >= SCAN_FROM_ALTERNATIVES ? new RegExp(this.source, 'uy') : null;
    this.partBreaks = partBreaks !== null ? breakTable(partBreaks) : null;
    this.startOnly = startOnly && this.partBreaks ? codeTable(startOnly) : null;
    this.skipsTwo = this.sticky && gate ? skipTable(gate, openingChars!, this.startOnly, partBreaks) : null;
  }

  /** The characters a match can open on, in code order; null when unknown (every offset is tried). */
  get openingCharacters(): string | null {
    if (!this.opening) return null;
    let chars = '';
    this.opening.forEach((flag, code) => (chars += flag ? String.fromCharCode(code) : ''));
    return chars;
  }

  /** True when the union matches somewhere in `text.slice(from, to)` (as its regex would). */
  test(text: string, from = 0, to = text.length): boolean {
    const { opening, sticky } = this;
    if (!sticky || !opening) return this.regex.test(from === 0 && to === text.length ? text : text.slice(from, to));
    // Note: the stretch is cut out only once a character a match can open on turns up (most stretches hold none).
    let stretch: string | undefined;
    const { seconds, pairs, startOnly, skipsTwo, partBreaks } = this;
    // Note: where the next character is no opening, second or break character (most of a text), no match opens here
    // or there: the scan reads it and steps past both. Here may be a part's start only at the range's start or after a
    // break or space the scan has read (it never steps past one).
    let mayOpenPart = true;
    for (let i = from; i < to; i++) {
      if (skipsTwo !== null && !mayOpenPart && i + 1 < to && skipsTwo[text.charCodeAt(i + 1)] === 1) {
        i++;
        continue;
      }
      const first = text.charCodeAt(i);
      mayOpenPart = partBreaks !== null && (partBreaks[first] === 1 || isTrimmedSpace(first));
      if (!opening[first]) continue;
      // (a match of two characters or more cannot open on the range's last one)
      if (seconds !== null && seconds[first] !== ANY_SECOND && (i + 1 >= to || !pairs![pairSlot(first, text.charCodeAt(i + 1))])) continue;
      // (和 opens 与…相比存在差距 only at a clause start: most of its places are inside clauses)
      if (startOnly !== null && startOnly[first] && !this.opensPart(text, from, i)) continue;
      stretch ??= from === 0 && to === text.length ? text : text.slice(from, to);
      sticky.lastIndex = i - from;
      if (sticky.test(stretch)) return true;
    }
    return false;
  }

  /** True when a part of [from, …) may open at `at`: only spaces before it since `from`, or a part break and spaces. */
  private opensPart(text: string, from: number, at: number): boolean {
    let i = at - 1;
    while (i >= from && isTrimmedSpace(text.charCodeAt(i))) i--;
    return i < from || this.partBreaks![text.charCodeAt(i)] === 1;
  }
}

/** `codeTable` of each set of part breaks, made once (a table is 64 KiB of fresh memory). */
const breakTables = new Map<string, Uint8Array>();

function breakTable(partBreaks: string): Uint8Array {
  let table = breakTables.get(partBreaks);
  if (!table) breakTables.set(partBreaks, (table = codeTable(partBreaks)));
  return table;
}

/** 1 at the UTF-16 code of each of the characters. */
function codeTable(chars: Iterable<string>): Uint8Array {
  const table = new Uint8Array(0x10000);
  for (const ch of chars) table[ch.charCodeAt(0)] = 1;
  return table;
}

/**
 * One test that accepts a text whenever one of `patterns` matches a part of it (a clause, a window), so that a text
 * it rejects need not be cut up and tested part by part. Each pattern is widened: its ^ and $ assertions dropped, and
 * its leading atoms that match nothing or any characters ([^，,。]{0,14}, (?:^|我们)) dropped while the pattern still
 * opens on them. Dropping an assertion widens what a pattern accepts, and a pattern with its leading atoms cut matches
 * a suffix of every text the whole pattern matches; so whatever a part matches, the widened pattern finds in the
 * whole text, and it opens on a word the regex engine can scan for. It may match where no part does: callers only use
 * a failed test to skip the part-by-part one. Null (no shortcut) when a pattern holds lookarounds or backreferences,
 * has flags other than u, or widens to nothing.
 *
 * With `partBreaks` (the characters at which the caller cuts its parts, e.g. a clause's ，。；：), the parts are known to
 * be the text from the range's start and the stretches after a part break and spaces (the clauses of `clauseSpans`):
 * an alternative anchored at its start (`^(?:与|同|和)…相比…差距`) can then match only there, and its opening characters
 * are tried only there (unless another alternative opens on them too). Without it a part may open anywhere.
 *
 * Note: a word before a gap of any characters is kept ((?:肯定|看到|总结|回顾)[^，,。；;]{0,10}(?:成绩|…)…同时 stays whole).
 * Cutting up to the gap's end would leave 同时 alone, which most work paragraphs hold: on 1,000 synthetic reports the
 * statement cues' test then passed 3,000 paragraphs where 800 hold a matching clause, and passes 1,000 kept whole.
 */
export function anyMatchTester(patterns: RegExp[], partBreaks: string | null = null): MatchTester | null {
  let cache = testerCache;
  if (partBreaks !== null) {
    cache = clauseTesterCaches.get(partBreaks) ?? new WeakMap();
    clauseTesterCaches.set(partBreaks, cache);
  }
  let tester = cache.get(patterns);
  if (tester === undefined) {
    tester = makeTester(patterns, partBreaks);
    cache.set(patterns, tester);
  }
  return tester;
}

/** The tester of `anyMatchTester`, made. */
function makeTester(patterns: RegExp[], partBreaks: string | null): MatchTester | null {
  const alternatives = patterns.flatMap((re) => (re.flags.replace(/[gy]/g, '') === 'u' ? widened(re.source) : [null]));
  if (!alternatives.length || !alternatives.every((a) => a)) return null;
  const sources = alternatives.map((a) => a!.source);
  // the characters only alternatives anchored at a part's start open on (a character others open on is tried anywhere)
  const opening = new Set<string>();
  const anchoredOpening = new Set<string>();
  const freeOpening = new Set<string>();
  let known = true;
  for (const { source, anchored } of alternatives as Widened[]) {
    const own = new Set<string>();
    if (addOpenings(atomsOf(source), own) !== true) known = false;
    for (const ch of own) {
      opening.add(ch);
      (anchored ? anchoredOpening : freeOpening).add(ch);
    }
  }
  const startOnly = [...anchoredOpening].filter((ch) => !freeOpening.has(ch));
  return new MatchTester(sources, known ? opening : null, prefixesOfAll(sources), startOnly.length ? startOnly : null, partBreaks);
}

/**
 * Adds to `into` the characters a match of a sequence of atoms (no top-level |) can open on. True when every match
 * opens on one of them, false when the sequence may match the empty string, null when an atom is not understood (a
 * class with ranges, negation or escapes, an escape other than a quoted syntax character, `.`, a lookaround).
 */
function addOpenings(atoms: string[], into: Set<string>): boolean | null {
  for (const atom of atoms) {
    const head = atom.slice(0, headEnd(atom, 0));
    const quantifier = atom.slice(head.length);
    const opens = addHeadOpenings(head, into);
    if (opens === null) return null;
    if (opens && !/^(?:[?*]|\{0[,}])/u.test(quantifier)) return true;
  }
  return false;
}

/** `addOpenings` of one atom without its quantifier. */
function addHeadOpenings(head: string, into: Set<string>): boolean | null {
  if (head === '^' || head === '$') return false;
  if (head.startsWith('(')) {
    const inner = /^\((?:\?:|\?<[A-Za-z]\w*>)?/u.exec(head)![0];
    if (inner.length === 1 && head[1] === '?') return null;
    let opens: boolean | null = true;
    for (const alternative of alternativesOf(head.slice(inner.length, -1))) {
      const result = addOpenings(alternative, into);
      if (result === null) return null;
      if (!result) opens = false;
    }
    return opens;
  }
  if (head.startsWith('[')) {
    const members = head.slice(1, -1);
    if (!members.length || members[0] === '^' || /[\\-]/u.test(members) || /[\uD800-\uDFFF]/u.test(members)) return null;
    for (const ch of members) into.add(ch);
    return true;
  }
  if (head.startsWith('\\')) {
    if (head.length !== 2 || !/[\\^$.|?*+()[\]{}\/]/u.test(head[1])) return null;
    into.add(head[1]);
    return true;
  }
  if (head.length !== 1 || head === '.' || /[\uD800-\uDFFF]/u.test(head)) return null;
  into.add(head);
  return true;
}

/** The top-level alternatives of a pattern source, each as its atoms. */
function alternativesOf(source: string): string[][] {
  const alternatives: string[][] = [[]];
  for (const atom of atomsOf(source)) {
    if (atom === '|') alternatives.push([]);
    else alternatives[alternatives.length - 1].push(atom);
  }
  return alternatives;
}

/** A widened alternative (see `anyMatchTester`). */
interface Widened {
  source: string;
  /** the alternative opened on `^` and nothing else was dropped: its matches open where the text does */
  anchored: boolean;
}

/** The widened top-level alternatives of a pattern source (see `anyMatchTester`); null for one that cannot be widened. */
function widened(source: string): (Widened | null)[] {
  if (/\\[1-9k]|\(\?<?[=!]/u.test(source)) return [null];
  const alternatives: string[][] = [[]];
  for (const atom of atomsOf(source)) {
    if (atom === '|') alternatives.push([]);
    else alternatives[alternatives.length - 1].push(atom);
  }
  return alternatives.map((atoms) => {
    let k = 0;
    while (k < atoms.length && (matchesEmpty(atoms[k]) || matchesAnyChars(atoms[k]))) k++;
    const rest = atoms.slice(k).map(dropAnchors).join('');
    return rest.length ? { source: rest, anchored: k === 1 && atoms[0] === '^' } : null;
  });
}

/** The atoms of a pattern source at its top level, each with its quantifier; a top-level | is an atom of its own. */
function atomsOf(source: string): string[] {
  const atoms: string[] = [];
  let i = 0;
  while (i < source.length) {
    const start = i;
    i = headEnd(source, i);
    const quantifier = /^(?:[?*+]|\{\d+(?:,\d*)?\})\??/u.exec(source.slice(i));
    if (quantifier && source[start] !== '|') i += quantifier[0].length;
    atoms.push(source.slice(start, i));
  }
  return atoms;
}

/** Offset just after the atom that opens at `i`, before its quantifier: an escape, a class, a group or one character. */
function headEnd(source: string, i: number): number {
  const ch = source[i];
  if (ch === '\\') {
    i += 2;
    if (/[pPu]/u.test(source[i - 1]) && source[i] === '{') i = source.indexOf('}', i) + 1;
    return i;
  }
  if (ch === '[') return classEnd(source, i);
  if (ch !== '(') return i + 1;
  let depth = 0;
  while (i < source.length) {
    if (source[i] === '\\') i += 2;
    else if (source[i] === '[') i = classEnd(source, i);
    else {
      if (source[i] === '(') depth++;
      else if (source[i] === ')') depth--;
      i++;
      if (depth === 0) break;
    }
  }
  return i;
}

/** Offset just after the character class that opens at `i`. */
function classEnd(source: string, i: number): number {
  i++;
  if (source[i] === '^') i++;
  if (source[i] === ']') i++;
  while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
  return i + 1;
}

/** An atom that may match the empty string: an anchor, a quantifier from 0, or a group with an empty alternative. */
function matchesEmpty(atom: string): boolean {
  if (atom === '^' || atom === '$' || /(?:[?*]|\{0(?:,\d*)?\})\??$/u.test(atom)) return true;
  if (!atom.startsWith('(') || /[+}]\??$/u.test(atom)) return false;
  const inner = atom.replace(/^\((?:\?:)?/u, '').replace(/\)$/u, '');
  const alternatives: string[][] = [[]];
  for (const part of atomsOf(inner)) {
    if (part === '|') alternatives.push([]);
    else alternatives[alternatives.length - 1].push(part);
  }
  return alternatives.some((parts) => parts.every(matchesEmpty));
}

/** An atom that matches characters of a class rather than a word (., [^，,。]{0,14}, \s+). */
function matchesAnyChars(atom: string): boolean {
  return /^(?:\[|\.|\\[sSdDwWpP])/u.test(atom);
}

/** A pattern piece with its ^ and $ assertions (outside character classes) removed. */
function dropAnchors(piece: string): string {
  let out = '';
  for (let i = 0; i < piece.length; i++) {
    if (piece[i] === '\\') {
      out += piece.slice(i, i + 2);
      i++;
    } else if (piece[i] === '[') {
      const end = classEnd(piece, i);
      out += piece.slice(i, end);
      i = end - 1;
    } else if (piece[i] !== '^' && piece[i] !== '$') {
      out += piece[i];
    }
  }
  return out;
}

/** `MatchTester.seconds`: a match opening on the character may go on with any character. */
const ANY_SECOND = 2;
/** `MatchTester.seconds`: a match opening on the character goes on with one of the pairs' second characters. */
const PAIR_ONLY = 1;
/** A code unit that may be any (in a prefix of `prefixesOf`). */
const ANY_UNIT = '\u0000';

/**
 * A slot for two UTF-16 codes in a table of 65,536. Pairs that share a slot only cost a try of the union.
 *
 * Note: not first × 65536 + second in a `Set`: above 2^30 that key is a heap number, made for each look-up.
 */
function pairSlot(first: number, second: number): number {
  return ((first << 6) ^ second) & 0xffff;
}

/** The gate of a tester on the first two characters of its matches (see `pairGate`). */
interface PairGate {
  seconds: Uint8Array;
  pairs: Uint8Array;
  /** the first and the second UTF-16 codes of every match of two characters or more that opens on a `PAIR_ONLY` one */
  pairUnits: Set<number>;
  /** the codes a match opens on that may go on with any character or end after it (`ANY_SECOND`) */
  anySecond: Set<number>;
}

/** The tables of `MatchTester.seconds` and `.pairs` for the prefixes of every match; null when no gate can be made. */
function pairGate(prefixes: ReadonlySet<string>): PairGate | null {
  const seconds = new Uint8Array(0x10000);
  const pairs = new Uint8Array(0x10000);
  const pairUnits = new Set<number>();
  const anySecond = new Set<number>();
  for (const prefix of prefixes) {
    // a match that may be empty or open on any character: every offset must be tried
    if (prefix === '' || prefix[0] === ANY_UNIT) return null;
    const first = prefix.charCodeAt(0);
    if (prefix.length === 1 || prefix[1] === ANY_UNIT) {
      seconds[first] = ANY_SECOND;
      anySecond.add(first);
    } else {
      seconds[first] ||= PAIR_ONLY;
      pairs[pairSlot(first, prefix.charCodeAt(1))] = 1;
      pairUnits.add(first).add(prefix.charCodeAt(1));
    }
  }
  return { seconds, pairs, pairUnits, anySecond };
}

/**
 * `MatchTester.skipsTwo`: 1 at each code that is no opening character (`opening`, and the first of a pair), no second
 * character of a pair, and (with part breaks) no break or space. Null when a match that may go on with any character
 * opens on a character tried anywhere, not only at a part's start (`startOnly`).
 */
function skipTable(gate: PairGate, opening: readonly string[], startOnly: Uint8Array | null, partBreaks: string | null): Uint8Array | null {
  for (const code of gate.anySecond) if (startOnly === null || !startOnly[code]) return null;
  // (set by the characters, not by a loop over the 65,536 codes: a tester is made in each thread)
  const table = new Uint8Array(0x10000).fill(1);
  for (const ch of opening) table[ch.charCodeAt(0)] = 0;
  for (const code of gate.pairUnits) table[code] = 0;
  if (partBreaks !== null) for (const ch of partBreaks + TRIMMED_SPACE_UNITS) table[ch.charCodeAt(0)] = 0;
  return table;
}

/** Most prefixes a tester keeps apart (a union with more gets no pair gate). */
const MAX_PREFIXES = 4096;

/** The prefixes (`prefixesOf`) of every match of a union of alternatives; null when one is not known. */
function prefixesOfAll(alternatives: string[]): Set<string> | null {
  const all = new Set<string>();
  for (const source of alternatives) {
    for (const atoms of alternativesOf(source)) {
      const prefixes = prefixesOf(atoms);
      if (prefixes === null) return null;
      for (const prefix of prefixes) all.add(prefix);
    }
  }
  return all.size <= MAX_PREFIXES ? all : null;
}

/**
 * The first two UTF-16 units of every match of a sequence of atoms (no top-level |): a shorter string for a shorter
 * match, `ANY_UNIT` where a unit may be any. Each set holds at least those; null when an atom is not understood (a
 * lookaround, an assertion other than ^ and $, a surrogate) or the set grows too large.
 */
function prefixesOf(atoms: string[]): Set<string> | null {
  let prefixes = new Set<string>(['']);
  for (const atom of atoms) {
    let open = false;
    for (const p of prefixes) if (p.length < 2) open = true;
    if (!open) break;
    const next = atomPrefixes(atom);
    if (next === null) return null;
    prefixes = joined(prefixes, next);
    if (prefixes.size > MAX_PREFIXES) return null;
  }
  return prefixes;
}

/** Each prefix of `heads` followed by each of `tails`, cut to two units (a prefix of two units already is kept as it is). */
function joined(heads: ReadonlySet<string>, tails: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  for (const head of heads) {
    if (head.length >= 2) out.add(head);
    else for (const tail of tails) out.add((head + tail).slice(0, 2));
  }
  return out;
}

/** `prefixesOf` of one atom with its quantifier: a repeated atom may match once, twice (or more), or not at all. */
function atomPrefixes(atom: string): Set<string> | null {
  const head = atom.slice(0, headEnd(atom, 0));
  // (a lazy quantifier, *? or {0,6}?, matches what the greedy one does)
  const quantifier = atom.slice(head.length).replace(/(?<=.)\?$/u, '');
  const once = headPrefixes(head);
  if (once === null || quantifier === '') return once;
  const bounds = /^\{(\d+)(,(\d*))?\}$/u.exec(quantifier);
  const min = quantifier === '+' ? 1 : bounds ? Number(bounds[1]) : 0;
  const max = quantifier === '?' ? 1 : bounds && bounds[2] === undefined ? min : bounds && bounds[3] ? Number(bounds[3]) : Infinity;
  const out = new Set<string>(min === 0 ? [''] : []);
  if (max >= 1) for (const p of once) out.add(p);
  if (max >= 2) for (const p of joined(once, once)) out.add(p);
  return out;
}

/** `prefixesOf` of an atom without its quantifier. */
function headPrefixes(head: string): Set<string> | null {
  if (head === '^' || head === '$') return new Set(['']);
  if (head.startsWith('(')) {
    const inner = /^\((?:\?:|\?<[A-Za-z]\w*>)?/u.exec(head)![0];
    if (inner.length === 1 && head[1] === '?') return null;
    const out = new Set<string>();
    for (const alternative of alternativesOf(head.slice(inner.length, -1))) {
      const prefixes = prefixesOf(alternative);
      if (prefixes === null) return null;
      for (const p of prefixes) out.add(p);
    }
    return out;
  }
  if (/[\uD800-\uDFFF]/u.test(head)) return null;
  if (head.startsWith('[')) {
    const members = head.slice(1, -1);
    // a range, a negation or an escape: one unit, any
    if (!members.length || members[0] === '^' || /[\\-]/u.test(members)) return new Set([ANY_UNIT]);
    return new Set(members);
  }
  if (head.startsWith('\\')) {
    if (head.length === 2 && /[\\^$.|?*+()[\]{}\/]/u.test(head[1])) return new Set([head[1]]);
    // \b and \B match no character; a back reference is no single unit
    if (/^\\[bBk1-9]/u.test(head)) return null;
    return new Set([ANY_UNIT]);
  }
  return new Set([head === '.' ? ANY_UNIT : head]);
}
