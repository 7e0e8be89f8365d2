import fs from 'node:fs';
import path from 'node:path';
import type { GivenMetadata } from '../model/report.js';
import { CsvSyntaxError, parseCsv } from './csv-parse.js';

/** File name of the optional metadata table in the corpus folder. */
export const MANIFEST_FILE = 'manifest.csv';

/** One row of manifest.csv. Empty cells mean "not given". */
export interface ManifestRow {
  /** 1-based line of the row in manifest.csv */
  line: number;
  township?: string;
  year?: number;
  /** the extra columns' values, keyed by header, in header order */
  extra: Record<string, string>;
}

/** The parsed manifest: rows keyed by report path. */
export interface Manifest {
  /** path of the manifest file, for messages */
  file: string;
  /** headers of the columns other than file/township/year, in file order; carried into every table */
  extraColumns: string[];
  /** rows keyed by normalised relative path (`/`-separated, no leading `./`), with and without extension */
  rows: Map<string, ManifestRow>;
}

/** A problem in manifest.csv, naming file and line. */
export class ManifestError extends Error {
  constructor(file: string, line: number, message: string) {
    super(`${file}:${line}: ${message}`);
  }
}

const CORE_COLUMNS = new Set(['file', 'township', 'year']);

/** Reads `manifest.csv` from the corpus folder; null when there is none. Throws ManifestError when malformed. */
export function readManifest(corpusDir: string): Manifest | null {
  const file = path.join(corpusDir, MANIFEST_FILE);
  if (!fs.existsSync(file)) return null;
  return parseManifest(fs.readFileSync(file, 'utf8'), file);
}

/**
 * Parses manifest text. Headers are matched case-insensitively after trimming; `file` is required,
 * `township` and `year` are optional, every other column is an extra carried into the tables.
 * `file` is the report's path relative to the corpus folder, with or without its extension.
 */
export function parseManifest(text: string, file = MANIFEST_FILE): Manifest {
  let records;
  try {
    records = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw new ManifestError(file, error.line, error.message.replace(/^line \d+: /, ''));
    throw error;
  }
  if (records.length === 0) throw new ManifestError(file, 1, 'empty manifest: expected a header row with a "file" column');
  const header = records[0].fields.map((h) => h.trim());
  const lower = header.map((h) => h.toLowerCase());
  const fileCol = lower.indexOf('file');
  if (fileCol < 0) throw new ManifestError(file, records[0].line, `no "file" column in header (${header.join(', ')})`);
  const seen = new Set<string>();
  header.forEach((h, i) => {
    if (!h) throw new ManifestError(file, records[0].line, `column ${i + 1} has no header`);
    if (seen.has(lower[i])) throw new ManifestError(file, records[0].line, `column "${h}" appears twice`);
    seen.add(lower[i]);
  });
  const townshipCol = lower.indexOf('township');
  const yearCol = lower.indexOf('year');
  const extraCols = header.map((h, i) => ({ h, i })).filter(({ i }) => !CORE_COLUMNS.has(lower[i]));
  const rows = new Map<string, ManifestRow>();
  for (const record of records.slice(1)) {
    const cell = (i: number) => (i >= 0 && i < record.fields.length ? record.fields[i].trim() : '');
    if (record.fields.length > header.length) {
      throw new ManifestError(file, record.line, `${record.fields.length} fields, header has ${header.length}`);
    }
    const key = normaliseRelPath(cell(fileCol));
    if (!key) throw new ManifestError(file, record.line, 'empty "file" cell');
    const row: ManifestRow = { line: record.line, extra: {} };
    const township = cell(townshipCol);
    if (township) row.township = township;
    const yearText = cell(yearCol);
    if (yearText) {
      if (!/^\d{4}$/.test(yearText)) throw new ManifestError(file, record.line, `year "${yearText}" is not a 4-digit year`);
      row.year = Number(yearText);
    }
    for (const { h, i } of extraCols) row.extra[h] = cell(i);
    for (const k of new Set([key, stripExtension(key)])) {
      const previous = rows.get(k);
      if (previous && previous !== row) {
        throw new ManifestError(file, record.line, `"${cell(fileCol)}" is already listed on line ${previous.line}`);
      }
      rows.set(k, row);
    }
  }
  return { file, extraColumns: extraCols.map(({ h }) => h), rows };
}

/**
 * Metadata given outside the text for a report at `relPath` (relative to the corpus folder).
 * Precedence per field: manifest, then folder layout. Text inference comes last, in the metadata stage,
 * which applies `given` over what it reads from the text.
 */
