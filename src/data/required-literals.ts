/**
 * Literal prefilters for the patterns of data/: the strings one of which every match of a regular expression
 * contains, read from its source. A line holding none of them cannot match, and `includes` over a line is far
 * cheaper than a failed regex scan (a pattern such as the gambling-spam run of data/spam-patterns.txt tries
 * dozens of paths at every character). When the source holds anything this reader does not understand, or the
 * pattern ignores case, there is no prefilter (`null`) and the pattern is always run: never a wrong skip.
 */
import { anchoredAtStart } from './patterns.js';

/** What a piece of a pattern says about the text it matches. */
interface Piece {
  /** the piece always matches exactly this text ('' for an assertion); null when it varies */
  exact: string | null;
  /** every match holds one of these (non-empty) strings; null when nothing is known */
  required: string[] | null;
}

const NOTHING: Piece = { exact: null, required: null };
const ZERO_WIDTH: Piece = { exact: '', required: null };

class Unsupported extends Error {}

const cache = new WeakMap<RegExp, string[] | null>();

/** The strings one of which every match of `pattern` holds, or null when none are known (cached per pattern). */
export function requiredLiterals(pattern: RegExp): string[] | null {
  let literals = cache.get(pattern);
  if (literals === undefined) {
    literals = readRequired(pattern);
    cache.set(pattern, literals);
  }
  return literals;
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
  private readonly byFirst = new Map<number, number[]>();
  /** the result of a text holding no literal (all zeros, shared) */
  private readonly none: Uint8Array;

  /** `literals` must be non-empty strings; ids are their indexes */
  constructor(readonly literals: readonly string[]) {
    this.none = new Uint8Array(literals.length);
    literals.forEach((literal, id) => {
      if (literal === '') throw new Error('LiteralScanner: an empty literal');
      const first = literal.charCodeAt(0);
      this.starts[first >>> 5] |= 1 << (first & 31);
      if (literal.length === 1) this.singles[first >>> 5] |= 1 << (first & 31);
      else {
        const pair = pairHash(first, literal.charCodeAt(1));
        this.pairs[pair >>> 5] |= 1 << (pair & 31);
      }
      const list = this.byFirst.get(first);
      if (list) list.push(id);
      else this.byFirst.set(first, [id]);
    });
  }

  /**
   * `found[id]` is 1 when `text` holds `literals[id]`, else 0. Read it, never write it: a text holding none of
   * the literals (most lines) gets the scanner's one array of zeros.
   */
  scan(text: string): Uint8Array {
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
      for (const id of byFirst.get(unit)!) {
        if (found[id] === 0 && text.startsWith(literals[id], i)) {
          if (found === this.none) found = new Uint8Array(literals.length);
          found[id] = 1;
        }
      }
    }
    return found;
  }
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
  /** per pattern, the ids (in `scanner`) of its required literals; null when it has none */
  private readonly ids: (Int32Array | null)[];

  constructor(
    patterns: readonly RegExp[],
    /** the scanner whose `scan` results are passed to `mayMatch`: `literalIds` gives each literal's id in it */
    literalIds: (literal: string) => number,
    /** false: let every pattern through (no prefilter); default true */
    prefilter = true,
    /** which anchored patterns get a prefilter all the same (by index): those no cheaper test spares a line */
    anchoredPrefiltered: (index: number) => boolean = () => false,
  ) {
    this.ids = patterns.map((pattern, i) => {
      const literals = prefilter && (!anchoredAtStart(pattern) || anchoredPrefiltered(i)) ? requiredLiterals(pattern) : null;
      return literals === null ? null : Int32Array.from(literals, literalIds);
    });
  }

  /** False only when the text `found` was scanned from holds none of pattern i's literals. */
  mayMatch(found: Uint8Array, i: number): boolean {
    const ids = this.ids[i];
    if (ids === null) return true;
    for (let k = 0; k < ids.length; k++) if (found[ids[k]] === 1) return true;
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


function readRequired(pattern: RegExp): string[] | null {
  if (pattern.ignoreCase || pattern.flags.includes('v')) return null;
  try {
    const parser = new SourceReader(pattern.source);
    const piece = parser.alternation();
    if (!parser.done()) return null;
    return requiredOf(piece);
  } catch (error) {
    if (error instanceof Unsupported) return null;
    throw error;
  }
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

/** A recursive-descent reader of JavaScript regex source (u-mode syntax), just deep enough for `Piece`s. */
class SourceReader {
  private at = 0;

  constructor(private readonly source: string) {}

  done(): boolean {
    return this.at >= this.source.length;
  }

  /** alternatives separated by `|` */
  alternation(): Piece {
    const alternatives = [this.sequence()];
    while (this.source[this.at] === '|') {
      this.at++;
      alternatives.push(this.sequence());
    }
    if (alternatives.length === 1) return alternatives[0];
    const sets = alternatives.map(requiredOf);
    if (sets.some((set) => set === null)) return NOTHING;
    return { exact: null, required: sets.flatMap((set) => set!) };
  }

  /** quantified atoms up to `|`, `)` or the end */
  private sequence(): Piece {
    let run = ''; // exact text of the current stretch of exact pieces
    let runBroken = false;
    let required: string[] | null = null;
    const closeRun = () => {
      if (run) required = better(required, [run]);
      run = '';
    };
    while (!this.done() && this.source[this.at] !== '|' && this.source[this.at] !== ')') {
      const piece = this.quantified(this.atom());
      if (piece.exact !== null) run += piece.exact;
      else {
        closeRun();
        runBroken = true;
        required = better(required, piece.required);
      }
    }
    if (!runBroken) return { exact: run, required: run ? [run] : null };
    closeRun();
    return { exact: null, required };
  }

  private quantified(piece: Piece): Piece {
    const ch = this.source[this.at];
    let min: number;
    let fixed = false;
    if (ch === '?' || ch === '*') {
      this.at++;
      min = 0;
    } else if (ch === '+') {
      this.at++;
      min = 1;
    } else if (ch === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.source.slice(this.at));
      if (!m) throw new Unsupported(); // a literal brace is a syntax error in u mode
      this.at += m[0].length;
      min = Number(m[1]);
      fixed = m[2] === undefined;
    } else return piece;
    if (this.source[this.at] === '?') this.at++; // lazy
    if (min === 0) return NOTHING;
    if (fixed && piece.exact !== null) return { exact: piece.exact.repeat(min), required: null };
    return { exact: null, required: requiredOf(piece) };
  }

  private atom(): Piece {
    const ch = this.source[this.at];
    if (ch === '(') return this.group();
    if (ch === '[') return this.characterClass();
    if (ch === '\\') return this.escape();
    if (ch === '^' || ch === '$') {
      this.at++;
      return ZERO_WIDTH;
    }
    if (ch === '.') {
      this.at++;
      return NOTHING;
    }
    if (ch === '*' || ch === '+' || ch === '?' || ch === '{' || ch === '}' || ch === ']') throw new Unsupported();
    const literal = String.fromCodePoint(this.source.codePointAt(this.at)!);
    this.at += literal.length;
    return { exact: literal, required: [literal] };
  }

  private group(): Piece {
    const rest = this.source.slice(this.at);
    const opening = /^\((\?:|\?=|\?!|\?<=|\?<!|\?<[A-Za-z_$][\w$]*>)?/.exec(rest)!;
    if (rest.startsWith('(?') && opening[1] === undefined) throw new Unsupported(); // modifiers and the like
    this.at += opening[0].length;
    const inner = this.alternation();
    if (this.source[this.at] !== ')') throw new Unsupported();
    this.at++;
    const lookaround = opening[1] === '?=' || opening[1] === '?!' || opening[1] === '?<=' || opening[1] === '?<!';
    return lookaround ? ZERO_WIDTH : inner;
  }

  private characterClass(): Piece {
    this.at++;
    while (!this.done() && this.source[this.at] !== ']') this.at += this.source[this.at] === '\\' ? 2 : 1;
    if (this.done()) throw new Unsupported();
    this.at++;
    return NOTHING;
  }

  private escape(): Piece {
    const next = this.source[this.at + 1];
    if (next === undefined) throw new Unsupported();
    this.at += 2;
    if (next === 'b' || next === 'B') return ZERO_WIDTH;
    if ('dDwWsS'.includes(next)) return NOTHING;
    if (next === 'p' || next === 'P') {
      const close = this.source.indexOf('}', this.at);
      if (this.source[this.at] !== '{' || close < 0) throw new Unsupported();
      this.at = close + 1;
      return NOTHING;
    }
    const controls: Record<string, string> = { n: '\n', r: '\r', t: '\t', f: '\f', v: '\v' };
    if (next in controls) return literalPiece(controls[next]);
    if (/^[\^$\\.*+?()[\]{}|/-]$/.test(next)) return literalPiece(next);
    // \u, \x, \c, \0, back-references and named references: not read; the pattern gets no prefilter
    throw new Unsupported();
  }
}

function literalPiece(text: string): Piece {
  return { exact: text, required: [text] };
}
