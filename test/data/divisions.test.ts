import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DERIVED_FILE, decodeDivisions, divisionsOfFiles, encodeDivisions, loadDivisions, parseDivisions, sourceDigestOf, type Divisions, type Place } from '../../src/data/divisions.js';
import { dataPath, readDataLines } from '../../src/data/load.js';

/** The names of data/divisions.tsv (provinces, cities, counties, townships). */
function tableNames(): string[] {
  const names: string[] = [];
  for (const line of fs.readFileSync(dataPath('divisions.tsv'), 'utf8').split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const [, , name, towns = ''] = line.split('\t');
    names.push(name, ...towns.split(' ').filter(Boolean));
  }
  return names;
}

/** The places of every name, built the plain way (one Place per unit and township, a Map by name), to check the compact table against. */
function referencePlaces(): Map<string, Place[]> {
  const byName = new Map<string, Place[]>();
  const add = (place: Place) => byName.set(place.name, [...(byName.get(place.name) ?? []), place]);
  const provinces = new Map<string, string>();
  const cities = new Map<string, string>();
  for (const line of fs.readFileSync(dataPath('divisions.tsv'), 'utf8').split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const [kind, code, name, towns = ''] = line.split('\t');
    const province = provinces.get(code.slice(0, 2)) ?? '';
    if (kind === 'P') {
      provinces.set(code, name);
      add({ level: 'province', name, county: '', city: '', province: name });
    } else if (kind === 'C') {
      const placeholder = ['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划'].includes(name);
      cities.set(code, placeholder ? province : name);
      if (!placeholder) add({ level: 'city', name, county: '', city: name, province });
    } else {
      const city = cities.get(code.slice(0, 4)) ?? province;
      add({ level: 'county', name, county: name, city, province });
      for (const town of towns.split(' ').filter(Boolean)) add({ level: 'township', name: town, county: name, city, province });
    }
  }
  return byName;
}

