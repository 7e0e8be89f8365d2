import { placeholderKindInfo, type PlaceholderKind } from '../model/kinds.js';
import { compilePlaceholderRules, type PlaceholderRules, type PlaceholderUnitRule } from '../stages/placeholders.js';
import { DataFileError, readDataLines, readDataTsv } from './load.js';

/** Default file of unit rules: `kind<TAB>after<TAB>before` per line. */
export const PLACEHOLDER_UNITS_FILE = 'placeholder-units.tsv';
/** Default file of real-text strings that hold a mark (X光, 某些). */
export const PLACEHOLDER_EXCEPTIONS_FILE = 'placeholder-exceptions.txt';

/** Default file of units after which a single 某 is a placeholder (某镇, 某米). */
export const PLACEHOLDER_SINGLE_MOU_FILE = 'placeholder-single-mou.txt';
/** Default file of surnames before redacted names (张*, 李**). */
export const PLACEHOLDER_SURNAMES_FILE = 'placeholder-surnames.txt';

/** Reads and validates the placeholder data files (names resolve against `data/`). */
export function loadPlaceholderRules(
  unitsFile = PLACEHOLDER_UNITS_FILE,
  exceptionsFile = PLACEHOLDER_EXCEPTIONS_FILE,
  singleMouFile = PLACEHOLDER_SINGLE_MOU_FILE,
  surnamesFile = PLACEHOLDER_SURNAMES_FILE,
): PlaceholderRules {
  const rows: PlaceholderUnitRule[] = readDataTsv(unitsFile, 2).map(({ line, fields }) => {
    const [kind, after, before = '_'] = fields;
    if (!(kind in placeholderKindInfo)) {
      throw new DataFileError(unitsFile, line, `unknown kind "${kind}" (expected ${Object.keys(placeholderKindInfo).join(', ')})`);
    }
    if (!after || !before) throw new DataFileError(unitsFile, line, 'empty field; write _ for "anything"');
    if (after === '_' && before === '_') throw new DataFileError(unitsFile, line, 'a rule needs an after or a before text');
    return { kind: kind as PlaceholderKind, after, before };
  });
  const exceptions = readDataLines(exceptionsFile).map(({ text }) => text);
  const singleMouUnits = readDataLines(singleMouFile).map(({ text }) => text);
  const surnames = readDataLines(surnamesFile).map(({ line, text }) => {
    if (!/^[\u3400-\u9fff]{1,2}$/.test(text)) throw new DataFileError(surnamesFile, line, `"${text}" is not a surname of one or two characters`);
    return text;
  });
  return compilePlaceholderRules(rows, exceptions, { singleMouUnits, surnames });
}
