import { DataFileError, readDataLines } from './load.js';

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
 * Builds the lookup from the lines of data/divisions.tsv. Every worker pays for this at its first report, so the
 * 41,000 township names stay where the file has them: a name is an entry (which string, where in it, how long)
 * in a hash table of its own (`NameTable`), and a township's `Place` object is made only when a report asks for
 * its name. (A `Map` from 45,000 name strings to 45,000 `Place` objects cost ≈ 200 ms of CPU per worker, most of
 * it in the garbage collector moving them out of the young generation.)
 */
export function parseDivisions(file: string, lines: readonly { line: number; text: string }[]): Divisions {
  const provinces = new Map<string, string>();
  const cities = new Map<string, string>();
  const shortNames = new Map<string, string>();
  /** the places above township level, whose names each county's townships also take their county, city and province from */
  const units: Place[] = [];
  const names = new NameTable();
  const endings = new Uint32Array(1 << 16);
  const endings3 = new Uint32Array(1 << 18);
  /** Registers the name at [start, end) of `source` as a name of the place `ref` (see NameTable.add). */
  const addName = (source: string, start: number, end: number, ref: number) => {
    const length = end - start;
    if (length >= 2 && length <= 30) endings[endingKey(source, end)] |= 1 << length;
    if (length >= 3 && length <= 30) endings3[ending3Key(source, end)] |= 1 << length;
    names.add(source, start, end, ref);
  };
  const addUnit = (place: Place) => {
    addName(place.name, 0, place.name.length, units.length * 2);
    units.push(place);
  };
  let longestName = 0;
  for (const { line, text } of lines) {
    const [kind, code, name, towns = ''] = text.split('\t');
    if (!code || !name) throw new DataFileError(file, line, 'expected kind, code and name');
    longestName = Math.max(longestName, name.length);
    if (kind === 'P') {
      provinces.set(code, name);
      shortNames.set(provinceShortName(name), name);
      shortNames.set(name, name);
      addUnit({ level: 'province', name, county: '', city: '', province: name });
    } else if (kind === 'C') {
      const province = provinces.get(code.slice(0, 2)) ?? '';
      const city = NO_CITY.has(name) ? province : name;
      cities.set(code, city);
      if (!NO_CITY.has(name)) addUnit({ level: 'city', name, county: '', city: name, province });
    } else if (kind === 'A') {
      const province = provinces.get(code.slice(0, 2)) ?? '';
      const city = cities.get(code.slice(0, 4)) ?? province;
      const county = units.length;
      addUnit({ level: 'county', name, county: name, city, province });
      // the townships, space-separated, registered in place (no string per name)
      for (let start = 0; start < towns.length; ) {
        let end = towns.indexOf(' ', start);
        if (end < 0) end = towns.length;
        if (end > start) {
          longestName = Math.max(longestName, end - start);
          addName(towns, start, end, county * 2 + 1);
        }
        start = end + 1;
      }
    } else {
      throw new DataFileError(file, line, `unknown kind "${kind}" (expected P, C or A)`);
    }
  }
  names.index();
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
      const refs = names.refsOf(name);
      if (refs.length === 0) return NO_PLACES;
      places = refs.map((ref) => placeOfRef(ref, name));
      placesByName.set(name, places);
    }
    return places;
  };
  return {
    placesNamed,
    provinceOf: (name) => shortNames.get(name),
    longestName,
    nameLengthsEndingAt: (text, end) => {
      if (end < 2) return 0;
      const byTwo = endings[endingKey(text, end)];
      // Note: most endings close no name; the second table (a cache miss of its own) is read only for one that may.
      // A two-character name (bit 2) has no third character to check.
      if (byTwo === 0 || end < 3) return byTwo & 0b100;
      return byTwo & (endings3[ending3Key(text, end)] | 0b100);
    },
    // a walk over the township names: asked once per suffix and table (metadata's townshipSuffixesOf keeps the answers)
    someTownshipNameEndsWith: (suffix) =>
      names.some((source, start, end, ref) => {
        if ((ref & 1) === 0 || end - start < suffix.length || !source.startsWith(suffix, end - suffix.length)) return false;
        return placesNamed(source.slice(start, end)).every((p) => p.level === 'township');
      }),
  };
}

const NO_PLACES: readonly Place[] = Object.freeze([]);

/**
 * Names kept as entries into the strings that hold them (a line's list of townships), found by a hash of their
 * characters: an open-addressing table of entry numbers, linear probing. Entries of the same name are met in
 * the order they were added (a later one lies further along the same probe sequence).
 */
class NameTable {
  private readonly sources: string[] = [];
  /** per entry: index into `sources`, start, end (UTF-16 offsets, half-open), the caller's ref, the hash */
  private readonly fields: number[] = [];
  private slots = new Int32Array(0);
  private mask = 0;

  add(source: string, start: number, end: number, ref: number): void {
    // consecutive names of one line share its string
    if (this.sources[this.sources.length - 1] !== source) this.sources.push(source);
    this.fields.push(this.sources.length - 1, start, end, ref, hashOf(source, start, end));
  }

  /** Builds the hash table once every name is added (at most half its slots filled). */
  index(): void {
    const count = this.fields.length / ENTRY_FIELDS;
    let size = 16;
    while (size < count * 2) size *= 2;
    this.slots = new Int32Array(size).fill(-1);
    this.mask = size - 1;
    for (let entry = 0; entry < count; entry++) {
      let slot = this.fields[entry * ENTRY_FIELDS + 4] & this.mask;
      while (this.slots[slot] !== -1) slot = (slot + 1) & this.mask;
      this.slots[slot] = entry;
    }
  }

  /** The refs of every entry named `name`, in the order they were added. */
  refsOf(name: string): number[] {
    const refs: number[] = [];
    const hash = hashOf(name, 0, name.length);
    for (let slot = hash & this.mask; this.slots[slot] !== -1; slot = (slot + 1) & this.mask) {
      const at = this.slots[slot] * ENTRY_FIELDS;
      const start = this.fields[at + 1];
      const matches = this.fields[at + 4] === hash && this.fields[at + 2] - start === name.length && this.sources[this.fields[at]].startsWith(name, start);
      if (matches) refs.push(this.fields[at + 3]);
    }
    return refs;
  }

  /** Whether `test` holds for some entry (in the order added), given where its name stands and its ref. */
  some(test: (source: string, start: number, end: number, ref: number) => boolean): boolean {
    for (let at = 0; at < this.fields.length; at += ENTRY_FIELDS) {
      if (test(this.sources[this.fields[at]], this.fields[at + 1], this.fields[at + 2], this.fields[at + 3])) return true;
    }
    return false;
  }
}

/** Numbers per NameTable entry: source, start, end, ref, hash. */
const ENTRY_FIELDS = 5;

/** FNV-1a over the UTF-16 units of [start, end) of `text`, as a non-negative 31-bit number. */
function hashOf(text: string, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 1;
}

let loaded: Divisions | undefined;

/** The divisions table of data/divisions.tsv, loaded once. */
export function loadDivisions(file = 'divisions.tsv'): Divisions {
  if (file !== 'divisions.tsv') return parseDivisions(file, readDataLines(file));
  loaded ??= parseDivisions(file, readDataLines(file));
  return loaded;
}