export function givenMetadata(relPath: string, manifest: Manifest | null): GivenMetadata {
  const key = normaliseRelPath(relPath);
  const row = manifest?.rows.get(key) ?? manifest?.rows.get(stripExtension(key));
  const fromPath = metadataFromPath(key);
  const given: GivenMetadata = {};
  if (row?.township) given.township = row.township;
  else if (fromPath.township) given.township = fromPath.township;
  if (row?.year !== undefined) given.year = row.year;
  else if (fromPath.year !== undefined) given.year = fromPath.year;
  if (manifest && manifest.extraColumns.length > 0) {
    given.extra = Object.fromEntries(manifest.extraColumns.map((c) => [c, row?.extra[c] ?? '']));
  }
  if (row && (row.township || row.year !== undefined)) given.origin = 'manifest';
  else if (given.township || given.year !== undefined) given.origin = 'path';
  return given;
}

const YEAR_SEGMENT = /^((?:19|20)\d{2})年?$/;
// A folder or file name that can be a township: Han characters only, short, not a document title.
const TOWNSHIP_SEGMENT = /^\p{Script=Han}{2,10}$/u;
const NOT_TOWNSHIP = /总结|报告|计划|工作|汇报|材料|情况|文件|资料|语料/;

/**
 * Township and year from the folder layout: `<township>/<year>/…`, `<year>/<township>.txt`,
 * `<township>/<year>.txt` and `<year>/<township>/…`. A year is a path part that is a 4-digit year (19xx/20xx,
 * optionally with 年); the township is the part next to it (the one before, else the one after).
 * Without a year part, a folder whose name ends in a township suffix (镇, 乡, 街道, 办事处) is the township.
 */
export function metadataFromPath(relPath: string): { township?: string; year?: number } {
  const parts = normaliseRelPath(relPath).split('/');
  parts[parts.length - 1] = stripExtension(parts[parts.length - 1]);
  const isTownship = (s: string | undefined) => s !== undefined && TOWNSHIP_SEGMENT.test(s) && !NOT_TOWNSHIP.test(s);
  const y = parts.findIndex((p) => YEAR_SEGMENT.test(p));
  const out: { township?: string; year?: number } = {};
  if (y >= 0) {
    out.year = Number(YEAR_SEGMENT.exec(parts[y])![1]);
    if (y > 0 && isTownship(parts[y - 1])) out.township = parts[y - 1];
    else if (y + 1 < parts.length && isTownship(parts[y + 1])) out.township = parts[y + 1];
  } else {
    const dir = parts.slice(0, -1).reverse().find((p) => isTownship(p) && TOWNSHIP_SUFFIX.test(p));
    if (dir) out.township = dir;
  }
  return out;
}

// Longest first so 街道办事处 is stripped whole.
const TOWNSHIP_SUFFIX = /(?:街道办事处|办事处|街道|镇|乡)$/;

/** A township name's matching key: whitespace removed and the 镇/乡/街道/办事处 suffix stripped. */
export function townshipKey(name: string): string {
  const compact = name.replace(/\s+/g, '');
  const stripped = compact.replace(TOWNSHIP_SUFFIX, '');
  return stripped.length > 0 ? stripped : compact;
}

/**
 * The display form of a township among the names the corpus uses: 陵口 and 陵口镇 are one township when the
 * corpus names both, shown as the full form. A name that already has its suffix is kept as it is (陵口镇 and
 * 陵口乡 stay two townships); a bare name takes the full form from `known`, the longest when several, ties
 * broken by code-unit order, so the result does not depend on the order of `known`.
 * Whitespace is removed; a bare name with no full form in `known` is returned bare.
 */
export function normaliseTownship(name: string, known: readonly string[]): string {
  const compact = name.replace(/\s+/g, '');
  const key = townshipKey(compact);
  if (!compact || key !== compact) return compact;
  let best = compact;
  for (const candidate of known) {
    const c = candidate.replace(/\s+/g, '');
    if (townshipKey(c) !== key) continue;
    if (c.length > best.length || (c.length === best.length && c < best)) best = c;
  }
  return best;
}

function normaliseRelPath(p: string): string {
  return p.replace(/\\/g, '/').replace(/^(?:\.\/)+/, '').replace(/^\/+/, '');
}

function stripExtension(p: string): string {
  const slash = p.lastIndexOf('/');
  const dot = p.lastIndexOf('.');
  return dot > slash + 1 ? p.slice(0, dot) : p;
}
