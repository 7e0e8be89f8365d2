/**
 * A run's output folder, replaced whole: the run writes every table into a staging folder beside the output
 * folder and, when all are written and flushed, swaps it in with two renames (output → previous, staging →
 * output) and deletes the previous one. Killed at any moment (Ctrl-C, kill -9, out of memory), the output
 * folder holds the tables of one run only: the previous run's until the swap, this run's after it. The one
 * instant between the two renames leaves the output folder missing and the previous one beside it; the next
 * run puts it back (`recoverOutputFolder`) and says so, as it says when it finds a staging folder a killed
 * run left behind.
 *
 * Entries of the output folder that zongjie does not write (a user's notes, say) are carried over into the new
 * folder as hard links before the swap, so they survive it and an interrupted run never touches them.
 *
 * Note: when the output folder cannot be renamed (it holds the working directory or the corpus, or the file
 * system refuses: a mount point, Windows with the folder open), the staged files are moved in one by one
 * instead, after a marker that lets the next run finish an interrupted move. That fallback is not atomic.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PendingSyncs, syncToDisk } from './write-atomic.js';

/** Marker written into a staging folder before its files are moved in one by one (the fallback). */
const MOVING_MARKER = '.zongjie-moving';

/** A staging folder for one run into `out`. */
export interface StagedOutput {
  /** the output folder (absolute) */
  out: string;
  /** the staging folder the run writes into (absolute, hidden, beside `out`) */
  dir: string;
  /** what recovery found of earlier interrupted runs, one sentence each, for the user */
  notices: string[];
  /**
   * the flushes to disk of files written into `dir` (`openAtomicFile` with `syncs`), left running while the run
   * goes on; `commit` awaits them
   */
  syncs: PendingSyncs;
  /** flushes every staged file to disk and swaps them in; `owned` are the file names zongjie writes (any run, any option) */
  commit(owned: ReadonlySet<string>): Promise<void>;
  /** deletes the staging folder; the output folder is left as it was */
  abort(): void;
}

/** Sibling names of an output folder. */
function siblings(out: string): { parent: string; base: string; previous: string; stagingPrefix: string } {
  const parent = path.dirname(out);
  const base = path.basename(out);
  return { parent, base, previous: path.join(parent, `.${base}.zongjie-previous`), stagingPrefix: `.${base}.zongjie-staging-` };
}

/** True when the process with this id is running (and is not this one). */
function otherProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Puts back what an interrupted run left beside `out` and returns what it found: a previous folder with no
 * output folder is restored; a staging folder of a run that is no longer running is deleted, or, when it was
 * being moved in file by file, the move is finished.
 */
export function recoverOutputFolder(out: string, owned: ReadonlySet<string>): string[] {
  const { parent, base, previous, stagingPrefix } = siblings(out);
  const notices: string[] = [];
  if (fs.existsSync(previous)) {
    if (!fs.existsSync(out)) {
      fs.renameSync(previous, out);
      notices.push(`the last run into ${base}/ was interrupted while swapping in its tables; ${base}/ holds the tables of the run before it`);
    } else {
      fs.rmSync(previous, { recursive: true, force: true });
    }
  }
  let entries: string[] = [];
  try {
    entries = fs.readdirSync(parent);
  } catch {
    return notices;
  }
  for (const name of entries) {
    if (!name.startsWith(stagingPrefix) || otherProcessAlive(Number(name.slice(stagingPrefix.length)))) continue;
    const staging = path.join(parent, name);
    if (fs.existsSync(path.join(staging, MOVING_MARKER))) {
      moveInFileByFile(staging, out, owned);
      notices.push(`the last run into ${base}/ was interrupted while moving in its tables; the move has now been finished`);
    } else {
      fs.rmSync(staging, { recursive: true, force: true });
      notices.push(`a run into ${base}/ was interrupted before it finished (Ctrl-C, kill or out of memory); its partial tables were discarded and ${base}/ was left as it was`);
    }
  }
  return notices;
}

/**
 * Starts a run into `out`: recovers what earlier interrupted runs left (`recoverOutputFolder`) and creates a
 * fresh staging folder. `keepInPlace` (the output folder holds the working directory or the corpus) makes
 * `commit` move the files in one by one instead of swapping the folder.
 */
