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
  let fingerprint: ReadFingerprint | undefined;
  const fail = (code: DiagnosticCode, message: string): ReadOutcome => ({ ok: false, report: shell, diagnostic: { code, message }, ...(fingerprint ? { fingerprint } : {}) });
  if (!reader) {
    const known = formatReaders.flatMap((r) => r.extensions).join(' ');
    return fail('unsupported-format', `no reader for "${path.extname(relPath) || 'files without extension'}"; supported: ${known}`);
  }
  const read = readRegularFile(absPath, maxBytes);
  shell.bytes = read.size;
  if ('error' in read) {
    const err = fsReadError(read.error);
    return fail(err.code, err.message);
  }
  if ('refused' in read) {
    if (read.refused === 'not-regular') return fail('unreadable', 'could not read the file: not a regular file');
    return fail('too-large', `the file has ${read.size} bytes, more than the limit of ${maxBytes} (--max-bytes)`);
  }
  const bytes = read.bytes;
  // Note: hashed here, from the bytes analysed, so that run.json need not read every input a second time.
  if (options.fingerprint) fingerprint = fingerprintOf(bytes);
  if (bytes.length === 0) return fail('empty', 'the file is empty (0 bytes)');
  if (isWhitespaceOnly(bytes)) return fail('empty', 'the file holds only whitespace');
  try {
    const { raw, encoding } = await reader.read(bytes, absPath);
    // Note: \s covers U+3000 (ideographic space) and U+FEFF, which Chinese "empty" files often hold.
    if (!/[^\s\u200b]/.test(raw)) return fail('empty', 'the file holds no text (empty or whitespace only)');
    return { ok: true, report: { ...shell, raw, encoding }, ...(fingerprint ? { fingerprint } : {}) };
  } catch (error) {
    if (error instanceof ReadError) return fail(error.code, error.message);
    return fail('corrupt', `cannot parse the ${shell.format} file: ${(error as Error).message}`);
  }
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
function readRegularFile(absPath: string, maxBytes: number): FileRead {
  let fd: number;
  try {
    fd = fs.openSync(absPath, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (error) {
    return unopened(absPath, maxBytes, error);
  }
  try {
    return readOpened(fd, maxBytes);
  } catch (error) {
    return { size: 0, error };
  } finally {
    fs.closeSync(fd);
  }
}

function readOpened(fd: number, maxBytes: number): FileRead {
  const stat = fs.fstatSync(fd);
  const refusal = refusalOf(stat, maxBytes);
  if (refusal) return refusal;
  const bytes = Buffer.allocUnsafe(stat.size);
  let length = 0;
  while (length < bytes.length) {
    const read = fs.readSync(fd, bytes, length, bytes.length - length, null);
    if (read === 0) break; // the file shrank since fstat
    length += read;
  }
  return { size: stat.size, bytes: length < bytes.length ? bytes.subarray(0, length) : bytes };
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
