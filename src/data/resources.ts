import type { SectionType } from '../model/kinds.js';
import { SECTION_TYPES } from '../model/kinds.js';
import { compilePattern, DataFileError, readDataLines, readDataTsv } from './load.js';
import { prepareJiebaUserDict } from './user-dict.js';
import { loadProblemCues, type ProblemCues } from './problem-cues.js';
import { loadLineModel, loadNoiseBlockHeaders, loadSiteWords, type NoiseBlockHeader, type SiteWord } from './noise-blocks.js';
import type { LineModel } from '../stages/line-model.js';
import { trainNoiseClassifier, type NoiseClassifier } from '../stages/noise-classifier.js';
import { loadPlaceholderRules } from './placeholder-rules.js';
import type { PlaceholderRules } from '../stages/placeholders.js';
import { loadSectionEvidence, loadSectionModel } from './section-model.js';
import type { SectionEvidence } from '../stages/section-features.js';
import type { SectionModel } from '../stages/section-model.js';

/** A cue of data/section-cues.tsv that names the section of a heading. */
export interface HeadingCue {
  section: SectionType;
  pattern: RegExp;
}

/** A cue of data/section-cues.tsv that votes for the section of a plain paragraph. */
export interface ParagraphCue {
  section: SectionType;
  /** `start`: matched at the paragraph's start (after its 一是/(一) marker); `any`: anywhere in it */
  where: 'start' | 'any';
  pattern: RegExp;
  /** votes cast when the pattern matches; default 1 */
  weight: number;
}

/**
 * Data loaded once per run (and once per worker thread) from the user-editable files in `data/`.
 * Each field names the file it comes from; loaders validate and report file:line on errors.
 */
export interface Resources {
  /** path of the jieba user dictionary as nodejieba reads it: data/user-dict.txt validated, comments stripped */
  userDictPath: string;
  /** web-page noise: whole lines matching any of these are dropped (data/noise-lines.txt) */
  noiseLines: RegExp[];
  /** headers of blocks around a report (link lists, site notices, appendices) and what follows them (data/noise-list-headers.txt) */
  noiseListHeaders: NoiseBlockHeader[];
  /** words of web-page furniture with their weights (data/noise-site-words.tsv) */
  noiseSiteWords: SiteWord[];
  /** learned furniture line model (data/noise-weights.tsv, written by src/tools/train-noise.ts) */
  noiseLineModel: LineModel;
  /** spam runs injected into sentences, removed wherever they stand (data/spam-patterns.txt) */
  spamPatterns: RegExp[];
  /** heading cues (data/section-cues.tsv, where = heading), in file order */
  headingCues: HeadingCue[];
  /** plain-paragraph cues (data/section-cues.tsv, where = start | any) */
  paragraphCues: ParagraphCue[];
  /** heading openings that make a heading an action, naming no section ("创新工作思路"; data/section-cues.tsv, where = action) */
  headingActions: RegExp[];
  /** word patterns the sequence model of sections uses as features (data/section-evidence.tsv) */
  sectionEvidence: SectionEvidence[];
  /** the trained sequence model of sections (data/section-model.json); absent when the file is missing */
  sectionModel?: SectionModel;
  /** words rejected as township names (data/township-stopwords.txt) */
  townshipStopwords: string[];
  /** placeholder unit rules and real-text exceptions (data/placeholder-units.tsv, data/placeholder-exceptions.txt) */
  placeholderRules: PlaceholderRules;
  /** problem cue words and patterns (data/problem-cues.txt, data/problem-patterns.tsv) */
  problemCues: ProblemCues;
  /** naive Bayes noise/text classifier for short lines at the report's edges (trained on data/section-training.tsv) */
  noiseClassifier: NoiseClassifier;
}

/** Options that choose data files; every field defaults to the file in `data/`. */
export interface ResourceOptions {
  /** jieba user dictionary; default data/user-dict.txt */
  userDict?: string;
  /** sequence model of sections; default data/section-model.json; false: none (the rule pass decides alone, as when training it) */
  sectionModel?: string | false;
}

/** Loads and validates every data file the per-report stages need. */
export function loadResources(options: ResourceOptions = {}): Resources {
  const cues = readDataTsv('section-cues.tsv', 3).map(({ line, fields }) => {
    const [section, where, source, weight] = fields;
    if (!SECTION_TYPES.includes(section as SectionType)) throw new DataFileError('section-cues.tsv', line, `unknown section "${section}"`);
    if (!['heading', 'start', 'any', 'action'].includes(where)) throw new DataFileError('section-cues.tsv', line, `unknown place "${where}"`);
    const anchored = where === 'start' || where === 'action' ? `^(?:${source})` : source;
    const parsedWeight = weight ? Number(weight) : 1;
    if (!Number.isFinite(parsedWeight)) throw new DataFileError('section-cues.tsv', line, `bad weight "${weight}"`);
    return { section: section as SectionType, where, pattern: compilePattern('section-cues.tsv', line, anchored, 'u'), weight: parsedWeight };
  });
  return {
    userDictPath: prepareJiebaUserDict(options.userDict ?? 'user-dict.txt'),
    noiseLines: readDataLines('noise-lines.txt').map(({ line, text }) => compilePattern('noise-lines.txt', line, text, 'u')),
    noiseListHeaders: loadNoiseBlockHeaders(),
    noiseSiteWords: loadSiteWords(),
    noiseLineModel: loadLineModel(),
    spamPatterns: readDataLines('spam-patterns.txt').map(({ line, text }) => compilePattern('spam-patterns.txt', line, text, 'gu')),
    headingCues: cues.filter((c) => c.where === 'heading').map(({ section, pattern }) => ({ section, pattern })),
    paragraphCues: cues.filter((c): c is typeof c & { where: 'start' | 'any' } => c.where === 'start' || c.where === 'any'),
    headingActions: cues.filter((c) => c.where === 'action').map((c) => c.pattern),
    sectionEvidence: loadSectionEvidence(),
    sectionModel: options.sectionModel === false ? undefined : loadSectionModel(options.sectionModel),
    townshipStopwords: readDataLines('township-stopwords.txt').map(({ text }) => text),
    placeholderRules: loadPlaceholderRules(),
    problemCues: loadProblemCues(),
    noiseClassifier: trainNoiseClassifier(),
  };
}
