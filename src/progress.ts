/**
 * A progress line on stderr for long runs: reports done / total, MB/s and ETA. Shown only when the stream is a
 * terminal and the run has lasted `delayMs`, redrawn at most every `intervalMs`, erased when the run ends, so
 * piped or logged output never holds carriage returns.
 */

/** Where and when the progress line is drawn. */
export interface ProgressOptions {
  /** stream drawn on; default process.stderr */
  stream?: NodeJS.WriteStream;
  /** no line before the run has lasted this long; default 2000 ms */
  delayMs?: number;
  /** smallest time between two redraws; default 250 ms */
  intervalMs?: number;
  /** clock in ms; default performance.now (tests pass their own) */
  now?: () => number;
}

/** Counts finished reports and redraws the line. */
export interface Progress {
  /** one more report done, `bytes` its file size */
  tick(bytes: number): void;
  /** erases the line; call once when the run ends */
  done(): void;
}

/** The line for `done` of `total` reports after `elapsedMs`, `bytes` read so far. */
export function progressLine(done: number, total: number, bytes: number, elapsedMs: number): string {
  const seconds = elapsedMs / 1000;
  const mbPerSecond = seconds > 0 ? bytes / 1e6 / seconds : 0;
  const etaSeconds = done > 0 ? Math.round((seconds / done) * (total - done)) : NaN;
  const eta = Number.isFinite(etaSeconds) ? formatDuration(etaSeconds) : '?';
  const percent = total > 0 ? Math.floor((100 * done) / total) : 100;
  return `zongjie: ${done}/${total} reports (${percent}%), ${mbPerSecond.toFixed(1)} MB/s, ETA ${eta}`;
}

function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `${minutes}m${String(seconds % 60).padStart(2, '0')}s` : `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

/** A progress line for `total` reports; a no-op when the stream is not a terminal. */
export function createProgress(total: number, options: ProgressOptions = {}): Progress {
  const stream = options.stream ?? process.stderr;
  if (!stream.isTTY) return { tick: () => undefined, done: () => undefined };
  const now = options.now ?? (() => performance.now());
  const delayMs = options.delayMs ?? 2000;
  const intervalMs = options.intervalMs ?? 250;
  const started = now();
  let done = 0;
  let bytes = 0;
  let drawnAt = -Infinity;
  let shown = false;
  return {
    tick(size) {
      done++;
      bytes += size;
      const at = now();
      if (at - started < delayMs || at - drawnAt < intervalMs) return;
      drawnAt = at;
      shown = true;
      stream.write(`\r\x1b[2K${progressLine(done, total, bytes, at - started)}`);
    },
    done() {
      if (shown) stream.write('\r\x1b[2K');
      shown = false;
    },
  };
}
