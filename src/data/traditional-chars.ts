import { DataFileError, readDataLines } from './load.js';

/**
 * The characters only traditional text uses, each followed by its simplified form, as one string of pairs
 * (data/traditional-chars.txt, pairs running on from line to line). Worked out once from OpenCC
 * (`traditionalPairsFromOpenCC` in stages/script.ts), not in every thread at start: converting the 27,000
 * ideographs there took ≈ 110 ms of CPU per thread. test/stages/script.test.ts checks the file against OpenCC.
 */
export function loadTraditionalPairs(file = 'traditional-chars.txt'): string {
  const lines = readDataLines(file);
  const pairs = lines.map((line) => line.text).join('');
  if (pairs.length % 2 !== 0) throw new DataFileError(file, lines.at(-1)?.line ?? 1, 'want pairs of characters (traditional, then simplified)');
  return pairs;
}
