/** Kinds used across the pipeline, each with an info table so that an undocumented kind fails to compile. */

export type SectionType = 'title' | 'preamble' | 'work' | 'results' | 'problems' | 'plans' | 'closing' | 'noise';

export const sectionInfo: Record<SectionType, { description: string }> = {
  title: { description: 'the document title, author unit and date lines under it' },
  preamble: { description: 'the opening overview before the first body part (今年以来……现将……汇报如下)' },
  work: { description: 'work carried out: measures, activities, practices' },
  results: { description: 'stated outcomes and achievements, when set apart (取得的主要成效)' },
  problems: { description: 'shortcomings, gaps, difficulties, including the sentence that introduces them' },
  plans: { description: 'next steps and plans, including the sentence that introduces them' },
  closing: { description: 'concluding remarks after the plans (综上所述……)' },
  noise: { description: 'not part of the report: site notices, navigation, view counters, ads' },
};

export const SECTION_TYPES = Object.keys(sectionInfo) as SectionType[];

export type PlaceholderKind = 'metric' | 'date' | 'name' | 'ordinal';

export const placeholderKindInfo: Record<PlaceholderKind, { description: string }> = {
  metric: { description: 'a count or amount left unfilled (开展活动X场, x余人)' },
  date: { description: 'a year, month or day left unfilled (202x年, X月X日)' },
  name: { description: 'a place, unit, person or brand left unfilled (X镇, *委, 讲好*故事)' },
  ordinal: { description: 'a congress or session number left unfilled (党的*大, xx届三中全会)' },
};

export type ReportStatus = 'ok' | 'skipped' | 'error';

export type Script = 'simplified' | 'traditional';

export type Period = 'annual' | 'half-year' | 'quarter' | 'month' | '';

/** Codes of problems met while reading a file; `error` and `skipped` rows in reports.csv carry their message. */
export type DiagnosticCode =
  | 'empty'
  | 'binary'
  | 'undecodable'
  | 'too-large'
  | 'unreadable'
  | 'unsupported-format'
  | 'corrupt'
  | 'encrypted'
  | 'no-text'
  | 'internal';

export const diagnosticInfo: Record<DiagnosticCode, { status: ReportStatus; description: string }> = {
  empty: { status: 'skipped', description: 'the file is empty or holds only whitespace' },
  binary: { status: 'error', description: 'the file holds binary data, not text' },
  undecodable: { status: 'error', description: 'the bytes are neither UTF-8, UTF-16 nor GB18030' },
  'too-large': { status: 'skipped', description: 'the file is larger than --max-bytes' },
  unreadable: { status: 'error', description: 'the file could not be read (permissions, I/O error)' },
  'unsupported-format': { status: 'skipped', description: 'no reader handles this file type' },
  corrupt: { status: 'error', description: 'the file is damaged and could not be parsed' },
  encrypted: { status: 'error', description: 'the file is password-protected' },
  'no-text': { status: 'skipped', description: 'after cleaning, nothing of a report is left (only web noise)' },
  internal: { status: 'error', description: 'an unexpected failure while analysing this report' },
};
