import crypto from 'node:crypto';

/** The size and SHA-256 (hex) of a file's bytes (run.json's `inputs` and `dataFiles`). */
export interface ReadFingerprint {
  bytes: number;
  sha256: string;
}

/** The fingerprint of `bytes`, read whole. */
export function fingerprintOf(bytes: Uint8Array): ReadFingerprint {
  // Note: the one-shot hash, not createHash (a Hash object and its context every file: ≈ 1/3 of hashing a report).
  return { bytes: bytes.length, sha256: crypto.hash('sha256', bytes, 'hex') };
}
