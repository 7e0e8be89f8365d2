import { isUtf8 as isValidUtf8, transcode } from 'node:buffer';
import { ReadError, assertHasText } from './read-error.js';

/** Encodings `decodeText` can detect. */
export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'gb18030' | 'big5';

/** Result of decoding a text file's bytes. */
export interface Decoded {
  /** the decoded text, byte-order mark removed */
  text: string;
  /** the detected encoding: utf-8, utf-8-bom, utf-16le, utf-16be, gb18030 (also covers GBK/GB2312) or big5 */
  encoding: string;
}

/** How many leading bytes the NUL and signature heuristics look at. */
const SAMPLE_BYTES = 64 * 1024;
/** How many leading characters the plausibility score looks at. */
const SAMPLE_CHARS = 64 * 1024;

/**
 * Decodes text bytes, detecting the encoding from the bytes alone: byte-order marks first, then UTF-16
 * without BOM (NUL bytes on one side of each pair), then strict UTF-8, then GB18030 or Big5, whichever
 * gives more common Chinese characters.
 * Throws ReadError `empty` (no bytes, or whitespace only), `binary` (NUL bytes, control characters, a known
 * binary signature) or `undecodable` (no encoding decodes the bytes into plausible text). Never returns null.
 */
export function decodeText(bytes: Uint8Array): Decoded {
  const decoded = detect(bytes);
  assertHasText(decoded.text, 'the file');
  return decoded;
}

/**
 * Decodes bytes with an encoding named by a label (`gbk`, `gb2312`, `big5`, `utf-16le`…, as in an HTML
 * `<meta charset>`), strictly. Returns null when the label is unknown or the bytes do not fit it.
 */
export function decodeWithLabel(bytes: Uint8Array, label: string): Decoded | null {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label.trim().toLowerCase(), { fatal: true });
  } catch {
    return null;
  }
  const text = tryDecode(decoder, bytes);
  if (text === null) return null;
  const encoding = decoder.encoding === 'gbk' ? 'gb18030' : decoder.encoding;
  return { text, encoding };
}

/** True when the bytes are valid UTF-8 (a BOM is allowed). */
export function isUtf8(bytes: Uint8Array): boolean {
  return isValidUtf8(bytes);
}

/**
 * The text of UTF-8 bytes, a byte-order mark kept as U+FEFF; null when they are not valid UTF-8 (what a fatal
 * `TextDecoder('utf-8', { ignoreBOM: true })` returns).
 * Note: validated by `isUtf8` and converted by `transcode`, both native passes over the bytes: V8's own UTF-8
 * decoder (under `TextDecoder` and `Buffer.toString` alike) reads them twice a character at a time, ≈ 8× the
 * instructions, half of reading a synthetic report.
 */
function utf8Text(bytes: Uint8Array): string | null {
  return isValidUtf8(bytes) ? transcode(bytes, 'utf8', 'utf16le').toString('utf16le') : null;
}

const lenientUtf8 = new TextDecoder('utf-8', { ignoreBOM: true });
const strictUtf16le = new TextDecoder('utf-16le', { fatal: true, ignoreBOM: true });
const strictUtf16be = new TextDecoder('utf-16be', { fatal: true, ignoreBOM: true });
const strictGb18030 = new TextDecoder('gb18030', { fatal: true, ignoreBOM: true });
const strictBig5 = new TextDecoder('big5', { fatal: true, ignoreBOM: true });

