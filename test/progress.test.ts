import { describe, expect, it } from 'vitest';
import { createProgress, progressLine } from '../src/progress.js';

describe('progress', () => {
  it('formats done/total, MB/s and ETA', () => {
    expect(progressLine(50, 200, 10e6, 5000)).toBe('zongjie: 50/200 reports (25%), 2.0 MB/s, ETA 15s');
  });

  it('draws only on a terminal, only after the delay, and erases its line', () => {
    let clock = 0;
    const written: string[] = [];
    const stream = { isTTY: true, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream;
    const progress = createProgress(10, { stream, now: () => clock, delayMs: 2000, intervalMs: 0 });
    progress.tick(100);
    expect(written).toEqual([]);
    clock = 3000;
    progress.tick(100);
    expect(written.at(-1)).toContain('2/10 reports');
    progress.done();
    expect(written.at(-1)).toBe('\r\x1b[2K');
    const piped: string[] = [];
    const quiet = createProgress(10, { stream: { isTTY: false, write: (s: string) => piped.push(s) } as unknown as NodeJS.WriteStream, now: () => 1e9, delayMs: 0 });
    quiet.tick(1);
    quiet.done();
    expect(piped).toEqual([]);
  });
});
