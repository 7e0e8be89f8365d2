import fs from 'node:fs';
import path from 'node:path';
import type { DiagnosticCode } from '../model/kinds.js';
import { fingerprintOf, type ReadFingerprint } from './fingerprint.js';
import type { Diagnostic, GivenMetadata, Report } from '../model/report.js';
import { ReadError, fsReadError } from './read-error.js';
import { formatReaders, readerFor } from './formats/index.js';

export type { ReadFingerprint } from './fingerprint.js';

/**
 * The one ingest path: `zongjie analyze`, `check` and `kwic` and the tests of bad inputs all read files
 * through `readReport`, so what the tests check is what the command line runs.
 */

/** Default largest file read, in bytes (`--max-bytes`): 64 MiB. */
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
  /** metadata given by manifest or folder layout; default none */
  given?: GivenMetadata;
  /** also fingerprint the bytes read (`ReadOutcome.fingerprint`, for run.json); default false */
  fingerprint?: boolean;
}


/**
 * A report read from disk, or the diagnostic that kept it from being read (the report then has `raw` ''); with
 * `ReadOptions.fingerprint`, the fingerprint of the bytes whenever the whole file was read.
 */
export type ReadOutcome = ({ ok: true; report: Report } | { ok: false; report: Report; diagnostic: Diagnostic }) & { fingerprint?: ReadFingerprint };

/**
 * Reads and decodes one file into a Report. Never throws for a bad file: the outcome carries a diagnostic
 * (`unsupported-format`, `too-large`, `unreadable`, `empty`, or what the format reader reports: `binary`,
 * `undecodable`, `corrupt`, `encrypted`, `no-text`). A reader failing in an unforeseen way gives `corrupt`.
 * `relPath` (corpus-relative) names the report and picks the reader by extension; `absPath` is read.
 */
export async function readReport(absPath: string, relPath: string, options: ReadOptions = {}): Promise<ReadOutcome> {
  const reader = readerFor(relPath);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const shell: Report = {
    id: reportIdOf(relPath),
    source: relPath,
    format: reader?.format ?? (path.extname(relPath).slice(1).toLowerCase() || 'none'),
    encoding: '',
    bytes: 0,
    raw: '',
    given: options.given ?? {},
  };
  if (!reader) {
    const known = formatReaders.flatMap((r) => r.extensions).join(' ');
    return failure(shell, 'unsupported-format', `no reader for "${path.extname(relPath) || 'files without extension'}"; supported: ${known}`);
  }
  // Before the bytes are read: they may go to the buffer the next file reuses, and nothing may await after that.
  if (reader.load) await reader.load();
  // Note: a reader that decodes at once (`readNow`) is done with the bytes before anything else runs on this
  // thread, so they may be read into the buffer the next file reuses; the others may await and get their own.
  const read = readRegularFile(absPath, maxBytes, reader.readNow !== undefined);
  shell.bytes = read.size;
  if ('error' in read) {
    const err = fsReadError(read.error);
    return failure(shell, err.code, err.message);
  }
  if ('refused' in read) {
    if (read.refused === 'not-regular') return failure(shell, 'unreadable', 'could not read the file: not a regular file');
    return failure(shell, 'too-large', `the file has ${read.size} bytes, more than the limit of ${maxBytes} (--max-bytes)`);
  }
  const bytes = read.bytes;
  // Note: hashed here, from the bytes analysed, so that run.json need not read every input a second time.
  const fingerprint = options.fingerprint ? fingerprintOf(bytes) : undefined;
  if (bytes.length === 0) return failure(shell, 'empty', 'the file is empty (0 bytes)', fingerprint);
  if (isWhitespaceOnly(bytes)) return failure(shell, 'empty', 'the file holds only whitespace', fingerprint);
  try {
    const { raw, encoding } = reader.readNow ? reader.readNow(bytes, absPath) : await reader.read(bytes, absPath);
    // Note: \s covers U+3000 (ideographic space) and U+FEFF, which Chinese "empty" files often hold.
    if (!/[^\s\u200b]/.test(raw)) return failure(shell, 'empty', 'the file holds no text (empty or whitespace only)', fingerprint);
    shell.raw = raw;
    shell.encoding = encoding;
    return fingerprint ? { ok: true, report: shell, fingerprint } : { ok: true, report: shell };
  } catch (error) {
    if (error instanceof ReadError) return failure(shell, error.code, error.message, fingerprint);
    return failure(shell, 'corrupt', `cannot parse the ${shell.format} file: ${(error as Error).message}`, fingerprint);
  }
}

