import { compilePattern, readDataLines } from './load.js';

/**
 * Loads a pattern file (one JavaScript regular expression a line, `#` comments) such as
 * data/noise-lines.txt or data/spam-patterns.txt, naming file:line on a syntax error.
 * Default flags `u`: with `g` a RegExp keeps `lastIndex` between `test()` calls, so pass `gu`
 * only for patterns used with `replace` (spam runs).
 */
export function loadPatternFile(file: string, flags = 'u'): RegExp[] {
  return readDataLines(file).map(({ line, text }) => compilePattern(file, line, text, flags));
}

/** True when the trimmed line matches one of the whole-line noise patterns. */
export function isNoiseLine(line: string, noiseLines: readonly RegExp[]): boolean {
  const trimmed = line.trim();
  return noiseLines.some((pattern) => {
    pattern.lastIndex = 0;
    return pattern.test(trimmed);
  });
}

/**
 * One regular expression that matches a text when any of `patterns` does (for `test`, never for the match
 * itself): their sources joined as alternatives. A line tried against dozens of patterns anchored at its
 * start (data/noise-lines.txt) then costs one regex call, not one per pattern: the engine tries each
 * alternative at the first position only. Null when the patterns cannot be joined safely: different flags,
 * `g`/`y` (state between calls), a back-reference or a named group (numbering and names would clash).
 */
export function unionOf(patterns: readonly RegExp[]): RegExp | null {
  if (patterns.length === 0) return null;
  const flags = patterns[0].flags;
  if (flags.includes('g') || flags.includes('y')) return null;
  for (const pattern of patterns) {
    if (pattern.flags !== flags || /\\[1-9k]|\(\?<(?![=!])/u.test(pattern.source)) return null;
  }
  return new RegExp(patterns.map((pattern) => `(?:${pattern.source})`).join('|'), flags);
}

/** Whether a pattern is anchored at the start of the text by something other than a wildcard (`^来源`, not `^.{0,60}`). */
export function anchoredAtStart(pattern: RegExp): boolean {
  return pattern.source.startsWith('^') && !pattern.source.startsWith('^.') && !pattern.multiline;
}

/**
 * Calls `visit` with each match of a global pattern in `text`, in order, as `text.matchAll(pattern)` would
 * give them (an empty match steps past one character, or a whole surrogate pair under flag u), until `visit`
 * returns true. Unlike `matchAll` it runs the pattern itself instead of a copy made per call, which costs
 * more than the search on the short lines the stages scan: `visit` must not run the same pattern. The
 * pattern's `lastIndex` is 0 afterwards.
 */
export function eachMatch(pattern: RegExp, text: string, visit: (match: RegExpExecArray) => boolean | void): void {
  if (!pattern.global) throw new TypeError(`eachMatch needs a global pattern: ${pattern}`);
  pattern.lastIndex = 0;
  try {
    for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
      if (visit(match) === true) return;
      if (match[0].length === 0) pattern.lastIndex = indexAfter(text, pattern.lastIndex, pattern.unicode);
    }
  } finally {
    pattern.lastIndex = 0;
  }
}

/** The index after an empty match at `at`, as `matchAll` steps: past a whole surrogate pair for a unicode pattern. */
function indexAfter(text: string, at: number, unicode: boolean): number {
  return unicode && isSurrogatePairAt(text, at) ? at + 2 : at + 1;
}

/** Whether a surrogate pair (one character beyond the basic plane) starts at `at` of `text`. */
export function isSurrogatePairAt(text: string, at: number): boolean {
  // Bounds first: `charCodeAt` past the end (NaN) deopts the optimized callers once per thread ("out of bounds").
  if (at < 0 || at + 1 >= text.length) return false;
  const high = text.charCodeAt(at);
  if (high < 0xd800 || high > 0xdbff) return false;
  const low = text.charCodeAt(at + 1);
  return low >= 0xdc00 && low <= 0xdfff;
}
