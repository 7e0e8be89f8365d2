/**
 * The per-report reduction: what a run keeps of an analysed Doc (its `ReportRecord`) and its paragraphs.csv
 * records, made where the Doc was made (the worker), so only the reduced form crosses threads: no raw text,
 * no full offset map, no token strings, and the analysis text only when it differs from the cleaned text.
 * Everything that can be computed per report is computed here: theme hits, term counts, placeholder lines.
 */
import type { PlaceholderKind, SectionType } from './model/kinds.js';
import type { Doc, Paragraph, Report, Tokens } from './model/report.js';
import type { ReadFingerprint } from './io/ingest.js';
import { noThemeHits, type PlaceholderEntry, type ReportRecord, type TermCounts, type ThemeHits } from './model/record.js';
import type { Location } from './model/location.js';
import { compactMap, mapSpan, type CompactOffsetMap, type Span } from './model/span.js';
import { stepFromRoot, themeTallyOf, THEME_HITS_BYTES, type ThemeMatcher, type ThemeTally, type TrieNode } from './stages/themes.js';
import { tokenVocabulary, type TokenVocabulary } from './stages/segment.js';
import { isContentTerm } from './aggregate/terms.js';
import type { Cell } from './emit/table.js';
import { csvField } from './emit/csv.js';
import { paragraphRows } from './emit/tables/paragraphs.js';
import { grownTo } from './model/typed-arrays.js';

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
  /**
   * keep the placeholder entries in the record (`ReportRecord.placeholders`); false leaves them out, the
   * rendered placeholders.csv records and the record's count and kinds unchanged; default true
   */
  placeholderEntries?: boolean;
  /**
   * give the record's content terms as strings (`TermCounts.terms`); false leaves them out, the terms given
   * only by their thread numbers (`TermCounts.numbers`, all an analysis thread sends); default true
   */
  termStrings?: boolean;
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
  /** size and SHA-256 of the file's bytes as the analysis read them, when asked for and the whole file was read (run.json) */
  fingerprint?: ReadFingerprint;
}

/** The end of the tokens of paragraph `p` (where the next paragraph's start, or the last token's end). */
function tokensEnd(doc: Pick<Doc, 'paragraphs' | 'tokens'>, p: number): number {
  const { paragraphStarts, words } = doc.tokens;
  return p + 1 < paragraphStarts.length ? paragraphStarts[p + 1] : words.length;
}

/** The last paragraph of the stretch of paragraphs that are not noise from paragraph `p` on. */
function stretchLast(paragraphs: readonly Paragraph[], p: number): number {
  let q = p;
  while (q + 1 < paragraphs.length && paragraphs[q + 1].section !== 'noise') q++;
  return q;
}

/** The whitespace `analysedChars` does not count. */
const UNCOUNTED = /[ \t\n\r\u3000]/g;

/**
 * Characters rates are taken over: non-whitespace characters of the paragraphs that are not noise. Whitespace
 * inside a paragraph is rare, so the regex engine finds each one rather than a look at every character. A
 * search's find past a paragraph's end is kept for the next paragraph, so the text is searched once in all
 * (paragraphs are in order and do not overlap); a search per paragraph would run on to the next whitespace,
 * across the rest of a long run-on line for each paragraph split out of it.
 */
export function analysedChars(doc: Pick<Doc, 'paragraphs' | 'text'>): number {
  const { text } = doc;
  let n = 0;
  // `space`: the first whitespace at or after `searchedFrom` (text.length when none).
  let searchedFrom = 0;
  let space = -1;
  const spaceFrom = (from: number) => {
    searchedFrom = from;
    UNCOUNTED.lastIndex = from;
    return UNCOUNTED.test(text) ? UNCOUNTED.lastIndex - 1 : text.length;
  };
  for (const p of doc.paragraphs) {
    if (p.section === 'noise') continue;
    n += p.end - p.start;
    if (p.start < searchedFrom || space < p.start) space = spaceFrom(p.start);
    while (space < p.end) {
      n--;
      space = spaceFrom(space + 1);
    }
  }
  return n;
}

/** What the theme step needs of one report. */
export type ThemeSummaryOfReport = { themeHits: ThemeHits; analysedChars: number; terms: TermCounts };

