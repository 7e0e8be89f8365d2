import type { DiagnosticCode } from '../model/kinds.js';

/** A failure to read a file, with the diagnostic code that sets its status in reports.csv. */
export class ReadError extends Error {
  constructor(
    /** the diagnostic code; its `diagnosticInfo` entry gives the row status */
    readonly code: DiagnosticCode,
    message: string,
  ) {
    super(message);
    this.name = 'ReadError';
  }
}

/** Throws `empty` when `raw` holds nothing but whitespace; `what` names the source in the message. */
export function assertHasText(raw: string, what: string): void {
  // Note: \s covers U+3000 (ideographic space) and U+FEFF, which Chinese "empty" files often hold.
  if (!/[^\s\u200b]/.test(raw)) throw new ReadError('empty', `${what} holds no text (empty or whitespace only)`);
}

/** Maps a Node file-system error to an `unreadable` ReadError with a message naming the cause. */
export function fsReadError(err: unknown): ReadError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const reason =
    code === 'EACCES' || code === 'EPERM'
      ? 'permission denied'
      : code === 'ENOENT'
        ? 'the file no longer exists'
        : code === 'EISDIR'
          ? 'it is a folder, not a file'
          : code === 'ELOOP'
            ? 'symbolic link loop'
            : (err as Error | undefined)?.message ?? String(err);
  return new ReadError('unreadable', `could not read the file: ${reason}`);
}
