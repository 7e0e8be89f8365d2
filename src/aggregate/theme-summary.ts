import { termAt, type ThemeHits } from '../model/record.js';
import type { Accumulator } from './accumulator.js';
import { groupOf, type GroupBy } from './group.js';
import { keynessRowsOf, type Keyness, type KeynessOptions } from './keyness.js';
import { keywordsOf, type Keywords } from './keywords.js';
import { TermBlocks, type TermVocabulary } from './terms.js';
import { buildThemeMatrix, type ThemeMatrix } from './theme-matrix.js';
import { stringInterner, townshipNormaliser } from './townships.js';
import { grownTo } from '../model/typed-arrays.js';

/** Options of the theme step. */
export interface ThemeStepOptions {
  /** theme names in taxonomy order (the columns of theme_matrix.csv) */
  themes: readonly string[];
  /** grouping of theme_matrix.csv and keyness.csv; default township */
  groupBy?: GroupBy;
  /** keywords per report; default 20 */
  keywords?: number;
  /** keyness options (top terms per group, least count) */
  keyness?: KeynessOptions;
  /** the manifest's extra columns, appended to themes.csv and keywords.csv; default every extra key, sorted */
  extraColumns?: readonly string[];
}

/**
 * themes.csv's data for one report, compact: only the themes with hits, as parallel typed arrays indexed by the
 * theme's position in the taxonomy (`themeNames`), so 20,000 reports hold a few typed arrays each, not an
 * object per theme and term.
 */
export interface ReportThemes {
  reportId: string;
  /** township, normalised across the corpus; '' when unknown */
  township: string;
  year: number | null;
  /** characters the rates are taken over (non-noise, non-whitespace) */
  chars: number;
  /** the taxonomy's theme names, in order (one array shared by every report) */
  themeNames: readonly string[];
  /** taxonomy index of each theme with at least one hit, ascending */
  themes: Uint16Array;
  /** hits of `themes[i]` */
  hits: Int32Array;
  /** hits of `themes[i]` per 10,000 analysed characters */
  per10k: Float64Array;
  /** hits of `themes[i]` by section: work, problems, plans, other at `4 * i + 0..3` */
  bySection: Int32Array;
  /** `term:hits` pairs of `themes[i]`, terms in taxonomy order, joined by a space (themes.csv `terms`) */
  terms: string[];
  /** values of the manifest's extra columns */
  extra: Record<string, string>;
}

/** What the theme step returns: themes.csv, theme_matrix.csv, keywords.csv and keyness.csv data. */
export interface ThemeSummary {
  /** reports in the order added */
  reports: ReportThemes[];
  /** manifest columns shown after the fixed ones */
  extraColumns: string[];
  matrix: ThemeMatrix;
  /** made when read (keywords.csv is written a chunk at a time) */
  keywords: Keywords;
  /** made when read (keyness.csv is written a chunk at a time) */
  keyness: Keyness;
}

/** Hits per 10,000 characters; 0 when the report has no characters. */
export function per10k(hits: number, chars: number): number {
  return chars > 0 ? (hits / chars) * 10000 : 0;
}

/**
 * Themes, keywords and keyness of the analysed (`ok`) reports, from each record's per-report summary (theme
 * counts and content-term counts made in the worker). Terms are interned into one vocabulary as reports
 * arrive, so what is held grows with the vocabulary, not with the text: per report, two typed arrays.
 */
export function themeSummary(options: ThemeStepOptions): Accumulator<ThemeSummary> {
  const { groupBy = 'township', keywords = 20 } = options;
  const reports: ReportThemes[] = [];
  const idOf = new Map<string, number>();
  /** by the run's term number (`TermCounts.ids`), the vocabulary's id of the term; -1 until met */
  let ownIdOfRun = new Int32Array(1024).fill(-1);
  const themeNames = [...options.themes];
  const vocabulary: TermVocabulary = { terms: [], ids: [], counts: [] };
  const blocks = new TermBlocks();
  const themeBlocks = new ThemeBlocks();
  // Reports repeat the same `term:hits` lists (a theme hit once by its commonest term): each kept once.
  const intern = stringInterner();
  return {
    add(record) {
      if (record.status !== 'ok') return;
      const hits = record.themeHits;
      reports.push(compactThemes(record.report.id, record.meta.township, record.meta.year, record.analysedChars, hits, hits.terms.map(intern), themeNames, record.report.given.extra ?? {}, themeBlocks));
      const { counts: given, ids: runIds } = record.terms;
      // ids in 16 bits while every id this report can be given (the vocabulary grows by at most its terms) fits
      const { ids, counts } = blocks.take(given.length, given, vocabulary.terms.length + given.length <= 0x10000);
      for (let i = 0; i < ids.length; i++) {
        // A term the run has numbered (`runIds`) is looked up by string only the first time it comes.
        const runId = runIds ? runIds[i] : -1;
        if (runId >= ownIdOfRun.length) ownIdOfRun = grownTo(ownIdOfRun, runId + 1, -1);
        let id = runId >= 0 ? ownIdOfRun[runId] : -1;
        if (id < 0) {
          const term = termAt(record.terms, i);
          id = idOf.get(term) ?? -1;
          if (id < 0) {
            id = vocabulary.terms.length;
            idOf.set(term, id);
            vocabulary.terms.push(term);
          }
          if (runId >= 0) ownIdOfRun[runId] = id;
        }
        ids[i] = id;
      }
      vocabulary.ids.push(ids);
      vocabulary.counts.push(counts);
    },
    finish(corpus) {
      // Note: normalised twice, as before the aggregation layer: once across all reports, then across the
      // analysed ones, so a spelling only failed reports share does not change these tables.
      const normalised = reports.map((r) => corpus.township(r.township));
      const townshipOf = townshipNormaliser(normalised);
      // The summaries are this step's own (made in `add`) and `finish` runs once: completed in place, not copied.
      for (let i = 0; i < reports.length; i++) reports[i].township = townshipOf(normalised[i]);
      const themed = reports;
      const extraColumns = options.extraColumns ? [...options.extraColumns] : [...new Set(themed.flatMap((r) => Object.keys(r.extra)))].sort();
      const reportIds = themed.map((r) => r.reportId);
      return {
        reports: themed,
        extraColumns,
        matrix: buildThemeMatrix(themed, options.themes, groupBy),
        keywords: keywordsOf(reportIds, vocabulary, keywords),
        keyness: keynessRowsOf(themed.map((r) => groupOf(r, groupBy)), vocabulary, options.keyness),
      };
    },
  };
}