/**
 * `TokenReader.cells`: a token's cell holds what it is to the reduction in its low bits (0: not met yet) and its
 * count in the report being read above them.
 */
const MET = 1;
/** the token is a content term (`isContentTerm`): it is counted */
const CONTENT = 2;
/** a theme term starts with the token (`rootOf` is not null) */
const STARTS = 4;
/** where a cell's count starts: the bits above the flags */
const COUNT_SHIFT = 3;
/** one occurrence in a cell's count */
const ONE = 1 << COUNT_SHIFT;
/** the flag bits of a cell */
const FLAGS = ONE - 1;

/** The length the arrays by token id of a `TokenReader` start at (a thread's first reports' vocabulary). */
const INITIAL_IDS = 4096;

/**
 * Reads the tokens of reports, one report at a time, for content-term counts and theme matching, in one walk
 * over the tokens. What a token is to the reduction (a content term or not, the theme trie node it reaches) is
 * learnt once per distinct token and kept by its id in the thread's token vocabulary (the segment stage gives
 * every token its id). A token's flags and its count in the report share one cell by id, so a token costs one
 * read and one write of one array: the arrays are as long as the vocabulary before the walk (no bounds test,
 * no growing inside it).
 *
 * Note: the arrays by token id start empty and are grown in the constructor. V8 treats a field written only
 * once as a constant of the optimised code that reads it, and throws that code away (with `learn` and
 * `takeCounts`) the first time the field is written again: on a corpus whose vocabulary stays small for
 * thousands of reports (the bench corpus), that first growth came mid-run and cost each worker a deoptimisation
 * and two more optimising compiles of `read`. Written twice at construction, the fields are never constants.
 */
class TokenReader {
  /** by token id: flags (MET, CONTENT, STARTS) and the count in the report being read (`ONE`s); counts zero between reports */
  private cells = new Int32Array(0);
  /** by token id: its number among the content terms (`TermCounts.numbers`), -1 when it is not one */
  private termOf = new Int32Array(0);
  /** by token id: the theme trie node it reaches from the root, null when no theme term starts with it */
  private readonly rootOf: (TrieNode | null)[] = [];
  /** `terms[n]` is the content term of number `n` (`TermCounts.numbers`) */
  readonly terms: string[] = [];
  /** the ids of the content terms of the report being read, in first-seen order (its first entries) */
  private seen = new Int32Array(0);
  private readonly themeTally: ThemeTally;

  constructor(
    private readonly matcher: ThemeMatcher,
    private readonly stopWords: ReadonlySet<string>,
    private readonly vocabulary: TokenVocabulary,
  ) {
    this.themeTally = themeTallyOf(matcher.taxonomy);
    this.fitVocabulary(INITIAL_IDS);
  }

  /**
   * Theme hits and content-term counts (terms in first-seen order) of a report's tokens outside noise: the
   * tokens of its paragraphs that are not noise (tokens before the first paragraph are noise), walked paragraph by
   * paragraph.
   */
  read(doc: Pick<Doc, 'paragraphs' | 'tokens'>, termStrings: boolean): { themeHits: ThemeHits; terms: TermCounts } {
    const { words, paragraphStarts } = doc.tokens;
    const ids = doc.tokens.ids ?? Int32Array.from(words, (word) => this.vocabulary.idOfWord(word));
    this.fitVocabulary();
    const { cells, seen, rootOf, themeTally } = this;
    const { paragraphs } = doc;
    let distinct = 0;
    /** the end of the stretch of paragraphs that are not noise being read (see `ThemeTally.step`) */
    let stretchEnd = 0;
    for (let p = 0; p < paragraphs.length; p++) {
      const { section } = paragraphs[p];
      if (section === 'noise') continue;
      const start = paragraphStarts[p];
      if (start >= stretchEnd) stretchEnd = tokensEnd(doc, stretchLast(paragraphs, p));
      const end = tokensEnd(doc, p);
      for (let i = start; i < end; i++) {
        const id = ids[i];
        let cell = cells[id];
        if (cell === 0) cell = this.learn(id);
        if ((cell & CONTENT) !== 0) {
          if (cell < ONE) seen[distinct++] = id;
          cells[id] = cell + ONE;
        }
        if ((cell & STARTS) !== 0) themeTally.step(words, section, i, stretchEnd, rootOf[id]);
      }
    }
    // Note: the term counts and numbers and the theme hits share one buffer: one allocation (an array over 64
    // bytes is a malloc outside V8's heap), and one ArrayBuffer to clone when the record is posted; each extra
    // small buffer of a message costs its receiver GC work out of proportion to its size
    const buffer = new ArrayBuffer(8 * distinct + THEME_HITS_BYTES * themeTally.themesWithHits());
    return { themeHits: themeTally.take(buffer, 8 * distinct), terms: this.takeCounts(distinct, termStrings, buffer) };
  }

