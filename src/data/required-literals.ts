/**
 * Literal prefilters for the patterns of data/: the strings one of which every match of a regular expression
 * contains, read from its source. A line holding none of them cannot match, and `includes` over a line is far
 * cheaper than a failed regex scan (a pattern such as the gambling-spam run of data/spam-patterns.txt tries
 * dozens of paths at every character). When the source holds anything this reader does not understand, or the
 * pattern ignores case, there is no prefilter (`null`) and the pattern is always run: never a wrong skip.
 */
import { anchoredAtStart, eachMatch, isSurrogatePairAt } from './patterns.js';
import { readRegexSource, Unsupported, type SourceReading } from './regex-source.js';

/** What a piece of a pattern says about the text it matches. */
interface Piece {
  /** the piece always matches exactly this text ('' for an assertion); null when it varies */
  exact: string | null;
  /** every match holds one of these (non-empty) strings; null when nothing is known */
  required: string[] | null;
  /** every requirement known, `required` among them: every match holds one string of each set ([]: none known) */
  all: string[][];
}

const NOTHING: Piece = { exact: null, required: null, all: [] };
const ZERO_WIDTH: Piece = { exact: '', required: null, all: [] };

/** What a pattern's matches are known to hold (see `requiredLiterals`, `requiredLiteralSets`). */
interface Requirements {
  literals: string[] | null;
  sets: string[][] | null;
}

const cache = new WeakMap<RegExp, Requirements>();

function requirementsOf(pattern: RegExp): Requirements {
  let known = cache.get(pattern);
  if (known === undefined) {
    const piece = readRequired(pattern);
    known = piece === null ? { literals: null, sets: null } : { literals: requiredOf(piece), sets: setsOf(piece) };
    cache.set(pattern, known);
  }
  return known;
}

/** The strings one of which every match of `pattern` holds, or null when none are known (cached per pattern). */
export function requiredLiterals(pattern: RegExp): string[] | null {
  return requirementsOf(pattern).literals;
}

/**
 * Every set of strings of which each match of `pattern` holds one (`requiredLiterals` is one of them), or null
 * when none are known (cached per pattern). A sequence holds what each of its pieces holds: the gambling-spam
 * run of data/spam-patterns.txt holds one of its keywords *and* an underscore, so a line holding 体育 but no
 * `_` (a report's 文化体育) cannot match it.
 */
export function requiredLiteralSets(pattern: RegExp): string[][] | null {
  return requirementsOf(pattern).sets;
}

/**
 * False only when `text` holds none of the pattern's required literals, so that the pattern cannot match it.
 * A pattern anchored at the start by anything but a wildcard (`^(来源|作者)…`, not `^.{0,60}…`) fails at the
 * first characters already: it is not prefiltered, as the `includes` scans would cost more than they save.
 */
export function mayMatch(pattern: RegExp, text: string): boolean {
  if (anchoredAtStart(pattern)) return true;
  const literals = requiredLiterals(pattern);
  return literals === null || literals.some((literal) => text.includes(literal));
}

/**
 * Finds which of a fixed list of literals a text holds, in one pass over the text: tables of the code units a
 * literal starts with, and of the first two units of the longer ones (hashed), skip almost every position,
 * and only the literals starting with the unit at hand are compared there. For many patterns' prefilters at
 * once (`PatternFilter`), this replaces a scan of the text per literal per pattern.
 */
export class LiteralScanner {
  /**
   * Bit sets over code units (bit `u & 31` of word `u >>> 5`): the units some literal starts with, and the units
   * that are a whole literal. Bits, not bytes: the tables the scan reads at every position stay in the cache.
   */
  private readonly starts = new Int32Array(65536 >>> 5);
  private readonly singles = new Int32Array(65536 >>> 5);
  /** bit set at `pairHash` of the first two code units of each literal of two or more */
  private readonly pairs = new Int32Array(PAIR_TABLE_SIZE >>> 5);
  /** literal ids by their first code unit */
  private readonly byFirst = new Map<number, Int32Array>();
  /** every literal's code units, one after another: literal `id` is `literalUnits[unitStarts[id], unitStarts[id + 1])` */
  private readonly literalUnits: Uint16Array;
  private readonly unitStarts: Int32Array;
  /** 32-bit words of a result: one bit per literal */
  private readonly words: number;
  /** the result of a text holding no literal (all zeros, shared) */
  private readonly none: Int32Array;

