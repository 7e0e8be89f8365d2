// Runs `tsc -p tsconfig.json` only when a source file is newer than the last build (dist/.build-stamp), so
// `npm run analyze` starts at once when dist/ is up to date. Any tsc error fails as `npm run build` would.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const stamp = path.join(root, 'dist', '.build-stamp');

function newestMtime(entry) {
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const name of fs.readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, name)));
  return newest;
}

const inputs = ['src', 'tsconfig.json', 'package.json'].map((p) => path.join(root, p));
const built = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0;
if (inputs.some((p) => newestMtime(p) > built)) {
  const started = Date.now();
  const tsc = spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.json')], { stdio: 'inherit' });
  if (tsc.status !== 0) process.exit(tsc.status ?? 1);
  fs.writeFileSync(stamp, `${new Date(started).toISOString()}\n`);
  fs.utimesSync(stamp, started / 1000, started / 1000);
}