function detect(bytes: Uint8Array): Decoded {
  if (bytes.length === 0) throw new ReadError('empty', 'the file is empty (0 bytes)');
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return checked(utf8Text(bytes.subarray(3)), 'utf-8-bom', 'starts with a UTF-8 byte-order mark but is not valid UTF-8');
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return checked(tryDecode(strictUtf16le, bytes.subarray(2)), 'utf-16le', 'starts with a UTF-16LE byte-order mark but is not valid UTF-16');
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return checked(tryDecode(strictUtf16be, bytes.subarray(2)), 'utf-16be', 'starts with a UTF-16BE byte-order mark but is not valid UTF-16');
  }
  const signature = binarySignature(bytes);
  if (signature) throw new ReadError('binary', `the file is ${signature}, not text`);

  const firstNul = bytes.indexOf(0);
  if (firstNul !== -1) {
    const side = utf16Side(bytes);
    if (side) {
      const decoder = side === 'le' ? strictUtf16le : strictUtf16be;
      const text = tryDecode(decoder, bytes);
      if (text !== null && plausible(text) && commonRatio(text) >= 0.8) return { text, encoding: `utf-16${side}` };
    }
    throw new ReadError('binary', `the file holds NUL bytes (first at byte ${firstNul}): binary data, not text`);
  }

  const utf8 = utf8Text(bytes) ?? nearlyUtf8(bytes);
  if (utf8 !== null && bytes.length < 256 && commonRatio(utf8) < 0.5) {
    // A few GBK characters can happen to form valid UTF-8 (展 is D5 B9, Armenian in UTF-8); in long texts
    // that never lasts, so only short texts whose UTF-8 reading is not Chinese are tried as GB18030.
    const gb = tryDecode(strictGb18030, bytes);
    if (gb !== null && plausible(gb) && commonRatio(gb) >= 0.8) return { text: gb, encoding: 'gb18030' };
  }
  if (utf8 !== null) {
    if (!plausible(utf8)) throw new ReadError('binary', 'the file holds many control characters: binary data, not text');
    return { text: utf8, encoding: 'utf-8' };
  }

  // GBK-family and Big5 overlap in byte ranges; a file valid in both is decided by which reading gives
  // more common characters (Big5 read as GBK yields rare and private-use characters, and vice versa).
  let best: Decoded | null = null;
  let bestScore = 0;
  for (const [decoder, encoding] of [
    [strictGb18030, 'gb18030'],
    [strictBig5, 'big5'],
  ] as const) {
    const text = tryDecode(decoder, bytes);
    if (text === null || !plausible(text)) continue;
    const score = commonRatio(text);
    if (score > bestScore) {
      best = { text, encoding };
      bestScore = score;
    }
  }
  if (best && bestScore >= 0.8) return best;
  throw new ReadError('undecodable', 'the bytes are neither UTF-8, UTF-16 nor GB18030/GBK (nor Big5): unknown encoding or damaged file');
}

/**
 * UTF-8 with a few damaged sequences (a download cut mid-character, one stray byte) is still UTF-8:
 * reading it as GB18030 would turn every character into the wrong one. The damaged bytes become U+FFFD.
 * Accepted when at most 1 in 1000 characters is damaged and the text has multi-byte characters at all.
 */
function nearlyUtf8(bytes: Uint8Array): string | null {
  const text = lenientUtf8.decode(bytes);
  let damaged = 0;
  let multiByte = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0xfffd) damaged++;
    else if (c >= 0x80) multiByte++;
  }
  return damaged > 0 && damaged * 1000 <= text.length && multiByte > damaged * 10 ? text : null;
}

/** `text` (null: the bytes did not decode) as the encoding the file's byte-order mark names. */
function checked(text: string | null, encoding: string, failure: string): Decoded {
  if (text === null) throw new ReadError('undecodable', `the file ${failure}`);
  if (!plausible(text)) throw new ReadError('binary', 'the file holds NUL or control characters: binary data, not text');
  return { text, encoding };
}

function tryDecode(decoder: TextDecoder, bytes: Uint8Array): string | null {
  try {
    return decoder.decode(bytes);
  } catch {
    return null;
  }
}