  /**
   * the units `scanUnits` counts into a `UnitTally` (bit set over code units, as `starts`), and the units the
   * scan stops at: those some literal starts with or that are counted, one table read per position for both
   */
  private readonly counted: Int32Array | null;
  /** the units whose offsets `scanUnits` records in a `UnitTally`'s `marks` (bit set over code units, as `starts`) */
  private readonly marked: Int32Array | null;
  private readonly stops: Int32Array;

  /**
   * `literals` must be non-empty strings; ids are their indexes. `countedUnits` (optional, a bit set over the
   * 65,536 code units: bit `u & 31` of word `u >>> 5`): units that `scanUnits` counts as it passes them;
   * `markedUnits` (the same form): units whose offsets it records as it passes them.
   */
  constructor(
    readonly literals: readonly string[],
    countedUnits?: Int32Array,
    markedUnits?: Int32Array,
  ) {
    this.words = (literals.length + 31) >>> 5;
    this.none = new Int32Array(this.words);
    const byFirst = new Map<number, number[]>();
    literals.forEach((literal, id) => {
      if (literal === '') throw new Error('LiteralScanner: an empty literal');
      const first = literal.charCodeAt(0);
      this.starts[first >>> 5] |= 1 << (first & 31);
      if (literal.length === 1) this.singles[first >>> 5] |= 1 << (first & 31);
      else {
        const pair = pairHash(first, literal.charCodeAt(1));
        this.pairs[pair >>> 5] |= 1 << (pair & 31);
      }
      const list = byFirst.get(first);
      if (list) list.push(id);
      else byFirst.set(first, [id]);
    });
    for (const [unit, ids] of byFirst) this.byFirst.set(unit, Int32Array.from(ids));
    this.unitStarts = new Int32Array(literals.length + 1);
    literals.forEach((literal, id) => (this.unitStarts[id + 1] = this.unitStarts[id] + literal.length));
    this.literalUnits = new Uint16Array(this.unitStarts[literals.length]);
    literals.forEach((literal, id) => {
      for (let k = 0; k < literal.length; k++) this.literalUnits[this.unitStarts[id] + k] = literal.charCodeAt(k);
    });
    if (countedUnits !== undefined && countedUnits.length !== this.starts.length) throw new Error('LiteralScanner: countedUnits must have a bit for each of the 65,536 code units');
    if (markedUnits !== undefined && markedUnits.length !== this.starts.length) throw new Error('LiteralScanner: markedUnits must have a bit for each of the 65,536 code units');
    this.counted = countedUnits ?? null;
    this.marked = markedUnits ?? null;
    this.stops = this.starts.map((word, k) => word | (countedUnits?.[k] ?? 0) | (markedUnits?.[k] ?? 0));
  }

  /**
   * Which literals `text` holds, as a bit set over their ids (`holdsLiteral`). Read it, never write it: a text
   * holding none of the literals (most lines) gets the scanner's one set of zeros.
   * Note: bits, not a byte per literal: a set of up to 512 literals is at most 64 bytes, which V8 allocates on
   * its heap inline; a larger typed array gets a backing store of its own (malloc and GC bookkeeping) per text.
   */
  scan(text: string): Int32Array {
    const { starts, singles, pairs, byFirst, literals } = this;
    let found = this.none;
    const last = text.length - 1;
    for (let i = 0; i <= last; i++) {
      const unit = text.charCodeAt(i);
      if ((starts[unit >>> 5] & (1 << (unit & 31))) === 0) continue;
      if ((singles[unit >>> 5] & (1 << (unit & 31))) === 0) {
        if (i === last) continue;
        const pair = pairHash(unit, text.charCodeAt(i + 1));
        if ((pairs[pair >>> 5] & (1 << (pair & 31))) === 0) continue;
      }
      const ids = byFirst.get(unit)!;
      for (let k = 0; k < ids.length; k++) {
        const id = ids[k];
        const bit = 1 << (id & 31);
        if ((found[id >>> 5] & bit) === 0 && text.startsWith(literals[id], i)) {
          if (found === this.none) found = new Int32Array(this.words);
          found[id >>> 5] |= bit;
        }
      }
    }
    return found;
  }

