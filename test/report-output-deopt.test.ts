import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// The workers run the compiled code (dist/, rebuilt from src/ by the global setup), so the child below does too.
const dist = fileURLToPath(new URL('../dist/', import.meta.url));

/**
 * A thread's token reader, optimised on reports whose vocabulary fits the arrays it starts with, then a report
 * that outgrows them (as a corpus whose vocabulary stays small for thousands of reports does mid-run).
 */
const SCRIPT = `
const { themeSummaryOf } = await import(${JSON.stringify(dist + 'report-output.js')});
const { tokenVocabulary } = await import(${JSON.stringify(dist + 'stages/segment.js')});
const { compileThemes } = await import(${JSON.stringify(dist + 'stages/themes.js')});
const { loadThemes } = await import(${JSON.stringify(dist + 'data/themes.js')});
const themes = compileThemes(loadThemes());
const stopWords = new Set();
const latin = (n) => { let s = ''; do { s += String.fromCharCode(97 + (n % 26)); n = Math.floor(n / 26); } while (n > 0); return 'zz' + s; };
const words = (n, from) => Array.from({ length: n }, (_, i) => latin(from + i));
const reportOf = (list) => {
  const text = list.join('');
  const paragraphs = [{ no: 1, start: 0, end: text.length, section: 'work', isHeading: false, level: 0 }];
  return { text, paragraphs, tokens: { words: list, paragraphStarts: Int32Array.of(0), ids: Int32Array.from(list, (w) => tokenVocabulary.idOfWord(w)) } };
};
// 3,000 words: the vocabulary's own table grows (at 2,048) before the walk is optimised, the reader's first arrays hold them
const small = reportOf(words(3000, 0));
let terms = 0;
for (let r = 0; r < 2000; r++) terms += themeSummaryOf(small, themes, stopWords, false).terms.counts.length;
const large = reportOf(words(20000, 5000));
for (let r = 0; r < 20; r++) terms += themeSummaryOf(large, themes, stopWords, false).terms.counts.length;
console.log('terms', terms);
`;

describe('the reduction\'s token walk under V8', () => {
  it('report-output: the optimised learn and takeCounts are not thrown away when the vocabulary outgrows the reader\'s first arrays', () => {
    const run = spawnSync(process.execPath, ['--trace-deopt', '--input-type=module', '-e', SCRIPT], { encoding: 'utf8', maxBuffer: 64 << 20 });
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain(`terms ${2000 * 3000 + 20 * 20000}`);
    // V8 throws away optimised code that took a field written once for a constant when the field is written again
    // (`TokenReader`'s arrays by token id, grown here): read, learn and takeCounts went, and were compiled again
    const discarded = run.stdout.split('\n').filter((line) => /marking dependent code .*<SharedFunctionInfo (learn|takeCounts)>/.test(line));
    expect(discarded).toEqual([]);
  }, 120_000);
});
