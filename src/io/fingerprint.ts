import crypto from 'node:crypto';

/** The size and SHA-256 (hex) of a file's bytes (run.json's `inputs` and `dataFiles`). */
export interface ReadFingerprint {
  bytes: number;
  sha256: string;
}

/** The fingerprint of `bytes`, read whole. */
export function fingerprintOf(bytes: Uint8Array): ReadFingerprint {
  return { bytes: bytes.length, sha256: crypto.createHash('sha256').update(bytes).digest('hex') };
}
