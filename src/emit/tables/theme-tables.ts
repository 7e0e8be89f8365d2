import type { SectionType } from '../../model/kinds.js';
import type { Doc, Report } from '../../model/report.js';
import type { ReportRecord } from '../../model/record.js';
import type { Table } from '../table.js';
import { normaliseTownship } from '../../io/manifest.js';
import { countThemes, type ThemeMatcher, type ThemeTaxonomy } from '../../stages/themes.js';
import { countTerms, termVocabulary } from '../../aggregate/terms.js';
import { topKeywordsOf } from '../../aggregate/keywords.js';
import { keynessOf, type KeynessOptions } from '../../aggregate/keyness.js';
import { buildThemeMatrix } from '../../aggregate/theme-matrix.js';
import { groupOf, type GroupBy, type GroupableReport } from '../../aggregate/group.js';
import { themesTable, type ThemesTableReport } from './themes.js';
import { themeMatrixTable } from './theme-matrix.js';
import { keywordsTable } from './keywords.js';
import { keynessTable } from './keyness.js';

/** Data the theme tables need, loaded once per run (loadThemes, loadStopWords). */
export interface ThemeResources {
  taxonomy: ThemeTaxonomy;
  stopWords: ReadonlySet<string>;
}

/** Options of the theme tables. */
export interface ThemeTableOptions {
  /** grouping of theme_matrix.csv and keyness.csv (default township) */
  groupBy?: GroupBy;
  /** keywords per report (default 20) */
  keywords?: number;
  /** keyness options (top terms per group, least count) */
  keyness?: KeynessOptions;
  /** the manifest's extra columns, appended to themes.csv and keywords.csv (default: every extra key, sorted, as reports.csv) */
  extraColumns?: readonly string[];
}

/** The section of every token of a document (section of the paragraph holding it). */
export function tokenSections(doc: Pick<Doc, 'paragraphs' | 'tokens'>): SectionType[] {
  const { paragraphStarts, words } = doc.tokens;
  const out = new Array<SectionType>(words.length).fill('noise');
  doc.paragraphs.forEach((p, i) => {
    const end = i + 1 < paragraphStarts.length ? paragraphStarts[i + 1] : words.length;
    for (let t = paragraphStarts[i]; t < end; t++) out[t] = p.section;
  });
  return out;
}

/** Characters rates are taken over: non-whitespace characters of the paragraphs that are not noise. */
export function analysedChars(doc: Pick<Doc, 'paragraphs' | 'text'>): number {
  let n = 0;
  for (const p of doc.paragraphs) {
    if (p.section === 'noise') continue;
    for (let i = p.start; i < p.end; i++) {
      const c = doc.text.charCodeAt(i);
      if (c !== 32 && c !== 9 && c !== 10 && c !== 13 && c !== 0x3000) n++;
    }
  }
  return n;
}

/** What the theme tables need of one report, computed per report (in the worker) by `themeSummaryOf`. */
export type ThemeSummary = Pick<ReportRecord, 'themeCounts' | 'analysedChars' | 'terms'>;

/**
 * Theme hits, analysed characters and content-term counts of one report. Per report, so it runs in the worker
 * while the tokens are at hand; township normalisation and grouping happen later, over the whole corpus.
 */
export function themeSummaryOf(doc: Pick<Doc, 'paragraphs' | 'tokens' | 'text'>, matcher: ThemeMatcher, stopWords: ReadonlySet<string>): ThemeSummary {
  const sections = tokenSections(doc);
  const contentWords = doc.tokens.words.filter((_, i) => sections[i] !== 'noise');
  const counted = countTerms(contentWords, stopWords);
  return {
    themeCounts: countThemes(doc.tokens.words, sections, matcher),
    analysedChars: analysedChars(doc),
    terms: { terms: [...counted.keys()], counts: Int32Array.from(counted.values()) },
  };
}

/** A report as the theme tables read it. */
export type ThemeSource = Pick<ReportRecord, 'status' | 'meta' | 'themeCounts' | 'analysedChars' | 'terms'> & { report: Pick<Report, 'id' | 'given'> };

/**
 * themes.csv, theme_matrix.csv, keywords.csv and keyness.csv for the analysed reports (only `ok` ones), from
 * their per-report summaries (`themeSummaryOf`, made with the same taxonomy). Township names are normalised
 * across the corpus (陵口 → 陵口镇 when both occur) before grouping. Pure: no I/O.
 */
export function themeTables(reports: readonly ThemeSource[], resources: Pick<ThemeResources, 'taxonomy'>, options: ThemeTableOptions = {}): Table[] {
  const { groupBy = 'township', keywords = 20 } = options;
  const ok = reports.filter((d) => d.status === 'ok');
  const extraColumns = options.extraColumns ?? [...new Set(ok.flatMap((d) => Object.keys(d.report.given.extra ?? {})))].sort();
  const townshipOf = townshipNormaliser(ok.map((d) => d.meta.township));
  const themed: ThemesTableReport[] = [];
  const groupable: GroupableReport[] = [];
  for (const doc of ok) {
    const base = { reportId: doc.report.id, township: townshipOf(doc.meta.township), year: doc.meta.year };
    themed.push({ ...base, chars: doc.analysedChars, counts: doc.themeCounts, extra: doc.report.given.extra });
    groupable.push(base);
  }
  // Terms are interned once for keywords and keyness: counting then runs over typed arrays, not maps.
  const vocabulary = termVocabulary(ok.map((d) => d.terms));
  const themeNames = resources.taxonomy.themes.map((t) => t.name);
  const extra = new Map(ok.map((d) => [d.report.id, d.report.given.extra ?? {}]));
  return [
    themesTable(themed, extraColumns),
    themeMatrixTable(buildThemeMatrix(themed, themeNames, groupBy)),
    keywordsTable(topKeywordsOf(groupable.map((r) => r.reportId), vocabulary, keywords), extra, extraColumns),
    keynessTable(keynessOf(groupable.map((r) => groupOf(r, groupBy)), vocabulary, options.keyness)),
  ];
}

/**
 * `normaliseTownship` against every name in `names`, computed once per distinct name: with one township per
 * report, scanning all names for every report would be quadratic.
 */
function townshipNormaliser(names: readonly string[]): (name: string) => string {
  const known = [...new Set(names.filter(Boolean))];
  const normalised = new Map<string, string>();
  return (name) => {
    if (!name) return '';
    let display = normalised.get(name);
    if (display === undefined) normalised.set(name, (display = normaliseTownship(name, known)));
    return display;
  };
}
