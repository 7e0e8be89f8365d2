import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadDivisions, parseDivisions } from '../../src/data/divisions.js';
import { dataPath } from '../../src/data/load.js';

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

describe('divisions', () => {
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
});
