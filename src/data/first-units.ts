/**
 * First-character gates for the patterns of data/: for a regular expression anchored at the start of the text
 * (`^…` on every alternative), the UTF-16 code units a text must open with for it to match, read from its
 * source. A line whose first code unit is not among them cannot match, and one table lookup is far cheaper than
 * trying dozens of anchored patterns (cleaning tries its noise lines and block headers on every line; most
 * lines open with a Han character none of them can open with). When the pattern is not anchored on every
 * alternative, the source holds anything this reader does not understand, the pattern can match the empty
 * string, or it ignores case, is multiline or sticky, there is no gate (`null`): never a wrong skip.
 */

import { escapedCharacter, propertyEnd, readRegexSource, Unsupported, WHITESPACE_UNITS, type SourceReading } from './regex-source.js';


/** What a piece of a pattern says about where its matches begin. */
interface Start {
  /** code units a non-empty match of the piece can begin with; null when any may */
  units: Set<number> | null;
  /** whether the piece can match the empty string (then what follows it may begin the match) */
  nullable: boolean;
  /**
   * whether every match of the piece passes a `^` (without the m flag: the match then starts at the text's
   * start, whatever a nullable piece before the `^` could have taken, since `^` holds at offset 0 only)
   */
  anchored: boolean;
}

/**
 * The code units a text must open with for `pattern`, anchored at the start on every alternative, to match it
 * (searched from offset 0, as `test` with `lastIndex` 0 does); null when the pattern is not anchored so, or
 * that is not known, or any unit may.
 */
export function firstUnits(pattern: RegExp): ReadonlySet<number> | null {
  if (pattern.ignoreCase || pattern.multiline || pattern.sticky || pattern.flags.includes('v')) return null;
  try {
    const start = readRegexSource(pattern.source, START_READING);
    if (start.nullable || !start.anchored) return null;
    return start.units;
  } catch (error) {
    if (error instanceof Unsupported) return null;
    throw error;
  }
}

/**
 * A list of patterns indexed by the code unit a text opens with: `patternsFor(text)` is, in list order, the
 * patterns that may match the text — those anchored at the start (`^…`) whose first units (`firstUnits`) hold
 * the text's first unit, and every pattern without such a gate. Most report lines open with a character that
 * no furniture pattern opens with, and are tried against the ungated patterns alone.
 */
export class FirstUnitIndex {
  /** by code unit: indexes of the patterns a text opening with it may match, in list order */
  private readonly byUnit = new Map<number, readonly number[]>();
  /**
   * the units of `byUnit` as a bit set (bit `u & 31` of word `u >>> 5`): most texts open with a unit no pattern
   * is gated on, and a bit test answers for them where a Map lookup (a hash of the unit) did
   */
  private readonly gates = new Int32Array(65536 >>> 5);
  /** indexes of the patterns without a gate (not anchored at the start, or of unknown first units), in order */
  readonly ungated: readonly number[];

  constructor(patterns: readonly RegExp[]) {
    const ungated: number[] = [];
    const gated = new Map<number, number[]>();
    patterns.forEach((pattern, i) => {
      const units = firstUnits(pattern);
      if (units === null) ungated.push(i);
      else
        for (const unit of units) {
          const list = gated.get(unit);
          if (list) list.push(i);
          else gated.set(unit, [i]);
        }
    });
    this.ungated = ungated;
    for (const [unit, list] of gated) {
      this.byUnit.set(unit, [...list, ...ungated].sort((a, b) => a - b));
      this.gates[unit >>> 5] |= 1 << (unit & 31);
    }
  }

  /** Whether some pattern is gated on `unit` (-1: none is, as for an empty text): then a text opening with it may match more than the ungated patterns. */
  opensGated(unit: number): boolean {
    return unit >= 0 && (this.gates[unit >>> 5] & (1 << (unit & 31))) !== 0;
  }

  /** The indexes, in list order, of the patterns that may match `text` (a gated pattern never matches an empty text). */
  patternsFor(text: string): readonly number[] {
    const unit = text.length > 0 ? text.charCodeAt(0) : -1;
    return this.opensGated(unit) ? this.byUnit.get(unit)! : this.ungated;
  }
}

const startIndexes = new WeakMap<readonly StartPlaced[], FirstUnitIndex>();

/** A pattern of data/ with where in a text it is tried (section cues and evidence). */
interface StartPlaced {
  where: string;
  pattern: RegExp;
}

/**
 * The patterns of `items` tried at the `start` of a text, indexed by the unit a text opens with (their indexes
 * are their ranks among those items), built once per list.
 */
