import { loadResources, type Resources } from '../src/data/resources.js';
import { analyzeReport, reportOutputOf } from '../src/pipeline.js';
import { loadThemes } from '../src/data/themes.js';
import { loadStopWords } from '../src/data/stop-words.js';
import { compileThemes, type ThemeMatcher } from '../src/stages/themes.js';
import type { ReportRecord } from '../src/model/record.js';
import type { Doc, Report } from '../src/model/report.js';

let cached: Resources | undefined;

/** The default data files, loaded once per test file. */
export function resources(): Resources {
  cached ??= loadResources();
  return cached;
}

/** A report built by hand from text. */
export function reportOf(raw: string, id = 'fixture', given: Report['given'] = {}): Report {
  return { id, source: `${id}.txt`, format: 'txt', encoding: 'utf-8', bytes: Buffer.byteLength(raw), raw, given };
}

/** Runs every stage over a text. */
export function analyze(raw: string, id = 'fixture'): Doc {
  return analyzeReport(reportOf(raw, id), resources());
}

/** Paragraph texts with their sections, for compact assertions. */
export function sectionsOf(doc: Doc): [string, string][] {
  return doc.paragraphs.map((p) => [p.section, doc.cleaned.slice(p.start, p.end)]);
}

/** What a run keeps of an analysed Doc (the worker's reduction), with the default themes and stop words. */
export function recordOf(doc: Doc): ReportRecord {
  recordContext ??= { themes: compileThemes(loadThemes()), stopWords: loadStopWords() };
  return reportOutputOf(doc, { ...recordContext, reportId: doc.report.id }).record;
}
let recordContext: { themes: ThemeMatcher; stopWords: ReadonlySet<string> } | undefined;
