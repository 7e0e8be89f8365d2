import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { DataFileError, dataLinesOf, dataPath, readDataLines } from './load.js';

/** Level of an administrative unit, from the top down. */
export type UnitLevel = 'province' | 'city' | 'county' | 'township';

/** Rank of each level: lower is higher up. */
export const LEVEL_RANK: Record<UnitLevel, number> = { province: 0, city: 1, county: 2, township: 3 };

/** One official unit with the names of the units above it ('' where there is none). */
export interface Place {
  level: UnitLevel;
  /** the unit's official name (陵口镇, 丹阳市, 江苏省) */
  name: string;
  /** the county (区/县/县级市/旗) it lies in, or is; '' above county level */
  county: string;
  /** the city (地级市/自治州/盟; the 直辖市 itself for its districts) it lies in, or is; '' for a province */
  city: string;
  /** the province-level unit's official name */
  province: string;
}

/** Official units by name, from data/divisions.tsv (derived by src/tools/derive-divisions.ts). */
export interface Divisions {
  /** every unit with this exact official name (several 城关镇; 吉林省 and 吉林市) */
  placesNamed(name: string): readonly Place[];
  /** the province-level unit a short or full name stands for (上海 → 上海市, 广西 → 广西壮族自治区) */
  provinceOf(name: string): string | undefined;
  /** longest name length in the table, in characters */
  readonly longestName: number;
  /**
   * The lengths of the names that may end at `end` in `text`, as a bit mask (bit n set: a name of n characters
   * ends in the same last two characters, and for n ≥ 3 in the same last three, up to a hash); 0 when no name
   * ends so. Lets a caller try only the lengths that can match.
   */
  nameLengthsEndingAt(text: string, end: number): number;
  /**
   * Whether some name listed at township level only (no place of that name above township level) ends with
   * `suffix`. Lets a scan for township names skip the suffixes none ends with (省, 市, 县 …).
   */
  someTownshipNameEndsWith(suffix: string): boolean;
}

/**
 * The bucket of a name's last two characters (UTF-16 units; every name is at least two long): ten bits of the
 * next-to-last, six of the last. Names sharing a bucket share its mask of lengths, which only makes the mask less
 * selective. Note: the last character is nearly always a suffix (镇, 乡, 道, 区, 村 …), whose low six bits differ:
 * ten bits of it (a 4 MiB table instead of 256 KiB, a thousand more pages for each worker to fault in) let through
 * one length more in 5,000 on corpus-real and none on the bench corpus.
 */
function endingKey(text: string, end: number): number {
  return ((text.charCodeAt(end - 2) & 0x3ff) << 6) | (text.charCodeAt(end - 1) & 0x3f);
}

/**
 * The bucket of a name's last three characters (UTF-16 units), hashed into 18 bits, for names of three or more;
 * it narrows `endingKey`'s mask: a length is tried only when some name of that length ends in both.
 */
function ending3Key(text: string, end: number): number {
  const mixed = Math.imul(text.charCodeAt(end - 3), 0x9e3779b1) ^ Math.imul(text.charCodeAt(end - 2), 0x85ebca6b) ^ text.charCodeAt(end - 1);
  return Math.imul(mixed, 0x27d4eb2d) >>> 14;
}

/** The 直辖市 placeholders of cities.csv: their districts belong to the province-level city itself. */
const NO_CITY = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);

/** The short form a province is often written in: 广西壮族自治区 → 广西, 内蒙古自治区 → 内蒙古, 河北省 → 河北. */
export function provinceShortName(name: string): string {
  return name.replace(/(?:壮族|回族|维吾尔)?自治区$|省$|市$/u, '');
}

/**
 * The lookup's contents, ready to use: what data/divisions.bin holds (see encodeDivisions) and what parsing
 * data/divisions.tsv gives. Names are spans of one string (`names`) found through a hash table, so a worker's
 * start-up makes no string and no object per township name.
 */
interface DivisionTables {
  /** longest name length in the table, in characters */
  longestName: number;
  /** by endingKey: bit n set when a name of n characters ends so */
  endings: Uint32Array;
  /** by ending3Key: bit n set when a name of n ≥ 3 characters ends so */
  endings3: Uint32Array;
  /** every name, one after the other (UTF-16) */
  names: string;
  /** per name entry, ENTRY_FIELDS numbers: start and end in `names`, ref (unit × 2, + 1 for a township of it), hash */
  entries: Int32Array;
  /** the hash table: entry numbers by hashOf(name) & (length − 1), linear probing, −1 for an empty slot */
  slots: Int32Array;
  /** the places above township level, in file order (a ref's unit) */
  units: Place[];
  /**
   * the names listed at township level only (no place above township level bears them), each once and each
   * followed by a line break: `someTownshipNameEndsWith` is one search in it
   */
  townshipOnly: string;
}