/** Known binary formats by their leading bytes, so the message can say what the file really is. */
const SIGNATURES: readonly (readonly [string, string])[] = [
  ['%PDF-', 'a PDF document'],
  ['PK\x03\x04', 'a ZIP archive (such as .docx, .xlsx)'],
  ['\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1', 'a legacy Office document (.doc, .xls, .wps)'],
  ['\x89PNG', 'a PNG image'],
  ['\xff\xd8\xff', 'a JPEG image'],
  ['GIF8', 'a GIF image'],
  ['Rar!', 'a RAR archive'],
  ['7z\xbc\xaf', 'a 7-Zip archive'],
  ['\x1f\x8b', 'a gzip archive'],
  ['{\\rtf', 'an RTF document'],
];

/** Names the binary format the bytes start with, or returns null. */
export function binarySignature(bytes: Uint8Array): string | null {
  for (const [magic, name] of SIGNATURES) {
    if (bytes.length < magic.length) continue;
    let match = true;
    for (let i = 0; i < magic.length && match; i++) match = bytes[i] === magic.charCodeAt(i);
    if (match) return name;
  }
  return null;
}

/**
 * Guesses UTF-16 without BOM from where NUL bytes sit: ASCII characters (digits, newlines) in UTF-16LE
 * have their NUL at odd offsets, in UTF-16BE at even ones. Chinese characters rarely have a NUL byte, so
 * the share of NULs is low in Chinese text; what counts is that nearly all sit on one side.
 */
function utf16Side(bytes: Uint8Array): 'le' | 'be' | null {
  if (bytes.length % 2 !== 0) return null;
  const end = Math.min(bytes.length, SAMPLE_BYTES);
  let even = 0;
  let odd = 0;
  for (let i = 0; i < end; i++) {
    if (bytes[i] === 0) {
      if (i % 2 === 0) even++;
      else odd++;
    }
  }
  // Some ideographs have a NUL byte too (开 is U+5F00), so the other side may hold a few.
  if (odd >= 2 && even * 4 <= odd) return 'le';
  if (even >= 2 && odd * 4 <= even) return 'be';
  return null;
}

/**
 * The characters `plausible` counts against a text: NUL and the C0 and C1 controls other than tab, LF, VT, FF,
 * CR and SUB (DOS end-of-file), which are normal in text files.
 */
const CONTROL = /[\x00-\x08\x0e-\x19\x1b-\x1f\x7f-\x9f]/;

/** False when the text holds NULs, or more than 1% other control characters: binary data. */
function plausible(text: string): boolean {
  // Note: nearly every text holds none; the regex search finds that natively, where the count below reads
  // each character in JavaScript (≈ 30 % of reading a synthetic report).
  if (!CONTROL.test(text)) return true;
  const end = Math.min(text.length, SAMPLE_CHARS);
  let bad = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return false;
    if ((c < 0x20 && c !== 9 && c !== 10 && c !== 11 && c !== 12 && c !== 13 && c !== 0x1a) || (c >= 0x7f && c < 0xa0)) bad++;
  }
  return bad <= end * 0.01;
}

/**
 * Share of the non-ASCII characters (in the first SAMPLE_CHARS) that are common in Chinese text:
 * CJK ideographs, CJK and full-width punctuation, general punctuation and symbols. Misdecoded bytes give
 * private-use, rare-script and compatibility characters instead. 1 when the text is all ASCII.
 */
function commonRatio(text: string): number {
  const end = Math.min(text.length, SAMPLE_CHARS);
  let nonAscii = 0;
  let common = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    nonAscii++;
    if (
      (c >= 0x4e00 && c <= 0x9fff) || // CJK unified ideographs
      (c >= 0x3000 && c <= 0x303f) || // CJK punctuation
      (c >= 0xff00 && c <= 0xffef) || // full-width forms
      (c >= 0x2000 && c <= 0x27bf) || // punctuation, symbols, circled numbers, box drawing
      (c >= 0x00a0 && c <= 0x00ff) || // Latin-1
      (c >= 0x3200 && c <= 0x33ff) || // enclosed CJK, CJK compatibility units
      (c >= 0xfe30 && c <= 0xfe4f) // CJK compatibility forms
    ) {
      common++;
    }
  }
  return nonAscii === 0 ? 1 : common / nonAscii;
}
