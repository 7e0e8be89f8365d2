import fs from 'node:fs';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { stringify } from 'csv-stringify/sync';
import { walkCorpus } from '../io/walk.js';
import { readReport } from '../io/ingest.js';
import { givenMetadata, normaliseTownship, readManifest } from '../io/manifest.js';
import { dataPath } from '../data/load.js';
import { prepareJiebaUserDict } from '../data/user-dict.js';
import type { Table } from '../emit/table.js';
import { concordance, formatKwic, type KwicLine, type KwicSource } from '../aggregate/concordance.js';

/** Options of the kwic command as parsed from its flags. */
export interface KwicFlags {
  csv?: string;
  width: number;
  token?: boolean;
  noise?: boolean;
  userDict?: string;
}

/** How the command gets its reports and writes its table; the CLI passes the real pipeline. */
export interface KwicDeps {
  /** analyses the corpus folder into concordance sources (with sections and tokens) */
  analyse(corpus: string, flags: KwicFlags): Promise<KwicSource[]>;
  /** writes a table to a CSV file */
  writeTable(file: string, table: Table): void;
}

/** kwic.csv's table: one row per occurrence, in output order. */
export function kwicTable(lines: readonly KwicLine[]): Table {
  return {
    file: 'kwic.csv',
    columns: ['report_id', 'township', 'year', 'section', 'start', 'end', 'left', 'match', 'right', 'token'],
    rows: lines.map((l) => [l.reportId, l.township, l.year, l.section, l.start, l.end, l.left, l.match, l.right, l.token]),
  };
}

/**
 * Adds `zongjie kwic <term> [corpus]`: every occurrence of a term with its context, report, township, year and
 * section, aligned for a terminal; `--csv FILE` writes the lines as a table instead.
 * Without `deps`, reports are read with the format readers and cut by jieba, but sections are not known
 * (the lead's CLI passes the full pipeline).
 */
export function registerKwic(program: Command, deps: Partial<KwicDeps> = {}): Command {
  const analyse = deps.analyse ?? basicAnalyse;
  const writeTable = deps.writeTable ?? writeCsvFile;
  return program
    .command('kwic')
    .description('show every occurrence of TERM in the reports with its context (keyword in context)')
    .argument('<term>', 'word to look for (simplified script; found wherever it stands, also inside longer words)')
    .argument('[corpus]', 'folder of reports, read recursively', 'corpus')
    .option('--csv <file>', 'write the occurrences to this CSV file instead of printing them')
    .option('--width <n>', 'context characters on each side', positiveInt, 20)
    .option('--token', 'only whole jieba tokens (the hits themes.csv counts), not the term inside longer words')
    .option('--noise', 'also show occurrences in web-page noise')
    .option('--user-dict <file>', 'jieba user dictionary (default: data/user-dict.txt)')
    .action(async (term: string, corpus: string, flags: KwicFlags) => {
      const sources = await analyse(corpus, flags);
      const lines = concordance(sources, term, { width: flags.width, tokens: flags.token, includeNoise: flags.noise });
      if (flags.csv) {
        writeTable(flags.csv, kwicTable(lines));
        process.stderr.write(`zongjie kwic: ${lines.length} occurrences of ${term} → ${flags.csv}\n`);
      } else {
        for (const line of formatKwic(lines, flags.width)) process.stdout.write(`${line}\n`);
        process.stderr.write(`zongjie kwic: ${lines.length} occurrences of ${term} in ${new Set(lines.map((l) => l.reportId)).size} reports\n`);
      }
    });
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive whole number');
  return n;
}

function writeCsvFile(file: string, table: Table): void {
  const text = stringify([table.columns, ...table.rows.map((r) => r.map((c) => (c === null || c === undefined ? '' : String(c))))], {
    record_delimiter: '\r\n',
  });
  fs.writeFileSync(file, `\uFEFF${text}`);
}

/** Fallback reader: format readers, manifest/path metadata, jieba tokens of the raw text; one paragraph per line. */
async function basicAnalyse(corpus: string, flags: KwicFlags): Promise<KwicSource[]> {
  const { default: jieba } = await import('zongjie-jieba');
  const userDict = dataPath(flags.userDict ?? 'user-dict.txt');
  jieba.load(fs.existsSync(userDict) ? { userDict: prepareJiebaUserDict(userDict) } : {});
  const root = path.resolve(corpus);
  const manifest = readManifest(root);
  const out: KwicSource[] = [];
  const files = walkCorpus(root);
  const given = files.map((f) => givenMetadata(f.relPath, manifest));
  const known = given.map((g) => g.township ?? '').filter(Boolean);
  for (const [i, file] of files.entries()) {
    const read = await readReport(file.absPath, file.relPath);
    if (!read.ok) continue;
    const raw = read.report.raw;
    // nodejieba.cut(raw) without HMM, as this reader always cut; the addon gives each word's end offset
    const ends = jieba.cut(raw, false);
    const starts = new Int32Array(ends.length);
    const words: string[] = [];
    ends.forEach((end, k) => {
      starts[k] = k === 0 ? 0 : ends[k - 1];
      words.push(raw.slice(starts[k], end));
    });
    out.push({
      reportId: file.relPath.replace(/\.[^./]+$/, ''),
      township: given[i].township ? normaliseTownship(given[i].township!, known) : '',
      year: given[i].year ?? null,
      text: raw,
      display: raw,
      tokens: { starts, ends, words },
      paragraphs: [],
    });
  }
  return out;
}
