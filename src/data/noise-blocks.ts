import { compilePattern, DataFileError, readDataTsv } from './load.js';
import type { LineModel } from '../stages/line-model.js';

/** What follows a block header of data/noise-list-headers.txt (see that file). */
export type NoiseBlockKind = 'links' | 'notice' | 'appendix' | 'tail';

/** A header line that opens a block of page furniture. */
export interface NoiseBlockHeader {
  pattern: RegExp;
  kind: NoiseBlockKind;
}

/** A word of web-page furniture and its weight (data/noise-site-words.tsv). */
export interface SiteWord {
  word: string;
  weight: number;
}

const KINDS: readonly NoiseBlockKind[] = ['links', 'notice', 'appendix', 'tail'];

/** Loads data/noise-list-headers.txt: pattern, then optionally a tab and the block's kind. */
export function loadNoiseBlockHeaders(file = 'noise-list-headers.txt'): NoiseBlockHeader[] {
  return readDataTsv(file, 1).map(({ line, fields }) => {
    const kind = (fields[1] || 'links') as NoiseBlockKind;
    if (!KINDS.includes(kind)) throw new DataFileError(file, line, `unknown block kind "${fields[1]}" (expected ${KINDS.join(', ')})`);
    return { pattern: compilePattern(file, line, fields[0], 'u'), kind };
  });
}

/** Loads data/noise-site-words.tsv: word, tab, weight. */
export function loadSiteWords(file = 'noise-site-words.tsv'): SiteWord[] {
  return readDataTsv(file, 2).map(({ line, fields }) => {
    const weight = Number(fields[1]);
    if (!fields[0] || !Number.isFinite(weight) || weight <= 0) throw new DataFileError(file, line, 'expected a word and a positive weight');
    return { word: fields[0], weight };
  });
}

/** Loads data/noise-weights.tsv (written by src/tools/train-noise.ts): feature, tab, weight; `bias` the intercept. */
export function loadLineModel(file = 'noise-weights.tsv'): LineModel {
  let bias = 0;
  const weights = new Map<string, number>();
  for (const { line, fields } of readDataTsv(file, 2)) {
    const weight = Number(fields[1]);
    if (!Number.isFinite(weight)) throw new DataFileError(file, line, `bad weight "${fields[1]}"`);
    if (fields[0] === 'bias') bias = weight;
    else weights.set(fields[0], weight);
  }
  return { bias, weights };
}
