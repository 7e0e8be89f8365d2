import { DataFileError, dataPath, readDataLines } from './load.js';
import type { Theme, ThemeTaxonomy } from '../stages/themes.js';

/** The bundled theme taxonomy, used unless `--themes FILE` names another. */
export const DEFAULT_THEMES_FILE = 'themes.tsv';

/** Separators allowed between the terms of a theme. */
const TERM_SEPARATOR = /[\s、,，|]+/u;
// Terms may not contain punctuation or sentence marks: they would never equal a run of word tokens.
const BAD_TERM = /[。；;：:！!？?（）()“”"'《》<>【】\[\]]/u;

/**
 * Loads and validates a themes file: `theme<TAB>term term …` a line, `#` comments. Throws DataFileError
 * (file:line) on a line without terms, a repeated theme, a term repeated within or across themes, or a term
 * holding punctuation.
 */
export function loadThemes(file: string = DEFAULT_THEMES_FILE): ThemeTaxonomy {
  const themes: Theme[] = [];
  const themeLine = new Map<string, number>();
  const termOwner = new Map<string, { theme: string; line: number }>();
  for (const { line, text } of readDataLines(file)) {
    const tab = text.indexOf('\t');
    if (tab < 0) throw new DataFileError(file, line, 'expected a theme name, a TAB, then its terms');
    const name = text.slice(0, tab).trim();
    const terms = text.slice(tab + 1).split(TERM_SEPARATOR).filter(Boolean);
    if (!name) throw new DataFileError(file, line, 'empty theme name');
    if (terms.length === 0) throw new DataFileError(file, line, `theme "${name}" has no terms`);
    if (themeLine.has(name)) throw new DataFileError(file, line, `theme "${name}" is already defined on line ${themeLine.get(name)}`);
    themeLine.set(name, line);
    for (const term of terms) {
      if (BAD_TERM.test(term)) throw new DataFileError(file, line, `term "${term}" contains punctuation`);
      const owner = termOwner.get(term);
      if (owner) {
        throw new DataFileError(file, line, `term "${term}" is already a term of "${owner.theme}" (line ${owner.line})`);
      }
      termOwner.set(term, { theme: name, line });
    }
    themes.push({ name, terms });
  }
  if (themes.length === 0) throw new DataFileError(file, 1, 'no themes defined');
  return { file: dataPath(file), themes };
}
