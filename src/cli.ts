#!/usr/bin/env node
// First, before any module allocates: the heap growth policy of every thread of the run.
import './heap-policy.js';
import { Command, InvalidArgumentError, Option } from 'commander';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { run, defaultRunOptions, analyzeCorpus } from './run.js';
import { registerCheck } from './commands/check.js';
import { registerKwic } from './commands/kwic.js';
import { kwicSourceOf } from './aggregate/concordance.js';
import { GROUP_BY_VALUES, type GroupBy } from './aggregate/group.js';
import { renderCsv } from './emit/csv.js';
import { writeFileAtomicSync } from './io/write-atomic.js';
import type { StageTimings } from './pipeline.js';

const require = createRequire(import.meta.url);
const { version } = require('../package.json') as { version: string };

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

function share(value: string): number {
  const n = Number(value);
  if (!(n > 0 && n <= 1)) throw new InvalidArgumentError('expected a share between 0 (exclusive) and 1');
  return n;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive whole number');
  return n;
}

/** Exit codes: 0 every report read, 1 --strict and a report errored (or a fatal failure), 2 bad usage. */
export function buildProgram(): Command {
  const program = new Command('zongjie')
    .description('Turns a folder of township work reports (宣传思想工作总结 …) into tables to audit and compare.')
    .version(version)
    .exitOverride((error) => {
      // commander exits 1 on usage errors; bad usage is 2 here, help and version stay 0
      process.exit(error.exitCode === 0 ? 0 : 2);
    });

  program
    .command('analyze', { isDefault: true })
    .description('read every report in CORPUS and write the CSV tables into --out')
    .argument('[corpus]', 'folder of reports, read recursively', 'corpus')
    .option('-o, --out <dir>', 'output folder for the tables (created when missing)', 'output')
    .option('--no-bom', 'write the tables without a UTF-8 byte-order mark (default: with one, for Excel/WPS)')
    .addOption(new Option('--max-bytes <n>', 'skip files larger than this many bytes').default(defaultRunOptions.maxBytes).argParser(positiveInt))
    .option('--user-dict <file>', 'jieba user dictionary (default: data/user-dict.txt)')
    .addOption(new Option('-j, --jobs <n>', 'worker threads for per-report analysis').default(defaultRunOptions.jobs, 'one per core').argParser(positiveInt))
    .addOption(new Option('--formula-share <share>', 'reuse: a passage in more than this share of reports is formula, not copying').default(0.2).argParser(share))
    .addOption(new Option('--reuse-min-chars <n>', 'reuse: shortest shared passage reported, in characters without punctuation').default(30).argParser(positiveInt))
    .addOption(new Option('--link-threshold <x>', 'cosine at which two problems count as one recurring problem').default(0.25).argParser(share))
    .option('--gazetteer <file>', "tab-separated list of the county's townships, villages and places (default: data/gazetteer.tsv)")
    .option('--strict', 'exit with status 1 when any report could not be read')
    .option('--debug', "check each stage's declared contract and every report's invariants; a break makes that report an error row")
    .option('--xlsx', 'also write all tables into one Excel workbook, zongjie.xlsx')
    .option('--themes <file>', 'theme taxonomy, a theme and its terms a line (default: data/themes.tsv)')
    .addOption(new Option('--group-by <field>', 'groups of theme_matrix.csv and keyness.csv').choices(GROUP_BY_VALUES).default('township'))
    // for the benchmark: per-stage times, wall time and peak RSS as JSON
    .addOption(new Option('--timings <file>', 'write per-stage timings as JSON').hideHelp())
    .action(async (corpus: string, flags: { out: string; bom: boolean; maxBytes: number; userDict?: string; strict?: boolean; jobs: number; xlsx?: boolean; themes?: string; groupBy: GroupBy; formulaShare: number; reuseMinChars: number; gazetteer?: string; linkThreshold: number; timings?: string; debug?: boolean }) => {
      if (!isDirectory(corpus)) {
        process.stderr.write(`zongjie: corpus folder "${corpus}" does not exist or is not a folder\n`);
        process.exit(2);
      }
      const started = performance.now();
      const timings: StageTimings | undefined = flags.timings ? {} : undefined;
      const summary = await run({
        corpus, out: flags.out, bom: flags.bom, maxBytes: flags.maxBytes, userDict: flags.userDict, jobs: flags.jobs,
        xlsx: flags.xlsx, themes: flags.themes, groupBy: flags.groupBy, version,
        formulaShare: flags.formulaShare, reuseMinChars: flags.reuseMinChars, gazetteer: flags.gazetteer, linkThreshold: flags.linkThreshold, debug: flags.debug, timings,
      });
      if (flags.timings) {
        const wallMs = performance.now() - started;
        // maxRSS covers the worker threads too: they live in this process
        fs.writeFileSync(flags.timings, JSON.stringify({ wallMs, maxRssBytes: process.resourceUsage().maxRSS * 1024, stages: timings }, null, 2));
      }
      for (const notice of summary.notices) process.stderr.write(`zongjie: note: ${notice}\n`);
      process.stderr.write(
        `zongjie: ${summary.reports} reports (${summary.ok} ok, ${summary.skipped} skipped, ${summary.errors} errors) → ${flags.out}/ ${[...summary.tables, ...summary.views].join(' ')}\n`,
      );
      if (flags.strict && summary.errors > 0) process.exitCode = 1;
    });

  registerCheck(program);
  registerKwic(program, {
    analyse: async (corpus, flags) => {
      const { docs } = await analyzeCorpus({ corpus, userDict: flags.userDict, maxBytes: defaultRunOptions.maxBytes, jobs: defaultRunOptions.jobs });
      return docs.filter((d) => d.status === 'ok').map(kwicSourceOf);
    },
    writeTable: (file, table) => writeFileAtomicSync(file, renderCsv(table, { bom: true })),
  });

  return program;
}

buildProgram()
  .parseAsync(process.argv)
  .catch((error: Error) => {
    process.stderr.write(`zongjie: ${error.message}\n`);
    process.exitCode = 1;
  });
