import { DataFileError, readDataLines, readDataTsv } from './load.js';
import { placeKindInfo, type GazetteerEntry, type PlaceKind } from '../aggregate/place-names.js';

/** Default gazetteer file in `data/`; users point `--gazetteer FILE` at their county's list. */
export const GAZETTEER_FILE = 'gazetteer.tsv';

/** Default list of phrases that are always formula for the reuse step. */
export const REUSE_FORMULA_FILE = 'reuse-formula.txt';

/** Kind guessed from the name's ending when the third column is left empty. */
function guessKind(name: string): PlaceKind {
  if (/(村|社区|居委会)$/.test(name)) return 'village';
  if (/(镇|乡|街道|办事处)$/.test(name)) return 'township';
  if (/(县|市|区|旗)$/.test(name)) return 'county';
  return 'place';
}

/** Turns gazetteer rows (`name<TAB>owner[<TAB>kind]`) into entries, naming file and line on a bad kind. */
export function parseGazetteer(file: string, rows: { line: number; fields: string[] }[]): GazetteerEntry[] {
  return rows.map(({ line, fields }) => {
    const [name, owner = '', kindField = ''] = fields;
    if (!name) throw new DataFileError(file, line, 'empty place name');
    const kind = (kindField || guessKind(name)) as PlaceKind;
    if (!(kind in placeKindInfo)) throw new DataFileError(file, line, `unknown kind "${kindField}" (expected ${Object.keys(placeKindInfo).join(', ')})`);
    return { name, owner, kind };
  });
}

/** Loads a gazetteer file (default data/gazetteer.tsv). */
export function loadGazetteer(file: string = GAZETTEER_FILE): GazetteerEntry[] {
  return parseGazetteer(file, readDataTsv(file, 1));
}

/** Loads the always-formula phrases for the reuse step (default data/reuse-formula.txt), one a line. */
export function loadReuseFormula(file: string = REUSE_FORMULA_FILE): string[] {
  return readDataLines(file).map((l) => l.text);
}
