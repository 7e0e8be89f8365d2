import { ConverterFactory } from 'opencc-js/core';
import { from as fromDicts, to as toDicts } from 'opencc-js/preset/t2cn';
import type { Script } from '../model/kinds.js';
import { defineStage } from './stage.js';
import { codeUnitsOf } from '../model/code-units.js';
import { loadTraditionalPairs } from '../data/traditional-chars.js';

/**
 * Traditional → simplified conversion that keeps every offset: `text.length === cleaned.length` and
 * character i of `text` stands for character i of `cleaned`, so spans found on `text` index `cleaned` too.
 */

type Convert = (text: string) => string;

/** The whole-phrase converter (OpenCC Taiwan/Hong Kong variants + traditional → mainland simplified). */
function openccConverter(): Convert {
  return ConverterFactory([...fromDicts.tw, ...fromDicts.hk, ...toDicts.cn]);
}

let converter: Convert | undefined;
/** `openccConverter`, built on first use: only a traditional text needs it (≈ 55 ms of CPU per thread to build). */
function phraseConverter(): Convert {
  return (converter ??= openccConverter());
}

/**
 * The ideographs (U+3400..U+9FFF) that `convert` makes into one other UTF-16 unit, each followed by that unit:
 * how data/traditional-chars.txt was made (its test compares the two). Converting each ideograph on its own
 * gives the character table without reaching into OpenCC's dictionary files; newline-separated so that no
 * phrase rule spans two characters.
 */
export function traditionalPairsFromOpenCC(convert: Convert = openccConverter()): string {
  const ideographs: string[] = [];
  for (let cp = 0x3400; cp <= 0x9fff; cp++) if (cp < 0x4dc0 || cp >= 0x4e00) ideographs.push(String.fromCharCode(cp));
  const converted = convert(ideographs.join('\n')).split('\n');
  if (converted.length !== ideographs.length) return '';
  let pairs = '';
  ideographs.forEach((ch, i) => {
    const to = converted[i];
    if (to !== ch && to.length === ch.length) pairs += ch + to;
  });
  return pairs;
}

interface CharTables {
  /** single-character conversions that keep the UTF-16 length, for lines where phrases change length */
  charMap: Map<string, string>;
  /**
   * the characters only traditional text uses (they convert to something else), as a bit set over
   * U+3400..U+9FFF (bit `i & 31` of word `i >>> 5` for code point 0x3400 + i), for the detection loop: 2.6 KiB,
   * where a byte per code point (21 KiB) is read at lines of its own for most characters and, inside the
   * pipeline, from beyond the first-level cache
   */
  traditionalBits: Int32Array;
}

let tables: CharTables | undefined;

/** The character tables, made once from data/traditional-chars.txt on first use. */
function getTables(): CharTables {
  if (!tables) {
    const pairs = loadTraditionalPairs();
    const charMap = new Map<string, string>();
    const traditionalBits = new Int32Array((0x9fff - 0x3400 + 32) >>> 5);
    for (let i = 0; i < pairs.length; i += 2) {
      charMap.set(pairs[i], pairs[i + 1]);
      const bit = pairs.charCodeAt(i) - 0x3400;
      traditionalBits[bit >>> 5] |= 1 << (bit & 31);
    }
    tables = { charMap, traditionalBits };
  }
  return tables;
}

/** How many characters `detectScript` looks at, from the start of the text. */
export const DETECT_CHARS = 20_000;
/** Fewest traditional-only characters that make a text traditional (and at least 5% of its Han characters). */
const TRADITIONAL_MIN = 3;

/** What `detectScript` counts in a text. */
export interface ScriptCounts {
  /**
   * Han characters (U+3400..U+9FFF) among the first 20,000 code units; null when not counted: with fewer than 3
   * traditional-only characters a text is simplified whatever its number of Han characters
   */
  han: number | null;
  /** traditional-only characters among them */
  traditional: number;
  /** whether those were all of the text (20,000 code units or fewer) */
  whole: boolean;
}

/** Code points of the range `traditionalBits` covers (U+3400..U+9FFF). */
const HAN_SPAN = 0x9fff - 0x3400 + 1;

/**
 * The traditional-only characters among a text's first 20,000 code units, and its Han characters there when
 * they matter (3 or more traditional-only ones).
 */
export function scriptCounts(text: string): ScriptCounts {
  return scriptCountsOfUnits(codeUnitsOf(text.length > DETECT_CHARS ? text.slice(0, DETECT_CHARS) : text), text.length);
}

