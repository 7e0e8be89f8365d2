import type { AnyOffsetMap, Span } from './span.js';
import type { DiagnosticCode, PlaceholderKind, Period, ReportStatus, Script, SectionType } from './kinds.js';

/** One input file as read: immutable after ingest. */
export interface Report {
  /** path relative to the corpus folder without extension, `/`-separated (`2021/陵口镇`) */
  id: string;
  /** path relative to the corpus folder, with extension */
  source: string;
  /** reader that produced `raw`: txt, md, html, docx, pdf, doc (also .wps), odt, rtf */
  format: string;
  /** encoding detected for text formats (utf-8, utf-8-bom, utf-16le, utf-16be, gb18030); format name otherwise */
  encoding: string;
  /** size of the file in bytes */
  bytes: number;
  /** the file's text as decoded (for docx/pdf/html: the text the reader extracted, paragraphs on lines) */
  raw: string;
  /** metadata given outside the text (manifest.csv, folder layout); overrides what the text says */
  given: GivenMetadata;
}

/** Metadata from outside the text. Empty strings and undefined mean "not given". */
export interface GivenMetadata {
  township?: string;
  year?: number;
  /** extra manifest columns, carried into every table */
  extra?: Record<string, string>;
  /** where township/year came from: manifest or path */
  origin?: 'manifest' | 'path';
}

/** A problem met while reading or analysing a file. */
export interface Diagnostic {
  code: DiagnosticCode;
  message: string;
}

/** A paragraph of the cleaned text. */
export interface Paragraph extends Span {
  /** 1-based reading order within the report */
  no: number;
  section: SectionType;
  /** true when the paragraph is a heading (一、… (一)… 存在问题 …) */
  isHeading: boolean;
  /** heading level: 1 for 一、, 2 for (一), 3 for 1、/1., 4 for 一是; 0 when not a heading */
  level: number;
  /** heading's own section cue, when the heading names a section type (存在问题 → problems) */
  cue?: SectionType;
}

/**
 * A paragraph with every field set (`cue` undefined when there is none), always in the same order: every
 * paragraph a stage makes or copies comes from here, so they all share one object shape and the code that
 * reads them is not recompiled for a second one (a spread copy's shape follows its source's).
 */
export function makeParagraph(start: number, end: number, no: number, section: SectionType, isHeading: boolean, level: number, cue: SectionType | undefined): Paragraph {
  return { start, end, no, section, isHeading, level, cue };
}

/** A copy of `p` made by `makeParagraph`. */
export function copyParagraph(p: Paragraph): Paragraph {
  return makeParagraph(p.start, p.end, p.no, p.section, p.isHeading, p.level, p.cue);
}

/** Tokens of the analysis text as parallel arrays (wink-nlp style flat arrays). */
export interface Tokens {
  /** token start offsets into `Doc.text` */
  starts: Int32Array;
  /** token end offsets into `Doc.text` */
  ends: Int32Array;
  /** the token strings, `text.slice(start, end)` */
  words: string[];
  /** index of the first token of each paragraph; `paragraphTokens[p]..paragraphTokens[p+1]` */
  paragraphStarts: Int32Array;
  /**
   * each token's id in the vocabulary of the thread that segmented it (`tokenVocabulary` of
   * src/stages/segment.ts), when segmented there; meaningless on another thread
   */
  ids?: Int32Array;
}

/** Metadata of a report as inferred from its text (and overridden by `Report.given`). */
export interface ReportMeta {
  title: string;
  township: string;
  /** year covered; null when the text states none or only a placeholder year */
  year: number | null;
  /** year the plan part is for, when the report has one */
  planYear: number | null;
  period: Period;
  /** county (区/县/县级市/旗) of the reporting unit per data/divisions.tsv; '' when unknown or ambiguous */
  county?: string;
  /** city (地级市/自治州/盟, or the 直辖市) of the reporting unit; '' when unknown or ambiguous */
  city?: string;
  /** province-level unit of the reporting unit; '' when unknown or ambiguous */
  province?: string;
}

/** An unfilled template figure, date or name. */
export interface Placeholder extends Span {
  kind: PlaceholderKind;
  /** the mark run with the unit or name character after it, as in the text (`X 余万元` keeps its space) */
  token: string;
  /** paragraph_no of the paragraph holding it */
  paragraphNo: number;
  /** the sentence around it (at least 10 characters) */
  context: string;
}

/** A problem the report states about itself: one enumerated item. */
export interface Problem extends Span {
  /** 1-based within the report */
  no: number;
  paragraphNo: number;
  /** span of the lead clause, within [start, end) */
  headline: Span;
  headlineText: string;
  text: string;
  /** jieba tokens of the analysis text of the item, for clustering */
  words: string[];
  /** true for a vague admission with no concrete content (还存在着一定的差距和不足); absent means false */
  generic?: boolean;
}

/** Everything the per-report stages know about one report. */
export interface Doc {
  report: Report;
  status: ReportStatus;
  diagnostics: Diagnostic[];
  /** text after removing web noise, spam and PDF spacing; what paragraphs.csv shows */
  cleaned: string;
  /** cleaned offset → raw offset (clean makes it as runs; read it with `mapOffset`/`mapSpan`) */
  toRaw: AnyOffsetMap;
  /**
   * traditional-only characters in the raw text (`scriptCounts`), counted by clean, which reads the raw text in
   * simplified characters; null when the text is longer than the count reads (20,000 code units); absent
   * before clean
   */
  rawTraditional?: number | null;
  /** the analysis text: `cleaned` converted to simplified script; same length as `cleaned` */
  text: string;
  script: Script;
  paragraphs: Paragraph[];
  tokens: Tokens;
  meta: ReportMeta;
  placeholders: Placeholder[];
  problems: Problem[];
}