/** Numbers per name entry: start, end, ref, hash. */
const ENTRY_FIELDS = 4;

/**
 * Builds the lookup's tables from the lines of data/divisions.tsv: once, by src/tools/derive-divisions.ts, which
 * writes them to data/divisions.bin; and for a table given by the caller (tests, another file).
 */
function tablesOf(file: string, lines: readonly { line: number; text: string }[]): DivisionTables {
  const provinces = new Map<string, string>();
  const cities = new Map<string, string>();
  const units: Place[] = [];
  const names: string[] = [];
  let namesLength = 0;
  const fields: number[] = [];
  const endings = new Uint32Array(1 << 16);
  const endings3 = new Uint32Array(1 << 18);
  let longestName = 0;
  /** Registers `name` as a name of the place `ref`. */
  const addName = (name: string, ref: number) => {
    const length = name.length;
    if (length >= 2 && length <= 30) endings[endingKey(name, length)] |= 1 << length;
    if (length >= 3 && length <= 30) endings3[ending3Key(name, length)] |= 1 << length;
    longestName = Math.max(longestName, length);
    fields.push(namesLength, namesLength + length, ref, hashOf(name, 0, length));
    names.push(name);
    namesLength += length;
  };
  const addUnit = (place: Place) => {
    addName(place.name, units.length * 2);
    units.push(place);
  };
  for (const { line, text } of lines) {
    const [kind, code, name, towns = ''] = text.split('\t');
    if (!code || !name) throw new DataFileError(file, line, 'expected kind, code and name');
    if (kind === 'P') {
      provinces.set(code, name);
      addUnit({ level: 'province', name, county: '', city: '', province: name });
    } else if (kind === 'C') {
      const province = provinces.get(code.slice(0, 2)) ?? '';
      const city = NO_CITY.has(name) ? province : name;
      cities.set(code, city);
      if (!NO_CITY.has(name)) addUnit({ level: 'city', name, county: '', city: name, province });
      else longestName = Math.max(longestName, name.length);
    } else if (kind === 'A') {
      const province = provinces.get(code.slice(0, 2)) ?? '';
      const city = cities.get(code.slice(0, 4)) ?? province;
      const county = units.length;
      addUnit({ level: 'county', name, county: name, city, province });
      for (const town of towns.split(' ')) if (town) addName(town, county * 2 + 1);
    } else {
      throw new DataFileError(file, line, `unknown kind "${kind}" (expected P, C or A)`);
    }
  }
  const entries = Int32Array.from(fields);
  return { longestName, endings, endings3, names: names.join(''), entries, slots: slotsOf(entries), units, townshipOnly: townshipOnlyNames(names, fields, units) };
}

/** The names of township entries (odd refs) that no unit above township level bears, each once, each followed by a line break. */
function townshipOnlyNames(names: readonly string[], fields: readonly number[], units: readonly Place[]): string {
  const unitNames = new Set(units.map((unit) => unit.name));
  const townships = new Set(names.filter((name, i) => (fields[i * ENTRY_FIELDS + 2] & 1) === 1 && !unitNames.has(name)));
  return [...townships].map((name) => name + '\n').join('');
}

/** The hash table over name entries (at most half its slots filled): entries of one name in the order added. */
function slotsOf(entries: Int32Array): Int32Array {
  const count = entries.length / ENTRY_FIELDS;
  let size = 16;
  while (size < count * 2) size *= 2;
  const slots = new Int32Array(size).fill(-1);
  for (let entry = 0; entry < count; entry++) {
    let slot = entries[entry * ENTRY_FIELDS + 3] & (size - 1);
    while (slots[slot] !== -1) slot = (slot + 1) & (size - 1);
    slots[slot] = entry;
  }
  return slots;
}

/**
 * data/divisions.bin, little-endian: a header of HEADER_WORDS 32-bit words (MAGIC, FORMAT, longestName, the lengths
 * of the parts, then the source digest: `sourceDigestOf` the .tsv it was derived from), then the parts, each starting
 * at a multiple of 4 bytes: endings, endings3 (32-bit masks), slots, entries (32-bit numbers), names (UTF-16LE),
 * units (JSON, UTF-8: an array of Place), townshipOnly (UTF-16LE).
 */
const MAGIC = 0x5644_4a5a; // "ZJDV"
/** Bumped whenever the layout or a hash changes: an old file is then refused, not misread. */
const FORMAT = 3;
const HEADER_WORDS = 9;

/** The first 32 bits of the SHA-256 of a divisions table's bytes: which .tsv a binary form was derived from. */
export function sourceDigestOf(tsvBytes: Uint8Array): number {
  return createHash('sha256').update(tsvBytes).digest().readInt32LE(0);
}

