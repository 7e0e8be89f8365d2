import type { CompactOffsetMap, Span } from './span.js';
import type { Diagnostic, Problem, Report, ReportMeta } from './report.js';
import type { PlaceholderKind, ReportStatus, Script, SectionType } from './kinds.js';

/**
 * What a run keeps of one analysed report once its per-report rows are rendered: enough for reports.csv and
 * the corpus-level steps (reuse, recurring problems, themes, keywords), without the raw text, the full offset
 * map or the token strings. A worker thread builds it from the `Doc` (`reportOutputOf` in report-output.ts), so
 * only this crosses threads; at 20,000 reports the full Docs would not fit the memory budget.
 */
export interface ReportRecord {
  /** the report without `raw` */
  report: Omit<Report, 'raw'>;
  status: ReportStatus;
  diagnostics: Diagnostic[];
  script: Script;
  meta: ReportMeta;
  /**
   * the texts passage reuse reads (see `ReportTexts`); absent when the worker that analysed the report posted
   * them straight to the reuse thread (`ReuseSource`), so that the texts cross threads once, not twice via here
   */
  texts?: ReportTexts;
  /** cleaned offset → raw offset */
  toRaw: CompactOffsetMap;
  /** length of the cleaned text, in UTF-16 code units (reports.csv `chars`) */
  chars: number;
  /** number of paragraphs (`Doc.paragraphs.length`) */
  paragraphCount: number;
  /** number of placeholders (`Doc.placeholders.length`) */
  placeholderCount: number;
  /**
   * the placeholders as placeholders.csv shows them, in reading order; empty when the run did not ask for them
   * (`ReportOutputOptions.placeholderEntries`: once report.html has the reports it lists, the entries would
   * cross threads only to be dropped), `placeholderCount` and `placeholderKinds` still telling what there are
   */
  placeholders: PlaceholderEntry[];
  /** the distinct kinds of the report's placeholders, in order of first appearance */
  placeholderKinds: PlaceholderKind[];
  /** stated problems, with their words (clustering needs them) */
  problems: Problem[];
  /** theme hits (themeHitsOf), only the themes with any; none unless status is ok */
  themeHits: ThemeHits;
  /** characters theme rates are taken over (`analysedChars`) */
  analysedChars: number;
  /** content-term counts (countTerms over non-noise tokens), terms in first-seen order */
  terms: TermCounts;
}

/** What passage reuse and the place-name scan read of a report besides its id, township, year and offset map. */
export interface ReportTexts {
  /** the cleaned text (`Doc.cleaned`): reuse passages and place names are shown from it */
  cleaned: string;
  /** the analysis text (`Doc.text`) when it differs from `cleaned` (traditional script); absent when equal */
  text?: string;
  /** spans (into `cleaned`) of the paragraphs in the problems section, in reading order; reuse compares them */
  problemParagraphs: Span[];
}

/** A placeholder located in the raw file text (what placeholders.csv shows of a `Placeholder`). */
export interface PlaceholderEntry {
  /** paragraph_no of the paragraph holding it */
  paragraphNo: number;
  /** section of that paragraph */
  section: SectionType | '';
  kind: PlaceholderKind;
  token: string;
  context: string;
  /** offsets in the raw file text (half-open, UTF-16 code units) */
  start: number;
  end: number;
  /** 1-based line and column of `start` in the raw text */
  line: number;
  column: number;
}

/** The parts of a report theme hits are split into; `other` is title, preamble, results and closing. */
export type ThemeSectionBucket = 'work' | 'problems' | 'plans' | 'other';

/** Hits of one theme in one report. */
export interface ThemeCount {
  theme: string;
  /** matched terms outside noise */
  hits: number;
  /** hits split by the section of the matched tokens */
  bySection: Record<ThemeSectionBucket, number>;
  /** hits per term, terms in taxonomy order, only terms with hits */
  terms: { term: string; hits: number }[];
}

/**
 * Theme hits of one report, compact: only the themes with at least one hit, as parallel typed arrays indexed
 * by the theme's position in the run's taxonomy, so that a record crosses threads as a few arrays instead of an
 * object per theme and term.
 */
export interface ThemeHits {
  /** taxonomy index of each theme with at least one hit, ascending */
  themes: Uint16Array;
  /** hits of `themes[i]` (matched terms outside noise) */
  hits: Int32Array;
  /** hits of `themes[i]` by section: work, problems, plans, other at `4 * i + 0..3` */
  bySection: Int32Array;
  /** `term:hits` pairs of `themes[i]`, only terms with hits, in taxonomy order, joined by a space (themes.csv `terms`) */
  terms: string[];
}

/** The ThemeHits of a report with none. */
export function noThemeHits(): ThemeHits {
  return { themes: new Uint16Array(0), hits: new Int32Array(0), bySection: new Int32Array(0), terms: [] };
}

/** Content-term counts of one report as two parallel arrays (plain data, so it crosses threads). */
export interface TermCounts {
  /**
   * distinct terms, first-seen order; empty when the record was made without them (an analysis thread's
   * records, `ReportOutputOptions.termStrings`: `numbers` gives them, and on the main thread `ids` and `runTerms`)
   */
  terms: string[];
  /** `counts[i]` is the count of `terms[i]` */
  counts: Int32Array;
  /**
   * `numbers[i]` is the number of `terms[i]` among the content terms the thread that made the record has met,
   * in the order met (`contentTermsMet` in report-output.ts); the record's terms cross threads as these numbers
   */
  numbers?: Int32Array;
  /**
   * `ids[i]` is the number of the record's term i among all the run's terms, when the record came from an
   * analysis thread (aggregate/term-ids.ts: the terms crossed as numbers); the corpus steps count by it
   */
  ids?: Int32Array;
  /** with `ids`: the run's terms by number (one array for the run), `runTerms[ids[i]]` the record's term i */
  runTerms?: readonly string[];
}

/** Term i of `counts`, from `terms` or, for a record whose terms crossed as numbers, from `runTerms`. */
export function termAt(counts: TermCounts, i: number): string {
  return counts.runTerms && counts.ids ? counts.runTerms[counts.ids[i]] : counts.terms[i];
}

/** The (term, count) pairs of `counts` in first-seen order, as a Map iterates; can be iterated again and again. */
export function termEntries(counts: TermCounts): Iterable<readonly [string, number]> {
  return {
    *[Symbol.iterator]() {
      for (let i = 0; i < counts.counts.length; i++) yield [termAt(counts, i), counts.counts[i]] as const;
    },
  };
}

/** The analysis text of a report: `text` when it differs from `cleaned`, else `cleaned`. */
export function analysisText(texts: Pick<ReportTexts, 'cleaned' | 'text'>): string {
  return texts.text ?? texts.cleaned;
}