  /**
   * Makes the arrays by token id as long as the vocabulary (every id of a segmented report is below its size),
   * and at least `least` long.
   */
  private fitVocabulary(least = 0): void {
    const size = Math.max(this.vocabulary.size, least);
    if (size <= this.cells.length) return;
    this.cells = grownTo(this.cells, size);
    this.termOf = grownTo(this.termOf, size);
    this.seen = grownTo(this.seen, size);
  }

  /**
   * The counts of the `distinct` terms of the report just read (`seen`), cleared for the next report, with the
   * terms' strings when asked; counts and numbers are made at the start of `buffer` (8 bytes a term).
   */
  private takeCounts(distinct: number, termStrings: boolean, buffer: ArrayBuffer): TermCounts {
    const { cells, seen, termOf } = this;
    const counted = { terms: termStrings ? new Array<string>(distinct) : [], counts: new Int32Array(buffer, 0, distinct), numbers: new Int32Array(buffer, 4 * distinct, distinct) } satisfies TermCounts;
    for (let k = 0; k < distinct; k++) {
      const id = seen[k];
      counted.counts[k] = cells[id] >> COUNT_SHIFT;
      counted.numbers[k] = termOf[id];
      cells[id] &= FLAGS;
    }
    if (termStrings) for (let k = 0; k < distinct; k++) counted.terms[k] = this.terms[counted.numbers[k]];
    return counted;
  }

  /** Learns what token `id` is (met for the first time); returns its cell. */
  private learn(id: number): number {
    const word = this.vocabulary.words[id];
    const content = isContentTerm(word, this.stopWords);
    this.termOf[id] = content ? this.terms.push(word) - 1 : -1;
    while (this.rootOf.length <= id) this.rootOf.push(null);
    const root = stepFromRoot(this.matcher, word);
    this.rootOf[id] = root;
    return (this.cells[id] = MET | (content ? CONTENT : 0) | (root === null ? 0 : STARTS));
  }
}

/** One token reader per taxonomy and stop-word list (a worker has one for all its reports). */
const readers = new WeakMap<ThemeMatcher, WeakMap<ReadonlySet<string>, TokenReader>>();

function tokenReader(matcher: ThemeMatcher, stopWords: ReadonlySet<string>): TokenReader {
  let byStopWords = readers.get(matcher);
  if (!byStopWords) readers.set(matcher, (byStopWords = new WeakMap()));
  let reader = byStopWords.get(stopWords);
  if (!reader) byStopWords.set(stopWords, (reader = new TokenReader(matcher, stopWords, tokenVocabulary)));
  return reader;
}

/**
 * The content terms the reduction has met on this thread with this taxonomy and these stop words, by their
 * number (`TermCounts.numbers` of the records it makes); grows as reports are reduced.
 */
export function contentTermsMet(matcher: ThemeMatcher, stopWords: ReadonlySet<string>): readonly string[] {
  return tokenReader(matcher, stopWords).terms;
}

/**
 * Theme hits, analysed characters and content-term counts of one report, while its tokens are at hand; the
 * terms without their strings when `termStrings` is false (see `ReportOutputOptions.termStrings`).
 */
export function themeSummaryOf(doc: Pick<Doc, 'paragraphs' | 'tokens' | 'text'>, matcher: ThemeMatcher, stopWords: ReadonlySet<string>, termStrings = true): ThemeSummaryOfReport {
  const { themeHits, terms } = tokenReader(matcher, stopWords).read(doc, termStrings);
  return { themeHits, analysedChars: analysedChars(doc), terms };
}