/** The outcome of a file that could not be read: its `report` with `raw` '', and the diagnostic. */
function failure(report: Report, code: DiagnosticCode, message: string, fingerprint?: ReadFingerprint): ReadOutcome {
  const diagnostic = { code, message };
  return fingerprint ? { ok: false, report, diagnostic, fingerprint } : { ok: false, report, diagnostic };
}

/**
 * What `readRegularFile` found: the file's size (as `stat` gives it; 0 when even that failed) and its bytes, or
 * why they were not read, or the file system's error (EISDIR for a folder).
 */
type FileRead = { size: number } & ({ bytes: Buffer } | { refused: 'not-regular' | 'too-large' } | { error: unknown });

/**
 * Reads a regular file of at most `maxBytes`. Never throws. Note: read synchronously through one descriptor
 * (open, fstat, read, close), not `statSync` then `readFileSync`, which opens and fstats again: a path lookup
 * and a system call less a file. The reports are read where they are analysed (a worker thread, or the CLI's
 * thread for corpora under 2,000 files), and fs.promises' stat, open, fstat, read and close cost ≈ 0.2 ms of CPU a
 * file, 8 times the synchronous calls; with the file in the page cache the thread waits for nothing. Opened
 * non-blocking, so that a FIFO is refused at once and not waited on (for a regular file the flag does nothing).
 */
function readRegularFile(absPath: string, maxBytes: number, reuse: boolean): FileRead {
  let fd: number;
  try {
    fd = fs.openSync(absPath, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (error) {
    return unopened(absPath, maxBytes, error);
  }
  try {
    return readOpened(fd, maxBytes, reuse);
  } catch (error) {
    return { size: 0, error };
  } finally {
    fs.closeSync(fd);
  }
}

function readOpened(fd: number, maxBytes: number, reuse: boolean): FileRead {
  const stat = fs.fstatSync(fd);
  const refusal = refusalOf(stat, maxBytes);
  if (refusal) return refusal;
  const bytes = reuse ? reusedBuffer(stat.size) : Buffer.allocUnsafe(stat.size);
  let length = 0;
  while (length < bytes.length) {
    const read = fs.readSync(fd, bytes, length, bytes.length - length, null);
    if (read === 0) break; // the file shrank since fstat
    length += read;
  }
  return { size: stat.size, bytes: length < bytes.length ? bytes.subarray(0, length) : bytes };
}

/** Files up to this size are read into the reused buffer (`reusedBuffer`); larger ones get their own. */
const REUSED_MAX_BYTES = 1024 * 1024;
let reused = Buffer.allocUnsafe(0);

/**
 * `size` bytes of a buffer that every call hands out again (this thread's; see `readReport`). Note: a buffer of
 * its own for every report was memory allocated outside the heap, tracked and swept by the GC, and fresh pages.
 */
function reusedBuffer(size: number): Buffer {
  if (size > REUSED_MAX_BYTES) return Buffer.allocUnsafe(size);
  if (reused.length < size) reused = Buffer.allocUnsafe(Math.min(REUSED_MAX_BYTES, Math.max(size, 2 * reused.length, 64 * 1024)));
  return reused.subarray(0, size);
}

/**
 * A file that could not be opened, judged as a `stat` of its path judges it (as `readReport` did before it
 * opened files first): a socket (which cannot be opened) is not a regular file, an unreadable file still has
 * its size and may be too large.
 */
function unopened(absPath: string, maxBytes: number, openError: unknown): FileRead {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(absPath);
  } catch (error) {
    return { size: 0, error };
  }
  return refusalOf(stat, maxBytes) ?? { size: stat.size, error: openError };
}

/** Why a file of this `stat` is not read (a folder, not a regular file, too large); undefined: it is read. */
function refusalOf(stat: fs.Stats, maxBytes: number): FileRead | undefined {
  if (stat.isDirectory()) return { size: stat.size, error: Object.assign(new Error('is a folder'), { code: 'EISDIR' }) };
  if (!stat.isFile()) return { size: stat.size, refused: 'not-regular' };
  if (stat.size > maxBytes) return { size: stat.size, refused: 'too-large' };
  return undefined;
}

function isWhitespaceOnly(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return false;
  return true;
}
