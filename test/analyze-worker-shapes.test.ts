import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// The workers run the compiled code (dist/, rebuilt from src/ by the global setup), so the child below does too.
const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const report = fileURLToPath(new URL('../corpus/000_db29db16f8c44e8c.txt', import.meta.url));

/**
 * A worker's jobs, one report analysed and reduced 400 times (fingerprinted, as `analyze` does): V8 optimises
 * analyzeJob on the way, and each result is compared with the one before by hidden class.
 */
const SCRIPT = `
const { workerContext, analyzeJob } = await import(${JSON.stringify(dist + 'analyze-worker.js')});
const context = await workerContext({ collectTimings: false, output: { keepParagraphRows: false } });
let previous, same = 0;
for (let i = 0; i < 400; i++) {
  const { result } = await analyzeJob({ index: i, absPath: ${JSON.stringify(report)}, relPath: 'r.txt', options: { fingerprint: true }, reportId: 'r' + i }, context);
  if (previous && %HaveSameMap(previous, result)) same++;
  previous = result;
}
console.log('same', same);
`;

describe('analyzeJob under V8', () => {
  it('gives every report\'s result one hidden class, also once optimised', () => {
    // Note: Node 20's optimised code makes a new hidden class for each object of \`{ ...source, added }\` (a field
    // the source lacks after the spread); the results then made every call site that reads them megamorphic.
    const run = spawnSync(process.execPath, ['--allow-natives-syntax', '--input-type=module', '-e', SCRIPT], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('same 399');
  }, 120_000);
});