  /**
   * `scan` of the text whose code units are `units[start, end)` (`codeUnitsOf`): the same result, read from a
   * typed array, where each character is one load and not a `charCodeAt` call on a string. With a `tally`, the
   * counted units (see the constructor) at offsets before `tally.end` are added to `tally.count`, and the
   * offsets of the marked units are pushed onto `tally.marks`, in the same pass: a count or a search over every
   * character of a text costs next to nothing when those units are rare.
   */
  scanUnits(units: Uint16Array, start: number, end: number, tally?: UnitTally): Int32Array {
    const { starts, stops, singles, pairs, byFirst, counted } = this;
    const marked = tally === undefined ? null : this.marked;
    const marks = tally === undefined ? null : tally.marks;
    let found = this.none;
    const last = end - 1;
    // Note: the tally read and written outside the loop, so that its fields are read on every call (a field
    // read in the loop only at the first counted unit would leave the optimised code without feedback for it)
    const countEnd = tally === undefined ? 0 : tally.end;
    let count = 0;
    for (let i = start; i <= last; i++) {
      const unit = units[i];
      if ((stops[unit >>> 5] & (1 << (unit & 31))) === 0) continue;
      if (counted !== null && i < countEnd) count += (counted[unit >>> 5] >>> (unit & 31)) & 1;
      if (marked !== null && (marked[unit >>> 5] & (1 << (unit & 31))) !== 0) marks!.push(i);
      if ((starts[unit >>> 5] & (1 << (unit & 31))) === 0) continue;
      if ((singles[unit >>> 5] & (1 << (unit & 31))) === 0) {
        if (i === last) continue;
        const pair = pairHash(unit, units[i + 1]);
        if ((pairs[pair >>> 5] & (1 << (pair & 31))) === 0) continue;
      }
      const ids = byFirst.get(unit)!;
      for (let k = 0; k < ids.length; k++) {
        const id = ids[k];
        const bit = 1 << (id & 31);
        if ((found[id >>> 5] & bit) === 0 && this.literalAt(id, units, i, end)) {
          if (found === this.none) found = new Int32Array(this.words);
          found[id >>> 5] |= bit;
        }
      }
    }
    if (tally !== undefined) tally.count += count;
    return found;
  }

  /** Whether the text `found` was scanned from (`scan`, `scanUnits`) holds any literal: false for the shared set of zeros. */
  holdsAny(found: Int32Array): boolean {
    return found !== this.none;
  }

  /** Whether literal `id` stands in `units` at `at`, wholly before `end`. */
  private literalAt(id: number, units: Uint16Array, at: number, end: number): boolean {
    const from = this.unitStarts[id];
    const length = this.unitStarts[id + 1] - from;
    if (at + length > end) return false;
    for (let k = 0; k < length; k++) if (units[at + k] !== this.literalUnits[from + k]) return false;
    return true;
  }
}

/**
 * What `LiteralScanner.scanUnits` counts: the counted units met at offsets before `end`, added up over its
 * calls, and the offsets of the marked units met, in the order met.
 */
export class UnitTally {
  count = 0;
  readonly marks: number[] = [];

  /** `end`: the first offset not counted */
  constructor(readonly end: number) {}
}