/**
 * `location(text)` for offsets asked in ascending order, as a report's placeholders come: the line breaks are
 * counted on from the offset asked last, and only up to the last offset asked, with no list of the text's line
 * starts. An offset before the last one asked starts the count again from the top (same answers, slower).
 */
export function ascendingLocation(text: string): (offset: number) => Location {
  /** the line (0-based) and line start of offset `at` */
  let at = 0;
  let line = 0;
  let lineStart = 0;
  return (offset: number) => {
    if (offset < at) at = line = lineStart = 0;
    for (let i = text.indexOf('\n', at); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
      line++;
      lineStart = i + 1;
    }
    at = offset;
    return { line: line + 1, column: offset - lineStart + 1 };
  };
}

/** An array of one object, whose empty slices have the map of a packed array of objects (see `placeholderEntriesOf`). */
const ONE_OBJECT: readonly object[] = [{}];

/**
 * The placeholders of one report located in its raw text (line/column need the raw text, so this runs per report).
 * Note: every list, empty or not, is one kind of array (packed, of objects: pushed onto an empty slice of
 * `ONE_OBJECT`). A `[]` literal has another map (small integers), and so has `map`'s result once it is optimised
 * (holey); the loops over a report's entries (`kindsOf` in `reportRecordOf`, `placeholderRecords`), optimised on
 * one of them, were thrown away ("wrong map") when another came, and compiled again, in every worker.
 */
export function placeholderEntriesOf(doc: Pick<Doc, 'report' | 'paragraphs' | 'placeholders' | 'toRaw'>): PlaceholderEntry[] {
  const entries = ONE_OBJECT.slice(0, 0) as PlaceholderEntry[];
  if (doc.placeholders.length === 0) return entries;
  const locate = ascendingLocation(doc.report.raw);
  for (const p of doc.placeholders) {
    const raw = mapSpan(doc.toRaw, p);
    const { line, column } = locate(raw.start);
    entries.push({ paragraphNo: p.paragraphNo, section: sectionOfParagraph(doc.paragraphs, p.paragraphNo), kind: p.kind, token: p.token, context: p.context, start: raw.start, end: raw.end, line, column });
  }
  return entries;
}

/** The section of paragraph `no` (paragraph_no), '' when there is none; paragraph `no` is at `no - 1` unless the list has gaps. */
function sectionOfParagraph(paragraphs: readonly Paragraph[], no: number): SectionType | '' {
  const at = paragraphs[no - 1];
  if (at?.no === no) return at.section;
  return paragraphs.find((p) => p.no === no)?.section ?? '';
}

/**
 * A compact offset map with its starts and deltas in one buffer (halves of one Int32Array): the record's map
 * crosses threads twice (to the main thread and, with the texts, to the reuse thread), and each ArrayBuffer of
 * a message is an allocation and a backing store to free on the receiving side.
 */
function packedMap(map: CompactOffsetMap): CompactOffsetMap {
  const runs = map.starts.length;
  if (map.deltas.buffer === map.starts.buffer) return map;
  const both = new Int32Array(2 * runs);
  both.set(map.starts);
  both.set(map.deltas, runs);
  return { starts: both.subarray(0, runs), deltas: both.subarray(runs), length: map.length };
}

/** The spans of the paragraphs in the problems section, in reading order. */
function problemParagraphsOf(paragraphs: readonly Paragraph[]): Span[] {
  const spans: Span[] = [];
  for (const { section, start, end } of paragraphs) if (section === 'problems') spans.push({ start, end });
  return spans;
}

/** The distinct kinds of `placeholders`, in order of first appearance. */
function kindsOf(placeholders: readonly Pick<PlaceholderEntry, 'kind'>[]): PlaceholderKind[] {
  const kinds: PlaceholderKind[] = [];
  for (const { kind } of placeholders) if (!kinds.includes(kind)) kinds.push(kind);
  return kinds;
}

/**
 * The record of an analysed Doc (see ReportRecord), under the id the run gives it. `placeholders`, when
 * given, are the Doc's placeholder entries (`placeholderEntriesOf`), made once for the record and the rows.
 */
