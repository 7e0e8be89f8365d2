/**
 * A recursive-descent reader of JavaScript regex source (u-mode syntax), for what data/ learns about its patterns
 * without running them: the literals every match holds (required-literals.ts), the code units a match opens with
 * (first-units.ts). The reader knows the grammar; a `SourceReading` says what each construct means to its caller.
 * Anything the reader does not know (\u, \x, back-references, modifiers, a stray quantifier) throws
 * `Unsupported`, and the caller then learns nothing of the pattern: never a wrong guess.
 */

/** Thrown for source the reader does not understand. */
export class Unsupported extends Error {}

/** What each construct of a pattern means to one caller: `P` is what it knows of a piece of the pattern. */
export interface SourceReading<P> {
  /** one character, written or escaped (`a`, `\.`, `\n`) */
  literal(character: string): P;
  /** `.` */
  anyCharacter(): P;
  /** `[…]`: the source between the brackets, a leading `^` included */
  characterClass(body: string): P;
  /** `\d`, `\D`, `\w`, `\W`, `\s`, `\S`, `\p{…}`, `\P{…}` outside a class: the letter */
  classEscape(letter: string): P;
  /** `^`, `$`, `\b` or `\B` */
  assertion(kind: '^' | '$' | '\\b' | '\\B'): P;
  /** `(?=…)`, `(?!…)`, `(?<=…)` or `(?<!…)`: its opening (`?=` …) and what is known of its inside */
  lookaround(kind: string, inner: P): P;
  /** a quantified piece: at least `min` times, exactly `min` when `fixed`, at most `max` (Infinity: no bound) */
  quantified(piece: P, min: number, fixed: boolean, max: number): P;
  /** pieces one after the other (none: the empty sequence) */
  sequence(pieces: P[]): P;
  /** alternatives separated by `|` (one or more) */
  alternation(alternatives: P[]): P;
}

/** What `reading` makes of the whole of `source`; throws `Unsupported` when the source is not understood. */
export function readRegexSource<P>(source: string, reading: SourceReading<P>): P {
  const reader = new SourceReader(source, reading);
  const whole = reader.alternation();
  if (!reader.done()) throw new Unsupported(); // a `)` without its `(`
  return whole;
}

/**
 * The code units `\s` matches: ECMAScript's white space and line terminators (tab, LF, VT, FF, CR, U+FEFF,
 * U+2028, U+2029) and Unicode's space separators (Zs, U+3000 among them).
 */
export const WHITESPACE_UNITS: readonly number[] = [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff];

/** Escapes of a single syntax character (`\.`, `\(`, …), read as that character. */
const SYNTAX_ESCAPE = /^[\^$\\.*+?()[\]{}|/-]$/;
/** Control-character escapes. */
export const CONTROL_ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', f: '\f', v: '\v' };

/** The character of a single-character escape `\x` (its letter `x`), or null when it is none of those. */
export function escapedCharacter(letter: string): string | null {
  if (letter in CONTROL_ESCAPES) return CONTROL_ESCAPES[letter];
  return SYNTAX_ESCAPE.test(letter) ? letter : null;
}

class SourceReader<P> {
  private at = 0;

  constructor(
    private readonly source: string,
    private readonly reading: SourceReading<P>,
  ) {}

  done(): boolean {
    return this.at >= this.source.length;
  }

  /**
   * The source's character at `at`, '' past its end. Reading `source[at]` past the end would give undefined, and
   * the first such read in optimized code deopts the parser (V8's "out of bounds") in every thread that loads it.
   */
  private charAt(at: number): string {
    return at < this.source.length ? this.source[at] : '';
  }

  /** alternatives separated by `|` */
  alternation(): P {
    const alternatives = [this.sequence()];
    while (this.charAt(this.at) === '|') {
      this.at++;
      alternatives.push(this.sequence());
    }
    return this.reading.alternation(alternatives);
  }

  /** quantified atoms up to `|`, `)` or the end */
  private sequence(): P {
    const pieces: P[] = [];
    while (!this.done() && this.charAt(this.at) !== '|' && this.charAt(this.at) !== ')') pieces.push(this.quantified(this.atom()));
    return this.reading.sequence(pieces);
  }

  private quantified(piece: P): P {
    const ch = this.charAt(this.at);
    let min: number;
    let max = Infinity;
    let fixed = false;
    if (ch === '?' || ch === '*') {
      this.at++;
      min = 0;
      if (ch === '?') max = 1;
    } else if (ch === '+') {
      this.at++;
      min = 1;
    } else if (ch === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.source.slice(this.at));
      if (!m) throw new Unsupported(); // a literal brace is a syntax error in u mode
      this.at += m[0].length;
      min = Number(m[1]);
      fixed = m[2] === undefined;
      if (fixed) max = min;
      else if (m[3] !== '') max = Number(m[3]);
    } else return piece;
    if (this.charAt(this.at) === '?') this.at++; // lazy
    return this.reading.quantified(piece, min, fixed, max);
  }

  private atom(): P {
    const ch = this.charAt(this.at);
    if (ch === '(') return this.group();
    if (ch === '[') return this.characterClass();
    if (ch === '\\') return this.escape();
    if (ch === '^' || ch === '$') {
      this.at++;
      return this.reading.assertion(ch);
    }
    if (ch === '.') {
      this.at++;
      return this.reading.anyCharacter();
    }
    if (ch === '*' || ch === '+' || ch === '?' || ch === '{' || ch === '}' || ch === ']') throw new Unsupported();
    const literal = String.fromCodePoint(this.source.codePointAt(this.at)!);
    this.at += literal.length;
    return this.reading.literal(literal);
  }

  private group(): P {
    const rest = this.source.slice(this.at);
    const opening = /^\((\?:|\?=|\?!|\?<=|\?<!|\?<[A-Za-z_$][\w$]*>)?/.exec(rest)!;
    if (rest.startsWith('(?') && opening[1] === undefined) throw new Unsupported(); // modifiers and the like
    this.at += opening[0].length;
    const inner = this.alternation();
    if (this.charAt(this.at) !== ')') throw new Unsupported();
    this.at++;
    const kind = opening[1];
    return kind === '?=' || kind === '?!' || kind === '?<=' || kind === '?<!' ? this.reading.lookaround(kind, inner) : inner;
  }

  private characterClass(): P {
    const start = ++this.at;
    while (!this.done() && this.charAt(this.at) !== ']') this.at += this.charAt(this.at) === '\\' ? 2 : 1;
    if (this.done()) throw new Unsupported();
    this.at++;
    return this.reading.characterClass(this.source.slice(start, this.at - 1));
  }

  private escape(): P {
    const next = this.charAt(this.at + 1);
    if (next === '') throw new Unsupported();
    this.at += 2;
    if (next === 'b' || next === 'B') return this.reading.assertion(next === 'b' ? '\\b' : '\\B');
    if ('dDwWsS'.includes(next)) return this.reading.classEscape(next);
    if (next === 'p' || next === 'P') {
      this.at = propertyEnd(this.source, this.at);
      return this.reading.classEscape(next);
    }
    const character = escapedCharacter(next);
    if (character === null) throw new Unsupported(); // \u, \x, \c, \0, back-references and named references
    return this.reading.literal(character);
  }
}

/** The offset just after the `{…}` of a `\p`/`\P` escape whose letter ends just before `at`. */
export function propertyEnd(source: string, at: number): number {
  const close = source.indexOf('}', at);
  if (source[at] !== '{' || close < 0) throw new Unsupported();
  return close + 1;
}
