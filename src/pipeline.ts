import { pipeline } from './stages/index.js';
import type { ComposedStages } from './stages/stage.js';
import { assertDocument } from './model/assert.js';
import { readReport, type ReadFingerprint, type ReadOptions } from './io/ingest.js';
import { diagnosticInfo } from './model/kinds.js';
import type { Diagnostic, Doc, GivenMetadata, Report } from './model/report.js';
import type { Resources } from './data/resources.js';

export { DEFAULT_MAX_BYTES, readReport, reportIdOf, type ReadFingerprint, type ReadOptions, type ReadOutcome } from './io/ingest.js';

/** A document with nothing analysed yet. */
export function emptyDoc(report: Report): Doc {
  return {
    report,
    status: 'ok',
    diagnostics: [],
    cleaned: '',
    toRaw: new Int32Array(1),
    text: '',
    script: 'simplified',
    paragraphs: [],
    tokens: { starts: new Int32Array(0), ends: new Int32Array(0), words: [], paragraphStarts: new Int32Array(1) },
    meta: { title: '', township: report.given.township ?? '', year: report.given.year ?? null, planYear: null, period: '' },
    placeholders: [],
    problems: [],
  };
}

/** A document for a file that could not be read or analysed. */
export function failedDoc(report: Report, diagnostic: Diagnostic): Doc {
  return { ...emptyDoc(report), status: diagnosticInfo[diagnostic.code].status, diagnostics: [diagnostic] };
}

/** Milliseconds spent in each stage, summed over reports (for the benchmark). */
export type StageTimings = Record<string, number>;

/** How one report is analysed. */
export interface AnalyzeOptions {
  /** each stage's wall time (ms) is added to it (for the benchmark) */
  timings?: StageTimings;
  /** the clock `timings` reads, in ms; default wall time (`performance.now`) */
  clock?: () => number;
  /**
   * run the stages checked (`composeStages`: undeclared reads and assignments throw) and check the finished
   * document's invariants (`assertDocument`); a break makes the report an `error` row (`--debug`); default false
   */
  debug?: boolean;
  /** the composed stages to run; default the pipeline of `src/stages/index.ts` (tests inject failing ones) */
  stages?: ComposedStages;
}

/**
 * Runs every stage over a report. Never throws: whatever a stage throws (or, with `debug`, a contract or
 * invariant break) turns the report into an `error` row with code `internal`.
 */
export function analyzeReport(report: Report, resources: Resources, options: AnalyzeOptions = {}): Doc {
  let doc: Doc;
  try {
    doc = (options.stages ?? pipeline).run(emptyDoc(report), resources, { checked: options.debug, timings: options.timings, clock: options.clock });
    if (options.debug) assertDocument(doc);
    if (doc.paragraphs.every((p) => p.section === 'noise')) {
      return { ...failedDoc(report, { code: 'no-text', message: 'only web-page noise, no report text' }), cleaned: doc.cleaned, toRaw: doc.toRaw };
    }
  } catch (error) {
    return failedDoc(report, { code: 'internal', message: errorMessage(error) });
  }
  return doc;
}

/** The message of anything thrown. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Reads and analyses one file. Never throws for a bad file or a failing stage (see analyzeReport). */
export async function analyzeFile(absPath: string, relPath: string, resources: Resources, readOptions: ReadOptions = {}, options: AnalyzeOptions = {}): Promise<Doc> {
  return (await analyzeFileFingerprinted(absPath, relPath, resources, readOptions, options)).doc;
}

/**
 * `analyzeFile`, with the fingerprint of the file's bytes when `readOptions.fingerprint` asks for it and the
 * whole file was read (run.json's `inputs`; see `ReadOutcome.fingerprint`).
 */
export async function analyzeFileFingerprinted(
  absPath: string,
  relPath: string,
  resources: Resources,
  readOptions: ReadOptions = {},
  options: AnalyzeOptions = {},
): Promise<{ doc: Doc; fingerprint?: ReadFingerprint }> {
  const started = options.timings ? performance.now() : 0;
  const outcome = await readReport(absPath, relPath, readOptions);
  if (options.timings) options.timings.read = (options.timings.read ?? 0) + performance.now() - started;
  const doc = outcome.ok ? analyzeReport(outcome.report, resources, options) : failedDoc(outcome.report, outcome.diagnostic);
  return outcome.fingerprint ? { doc, fingerprint: outcome.fingerprint } : { doc };
}
