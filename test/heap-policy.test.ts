import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { YOUNG_SEMI_SPACE_MB } from '../src/heap-policy.js';

const MB = 1024 * 1024;

/**
 * The new-space size (bytes) of the main thread and of a worker thread started in a fresh process, with or without
 * the compiled heap-policy module imported first (as cli.ts does). A fresh process: the policy sets process-wide
 * V8 flags, which must not leak into the test runner.
 */
function newSpaceSizes(withPolicy: boolean): { main: number; worker: number } {
  const policy = fileURLToPath(new URL('../dist/heap-policy.js', import.meta.url));
  const script = `
    ${withPolicy ? `await import(${JSON.stringify(policy)});` : ''}
    const v8 = await import('node:v8');
    const { Worker } = await import('node:worker_threads');
    const newSpace = () => v8.getHeapSpaceStatistics().find((space) => space.space_name === 'new_space').space_size;
    const worker = new Worker("import v8 from 'node:v8'; import { parentPort } from 'node:worker_threads'; parentPort.postMessage(v8.getHeapSpaceStatistics().find((space) => space.space_name === 'new_space').space_size)", { eval: true });
    worker.once('message', (size) => { console.log(JSON.stringify({ main: newSpace(), worker: size })); worker.terminate(); });
  `;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })) as { main: number; worker: number };
}

describe('heap policy', () => {
  it('gives threads started after it a new space of YOUNG_SEMI_SPACE_MB from the start', () => {
    const sizes = newSpaceSizes(true);
    expect(sizes.worker).toBe(YOUNG_SEMI_SPACE_MB * MB);
  });

  it('starts a thread with a smaller new space without it (what the policy changes)', () => {
    const sizes = newSpaceSizes(false);
    expect(sizes.worker).toBeLessThan(YOUNG_SEMI_SPACE_MB * MB);
  });
});
