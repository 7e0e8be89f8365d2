import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Temp-file name in the target's own folder, so the final rename never crosses file systems. */
function tempName(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/**
 * Flushes to disk (fsync) running on the libuv thread pool while the caller goes on, for files whose durability
 * matters only as a whole: the files of a run's staging folder, which the output folder's commit awaits before it
 * swaps the folder in (io/output-folder.ts). A run flushed each file on its main thread as it was closed, ≈ 30
 * flushes one after the other at 20,000 reports (≈ 0.5 s of wall time during which the thread did nothing else).
 */
export class PendingSyncs {
  private readonly running: Promise<void>[] = [];
  private readonly files = new Set<string>();
  private failure: { error: unknown } | undefined;

  /** Flushes the open descriptor `fd` of `file` to disk and closes it. */
  syncAndClose(file: string, fd: number): void {
    this.track(file, async () => {
      try {
        await fsyncAsync(fd);
      } finally {
        await closeAsync(fd);
      }
    });
  }

  /**
   * Flushes `file` (one written by another thread, say) to disk, unless a flush of it was started here already;
   * best effort, as `syncToDisk`.
   */
  sync(file: string): void {
    if (this.files.has(file)) return;
    this.track(file, async () => {
      let fd: number | undefined;
      try {
        fd = await openAsync(file, 'r');
        await fsyncAsync(fd);
      } catch {
        // See `syncToDisk`: an entry that cannot be opened or flushed is left as it is.
      } finally {
        if (fd !== undefined) await closeAsync(fd);
      }
    });
  }

  /** Resolves when every flush started has ended; rejects with the first failure. */
  async settled(): Promise<void> {
    while (this.running.length > 0) await Promise.all(this.running.splice(0));
    if (this.failure) throw this.failure.error;
  }

  private track(file: string, flush: () => Promise<void>): void {
    this.files.add(file);
    // A failure is kept for `settled`, so that no promise is left rejected with no one to handle it (the run
    // may fail, and delete the staging folder, before it awaits them).
    this.running.push(flush().catch((error: unknown) => void (this.failure ??= { error })));
  }
}

/** `fs.fsync` on the thread pool, as a promise (`fs.fsync` is looked up at each call: a test makes it fail). */
function fsyncAsync(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fs.fsync(fd, (error) => (error ? reject(error) : resolve())));
}

/** `fs.close` as a promise. */
function closeAsync(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fs.close(fd, (error) => (error ? reject(error) : resolve())));
}

/** `fs.open` as a promise. */
function openAsync(file: string, flags: string): Promise<number> {
  return new Promise((resolve, reject) => fs.open(file, flags, (error, fd) => (error ? reject(error) : resolve(fd))));
}

/** A file being written in pieces; it appears under its name, whole, only on `commit`. */
export interface AtomicFile {
  /** appends text (UTF-8) or bytes */
  write(data: string | Uint8Array): void;
  /**
   * flushes the file to disk (fsync) and renames it over the target; opened with `syncs`, it is renamed at once and
   * its flush is left running on `syncs`
   */
  commit(): void;
  /** removes the partial file; the target is left as it was */
  abort(): void;
}

/**
 * Bytes of text gathered before they go to the file. The tables arrive as many small strings (a report's
 * paragraphs.csv records, 500 rows of reuse.csv); `writeSync` of each made a buffer and a system call per piece,
 * where encoding them into one reused buffer writes a mebibyte at a time.
 */
const WRITE_BUFFER_BYTES = 1 << 20;

/** Most UTF-8 bytes one UTF-16 code unit can need (a lone surrogate or a BMP character: 3). */
const MAX_UTF8_BYTES_PER_UNIT = 3;

/**
 * Bytes written between two flushes to disk started as a file grows. reuse.csv (≈ 400 MB at 20,000 reports) is
 * written through reuse's end phase, the longest step of a run's tail, and `commit`'s fsync at the end of that
 * phase flushed all of it (0.33 s, at the end of the run's critical path); flushed on the thread pool as it grows,
 * it leaves `commit` the last part only.
 */
const GROWING_FLUSH_BYTES = 64 << 20;

/**
 * Flushes to disk of a file being written, started on the thread pool each `GROWING_FLUSH_BYTES` written, through
 * a descriptor of their own (closed once the file is finished and none runs), so that the writer can close its
 * own at any time. Advisory: the commit's flush is what makes the file durable, so their failures are ignored.
 */
class GrowingFileFlushes {
  private fd: number | undefined;
  private unflushed = 0;
  private running = 0;
  private finished = false;

  constructor(private readonly temp: string) {}

