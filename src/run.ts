import fs from 'node:fs';
import path from 'node:path';
import pLimit from 'p-limit';
import { walkCorpus } from './io/walk.js';
import { analyzeFile, DEFAULT_MAX_BYTES } from './pipeline.js';
import { loadResources } from './data/resources.js';
import { writeTable } from './emit/csv.js';
import { reportsTable } from './emit/tables/reports.js';
import { paragraphsTable } from './emit/tables/paragraphs.js';
import type { Doc } from './model/report.js';
import type { Table } from './emit/table.js';

/** Options of an analyze run; the CLI fills them from its flags. */
export interface RunOptions {
  /** corpus folder */
  corpus: string;
  /** output folder, created when missing */
  out: string;
  /** write a UTF-8 BOM at the start of each table; default true */
  bom: boolean;
  /** files larger than this many bytes are skipped; default 64 MiB */
  maxBytes: number;
  /** jieba user dictionary; default data/user-dict.txt */
  userDict?: string;
}

export const defaultRunOptions: Omit<RunOptions, 'corpus' | 'out'> = { bom: true, maxBytes: DEFAULT_MAX_BYTES };

/** What a run did, for the exit code and the summary line. */
export interface RunSummary {
  reports: number;
  ok: number;
  skipped: number;
  errors: number;
  tables: string[];
}

/** Files read at once: enough to keep the disk busy, few enough to bound memory. */
const READ_CONCURRENCY = 8;

/** Reads a corpus folder, analyses every report, writes the tables. */
export async function run(options: RunOptions): Promise<RunSummary> {
  const resources = loadResources({ userDict: options.userDict });
  const out = path.resolve(options.out);
  const files = walkCorpus(path.resolve(options.corpus), [out]);
  const limit = pLimit(READ_CONCURRENCY);
  const docs: Doc[] = await Promise.all(
    files.map((file) => limit(() => analyzeFile(file.absPath, file.relPath, resources, { maxBytes: options.maxBytes }))),
  );
  const tables: Table[] = [reportsTable(docs), paragraphsTable(docs)];
  fs.mkdirSync(out, { recursive: true });
  for (const table of tables) writeTable(out, table, { bom: options.bom });
  return {
    reports: docs.length,
    ok: docs.filter((d) => d.status === 'ok').length,
    skipped: docs.filter((d) => d.status === 'skipped').length,
    errors: docs.filter((d) => d.status === 'error').length,
    tables: tables.map((t) => t.file),
  };
}
