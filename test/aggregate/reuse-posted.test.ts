import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { PostedSources } from '../../src/aggregate/reuse-thread.js';
import type { ReuseSource } from '../../src/aggregate/reuse-findings.js';

const source = (id: string): ReuseSource => ({ id, township: '', year: null, text: id, toRaw: { starts: Int32Array.of(0), deltas: Int32Array.of(0), length: id.length }, problems: [] });

/**
 * Thread 0 analysed r1, r2, r4, r5, r6; thread 1 analysed r3, r7: each in naming order, posted one source a
 * message or a batch of reports' sources a message (as an analysis thread posts a batch of jobs').
 */
const POSTINGS: Record<string, string[][][]> = {
  'one source a message': [[['r1'], ['r2'], ['r4'], ['r5'], ['r6']], [['r3'], ['r7']]],
  'a batch a message': [[['r1', 'r2', 'r4'], ['r5', 'r6']], [['r3', 'r7']]],
};

describe('PostedSources', () => {
  for (const [posting, messages] of Object.entries(POSTINGS)) {
    it(`takes the sources in the order named (${posting}), holding at most one per channel while each channel keeps its order`, () => {
      const posted = new PostedSources();
      const channels = [new MessageChannel(), new MessageChannel()];
      for (const channel of channels) posted.connect(channel.port1);
      messages.forEach((batches, thread) => batches.forEach((ids) => channels[thread].port2.postMessage(ids.map(source))));
      let most = 0;
      for (const id of ['r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7']) {
        expect(posted.take(id).id).toBe(id);
        most = Math.max(most, posted.held);
      }
      expect(most).toBeLessThanOrEqual(1);
      expect(posted.held).toBe(0);
      expect(() => posted.take('r8')).toThrow(/no source was posted for r8/);
      for (const channel of channels) channel.port1.close();
    });
  }

  it('finds a source posted out of the naming order, and fails for one never posted', () => {
    const posted = new PostedSources();
    const channels = [new MessageChannel(), new MessageChannel()];
    for (const channel of channels) posted.connect(channel.port1);
    for (const id of ['a2', 'a1']) channels[0].port2.postMessage([source(id)]);
    channels[1].port2.postMessage([source('b1')]);
    channels[1].port2.postMessage([source('b2')]);
    expect(posted.take('a1').id).toBe('a1');
    expect(posted.take('b2').id).toBe('b2');
    expect(posted.take('b1').id).toBe('b1');
    expect(posted.take('a2').id).toBe('a2');
    expect(() => posted.take('zz')).toThrow(/no source was posted for zz/);
    for (const channel of channels) channel.port1.close();
  });
});