  /** Counts `bytes` written; past `GROWING_FLUSH_BYTES` since the last flush, starts one. */
  wrote(bytes: number): void {
    this.unflushed += bytes;
    if (this.unflushed < GROWING_FLUSH_BYTES || this.finished) return;
    this.unflushed = 0;
    try {
      // 'r+': Windows flushes only a handle open for writing.
      this.fd ??= fs.openSync(this.temp, 'r+');
    } catch {
      return;
    }
    this.running++;
    // Note: not one flush at a time: a thread that writes without turning its event loop (reuse's end phase)
    // would never hear that the first one ended.
    fs.fsync(this.fd, () => {
      this.running--;
      this.closeWhenDone();
    });
  }

  /** The file is committed or abandoned: no more flushes; the descriptor is closed once none runs. */
  finish(): void {
    this.finished = true;
    this.closeWhenDone();
  }

  private closeWhenDone(): void {
    if (!this.finished || this.running > 0 || this.fd === undefined) return;
    fs.close(this.fd, () => {});
    this.fd = undefined;
  }
}

/** Options of an atomic write. */
export interface AtomicOptions {
  /** where the file's flush to disk is left running on `commit`; default: none, `commit` flushes before it renames */
  syncs?: PendingSyncs;
}

/**
 * Opens `file` for writing so that readers see either the old content or the complete new content, never a
 * part: the data goes to a temp file in the same folder, which `commit` flushes and renames over the target.
 * With `options.syncs` (a file of a staging folder), the complete file is renamed at once and flushed on the
 * thread pool: it is on disk when `syncs.settled()` resolves.
 */
export function openAtomicFile(file: string, options: AtomicOptions = {}): AtomicFile {
  const temp = tempName(file);
  let fd: number | undefined = fs.openSync(temp, 'wx');
  const pending = Buffer.allocUnsafe(WRITE_BUFFER_BYTES);
  let pendingBytes = 0;
  const growing = new GrowingFileFlushes(temp);
  const flush = (into: number) => {
    if (pendingBytes > 0) growing.wrote(fs.writeSync(into, pending, 0, pendingBytes));
    pendingBytes = 0;
  };
  const close = () => {
    growing.finish();
    if (fd !== undefined) fs.closeSync(fd);
    fd = undefined;
  };
  const abort = () => {
    try {
      close();
    } catch {
      // already failing; the original error is what matters
    }
    fs.rmSync(temp, { force: true });
  };
  return {
    write(data) {
      if (fd === undefined) throw new Error(`${file}: written after commit or abort`);
      if (data.length === 0) return;
      const mostBytes = typeof data === 'string' ? data.length * MAX_UTF8_BYTES_PER_UNIT : data.length;
      if (pendingBytes + mostBytes > WRITE_BUFFER_BYTES) flush(fd);
      if (mostBytes > WRITE_BUFFER_BYTES) growing.wrote(fs.writeSync(fd, data as string));
      else if (typeof data === 'string') pendingBytes += pending.write(data, pendingBytes);
      else {
        pending.set(data, pendingBytes);
        pendingBytes += data.length;
      }
    },
    commit() {
      if (fd === undefined) throw new Error(`${file}: committed after commit or abort`);
      try {
        flush(fd);
        if (options.syncs) {
          // Renamed while open: the flush and the close follow on the pool (POSIX, and Windows, where libuv opens
          // files shareable for deletion, allow it).
          fs.renameSync(temp, file);
          growing.finish();
          options.syncs.syncAndClose(file, fd);
          fd = undefined;
          return;
        }
        fs.fsyncSync(fd);
        close();
        fs.renameSync(temp, file);
      } catch (error) {
        abort();
        throw error;
      }
    },
    abort,
  };
}

/**
 * Writes a file atomically (see `openAtomicFile`) from what `produce` hands its `write`, piece by piece: when
 * `produce` throws, the partial file is removed and the target is left as it was.
 */
export function writeAtomicSync(file: string, produce: (write: (data: string | Uint8Array) => void) => void, options: AtomicOptions = {}): void {
  const out = openAtomicFile(file, options);
  try {
    produce((data) => out.write(data));
  } catch (error) {
    out.abort();
    throw error;
  }
  out.commit();
}

/** Writes a whole file atomically (see `openAtomicFile`). */
export function writeFileAtomicSync(file: string, data: string | Uint8Array, options: AtomicOptions = {}): void {
  writeAtomicSync(file, (write) => write(data), options);
}

/** `writeFileAtomicSync`, then the folder's entry flushed too; resolves when done. */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  writeFileAtomicSync(file, data);
  syncToDisk(path.dirname(file));
}

/**
 * Flushes a file, or a folder's entries (renames into it), to disk; best effort, since some file systems
 * refuse fsync on folders and an entry may not be openable.
 */
export function syncToDisk(entry: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(entry, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Windows and some network file systems cannot open or sync a folder: nothing more to do.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