describe('divisions', () => {
  it('divisions placesNamed gives every place of every name of data/divisions.tsv, in table order', () => {
    const divisions = loadDivisions();
    const reference = referencePlaces();
    expect(reference.size).toBeGreaterThan(35000);
    for (const [name, places] of reference) expect(divisions.placesNamed(name), name).toEqual(places);
    // several places of one name (城关镇 in many counties), and names the table does not hold
    expect(divisions.placesNamed('城关镇').length).toBeGreaterThan(10);
    expect(divisions.placesNamed('城关')).toEqual([]);
    expect(divisions.placesNamed('')).toEqual([]);
    expect(divisions.placesNamed('陵口镇陵口镇')).toEqual([]);
  });

  it('divisions placesNamed finds townships of different lines and a name listed at several levels', () => {
    const lines = ['P\t22\t吉林省', 'C\t2202\t吉林市', 'A\t220202\t昌邑区\t吉林市  东局子街道', 'A\t220203\t龙潭区\t东局子街道'].map((text, i) => ({ line: i + 1, text }));
    const divisions = parseDivisions('test.tsv', lines);
    expect(divisions.placesNamed('吉林市').map((p) => p.level)).toEqual(['city', 'township']);
    expect(divisions.placesNamed('东局子街道').map((p) => p.county)).toEqual(['昌邑区', '龙潭区']);
    expect(divisions.placesNamed('东局子街道')[0]).toEqual({ level: 'township', name: '东局子街道', county: '昌邑区', city: '吉林市', province: '吉林省' });
    expect(divisions.placesNamed('局子街道')).toEqual([]);
    expect(divisions.longestName).toBe(5);
  });

  it('divisions nameLengthsEndingAt lets through the length of every name that ends there', () => {
    const divisions = loadDivisions();
    const names = tableNames();
    expect(names.length).toBeGreaterThan(40000);
    let checked = 0;
    for (const name of names) {
      // (the 直辖市 placeholder rows, 市辖区 and the like, name no place)
      if (name.length < 2 || name.length > 30 || divisions.placesNamed(name).length === 0) continue;
      const text = `关于${name}的报告`;
      expect(divisions.nameLengthsEndingAt(text, 2 + name.length) & (1 << name.length), name).not.toBe(0);
      checked++;
    }
    expect(checked).toBeGreaterThan(40000);
  });

  it('divisions nameLengthsEndingAt rules out a length whose last three characters no name ends in', () => {
    const lines = ['P\t32\t江苏省', 'C\t3211\t镇江市', 'A\t321181\t丹阳市\t陵口镇 司徒镇'].map((text, i) => ({ line: i + 1, text }));
    const divisions = parseDivisions('test.tsv', lines);
    expect(divisions.nameLengthsEndingAt('去陵口镇', 4) & (1 << 3)).not.toBe(0);
    // 口镇 ends 陵口镇, but 门口镇 is no name: the three-character filter drops length 3
    expect(divisions.nameLengthsEndingAt('去门口镇', 4) & (1 << 3)).toBe(0);
    expect(divisions.nameLengthsEndingAt('丹阳', 2)).toBe(0);
    expect(divisions.nameLengthsEndingAt('阳市', 2) & (1 << 2)).toBe(0);
  });

  it('divisions someTownshipNameEndsWith answers for the names listed at township level only', () => {
    // 吉林 is a township here and a city too: its name does not count as a township's
    const lines = ['P\t32\t江苏省', 'C\t3211\t镇江市', 'A\t321181\t丹阳市\t陵口镇 司徒街道 开发区 镇江市'].map((text, i) => ({ line: i + 1, text }));
    const divisions = parseDivisions('test.tsv', lines);
    expect(['镇', '街道', '区'].map((s) => divisions.someTownshipNameEndsWith(s))).toEqual([true, true, true]);
    expect(['市', '省', '乡', '道'].map((s) => divisions.someTownshipNameEndsWith(s))).toEqual([false, false, false, true]);
    // 口 and 开发 stand inside township names, not at their end
    expect(['口', '开发', '陵口镇', '徒街道'].map((s) => divisions.someTownshipNameEndsWith(s))).toEqual([false, false, true, true]);
  });

  it('divisions someTownshipNameEndsWith agrees with a walk over every name of data/divisions.tsv', () => {
    const divisions = loadDivisions();
    const townshipOnly = tableNames().filter((name) => divisions.placesNamed(name).length > 0 && divisions.placesNamed(name).every((p) => p.level === 'township'));
    for (const suffix of ['自治区', '街道', '社区', '镇', '乡', '村', '县', '区', '市', '省', '旗']) {
      expect(divisions.someTownshipNameEndsWith(suffix), suffix).toBe(townshipOnly.some((name) => name.endsWith(suffix)));
    }
    expect(divisions.someTownshipNameEndsWith('省')).toBe(false);
    expect(divisions.someTownshipNameEndsWith('镇')).toBe(true);
  });

  it('divisions data/divisions.bin is the binary form of data/divisions.tsv (derive-divisions.ts --binary-only rewrites it)', () => {
    const derived = encodeDivisions('divisions.tsv', readDataLines('divisions.tsv'), sourceDigestOf(fs.readFileSync(dataPath('divisions.tsv'))));
    expect(Buffer.compare(Buffer.from(derived), fs.readFileSync(dataPath(DERIVED_FILE)))).toBe(0);
  });

  it('divisions binary form answers as the parsed table does (odd-length names, an unaligned buffer)', () => {
    // 11 characters of names in all: the UTF-16 part ends off a 4-byte boundary
    const lines = ['P\t22\t吉林省', 'C\t2202\t吉林市', 'C\t2201\t市辖区', 'A\t220202\t昌邑区\t吉林市  东局子街道', 'A\t220203\t龙潭区\t东局子街道'].map((text, i) => ({ line: i + 1, text }));
    const parsed = parseDivisions('test.tsv', lines);
    const bytes = Buffer.from(encodeDivisions('test.tsv', lines));
    const unaligned = Buffer.alloc(bytes.length + 2).subarray(2);
    bytes.copy(unaligned);
    const answers = (divisions: Divisions) => ({
      places: ['吉林市', '东局子街道', '吉林省', '昌邑区', '局子街道', '市辖区', ''].map((name) => divisions.placesNamed(name)),
      provinces: ['吉林', '吉林省', '江苏'].map((name) => divisions.provinceOf(name)),
      longest: divisions.longestName,
      endings: ['去东局子街道', '去吉林市', '去门口市'].map((text) => divisions.nameLengthsEndingAt(text, text.length)),
      suffixes: ['街道', '市', '区'].map((suffix) => divisions.someTownshipNameEndsWith(suffix)),
    });
    expect(answers(decodeDivisions('test.bin', bytes))).toEqual(answers(parsed));
    expect(answers(decodeDivisions('test.bin', unaligned))).toEqual(answers(parsed));
    expect(answers(parsed).places[1].map((p) => p.county)).toEqual(['昌邑区', '龙潭区']);
    expect(answers(parsed).longest).toBe(5);
  });

  it('divisions come from the binary form only when it was derived from the .tsv as it is: an edited .tsv is parsed', () => {
    const tsv = (text: string) => Buffer.from(text, 'utf8');
    const before = tsv('P\t22\t吉林省\nC\t2202\t吉林市\nA\t220202\t昌邑区\t东局子街道\n');
    // the .tsv after an edit: a township renamed
    const after = tsv('P\t22\t吉林省\nC\t2202\t吉林市\nA\t220202\t昌邑区\t新局子街道\n');
    const lines = (bytes: Buffer) => bytes.toString('utf8').trim().split('\n').map((text, i) => ({ line: i + 1, text }));
    const binary = Buffer.from(encodeDivisions('divisions.tsv', lines(before), sourceDigestOf(before)));
    const townships = (divisions: Divisions) => ['东局子街道', '新局子街道'].map((name) => divisions.placesNamed(name).length);
    expect(townships(divisionsOfFiles('divisions.tsv', before, 'divisions.bin', binary))).toEqual([1, 0]);
    expect(townships(divisionsOfFiles('divisions.tsv', after, 'divisions.bin', binary))).toEqual([0, 1]);
    expect(townships(divisionsOfFiles('divisions.tsv', after, 'divisions.bin', undefined))).toEqual([0, 1]);
    // a binary form that claims to come from the edited .tsv is read as it is: the digest decides, nothing else
    const claimed = Buffer.from(encodeDivisions('divisions.tsv', lines(before), sourceDigestOf(after)));
    expect(townships(divisionsOfFiles('divisions.tsv', after, 'divisions.bin', claimed))).toEqual([1, 0]);
    const otherFormat = Buffer.from(binary);
    otherFormat.writeInt32LE(1, 4);
    expect(townships(divisionsOfFiles('divisions.tsv', before, 'divisions.bin', otherFormat))).toEqual([1, 0]);
    expect(townships(divisionsOfFiles('divisions.tsv', before, 'divisions.bin', otherFormat.subarray(0, 12)))).toEqual([1, 0]);
  });

  it('divisions binary form of another format is refused, naming the file', () => {
    const bytes = Buffer.from(encodeDivisions('test.tsv', [{ line: 1, text: 'P\t22\t吉林省' }]));
    bytes.writeInt32LE(99, 4);
    expect(() => decodeDivisions('old.bin', bytes)).toThrow(/old\.bin:1: not a divisions table/);
  });
});
