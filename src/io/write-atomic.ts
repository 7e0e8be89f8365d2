import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Temp-file name in the target's own folder, so the final rename never crosses file systems. */
function tempName(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/** A file being written in pieces; it appears under its name, whole, only on `commit`. */
export interface AtomicFile {
  /** appends text (UTF-8) or bytes */
  write(data: string | Uint8Array): void;
  /** flushes the file to disk (fsync) and renames it over the target */
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
 * Opens `file` for writing so that readers see either the old content or the complete new content, never a
 * part: the data goes to a temp file in the same folder, which `commit` flushes and renames over the target.
 */
export function openAtomicFile(file: string): AtomicFile {
  const temp = tempName(file);
  let fd: number | undefined = fs.openSync(temp, 'wx');
  const pending = Buffer.allocUnsafe(WRITE_BUFFER_BYTES);
  let pendingBytes = 0;
  const flush = (into: number) => {
    if (pendingBytes > 0) fs.writeSync(into, pending, 0, pendingBytes);
    pendingBytes = 0;
  };
  const close = () => {
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
      if (mostBytes > WRITE_BUFFER_BYTES) fs.writeSync(fd, data as string);
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
export function writeAtomicSync(file: string, produce: (write: (data: string | Uint8Array) => void) => void): void {
  const out = openAtomicFile(file);
  try {
    produce((data) => out.write(data));
  } catch (error) {
    out.abort();
    throw error;
  }
  out.commit();
}

/** Writes a whole file atomically (see `openAtomicFile`). */
export function writeFileAtomicSync(file: string, data: string | Uint8Array): void {
  writeAtomicSync(file, (write) => write(data));
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