/** Whether the text `found` was scanned from (`LiteralScanner.scan`) holds the literal of id `id`. */
export function holdsLiteral(found: Int32Array, id: number): boolean {
  return (found[id >>> 5] & (1 << (id & 31))) !== 0;
}

const PAIR_TABLE_SIZE = 1 << 16;

/** A hash of two code units into the pair table. */
function pairHash(a: number, b: number): number {
  return (Math.imul(a, 0x9e3779b1) ^ b) & (PAIR_TABLE_SIZE - 1);
}

/**
 * The prefilters of a list of patterns answered from one `LiteralScanner` pass: `mayMatch(found, i)` is false
 * only when the scanned text holds none of pattern i's required literals (`requiredLiterals`). As with the
 * function `mayMatch`, a pattern anchored at its start by text is not prefiltered: it fails at the first
 * characters already, and its literals (大, 中, 小 …) would make the scan stop at common characters. A pattern
 * without known literals is always let through.
 */
export class PatternFilter {
  /** per pattern, the ids (in `scanner`) of each set of literals it requires; null when it has none */
  private readonly sets: (readonly Int32Array[] | null)[];

  constructor(
    patterns: readonly RegExp[],
    /** the scanner whose `scan` results are passed to `mayMatch`: `literalIds` gives each literal's id in it */
    literalIds: (literal: string) => number,
    /** false: let every pattern through (no prefilter); default true */
    prefilter = true,
    /** which anchored patterns get a prefilter all the same (by index): those no cheaper test spares a line */
    anchoredPrefiltered: (index: number) => boolean = () => false,
    /**
     * true: a text must hold a literal of every set the pattern requires (`requiredLiteralSets`), not only of
     * `requiredLiterals`; for patterns searched along whole lines, where one more literal to scan for costs less
     * than the searches it spares (default false: each set's literals are more units the scan stops at)
     */
    everySet = false,
  ) {
    this.sets = patterns.map((pattern, i) => {
      if (!prefilter || (anchoredAtStart(pattern) && !anchoredPrefiltered(i))) return null;
      const sets = everySet ? requiredLiteralSets(pattern) : [requiredLiterals(pattern)];
      if (sets === null || sets[0] === null) return null;
      return distinctSets(sets as string[][]).map((set) => Int32Array.from(set, literalIds));
    });
  }

  /** Whether every pattern is prefiltered: then a text holding no literal at all matches none of them. */
  get prefiltersAll(): boolean {
    return this.sets.every((sets) => sets !== null);
  }

  /** Whether pattern i is prefiltered: then a text holding no literal at all does not match it. */
  prefilters(i: number): boolean {
    return this.sets[i] !== null;
  }

  /** False only when the text `found` was scanned from lacks every literal of one of pattern i's sets. */
  mayMatch(found: Int32Array, i: number): boolean {
    const sets = this.sets[i];
    if (sets === null) return true;
    for (let s = 0; s < sets.length; s++) if (!holdsAnyOf(found, sets[s])) return false;
    return true;
  }
}

/** Whether the text `found` was scanned from holds one of the literals of ids `ids`. */
function holdsAnyOf(found: Int32Array, ids: Int32Array): boolean {
  for (let k = 0; k < ids.length; k++) if (holdsLiteral(found, ids[k])) return true;
  return false;
}

