import path from 'node:path';
import type { Command } from 'commander';
import { loadResources, type Resources } from '../data/resources.js';
import { location } from '../model/location.js';
import { mapSpan } from '../model/span.js';
import { analyzeFile } from '../pipeline.js';

/** Exit codes of `zongjie check`, like grep's: placeholders found is 1, a file not checked is 2. */
export const CHECK_EXIT = { clean: 0, found: 1, unreadable: 2 } as const;

/** Width of the kind column, so tokens line up (`ordinal` is the longest kind). */
const KIND_WIDTH = 7;

/**
 * Checks files for unfilled placeholders and writes one line per placeholder,
 * `file:line:column  kind  token  context` (line and column 1-based in the file's own text), then a summary.
 * Files that cannot be read or hold no report text get a `file: error: …` line. Returns the exit code:
 * 0 clean, 1 placeholders found, 2 some file could not be checked.
 */
export async function runCheck(files: string[], out: (line: string) => void, resources: Resources = loadResources()): Promise<number> {
  let found = 0;
  let filesWithPlaceholders = 0;
  let unreadable = 0;
  for (const file of files) {
    const doc = await analyzeFile(path.resolve(file), path.basename(file), resources);
    if (doc.status !== 'ok') {
      unreadable++;
      out(`${file}: error: ${doc.diagnostics.map((d) => d.message).join('; ') || doc.status}`);
      continue;
    }
    if (doc.placeholders.length === 0) continue;
    filesWithPlaceholders++;
    const locate = location(doc.report.raw);
    for (const placeholder of doc.placeholders) {
      const { line, column } = locate(mapSpan(doc.toRaw, placeholder).start);
      out(`${file}:${line}:${column}  ${placeholder.kind.padEnd(KIND_WIDTH)}  ${placeholder.token}  ${placeholder.context}`);
      found++;
    }
  }
  out(summary(files.length, found, filesWithPlaceholders, unreadable));
  if (unreadable > 0) return CHECK_EXIT.unreadable;
  return found > 0 ? CHECK_EXIT.found : CHECK_EXIT.clean;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function summary(files: number, found: number, filesWithPlaceholders: number, unreadable: number): string {
  const checked = files - unreadable;
  const head =
    found > 0
      ? `${plural(found, 'placeholder')} in ${plural(filesWithPlaceholders, 'file')} (${plural(checked, 'file')} checked)`
      : `no placeholders (${plural(checked, 'file')} checked)`;
  return unreadable > 0 ? `${head}; ${plural(unreadable, 'file')} could not be checked` : head;
}

/** Adds `zongjie check <file...>` to the program. */
export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('list unfilled placeholders (X场, x余人, 202x年, *委 …) in reports before you submit them; exit 1 when any is found')
    .argument('<file...>', 'report files to check (.txt and the other formats analyze reads)')
    .action(async (files: string[]) => {
      process.exitCode = await runCheck(files, (line) => process.stdout.write(line + '\n'));
    });
}
