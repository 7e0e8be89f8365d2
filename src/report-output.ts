/**
 * The per-report reduction: what a run keeps of an analysed Doc (its `ReportRecord`) and its paragraphs.csv
 * records, made where the Doc was made (the worker), so only the reduced form crosses threads: no raw text,
 * no full offset map, no token strings, and the analysis text only when it differs from the cleaned text.
 * Everything that can be computed per report is computed here: theme hits, term counts, placeholder lines.
 */
import type { SectionType } from './model/kinds.js';
import type { Doc } from './model/report.js';
import type { PlaceholderEntry, ReportRecord, ThemeCount, TermCounts } from './model/record.js';
import { location } from './model/location.js';
import { compactMap, mapSpan } from './model/span.js';
import { countThemes, type ThemeMatcher } from './stages/themes.js';
import { countTerms } from './aggregate/terms.js';
import type { Cell } from './emit/table.js';
import { renderCsvRows } from './emit/csv.js';
import { paragraphRows } from './emit/tables/paragraphs.js';
import { placeholderRows } from './emit/tables/placeholders.js';

/** What a run needs, besides jieba, to reduce an analysed report to its record and rows. */
export interface ReportOutputOptions {
  /** the report's id in the tables (ids are made unique across the corpus before analysis) */
  reportId: string;
  /** the run's theme taxonomy, compiled */
  themes: ThemeMatcher;
  /** stop words for keywords and keyness */
  stopWords: ReadonlySet<string>;
  /** also return the paragraphs.csv rows unrendered (for --xlsx); default false */
  keepParagraphRows?: boolean;
}

/** One analysed report as a run uses it: the record the corpus steps read and its paragraphs.csv records. */
export interface ReportOutput {
  record: ReportRecord;
  /** the report's paragraphs.csv records, rendered (no header, no BOM), written as reports arrive */
  paragraphsCsv: string;
  /** the report's placeholders.csv records, rendered (no header, no BOM; '' when it has none), written as reports arrive */
  placeholdersCsv: string;
  /** the report's paragraphs.csv rows, only with `keepParagraphRows` */
  paragraphRows?: Cell[][];
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

/** What the theme step needs of one report. */
export type ThemeSummaryOfReport = { themeCounts: ThemeCount[]; analysedChars: number; terms: TermCounts };

/** Theme hits, analysed characters and content-term counts of one report, while its tokens are at hand. */
export function themeSummaryOf(doc: Pick<Doc, 'paragraphs' | 'tokens' | 'text'>, matcher: ThemeMatcher, stopWords: ReadonlySet<string>): ThemeSummaryOfReport {
  const sections = tokenSections(doc);
  const contentWords = doc.tokens.words.filter((_, i) => sections[i] !== 'noise');
  const counted = countTerms(contentWords, stopWords);
  return {
    themeCounts: countThemes(doc.tokens.words, sections, matcher),
    analysedChars: analysedChars(doc),
    terms: { terms: [...counted.keys()], counts: Int32Array.from(counted.values()) },
  };
}

/** The placeholders of one report located in its raw text (line/column need the raw text, so this runs per report). */
export function placeholderEntriesOf(doc: Pick<Doc, 'report' | 'paragraphs' | 'placeholders' | 'toRaw'>): PlaceholderEntry[] {
  if (doc.placeholders.length === 0) return [];
  const sectionOf = new Map(doc.paragraphs.map((p) => [p.no, p.section]));
  const locate = location(doc.report.raw);
  return doc.placeholders.map((p) => {
    const raw = mapSpan(doc.toRaw, p);
    const { line, column } = locate(raw.start);
    return { paragraphNo: p.paragraphNo, section: sectionOf.get(p.paragraphNo) ?? '', kind: p.kind, token: p.token, context: p.context, start: raw.start, end: raw.end, line, column };
  });
}

/** The record of an analysed Doc (see ReportRecord), under the id the run gives it. */
export function reportRecordOf(analysed: Doc, options: Omit<ReportOutputOptions, 'keepParagraphRows'>): ReportRecord {
  const doc = analysed.report.id === options.reportId ? analysed : { ...analysed, report: { ...analysed.report, id: options.reportId } };
  const { raw: _raw, ...report } = doc.report;
  return {
    report,
    status: doc.status,
    diagnostics: doc.diagnostics,
    script: doc.script,
    meta: doc.meta,
    cleaned: doc.cleaned,
    ...(doc.text !== doc.cleaned ? { text: doc.text } : {}),
    toRaw: compactMap(doc.toRaw),
    chars: doc.cleaned.length,
    paragraphCount: doc.paragraphs.length,
    problemParagraphs: doc.paragraphs.filter((p) => p.section === 'problems').map(({ start, end }) => ({ start, end })),
    placeholderCount: doc.placeholders.length,
    placeholders: placeholderEntriesOf(doc),
    problems: doc.problems,
    ...(doc.status === 'ok' ? themeSummaryOf(doc, options.themes, options.stopWords) : { themeCounts: [], analysedChars: 0, terms: { terms: [], counts: new Int32Array(0) } }),
  };
}

/** Reduces an analysed Doc to its record plus its paragraphs.csv and placeholders.csv records. */
export function reportOutputOf(analysed: Doc, options: ReportOutputOptions): ReportOutput {
  const record = reportRecordOf(analysed, options);
  const doc = analysed.report.id === options.reportId ? analysed : { ...analysed, report: { ...analysed.report, id: options.reportId } };
  const rows = paragraphRows(doc);
  const placeholders = record.placeholders.length > 0 ? renderCsvRows(placeholderRows(record.report.id, record.placeholders)) : '';
  return { record, paragraphsCsv: renderCsvRows(rows), placeholdersCsv: placeholders, ...(options.keepParagraphRows ? { paragraphRows: rows } : {}) };
}