/** The sets, each once (a pattern may require the same alternation twice), in their order. */
function distinctSets(sets: readonly string[][]): string[][] {
  const seen = new Set<string>();
  return sets.filter((set) => {
    const key = set.join('\u0000');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** What `ListPrefilter.scan` gives when no pattern is prefiltered: there is no literal to find, and `mayMatch` reads none. */
const NOTHING_FOUND = new Int32Array(0);

/**
 * The literal prefilters of some patterns of a list, answered from one `LiteralScanner` pass over a text:
 * `scan(text)` once, then `mayMatch(found, i)` for pattern i of the list, false only when the text holds none
 * of its required literals (`requiredLiterals`). Patterns not chosen by `gated`, and patterns without known
 * literals, are always let through. For lists of patterns each tried anywhere in the same text (a paragraph's
 * body against the `any` cues and evidence of data/): one scan in place of a failed regex scan per pattern.
 */
export class ListPrefilter {
  private readonly scanner: LiteralScanner;
  /** per pattern, the ids of its required literals in `scanner`; null when it is not prefiltered */
  private readonly ids: (Int32Array | null)[];

  constructor(patterns: readonly RegExp[], gated: (index: number) => boolean) {
    const literalIds = new LiteralIds();
    this.ids = patterns.map((pattern, i) => {
      const literals = gated(i) ? requiredLiterals(pattern) : null;
      return literals === null ? null : Int32Array.from(literals, literalIds.id);
    });
    this.scanner = new LiteralScanner(literalIds.literals);
  }

  /** Whether any pattern of the list is prefiltered (else `scan` is not worth its pass). */
  get prefilters(): boolean {
    return this.scanner.literals.length > 0;
  }

  /** Which literals `text` holds, for `mayMatch` (read it, never write it); no pass over it when no pattern is prefiltered. */
  scan(text: string): Int32Array {
    return this.prefilters ? this.scanner.scan(text) : NOTHING_FOUND;
  }

  /** False only when the text `found` was scanned from holds none of pattern i's required literals. */
  mayMatch(found: Int32Array, i: number): boolean {
    const ids = this.ids[i];
    if (ids === null) return true;
    for (let k = 0; k < ids.length; k++) if (holdsLiteral(found, ids[k])) return true;
    return false;
  }
}

/** Literals given ids in the order first added, for one `LiteralScanner` shared by several `PatternFilter`s. */
export class LiteralIds {
  private readonly idOf = new Map<string, number>();
  readonly literals: string[] = [];

  /** The id of `literal`, given it when new. */
  readonly id = (literal: string): number => {
    let id = this.idOf.get(literal);
    if (id === undefined) {
      id = this.literals.push(literal) - 1;
      this.idOf.set(literal, id);
    }
    return id;
  };
}


function readRequired(pattern: RegExp): Piece | null {
  if (pattern.ignoreCase || pattern.flags.includes('v')) return null;
  try {
    return readRegexSource(pattern.source, PIECE_READING);
  } catch (error) {
    if (error instanceof Unsupported) return null;
    throw error;
  }
}

/** Every requirement of a piece (null: none known). */
function setsOf(piece: Piece): string[][] | null {
  if (piece.exact) return [[piece.exact]];
  return piece.all.length > 0 ? piece.all : null;
}

function requiredOf(piece: Piece): string[] | null {
  if (piece.exact) return [piece.exact];
  return piece.required;
}

/** Of several requirements that all hold, the one with the longest shortest string (then the fewest strings). */
function better(a: string[] | null, b: string[] | null): string[] | null {
  if (!a) return b;
  if (!b) return a;
  const shortest = (set: string[]) => Math.min(...set.map((s) => s.length));
  if (shortest(a) !== shortest(b)) return shortest(a) > shortest(b) ? a : b;
  return b.length < a.length ? b : a;
}

/** What a piece of a pattern says about the text it matches (see `Piece`), read by `readRegexSource`. */
const PIECE_READING: SourceReading<Piece> = {
  literal: (character) => ({ exact: character, required: [character], all: [[character]] }),
  anyCharacter: () => NOTHING,
  characterClass: () => NOTHING,
  classEscape: () => NOTHING,
  assertion: () => ZERO_WIDTH,
  lookaround: () => ZERO_WIDTH,
  quantified: (piece, min, fixed) => {
    if (min === 0) return NOTHING;
    if (fixed && piece.exact !== null) return { exact: piece.exact.repeat(min), required: null, all: [[piece.exact.repeat(min)]] };
    return { exact: null, required: requiredOf(piece), all: piece.exact ? [[piece.exact]] : piece.all };
  },
  /** quantified atoms: exact while every one is, else the best requirement of its exact runs and other pieces */
  sequence: (pieces) => {
    let run = ''; // exact text of the current stretch of exact pieces
    let runBroken = false;
    let required: string[] | null = null;
    const all: string[][] = [];
    const closeRun = () => {
      if (run) {
        required = better(required, [run]);
        all.push([run]);
      }
      run = '';
    };
    for (const piece of pieces) {
      if (piece.exact !== null) run += piece.exact;
      else {
        closeRun();
        runBroken = true;
        required = better(required, piece.required);
        all.push(...piece.all);
      }
    }
    if (!runBroken) return { exact: run, required: run ? [run] : null, all: run ? [[run]] : [] };
    closeRun();
    return { exact: null, required, all };
  },
  alternation: (alternatives) => {
    if (alternatives.length === 1) return alternatives[0];
    const sets = alternatives.map(requiredOf);
    if (sets.some((set) => set === null)) return NOTHING;
    const required = sets.flatMap((set) => set!);
    return { exact: null, required, all: [required] };
  },
};

/** The prefilters of `anywherePrefilter`, per list. */
const anywherePrefilters = new WeakMap<readonly { pattern: RegExp; where: string }[], ListPrefilter>();

/**
 * The `ListPrefilter` of a list's patterns tried anywhere in a text (`where: 'any'`: sections' cues and evidence),
 * made once per list.
 */
export function anywherePrefilter(list: readonly { pattern: RegExp; where: string }[]): ListPrefilter {
  let prefilter = anywherePrefilters.get(list);
  if (!prefilter) {
    prefilter = new ListPrefilter(
      list.map((entry) => entry.pattern),
      (i) => list[i].where === 'any',
    );
    anywherePrefilters.set(list, prefilter);
  }
  return prefilter;
}

/**
 * How far into a match of a pattern its required literals (`requiredLiterals`) stand: every match holds one of
 * them starting at most `lead` code units after the match's start. A global search that has found no match
 * before `from` then cannot find one starting before the first literal at or after `from`, less `lead`: the
 * stretch before that is skipped (`execFrom`). The gambling-spam run of data/spam-patterns.txt tries dozens of
 * paths at every character of a line that holds one of its keywords, and a line holding one holds it near the
 * run, not along the hundreds of characters after it.
 */
export interface LiteralLead {
  /** the required literals as one global alternation, to find the next one */
  literals: RegExp;
  lead: number;
}

const leads = new WeakMap<RegExp, LiteralLead | null>();

/** The `LiteralLead` of a global (not sticky) pattern, or null when no bound is known (cached per pattern). */
export function literalLead(pattern: RegExp): LiteralLead | null {
  let known = leads.get(pattern);
  if (known === undefined) {
    known = readLead(pattern);
    leads.set(pattern, known);
  }
  return known;
}

function readLead(pattern: RegExp): LiteralLead | null {
  const literals = requiredLiterals(pattern);
  if (literals === null || !pattern.global || pattern.sticky) return null;
  const lead = readRegexSource(pattern.source, reachReading(literals)).lead;
  if (!Number.isFinite(lead)) return null;
  const escaped = [...new Set(literals)].map((literal) => literal.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&'));
  return { literals: new RegExp(escaped.join('|'), 'g'), lead };
}

/**
 * The match `pattern.exec(text)` gives with `lastIndex` at `from` (null when none), searched from the first
 * place a match can start (see `LiteralLead`). `lastIndex` is left after the match, as `exec` leaves it.
 */
function execFrom(pattern: RegExp, lead: LiteralLead, text: string, from: number): RegExpExecArray | null {
  lead.literals.lastIndex = from;
  const literal = lead.literals.exec(text);
  lead.literals.lastIndex = 0;
  if (literal === null) {
    pattern.lastIndex = 0;
    return null;
  }
  let start = Math.max(from, literal.index - lead.lead);
  // never in the middle of a surrogate pair, where a search from `from` would not start a match
  if (start > from && isSurrogatePairAt(text, start - 1)) start--;
  pattern.lastIndex = start;
  return pattern.exec(text);
}

/**
 * `eachMatch` (data/patterns.ts) searched from near the pattern's required literals when it has a `LiteralLead`
 * (its matches hold a literal, so none is empty): `visit` gets each match of a global pattern in `text`, in
 * order, until it returns true, and must not run the same pattern. The pattern's `lastIndex` is 0 afterwards.
 */
export function eachLiteralMatch(pattern: RegExp, text: string, visit: (match: RegExpExecArray) => boolean | void): void {
  const lead = literalLead(pattern);
  if (lead === null) {
    eachMatch(pattern, text, visit);
    return;
  }
  try {
    for (let match = execFrom(pattern, lead, text, 0); match !== null; match = execFrom(pattern, lead, text, pattern.lastIndex)) {
      if (visit(match) === true) return;
    }
  } finally {
    pattern.lastIndex = 0;
  }
}

/** What a piece of a pattern says about where a set of literals stands in its matches (see `reachReading`). */
interface Reach {
  /** the piece always matches exactly this text ('' for an assertion); null when it varies */
  exact: string | null;
  /** the most code units a match of the piece spans (Infinity: no bound) */
  longest: number;
  /** every match holds one of the literals starting at most this many units after its start; Infinity: not known */
  lead: number;
}

/** Where the first of `literals` stands in `text`, Infinity when it holds none. */
function firstLiteralIn(text: string, literals: readonly string[]): number {
  let first = Infinity;
  for (const literal of literals) {
    const at = text.indexOf(literal);
    if (at >= 0 && at < first) first = at;
  }
  return first;
}

/**
 * `Reach` of each construct. Any character or class may be a surrogate pair under flag u: two units. A quantified
 * piece needed once or more holds what its first repetition holds; a sequence holds what any of its pieces (or
 * runs of exact pieces) holds, after at most the longest of what comes before it; an alternation holds a literal
 * only when every alternative does, at the latest of their leads.
 */
function reachReading(literals: readonly string[]): SourceReading<Reach> {
  const exactly = (text: string): Reach => ({ exact: text, longest: text.length, lead: firstLiteralIn(text, literals) });
  const oneCharacter = (): Reach => ({ exact: null, longest: 2, lead: Infinity });
  const zeroWidth = (): Reach => ({ exact: '', longest: 0, lead: Infinity });
  return {
    literal: exactly,
    anyCharacter: oneCharacter,
    characterClass: oneCharacter,
    classEscape: oneCharacter,
    assertion: zeroWidth,
    lookaround: zeroWidth,
    quantified: (piece, min, fixed, max) => {
      if (fixed && piece.exact !== null) return exactly(piece.exact.repeat(min));
      return { exact: null, longest: piece.longest === 0 ? 0 : piece.longest * max, lead: min > 0 ? piece.lead : Infinity };
    },
    sequence: (pieces) => {
      let before = 0; // the most units before the current piece
      let run = ''; // exact text of the current stretch of exact pieces, which starts `runBefore` units in
      let runBefore = 0;
      let lead = Infinity;
      let allExact = true;
      for (const piece of pieces) {
        if (piece.exact !== null) {
          if (run === '') runBefore = before;
          run += piece.exact;
          before += piece.exact.length;
          continue;
        }
        allExact = false;
        lead = Math.min(lead, runBefore + firstLiteralIn(run, literals), before + piece.lead);
        run = '';
        before += piece.longest;
      }
      if (allExact) return exactly(run);
      lead = Math.min(lead, runBefore + firstLiteralIn(run, literals));
      return { exact: null, longest: before, lead };
    },
    alternation: (alternatives) => {
      if (alternatives.length === 1) return alternatives[0];
      return { exact: null, longest: Math.max(...alternatives.map((a) => a.longest)), lead: Math.max(...alternatives.map((a) => a.lead)) };
    },
  };
}
