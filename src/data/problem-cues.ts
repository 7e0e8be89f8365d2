import { compilePattern, DataFileError, readDataLines, readDataTsv, escapeRegExp } from './load.js';

/** Kinds of line in data/problem-patterns.tsv. */
export type ProblemPatternKind = 'heading' | 'intro' | 'admission' | 'remedy' | 'end' | 'statement' | 'vague' | 'lead' | 'disclosure' | 'announce' | 'admits' | 'wish' | 'inline' | 'instances';

const PATTERN_KINDS: readonly ProblemPatternKind[] = ['heading', 'intro', 'admission', 'remedy', 'end', 'statement', 'vague', 'lead', 'disclosure', 'announce', 'admits', 'wish', 'inline', 'instances'];

/** Cue words and patterns of the problems stage, from data/problem-cues.txt and data/problem-patterns.tsv. */
export interface ProblemCues {
  /** defect words (不足, 薄弱, 滞后 …): a clause holding one states a shortcoming */
  defectWords: string[];
  /** one regex over all defect words (no flags that keep state) */
  defect: RegExp;
  /** heading lines that name the problems section itself (三、存在的问题与不足), not an item */
  heading: RegExp[];
  /** a cue at the end of a text stretch announcing that problems are listed next (存在一些薄弱环节:) */
  intro: RegExp[];
  /** a whole sentence admitting shortcomings without naming them (还存在着一定的差距和不足。) */
  admission: RegExp[];
  /** sentence openings that answer a problem (对此, 下一步 …): they end an item's text */
  remedy: RegExp[];
  /** sentence openings that start the plans (2022年,我镇将 …): they end the problems part */
  end: RegExp[];
  /** a clause announcing that the report now states its own problems (清醒认识到, 在肯定成绩的同时): found anywhere */
  statement: RegExp[];
  /** a leading clause naming problems only in general (还存在不少困难和问题, 老问题新挑战仍然不少) */
  vague: RegExp[];
  /** the lead of a prose list at a clause start (主要是：, 主要表现在): cut off the first item */
  lead: RegExp[];
  /** a clause that discloses a shortfall of its own (需要向各位代表说明的是): found anywhere, one problem after it counts */
  disclosure: RegExp[];
  /** a list lead naming no problem (具体讲有以下几个方面：, 包括四个方面：): announces problems after an `admits` clause */
  announce: RegExp[];
  /** a clause naming problems of the report's own (还存在着一些不容忽视的问题): makes an `announce` lead count */
  admits: RegExp[];
  /** an item opening on what people want (期望…更加方便, 亟需…): a shortfall stated as a wish */
  wish: RegExp[];
  /** a frame round an inline list of problems, group 1 the list (存在A、B等问题; 问题是A、B和C; 如A、B等) */
  inline: RegExp[];
  /** a clause listing instances (如A、B等), group 1 the list: problems of their own only right after an admission */
  instances: RegExp[];
}

/** Problem similarity vocabulary, from data/problem-concepts.tsv and data/problem-stopwords.txt. */
export interface ProblemVocabulary {
  /** concept name → its member terms */
  concepts: Map<string, string[]>;
  /** words that never count for similarity */
  stopWords: Set<string>;
}

/** `make(cues)`, built once per cue set and kept while the cue set lives. */
export function perCueSet<T>(make: (cues: ProblemCues) => T): (cues: ProblemCues) => T {
  const cache = new WeakMap<ProblemCues, T>();
  return (cues) => {
    let made = cache.get(cues);
    if (made === undefined) cache.set(cues, (made = make(cues)));
    return made;
  };
}

/** Builds cues from word and pattern lists (tests build them by hand; the loader reads them from data/). */
export function buildProblemCues(defectWords: string[], patterns: { kind: ProblemPatternKind; pattern: RegExp }[]): ProblemCues {
  const sorted = [...new Set(defectWords)].sort((a, b) => b.length - a.length);
  const pick = (kind: ProblemPatternKind) => patterns.filter((p) => p.kind === kind).map((p) => p.pattern);
  return {
    defectWords: sorted,
    defect: new RegExp(sorted.map(escapeRegExp).join('|') || '(?!)', 'u'),
    heading: pick('heading'),
    intro: pick('intro'),
    admission: pick('admission'),
    remedy: pick('remedy'),
    end: pick('end'),
    statement: pick('statement'),
    vague: pick('vague'),
    lead: pick('lead'),
    disclosure: pick('disclosure'),
    announce: pick('announce'),
    admits: pick('admits'),
    wish: pick('wish'),
    inline: pick('inline'),
    instances: pick('instances'),
  };
}

/** Reads data/problem-cues.txt and data/problem-patterns.tsv (or the given files), validating kinds and patterns. */
export function loadProblemCues(cueFile = 'problem-cues.txt', patternFile = 'problem-patterns.tsv'): ProblemCues {
  const words = readDataLines(cueFile).map((l) => l.text);
  const patterns = readDataTsv(patternFile, 2).map(({ line, fields }) => {
    const kind = fields[0] as ProblemPatternKind;
    if (!PATTERN_KINDS.includes(kind)) throw new DataFileError(patternFile, line, `unknown kind "${fields[0]}" (want ${PATTERN_KINDS.join(', ')})`);
    return { kind, pattern: compilePattern(patternFile, line, fields.slice(1).join('\t'), 'u') };
  });
  return buildProblemCues(words, patterns);
}

/** Reads data/problem-concepts.tsv and data/problem-stopwords.txt (or the given files). */
export function loadProblemVocabulary(conceptFile = 'problem-concepts.tsv', stopFile = 'problem-stopwords.txt'): ProblemVocabulary {
  const concepts = new Map<string, string[]>();
  for (const { line, fields } of readDataTsv(conceptFile, 2)) {
    const terms = fields[1].split(/\s+/).filter(Boolean);
    if (concepts.has(fields[0])) throw new DataFileError(conceptFile, line, `concept "${fields[0]}" defined twice`);
    concepts.set(fields[0], terms);
  }
  return { concepts, stopWords: new Set(readDataLines(stopFile).map((l) => l.text)) };
}

let cachedCues: ProblemCues | undefined;
let cachedVocabulary: ProblemVocabulary | undefined;

/** The bundled cues, read once per process (for callers that do not pass their own). */
export function defaultProblemCues(): ProblemCues {
  cachedCues ??= loadProblemCues();
  return cachedCues;
}

/** The bundled similarity vocabulary, read once per process. */
export function defaultProblemVocabulary(): ProblemVocabulary {
  cachedVocabulary ??= loadProblemVocabulary();
  return cachedVocabulary;
}