/** Themes per block of `ThemeBlocks` (a block holds the hits of about 13,000 reports with 20 themes hit each; 7.5 MiB), once the blocks have grown to it. */
const THEME_BLOCK = 1 << 18;

/**
 * Themes of the first block of `ThemeBlocks`, each next block twice the last up to `THEME_BLOCK`, so that `take`
 * starts a block several times in the first reports, as FIRST_TERM_BLOCK in terms.ts says why (the first full
 * block came after some 13,000 reports, and threw the optimised `take` away).
 */
const FIRST_THEME_BLOCK = 1 << 8;

/**
 * Room for the reports' theme hits in shared blocks, each report's arrays views into them: 20,000 reports hold
 * a few blocks, not four typed arrays (three over the buffer their record came in, with its term counts, which
 * would stay alive with them) per report, each with a backing store for the garbage collector to track.
 */
class ThemeBlocks {
  private themes = new Uint16Array(0);
  private hits = new Int32Array(0);
  private per10k = new Float64Array(0);
  private bySection = new Int32Array(0);
  private used = 0;
  /** the themes of the next block (see FIRST_THEME_BLOCK) */
  private nextBlock = FIRST_THEME_BLOCK;

  /** Copies of a report's hits, and room for its rates (for the caller to fill), for `length` themes. */
  take(given: ThemeHits): Pick<ReportThemes, 'themes' | 'hits' | 'per10k' | 'bySection'> {
    const length = given.themes.length;
    if (this.used + length > this.themes.length) {
      const size = Math.max(this.nextBlock, length);
      this.nextBlock = Math.min(2 * this.nextBlock, THEME_BLOCK);
      this.themes = new Uint16Array(size);
      this.hits = new Int32Array(size);
      this.per10k = new Float64Array(size);
      this.bySection = new Int32Array(4 * size);
      this.used = 0;
    }
    const from = this.used;
    this.used += length;
    // Note: views made with their constructors and filled by loops: `subarray` and `set` each cost a builtin
    // call far above the copy of a report's twenty-odd themes
    const taken = {
      themes: new Uint16Array(this.themes.buffer, 2 * from, length),
      hits: new Int32Array(this.hits.buffer, 4 * from, length),
      per10k: new Float64Array(this.per10k.buffer, 8 * from, length),
      bySection: new Int32Array(this.bySection.buffer, 16 * from, 4 * length),
    };
    for (let i = 0; i < length; i++) {
      taken.themes[i] = given.themes[i];
      taken.hits[i] = given.hits[i];
    }
    for (let i = 0; i < 4 * length; i++) taken.bySection[i] = given.bySection[i];
    return taken;
  }
}

/**
 * The compact form of one report's theme hits (see `ReportThemes`), its arrays copied into `blocks`, its `terms` list
 * given apart (interned): not a copy of `given` with `terms` replaced, an object of a map of its own per report.
 */
function compactThemes(
  reportId: string,
  township: string,
  year: number | null,
  chars: number,
  given: ThemeHits,
  terms: string[],
  themeNames: readonly string[],
  extra: Record<string, string>,
  blocks: ThemeBlocks,
): ReportThemes {
  const { themes, hits, per10k: per10kOf, bySection } = blocks.take(given);
  for (let i = 0; i < themes.length; i++) {
    if (themes[i] >= themeNames.length) throw new Error(`theme ${themes[i]} of ${reportId} is not in the taxonomy (${themeNames.length} themes)`);
    per10kOf[i] = per10k(hits[i], chars);
  }
  return { reportId, township, year, chars, themeNames, themes, hits, per10k: per10kOf, bySection, terms, extra };
}
