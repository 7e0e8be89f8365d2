/** Result of decoding a text file's bytes. */
export interface Decoded {
  text: string;
  /** utf-8, utf-8-bom, utf-16le, utf-16be, gb18030 */
  encoding: string;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const strictGb18030 = new TextDecoder('gb18030', { fatal: true });

/**
 * Decodes text bytes, detecting the encoding from the bytes: BOMs first, then strict UTF-8, then GB18030.
 * Returns null when no encoding decodes the bytes cleanly.
 */
export function decodeText(bytes: Uint8Array): Decoded | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return tryDecode(strictUtf8, bytes.subarray(3), 'utf-8-bom');
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return tryDecode(new TextDecoder('utf-16le', { fatal: true }), bytes.subarray(2), 'utf-16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return tryDecode(new TextDecoder('utf-16be', { fatal: true }), bytes.subarray(2), 'utf-16be');
  return tryDecode(strictUtf8, bytes, 'utf-8') ?? tryDecode(strictGb18030, bytes, 'gb18030');
}

function tryDecode(decoder: TextDecoder, bytes: Uint8Array, encoding: string): Decoded | null {
  try {
    return { text: decoder.decode(bytes), encoding };
  } catch {
    return null;
  }
}
