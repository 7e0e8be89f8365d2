import fs from 'node:fs';
import path from 'node:path';

/** A file found in the corpus folder. */
export interface CorpusFile {
  /** absolute path */
  absPath: string;
  /** path relative to the corpus folder, `/`-separated */
  relPath: string;
}

/** Names never read as reports. */
const IGNORED = new Set(['manifest.csv', '.DS_Store', 'Thumbs.db']);

/**
 * Lists the files of a corpus folder recursively, sorted by relative path (code-unit order) so runs are
 * stable. `exclude` holds absolute folders never entered (the output folder when it lies inside the corpus).
 */
export function walkCorpus(root: string, exclude: readonly string[] = []): CorpusFile[] {
  const out: CorpusFile[] = [];
  const excluded = new Set(exclude.map((p) => path.resolve(p)));
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || IGNORED.has(entry.name)) continue;
      const abs = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!excluded.has(path.resolve(abs))) visit(abs);
      } else if (entry.isFile() || entry.isSymbolicLink()) {
        out.push({ absPath: abs, relPath: path.relative(root, abs).split(path.sep).join('/') });
      }
    }
  };
  visit(root);
  return out.sort((a, b) => (a.relPath < b.relPath ? -1 : a.relPath > b.relPath ? 1 : 0));
}
