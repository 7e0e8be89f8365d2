/**
 * Derives data/divisions.tsv, the compact table of China's administrative divisions that metadata reads,
 * from the four CSV files of ../shared/divisions (NBS 2023 统计用区划代码, as tabulated by
 * modood/Administrative-divisions-of-China, WTFPL).
 *
 * Usage: node dist/tools/derive-divisions.js [SOURCE_DIR] [OUT_FILE]
 *   SOURCE_DIR  default ../shared/divisions (or $ZONGJIE_SHARED/divisions)
 *   OUT_FILE    default data/divisions.tsv; its binary form is written next to it (divisions.bin)
 *
 * The binary form (src/data/divisions.ts, encodeDivisions) holds the lookup's hash table and ending masks
 * ready to use, so that each worker loads it with one read instead of parsing 45,000 names. It is derived
 * from the .tsv alone: `node dist/tools/derive-divisions.js --binary-only [OUT_FILE]` rewrites it from an
 * existing .tsv, and test/data/divisions.test.ts fails when the two disagree.
 *
 * Output, one unit a line, tab-separated, parents before children:
 *   P <code> <name>                   province (省/自治区/直辖市)
 *   C <code> <name>                   city (地级市/自治州/盟; 市辖区 and 县 placeholders of the 直辖市 kept)
 *   A <code> <name> <townships…>      county (区/县/县级市/旗) and its 乡/镇/街道, space-separated
 * A unit's parents follow from its code: city = the first 4 digits, province = the first 2.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseCsv } from '../io/csv-parse.js';
import { sharedFolder } from './dev-data.js';
import { DERIVED_FILE, encodeDivisions, sourceDigestOf } from '../data/divisions.js';
import { readDataLines } from '../data/load.js';

function rows(file: string): string[][] {
  const [, ...body] = parseCsv(fs.readFileSync(file, 'utf8'));
  return body.map((r) => r.fields);
}

export function deriveDivisions(sourceDir: string): string {
  const provinces = rows(path.join(sourceDir, 'provinces.csv'));
  const cities = rows(path.join(sourceDir, 'cities.csv'));
  const areas = rows(path.join(sourceDir, 'areas.csv'));
  const streets = rows(path.join(sourceDir, 'streets.csv'));
  const townsOf = new Map<string, string[]>();
  for (const [, name, areaCode] of streets) {
    if (/\s/u.test(name)) throw new Error(`township name with a space: ${name}`);
    if (!townsOf.has(areaCode)) townsOf.set(areaCode, []);
    townsOf.get(areaCode)!.push(name);
  }
  const lines = [
    '# China\'s administrative divisions down to 乡/镇/街道, derived by src/tools/derive-divisions.ts (do not edit by hand).',
    '# Source: National Bureau of Statistics, 2023 统计用区划代码和城乡划分代码 (cut-off 2023-06-30), as tabulated in',
    '# modood/Administrative-divisions-of-China (commit 57a0aa9, licence WTFPL). Names are facts.',
    '# P code name | C code name | A code name townships(space-separated). Parents follow from the code prefix.',
  ];
  const sortByCode = (a: string[], b: string[]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
  for (const [code, name] of [...provinces].sort(sortByCode)) lines.push(`P\t${code}\t${name}`);
  for (const [code, name] of [...cities].sort(sortByCode)) lines.push(`C\t${code}\t${name}`);
  for (const [code, name] of [...areas].sort(sortByCode)) lines.push(`A\t${code}\t${name}\t${(townsOf.get(code) ?? []).join(' ')}`);
  return lines.join('\n') + '\n';
}

/** Writes the binary form of the divisions table `tsvFile` next to it; returns its path. */
export function writeBinaryDivisions(tsvFile: string): string {
  const out = path.join(path.dirname(tsvFile), DERIVED_FILE);
  fs.writeFileSync(out, encodeDivisions(tsvFile, readDataLines(path.resolve(tsvFile)), sourceDigestOf(fs.readFileSync(tsvFile))));
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const binaryOnly = process.argv[2] === '--binary-only';
  const args = process.argv.slice(binaryOnly ? 3 : 2);
  const out = args[binaryOnly ? 0 : 1] ?? path.join('data', 'divisions.tsv');
  if (!binaryOnly) {
    fs.writeFileSync(out, deriveDivisions(args[0] ?? path.join(sharedFolder(), 'divisions')));
    console.log(`wrote ${out}`);
  }
  console.log(`wrote ${writeBinaryDivisions(out)}`);
}