/**
 * The bytes of data/divisions.bin for these tables (written by src/tools/derive-divisions.ts), marked as derived
 * from the .tsv whose `sourceDigestOf` is `sourceDigest`.
 */
export function encodeDivisions(file: string, lines: readonly { line: number; text: string }[], sourceDigest = 0): Uint8Array {
  const tables = tablesOf(file, lines);
  const units = Buffer.from(JSON.stringify(tables.units), 'utf8');
  const parts = [tables.endings, tables.endings3, tables.slots, tables.entries, Buffer.from(tables.names, 'utf16le'), units, Buffer.from(tables.townshipOnly, 'utf16le')];
  const header = Int32Array.of(
    MAGIC,
    FORMAT,
    tables.longestName,
    tables.slots.length,
    tables.entries.length,
    tables.names.length,
    units.length,
    tables.townshipOnly.length,
    sourceDigest,
  );
  const padded = (bytes: number) => (bytes + 3) & ~3;
  const out = new Uint8Array(parts.reduce((size, part) => size + padded(part.byteLength), header.byteLength));
  let at = 0;
  for (const part of [header, ...parts]) {
    out.set(new Uint8Array(part.buffer, part.byteOffset, part.byteLength), at);
    at += padded(part.byteLength);
  }
  return out;
}

/** The lookup of a divisions table's binary form (see encodeDivisions). */
export function decodeDivisions(file: string, bytes: Buffer): Divisions {
  return divisionsOf(tablesOfBinary(file, bytes));
}

/** The tables of data/divisions.bin's bytes: views into them, one string and a JSON parse (no loop over names). */
function tablesOfBinary(file: string, bytes: Buffer): DivisionTables {
  // Note: a file read whole has a buffer of its own; a copy otherwise, for the 32-bit views' alignment.
  const buffer = bytes.byteOffset % 4 === 0 ? bytes : Buffer.from(bytes);
  const words = (at: number, count: number) => new Int32Array(buffer.buffer, buffer.byteOffset + at, count);
  const [magic, format, longestName, slotCount, entryWords, namesLength, unitsBytes, townshipOnlyLength] = words(0, HEADER_WORDS);
  if (magic !== MAGIC || format !== FORMAT) throw new DataFileError(file, 1, `not a divisions table of format ${FORMAT}: derive it again (src/tools/derive-divisions.ts)`);
  let at = HEADER_WORDS * 4;
  const take = (bytes: number) => {
    const start = at;
    at += (bytes + 3) & ~3;
    return start;
  };
  const endings = new Uint32Array(buffer.buffer, buffer.byteOffset + take(4 << 16), 1 << 16);
  const endings3 = new Uint32Array(buffer.buffer, buffer.byteOffset + take(4 << 18), 1 << 18);
  const slots = words(take(slotCount * 4), slotCount);
  const entries = words(take(entryWords * 4), entryWords);
  const namesAt = take(namesLength * 2);
  const names = buffer.toString('utf16le', namesAt, namesAt + namesLength * 2);
  const unitsAt = take(unitsBytes);
  const units = JSON.parse(buffer.toString('utf8', unitsAt, unitsAt + unitsBytes)) as Place[];
  const townshipOnlyAt = take(townshipOnlyLength * 2);
  const townshipOnly = buffer.toString('utf16le', townshipOnlyAt, townshipOnlyAt + townshipOnlyLength * 2);
  return { longestName, endings, endings3, names, entries, slots, units, townshipOnly };
}

/** Builds the lookup from the lines of a divisions table in the form of data/divisions.tsv. */
export function parseDivisions(file: string, lines: readonly { line: number; text: string }[]): Divisions {
  return divisionsOf(tablesOf(file, lines));
}

/**
 * The lookup over the tables. A township's `Place` object is made only when a report asks for its name. (A `Map`
 * from 45,000 name strings to 45,000 `Place` objects cost ≈ 200 ms of CPU per worker, most of it in the garbage
 * collector moving them out of the young generation; parsing data/divisions.tsv into these tables ≈ 150 ms.)
 */
