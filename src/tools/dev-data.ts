import fs from 'node:fs';
import path from 'node:path';

/**
 * The report files of the held-out fold, as test/eval/gold-real/heldout.txt lists them (one file name a line,
 * `#` comments): the tools that train or tune never read these, and the eval scores them apart.
 * `listFile` is the list itself, or the gold folder that holds heldout.txt.
 */
export function readHeldout(listFile: string): Set<string> {
  const file = fs.existsSync(listFile) && fs.statSync(listFile).isDirectory() ? path.join(listFile, 'heldout.txt') : listFile;
  return new Set(
    fs
      .readFileSync(file, 'utf8')
      .split(/\r?\n/u)
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#')),
  );
}

/**
 * The shared folder of development data (corpus-dev, corpus-real, eval/, divisions/): `given` (a --shared
 * option), else $ZONGJIE_SHARED, else ../shared from the working directory, as CI lays it out.
 */
export function sharedFolder(given?: string): string {
  return path.resolve(given ?? process.env.ZONGJIE_SHARED ?? path.join(process.cwd(), '..', 'shared'));
}