export function startPatternIndex(items: readonly StartPlaced[]): FirstUnitIndex {
  let index = startIndexes.get(items);
  if (!index) startIndexes.set(items, (index = new FirstUnitIndex(items.filter((item) => item.where === 'start').map((item) => item.pattern))));
  return index;
}

/** The union of two unit sets (null: any unit). */
function union(a: Set<number> | null, b: Set<number> | null): Set<number> | null {
  if (a === null || b === null) return null;
  return new Set([...a, ...b]);
}

/** What a piece of a pattern says about where its matches begin (see `Start`), read by `readRegexSource`. */
const START_READING: SourceReading<Start> = {
  literal: (character) => ({ units: new Set([character.charCodeAt(0)]), nullable: false, anchored: false }),
  anyCharacter: () => ({ units: null, nullable: false, anchored: false }),
  characterClass: (body) => ({ units: classUnits(body), nullable: false, anchored: false }),
  classEscape: (letter) => ({ units: letter === 'd' || letter === 's' || letter === 'w' ? new Set(escapeClassUnits(letter)) : null, nullable: false, anchored: false }),
  assertion: (kind) => ({ units: new Set(), nullable: true, anchored: kind === '^' }),
  lookaround: (kind) => {
    if (kind === '?<=' || kind === '?<!') throw new Unsupported(); // a lookbehind reads before the start
    // Note: a lookahead consumes nothing: the match begins where what follows it begins.
    return { units: new Set(), nullable: true, anchored: false };
  },
  quantified: (piece, min) => ({ units: piece.units, nullable: piece.nullable || min === 0, anchored: piece.anchored && min > 0 }),
  /** quantified atoms: they begin where the first one that cannot be empty begins */
  sequence: (pieces) => {
    let units: Set<number> | null = new Set();
    let nullable = true;
    let anchored = false;
    for (const piece of pieces) {
      if (nullable) {
        units = union(units, piece.units);
        nullable = piece.nullable;
      }
      // a `^` every match passes, anywhere in the sequence, pins the match to the text's start
      if (piece.anchored) anchored = true;
    }
    return { units, nullable, anchored };
  },
  alternation: (alternatives) =>
    alternatives.reduce((start, next) => ({ units: union(start.units, next.units), nullable: start.nullable || next.nullable, anchored: start.anchored && next.anchored })),
};

/** The units a class (its source between the brackets) lists (ranges, escapes); null for a negated class or a class with `\p`, `\D` … */
function classUnits(body: string): Set<number> | null {
  let at = 0;
  const negated = body[at] === '^';
  if (negated) at++;
  let units: Set<number> | null = new Set();
  let previous: number | null = null; // the last single unit read, which a `-` may extend to a range
  /** One member of the class as a code unit: a character (its first unit) or a single-character escape. */
  const classUnit = (): number => {
    if (body[at] === '\\') {
      const next = body[at + 1];
      if (next === undefined) throw new Unsupported();
      at += 2;
      const character = escapedCharacter(next);
      if (character === null) throw new Unsupported(); // \u, \x, \b (backspace), \c …: not read
      return character.charCodeAt(0);
    }
    const code = body.codePointAt(at)!;
    // a character beyond the BMP stands for two units; a range of them is not read
    if (code > 0xffff) throw new Unsupported();
    at++;
    return code;
  };
  while (at < body.length) {
    if (body[at] === '-' && previous !== null && at + 1 < body.length) {
      at++;
      const end = classUnit();
      if (end < previous) throw new Unsupported();
      if (units) for (let u = previous + 1; u <= end; u++) units.add(u);
      previous = null;
      continue;
    }
    if (body[at] === '\\') {
      const next = body[at + 1];
      if (next === 'd' || next === 's' || next === 'w') {
        at += 2;
        units = union(units, new Set(escapeClassUnits(next)));
        previous = null;
        continue;
      }
      if (next === 'D' || next === 'S' || next === 'W' || next === 'p' || next === 'P') {
        at += 2;
        if (next === 'p' || next === 'P') at = propertyEnd(body, at);
        units = null;
        previous = null;
        continue;
      }
    }
    const unit = classUnit();
    units?.add(unit);
    previous = unit;
  }
  return negated ? null : units;
}

/** The code units of `\d`, `\s` or `\w` (u mode without i: `\w` is ASCII only). */
function escapeClassUnits(letter: 'd' | 's' | 'w'): readonly number[] {
  const range = (from: string, to: string) => Array.from({ length: to.charCodeAt(0) - from.charCodeAt(0) + 1 }, (_, k) => from.charCodeAt(0) + k);
  if (letter === 'd') return range('0', '9');
  if (letter === 's') return WHITESPACE_UNITS;
  return [...range('0', '9'), ...range('A', 'Z'), ...range('a', 'z'), 0x5f];
}
