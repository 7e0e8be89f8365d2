import fs from 'node:fs';
import path from 'node:path';
import type { DiagnosticCode } from '../model/kinds.js';

/** A file found in the corpus folder. */
export interface CorpusFile {
  /** absolute path */
  absPath: string;
  /** path relative to the corpus folder, `/`-separated */
  relPath: string;
}

/** Something in the corpus folder the walk could not or would not enter; the lead reports it as a row. */
export interface WalkProblem {
  /** absolute path of the folder or link */
  absPath: string;
  /** path relative to the corpus folder, `/`-separated */
  relPath: string;
  /** `unreadable` for folders that cannot be listed, broken links and link loops */
  code: DiagnosticCode;
  /** what happened, for the error column */
  message: string;
}

/** Files and problems of a corpus walk. */
export interface CorpusWalk {
  /** files, sorted by `relPath` (code-unit order) */
  files: CorpusFile[];
  /** folders and links skipped, sorted by `relPath` */
  problems: WalkProblem[];
}

/** Names never read as reports. */
const IGNORED = new Set(['manifest.csv', '.DS_Store', 'Thumbs.db', 'desktop.ini']);

/** True for names the walk skips: hidden files and Office lock files (`~$报告.docx`). */
function ignored(name: string): boolean {
  return name.startsWith('.') || name.startsWith('~$') || IGNORED.has(name);
}

const byRelPath = (a: { relPath: string }, b: { relPath: string }) => (a.relPath < b.relPath ? -1 : a.relPath > b.relPath ? 1 : 0);

/**
 * Lists the files of a corpus folder recursively, sorted by relative path (code-unit order) so runs are
 * stable, together with the folders and links it skipped. `exclude` holds folders never entered (the
 * output folder when it lies inside the corpus); they are compared by real path, so a link to them is
 * not entered either. Symbolic links to files are listed; links to folders are followed unless the real
 * folder was already walked (link loops and duplicates are skipped with a problem entry).
 */
export function walkCorpusWithProblems(root: string, exclude: readonly string[] = []): CorpusWalk {
  const files: CorpusFile[] = [];
  const problems: WalkProblem[] = [];
  const rootAbs = path.resolve(root);
  const excluded = new Set(exclude.map(realOrResolved));
  const visited = new Set<string>();

  // Paths are built by joining names to their folder's (readdir's names hold no separator and are never . or ..),
  // not by path.join and path.relative for each of a corpus's thousands of files.
  /** `dir` is absolute and normalised (ends with a separator only when it is the file system's root); `relDir` its path below the walk's root, `/`-separated ('' for that root). */
  const visit = (dir: string, real: string, relDir: string) => {
    const rel = (name: string) => (relDir === '' ? name : `${relDir}/${name}`);
    const dirWithSep = dir.endsWith(path.sep) ? dir : dir + path.sep;
    visited.add(real);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      problems.push({ absPath: dir, relPath: relDir, code: 'unreadable', message: `the folder could not be listed: ${reason(err)}` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (ignored(entry.name)) continue;
      const abs = dirWithSep + entry.name;
      if (entry.isFile()) {
        files.push({ absPath: abs, relPath: rel(entry.name) });
      } else if (entry.isDirectory()) {
        const target = realOrResolved(abs);
        if (!excluded.has(target) && !visited.has(target)) visit(abs, target, rel(entry.name));
      } else if (entry.isSymbolicLink()) {
        let target: string;
        let stat: fs.Stats;
        try {
          target = fs.realpathSync(abs);
          stat = fs.statSync(target);
        } catch (err) {
          const loop = (err as NodeJS.ErrnoException).code === 'ELOOP';
          problems.push({
            absPath: abs,
            relPath: rel(entry.name),
            code: 'unreadable',
            message: loop ? 'symbolic link loop, not followed' : `broken symbolic link: ${reason(err)}`,
          });
          continue;
        }
        if (stat.isFile()) files.push({ absPath: abs, relPath: rel(entry.name) });
        else if (stat.isDirectory() && !excluded.has(target)) {
          if (visited.has(target) || isInside(real, target)) {
            problems.push({ absPath: abs, relPath: rel(entry.name), code: 'unreadable', message: 'symbolic link to a folder already read (a link loop), not followed' });
          } else {
            visit(abs, target, rel(entry.name));
          }
        }
      }
    }
  };

  visit(rootAbs, realOrResolved(rootAbs), '');
  return { files: files.sort(byRelPath), problems: problems.sort(byRelPath) };
}

/**
 * Lists the files of a corpus folder recursively, sorted by relative path (code-unit order) so runs are
 * stable. `exclude` holds absolute folders never entered (the output folder when it lies inside the corpus).
 * Folders that cannot be listed and link loops are skipped; `walkCorpusWithProblems` also returns them.
 */
export function walkCorpus(root: string, exclude: readonly string[] = []): CorpusFile[] {
  return walkCorpusWithProblems(root, exclude).files;
}

/** True when `inner` is `outer` or lies below it. */
function isInside(inner: string, outer: string): boolean {
  const relative = path.relative(outer, inner);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

function realOrResolved(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

function reason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOENT') return 'the target does not exist';
  return (err as Error | undefined)?.message ?? String(err);
}
