import fs from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from './stages/index.js';
import type { ComposedStages } from './stages/stage.js';
import { assertDocument } from './model/assert.js';
import { readerFor, ReadError } from './io/formats/index.js';
import { diagnosticInfo, type DiagnosticCode } from './model/kinds.js';
import type { Diagnostic, Doc, GivenMetadata, Report } from './model/report.js';
import type { Resources } from './data/resources.js';

/** Default largest file read, in bytes (`--max-bytes`). */
export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

/** The report id of a corpus-relative path: the path without its extension. */
export function reportIdOf(relPath: string): string {
  const ext = path.posix.extname(relPath);
  return ext ? relPath.slice(0, -ext.length) : relPath;
}

/** Options for reading one file. */
export interface ReadOptions {
  /** files larger than this are skipped; default DEFAULT_MAX_BYTES */
  maxBytes?: number;
  /** metadata given by manifest or folder layout */
  given?: GivenMetadata;
}

/** A report read from disk, or the diagnostic that kept it from being read. */
export type ReadOutcome = { ok: true; report: Report } | { ok: false; report: Report; diagnostic: Diagnostic };

/** Reads and decodes one file into a Report; never throws for a bad file. */
export async function readReport(absPath: string, relPath: string, options: ReadOptions = {}): Promise<ReadOutcome> {
  const reader = readerFor(relPath);
  const shell: Report = {
    id: reportIdOf(relPath),
    source: relPath,
    format: reader?.format ?? (path.extname(relPath).slice(1).toLowerCase() || 'none'),
    encoding: '',
    bytes: 0,
    raw: '',
    given: options.given ?? {},
  };
  const fail = (code: DiagnosticCode, message: string): ReadOutcome => ({ ok: false, report: shell, diagnostic: { code, message } });
  let bytes: Buffer;
  try {
    const stat = await fs.stat(absPath);
    shell.bytes = stat.size;
    if (!stat.isFile()) return fail('unreadable', 'not a regular file');
    if (stat.size > (options.maxBytes ?? DEFAULT_MAX_BYTES)) {
      return fail('too-large', `file is ${stat.size} bytes, over the limit of ${options.maxBytes ?? DEFAULT_MAX_BYTES} (--max-bytes)`);
    }
    if (!reader) return fail('unsupported-format', `no reader for "${path.extname(relPath) || 'files without extension'}"`);
    bytes = await fs.readFile(absPath);
  } catch (error) {
    return fail('unreadable', `cannot read file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (bytes.length === 0 || isWhitespaceOnly(bytes)) return fail('empty', 'file is empty or holds only whitespace');
  try {
    const { raw, encoding } = await reader.read(bytes, absPath);
    if (raw.trim() === '') return fail('empty', 'no text in file');
    return { ok: true, report: { ...shell, raw, encoding } };
  } catch (error) {
    if (error instanceof ReadError) return fail(error.code, error.message);
    return fail('corrupt', `cannot parse ${shell.format} file: ${(error as Error).message}`);
  }
}

function isWhitespaceOnly(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return false;
  return true;
}

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
    doc = (options.stages ?? pipeline).run(emptyDoc(report), resources, { checked: options.debug, timings: options.timings });
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
  const started = options.timings ? performance.now() : 0;
  const outcome = await readReport(absPath, relPath, readOptions);
  if (options.timings) options.timings.read = (options.timings.read ?? 0) + performance.now() - started;
  return outcome.ok ? analyzeReport(outcome.report, resources, options) : failedDoc(outcome.report, outcome.diagnostic);
}
