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
 * The bucket of a name's last two characters (UTF-16 units; every name is at least two long): ten bits of
 * each. Names sharing a bucket share its mask of lengths, which only makes the mask less selective.
 */
function endingKey(text: string, end: number): number {
  return ((text.charCodeAt(end - 2) & 0x3ff) << 10) | (text.charCodeAt(end - 1) & 0x3ff);
}

/**
 * The bucket of a name's last three characters (UTF-16 units), hashed into 20 bits, for names of three or more;
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

/** Builds the lookup from the lines of data/divisions.tsv. */
export function parseDivisions(file: string, lines: readonly { line: number; text: string }[]): Divisions {
  const provinces = new Map<string, string>();
  const cities = new Map<string, string>();
  const byName = new Map<string, Place[]>();
  const add = (place: Place) => {
    const list = byName.get(place.name);
    if (list) list.push(place);
    else {
      byName.set(place.name, [place]);
      addEnding(place.name);
    }
  };
  const shortNames = new Map<string, string>();
  const endings = new Uint32Array(1 << 20);
  const endings3 = new Uint32Array(1 << 18);
  const addEnding = (name: string) => {
    if (name.length >= 2 && name.length <= 30) endings[endingKey(name, name.length)] |= 1 << name.length;
    if (name.length >= 3 && name.length <= 30) endings3[ending3Key(name, name.length)] |= 1 << name.length;
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
      add({ level: 'province', name, county: '', city: '', province: name });
    } else if (kind === 'C') {
      const province = provinces.get(code.slice(0, 2)) ?? '';
      const city = NO_CITY.has(name) ? province : name;
      cities.set(code, city);
      if (!NO_CITY.has(name)) add({ level: 'city', name, county: '', city: name, province });
    } else if (kind === 'A') {
      const province = provinces.get(code.slice(0, 2)) ?? '';
      const city = cities.get(code.slice(0, 4)) ?? province;
      add({ level: 'county', name, county: name, city, province });
      for (const town of towns.split(' ')) {
        if (!town) continue;
        longestName = Math.max(longestName, town.length);
        add({ level: 'township', name: town, county: name, city, province });
      }
    } else {
      throw new DataFileError(file, line, `unknown kind "${kind}" (expected P, C or A)`);
    }
  }
  return {
    placesNamed: (name) => byName.get(name) ?? [],
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
    // a walk over every name: asked once per suffix and table (metadata's townshipSuffixesOf keeps the answers)
    someTownshipNameEndsWith: (suffix) =>
      [...byName].some(([name, places]) => name.endsWith(suffix) && places.every((p) => p.level === 'township')),
  };
}

let loaded: Divisions | undefined;

/** The divisions table of data/divisions.tsv, loaded once. */
export function loadDivisions(file = 'divisions.tsv'): Divisions {
  if (file !== 'divisions.tsv') return parseDivisions(file, readDataLines(file));
  loaded ??= parseDivisions(file, readDataLines(file));
  return loaded;
}
