import { describe, expect, it } from 'vitest';
import { workerThreadsFor } from '../src/run.js';

describe('workerThreadsFor', () => {
  it('worker-threads: small corpora are analysed in-process, larger ones get a thread per 1,000 files up to --jobs', () => {
    expect(workerThreadsFor(0, 2)).toBe(0);
    expect(workerThreadsFor(40, 2)).toBe(0);
    expect(workerThreadsFor(1999, 2)).toBe(0);
    expect(workerThreadsFor(2000, 2)).toBe(2);
    expect(workerThreadsFor(20000, 2)).toBe(2);
    // --jobs 1 never starts workers, however large the corpus
    expect(workerThreadsFor(20000, 1)).toBe(0);
    // more cores: no thread gets fewer than 1,000 files
    expect(workerThreadsFor(5500, 8)).toBe(5);
    expect(workerThreadsFor(100000, 8)).toBe(8);
  });
});