export function reportRecordOf(
  analysed: Doc,
  options: Omit<ReportOutputOptions, 'keepParagraphRows'>,
  placeholders: PlaceholderEntry[] = placeholderEntriesOf(analysed),
): ReportRecord {
  const doc = analysed.report.id === options.reportId ? analysed : { ...analysed, report: { ...analysed.report, id: options.reportId } };
  // Note: the fields one by one, not `{ raw, ...report }` (a runtime call per report); `Required` makes the
  // compiler ask for a field Report gains
  const { id, source, format, encoding, bytes, given } = doc.report;
  const report = { id, source, format, encoding, bytes, given } satisfies Required<Omit<Report, 'raw'>>;
  const summary: ThemeSummaryOfReport =
    doc.status === 'ok' ? themeSummaryOf(doc, options.themes, options.stopWords, options.termStrings !== false) : { themeHits: noThemeHits(), analysedChars: 0, terms: { terms: [], counts: new Int32Array(0) } };
  return {
    report,
    status: doc.status,
    diagnostics: doc.diagnostics,
    script: doc.script,
    meta: doc.meta,
    texts: {
      cleaned: doc.cleaned,
      ...(doc.text !== doc.cleaned ? { text: doc.text } : {}),
      problemParagraphs: problemParagraphsOf(doc.paragraphs),
    },
    toRaw: packedMap(compactMap(doc.toRaw)),
    chars: doc.cleaned.length,
    paragraphCount: doc.paragraphs.length,
    placeholderCount: doc.placeholders.length,
    placeholders: options.placeholderEntries === false ? placeholders.slice(0, 0) : placeholders,
    placeholderKinds: kindsOf(placeholders),
    problems: doc.problems,
    themeHits: summary.themeHits,
    analysedChars: summary.analysedChars,
    terms: summary.terms,
  };
}

/**
 * The paragraphs.csv records of a report, as `renderCsvRecords(paragraphRows(doc))` renders them (a test holds
 * them equal): written straight from the paragraphs, each record one template, only the id (given once,
 * rendered) and the text through `csvField`. A row of cells per paragraph and a `csvField` call per cell cost
 * twice as much, the largest part of the reduction after the walk over the tokens. Note: sections are plain
 * lowercase words, which CSV writes as they are (a test checks every `SectionType`).
 */
function paragraphRecords(doc: Pick<Doc, 'paragraphs' | 'toRaw' | 'cleaned'>, reportIdField: string): string {
  const { toRaw, cleaned } = doc;
  let out = '';
  for (const p of doc.paragraphs) {
    const raw = mapSpan(toRaw, p);
    out += `${reportIdField},${p.no},${p.section},${p.isHeading},${p.level},${raw.start},${raw.end},${p.end - p.start},${csvField(cleaned.slice(p.start, p.end))}\r\n`;
  }
  return out;
}

/**
 * The placeholders.csv records of a report, as `renderCsvRecords(placeholderRows(id, placeholders))` renders
 * them (a test holds them equal), written straight from the entries like `paragraphRecords`. Note: sections
 * and kinds are plain lowercase words (a test checks every `PlaceholderKind`).
 */
function placeholderRecords(placeholders: readonly PlaceholderEntry[], reportIdField: string): string {
  let out = '';
  for (const p of placeholders) {
    out += `${reportIdField},${p.paragraphNo},${p.section},${p.kind},${csvField(p.token)},${csvField(p.context)},${p.start},${p.end},${p.line},${p.column}\r\n`;
  }
  return out;
}

/** Reduces an analysed Doc to its record plus its paragraphs.csv and placeholders.csv records. */
export function reportOutputOf(analysed: Doc, options: ReportOutputOptions): ReportOutput {
  const placeholders = placeholderEntriesOf(analysed);
  const record = reportRecordOf(analysed, options, placeholders);
  const reportIdField = csvField(record.report.id);
  const doc = analysed.report.id === options.reportId ? analysed : { ...analysed, report: { ...analysed.report, id: options.reportId } };
  return {
    record,
    paragraphsCsv: paragraphRecords(doc, reportIdField),
    placeholdersCsv: placeholderRecords(placeholders, reportIdField),
    ...(options.keepParagraphRows ? { paragraphRows: paragraphRows(doc) } : {}),
  };
}