export function stageOutputFolder(out: string, options: { owned: ReadonlySet<string>; keepInPlace?: boolean }): StagedOutput {
  const notices = recoverOutputFolder(out, options.owned);
  const { parent, previous, stagingPrefix } = siblings(out);
  fs.mkdirSync(parent, { recursive: true });
  const dir = path.join(parent, `${stagingPrefix}${process.pid}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir);
  const syncs = new PendingSyncs();
  return {
    out,
    dir,
    notices,
    syncs,
    async commit(owned) {
      // A scratch file a step left behind is not part of the output. The files not flushed yet (written by
      // another thread, say) are flushed on the thread pool beside those still running.
      for (const name of fs.readdirSync(dir)) {
        if (isTempFile(name)) fs.rmSync(path.join(dir, name), { force: true });
        else syncs.sync(path.join(dir, name));
      }
      await syncs.settled();
      if (!options.keepInPlace && fs.existsSync(out)) {
        carryOver(out, dir, owned);
        syncToDisk(dir);
        try {
          fs.renameSync(out, previous);
        } catch {
          moveInFileByFile(dir, out, owned, true);
          return;
        }
        fs.renameSync(dir, out);
        syncToDisk(parent);
        fs.rmSync(previous, { recursive: true, force: true });
      } else if (!fs.existsSync(out)) {
        syncToDisk(dir);
        fs.renameSync(dir, out);
        syncToDisk(parent);
      } else {
        moveInFileByFile(dir, out, owned, true);
      }
    },
    abort() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Links every entry of `from` that zongjie does not write into `to` (folders recreated, files hard-linked or copied). */
function carryOver(from: string, to: string, owned: ReadonlySet<string>): void {
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    if (owned.has(entry.name) || isTempFile(entry.name) || fs.existsSync(path.join(to, entry.name))) continue;
    linkTree(path.join(from, entry.name), path.join(to, entry.name));
  }
}

/** A copy of `source` at `target` that shares the files' data (hard links; a plain copy where linking fails). */
function linkTree(source: string, target: string): void {
  const stat = fs.lstatSync(source);
  if (stat.isDirectory()) {
    fs.mkdirSync(target);
    for (const name of fs.readdirSync(source)) linkTree(path.join(source, name), path.join(target, name));
  } else if (stat.isSymbolicLink()) {
    fs.symlinkSync(fs.readlinkSync(source), target);
  } else {
    try {
      fs.linkSync(source, target);
    } catch {
      fs.copyFileSync(source, target);
    }
  }
}

/** Temp files of an interrupted atomic write (`.reports.csv.1234.abcd1234.tmp`). */
function isTempFile(name: string): boolean {
  return name.startsWith('.') && name.endsWith('.tmp');
}

/**
 * The fallback: marks `staging`, moves each staged file over its namesake in `out`, deletes the owned files
 * of earlier runs this run did not write (a zongjie.xlsx of an earlier --xlsx run), then the staging folder.
 * Restartable: `recoverOutputFolder` calls it again for a marked staging folder.
 */
function moveInFileByFile(staging: string, out: string, owned: ReadonlySet<string>, mark = false): void {
  const marker = path.join(staging, MOVING_MARKER);
  if (mark) {
    // The marker lists the run's files: after a partial move, the staging folder no longer does.
    fs.writeFileSync(marker, JSON.stringify(fs.readdirSync(staging)));
    syncToDisk(marker);
    syncToDisk(staging);
  }
  const written = new Set(JSON.parse(fs.readFileSync(marker, 'utf8')) as string[]);
  fs.mkdirSync(out, { recursive: true });
  for (const name of fs.readdirSync(staging)) {
    if (name !== MOVING_MARKER) fs.renameSync(path.join(staging, name), path.join(out, name));
  }
  for (const name of fs.readdirSync(out)) {
    if ((owned.has(name) && !written.has(name)) || isTempFile(name)) fs.rmSync(path.join(out, name), { force: true });
  }
  syncToDisk(out);
  fs.rmSync(staging, { recursive: true, force: true });
}
