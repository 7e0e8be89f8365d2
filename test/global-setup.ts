import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The end-to-end tests run the compiled command line in dist/. So that a bare `npx vitest run` never tests
 * stale code, dist/ is rebuilt before any test starts whenever a source file is newer than dist/cli.js
 * (`npm test` has just built it, so it skips). A type error fails the whole run here.
 */
export default function setup(): void {
  const repo = path.resolve(import.meta.dirname, '..');
  const built = path.join(repo, 'dist', 'cli.js');
  const builtAt = fs.existsSync(built) ? fs.statSync(built).mtimeMs : 0;
  if (newestMtime(path.join(repo, 'src')) <= builtAt) return;
  execFileSync(process.execPath, [path.join(repo, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: repo, stdio: 'inherit' });
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(file) : fs.statSync(file).mtimeMs);
  }
  return newest;
}