function divisionsOf(tables: DivisionTables): Divisions {
  const { names, entries, slots, units, endings, endings3, townshipOnly } = tables;
  const mask = slots.length - 1;
  const shortNames = new Map<string, string>();
  for (const unit of units) {
    if (unit.level !== 'province') continue;
    shortNames.set(provinceShortName(unit.name), unit.name);
    shortNames.set(unit.name, unit.name);
  }
  /** The refs of every entry named `name`, in the order they were added. */
  const refsOf = (name: string): number[] => {
    const refs: number[] = [];
    const hash = hashOf(name, 0, name.length);
    for (let slot = hash & mask; slots[slot] !== -1; slot = (slot + 1) & mask) {
      const at = slots[slot] * ENTRY_FIELDS;
      const start = entries[at];
      if (entries[at + 3] === hash && entries[at + 1] - start === name.length && names.startsWith(name, start)) refs.push(entries[at + 2]);
    }
    return refs;
  };
  /** The place of a name entry's `ref`: a unit itself, or a township of the county (whose name is asked for). */
  const placeOfRef = (ref: number, name: string): Place => {
    const unit = units[ref >> 1];
    return (ref & 1) === 0 ? unit : { level: 'township', name, county: unit.name, city: unit.city, province: unit.province };
  };
  // Note: the places of a name are made once and kept: a scan asks for the same few names report after report.
  const placesByName = new Map<string, readonly Place[]>();
  const placesNamed = (name: string): readonly Place[] => {
    let places = placesByName.get(name);
    if (places === undefined) {
      const refs = refsOf(name);
      if (refs.length === 0) return NO_PLACES;
      places = refs.map((ref) => placeOfRef(ref, name));
      placesByName.set(name, places);
    }
    return places;
  };
  return {
    placesNamed,
    provinceOf: (name) => shortNames.get(name),
    longestName: tables.longestName,
    nameLengthsEndingAt: (text, end) => {
      if (end < 2) return 0;
      const byTwo = endings[endingKey(text, end)];
      // Note: most endings close no name; the second table (a cache miss of its own) is read only for one that may.
      // A two-character name (bit 2) has no third character to check.
      if (byTwo === 0 || end < 3) return byTwo & 0b100;
      return byTwo & (endings3[ending3Key(text, end)] | 0b100);
    },
    // Note: one native search over the township-only names (a walk over the 45,000 entries took ≈ 3 ms a suffix, interpreted).
    // The suffix holds no line break, so a match followed by one lies within a single name, at its end.
    someTownshipNameEndsWith: (suffix) => townshipOnly.includes(suffix + '\n'),
  };
}

/**
 * The places of a name not listed. Note: an array of the same map as a filled answer (an array of objects emptied,
 * not a frozen or empty literal): a caller's `places.length` that saw both maps was deoptimised once per worker.
 */
const NO_PLACES: readonly Place[] = emptyPlaceList();
function emptyPlaceList(): Place[] {
  const list: Place[] = [{ level: 'township', name: '', county: '', city: '', province: '' }];
  list.length = 0;
  return list;
}

/** FNV-1a over the UTF-16 units of [start, end) of `text`, as a non-negative 31-bit number. */
function hashOf(text: string, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 1;
}

let loaded: Divisions | undefined;

/**
 * The divisions table, loaded once: data/divisions.tsv in its derived form data/divisions.bin (one read, no
 * parse) when that is current (see divisionsOfFiles), or another file in the form of data/divisions.tsv.
 */
export function loadDivisions(file = 'divisions.tsv'): Divisions {
  if (file !== 'divisions.tsv') return parseDivisions(file, readDataLines(file));
  loaded ??= divisionsOfFiles('divisions.tsv', fs.readFileSync(dataPath('divisions.tsv')), DERIVED_FILE, readIfPresent(dataPath(DERIVED_FILE)));
  return loaded;
}

/**
 * The lookup of a divisions table (`tsvBytes`) through its binary form when that was derived from these very bytes;
 * parsed from them otherwise (an edited .tsv, a .bin missing or of another format), so that an edit of the table
 * is never silently ignored. Checking costs a SHA-256 of the .tsv (≈ 2 ms); parsing ≈ 150 ms.
 */
export function divisionsOfFiles(tsvFile: string, tsvBytes: Buffer, binaryFile: string, binary: Buffer | undefined): Divisions {
  if (binary !== undefined && isDerivedFrom(binary, sourceDigestOf(tsvBytes))) return decodeDivisions(binaryFile, binary);
  return parseDivisions(tsvFile, dataLinesOf(tsvBytes.toString('utf8')));
}

/** Whether `binary` is a divisions table of this FORMAT derived from the .tsv of digest `sourceDigest`. */
function isDerivedFrom(binary: Buffer, sourceDigest: number): boolean {
  if (binary.length < HEADER_WORDS * 4) return false;
  return binary.readInt32LE(0) === MAGIC && binary.readInt32LE(4) === FORMAT && binary.readInt32LE(4 * (HEADER_WORDS - 1)) === sourceDigest;
}

function readIfPresent(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** The derived form of data/divisions.tsv (src/tools/derive-divisions.ts writes both; a test checks they agree). */
export const DERIVED_FILE = 'divisions.bin';