/**
 * `scriptCounts` of a text of `length` code units whose first ones (at least its first 20,000) are `units`
 * (`codeUnitsOf`). Note: two loops, not one: nearly every text is simplified and has its Han characters never
 * counted, and the loop that counts only traditional ones tests one offset into the range per character (a
 * small integer: `>>> 0` would make the negative ones numbers V8 does not keep small).
 */
export function scriptCountsOfUnits(units: Uint16Array, length: number): ScriptCounts {
  const { traditionalBits } = getTables();
  const end = Math.min(length, DETECT_CHARS);
  let traditional = 0;
  for (let i = 0; i < end; i++) {
    const bit = units[i] - 0x3400;
    if (bit >= 0 && bit < HAN_SPAN) traditional += (traditionalBits[bit >>> 5] >>> (bit & 31)) & 1;
  }
  return scriptCountsCounted(traditional, units, length);
}

/**
 * `scriptCountsOfUnits`, the traditional-only characters among the first 20,000 units already counted (by
 * `LiteralScanner.scanUnits` over `traditionalUnits()`, in cleaning's line scan): the Han characters are
 * counted only when they matter.
 */
export function scriptCountsCounted(traditional: number, units: Uint16Array, length: number): ScriptCounts {
  const end = Math.min(length, DETECT_CHARS);
  return { han: traditional >= TRADITIONAL_MIN ? hanCount(units, end) : null, traditional, whole: end === length };
}

let traditionalUnitBits: Int32Array | undefined;

/**
 * The traditional-only characters as a bit set over all 65,536 code units (bit `u & 31` of word `u >>> 5`), for
 * a count made in another loop over a text's units (cleaning's line scan reads every character already).
 */
export function traditionalUnits(): Int32Array {
  if (!traditionalUnitBits) {
    const { traditionalBits } = getTables();
    traditionalUnitBits = new Int32Array(65536 >>> 5);
    // Note: U+3400 is a multiple of 32, so the words of `traditionalBits` are words of the whole set.
    traditionalUnitBits.set(traditionalBits, 0x3400 >>> 5);
  }
  return traditionalUnitBits;
}

/** Han characters (U+3400..U+9FFF) among units[0, end). */
function hanCount(units: Uint16Array, end: number): number {
  let han = 0;
  for (let i = 0; i < end; i++) {
    const c = units[i];
    if (c >= 0x3400 && c < 0x3400 + HAN_SPAN) han++;
  }
  return han;
}

/** Traditional when at least 3 and at least 5% of the Han characters counted are traditional-only. */
export function scriptOf({ han, traditional }: ScriptCounts): Script {
  return traditional >= TRADITIONAL_MIN && traditional >= (han ?? 0) * 0.05 ? 'traditional' : 'simplified';
}

/**
 * Whether a text is written in traditional or simplified characters: traditional when at least 3 and at
 * least 5% of its Han characters (in the first 20,000 code units) are traditional-only. A simplified text
 * quoting a few traditional names stays simplified.
 */
export function detectScript(text: string): Script {
  return scriptOf(scriptCounts(text));
}

/**
 * Converts traditional text to simplified with the same length, line by line: a line converted by OpenCC's
 * phrase rules is kept when its length is unchanged; otherwise the line is converted character by
 * character (only same-length character conversions).
 */
export function toSimplified(text: string): string {
  const convert = phraseConverter();
  const { charMap } = getTables();
  return text
    .split('\n')
    .map((line) => {
      const converted = convert(line);
      if (converted.length === line.length) return converted;
      let out = '';
      for (let i = 0; i < line.length; i++) out += charMap.get(line[i]) ?? line[i];
      return out;
    })
    .join('\n');
}

/**
 * Sets `script` and the analysis `text`: `cleaned` itself when simplified, its same-length simplified form when
 * traditional. A raw text clean found fewer than 3 traditional-only characters in, read whole
 * (`rawTraditional`), leaves fewer still in `cleaned`, made of its characters in order (toRaw's invariant): that
 * is simplified without reading `cleaned` again.
 */
export const scriptStage = defineStage({
  name: 'script',
  requires: ['cleaned', 'rawTraditional'],
  assigns: ['text', 'script'],
  run(doc) {
    const simplifiedRaw = doc.rawTraditional != null && doc.rawTraditional < TRADITIONAL_MIN;
    const script = simplifiedRaw ? 'simplified' : detectScript(doc.cleaned);
    return { script, text: script === 'traditional' ? toSimplified(doc.cleaned) : doc.cleaned };
  },
});
