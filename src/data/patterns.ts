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
