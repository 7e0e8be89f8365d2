import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Paths of the per-report code that run rarely (a table that grows, a memo that forgets, a read at a text's end)
 * must have run before the optimizing compiler sees their callers, or reaching them later deopts those callers,
 * to be compiled again in every worker. Each case runs in a child `node` with V8's test natives: a `warm` phase
 * as the first report would run it, the caller optimized, then a `late` phase as later reports do; the child
 * prints V8's deopt trace, which must show no bailout after the late phase starts. (The flags are the test's
 * own, to observe the compiler; the program sets none.)
 */

const repo = path.resolve(import.meta.dirname, '../..');
const LATE = '--- late phase ---';

/** The bailout lines V8 traced after `warm` ran, `caller` was optimized and `late` started. */
function lateBailouts(imports: string, warm: string, caller: string, late: string): string[] {
  const script = `${imports}
${warm}
%PrepareFunctionForOptimization(${caller});
${warm}
%OptimizeFunctionOnNextCall(${caller});
${warm}
console.log(${JSON.stringify(LATE)});
${late}
`;
  const child = spawnSync(process.execPath, ['--allow-natives-syntax', '--trace-deopt', '--input-type=module', '-e', script], { cwd: repo, encoding: 'utf8' });
  expect(child.status, child.stderr).toBe(0);
  const out = child.stdout;
  expect(out).toContain(LATE);
  return out
    .slice(out.indexOf(LATE))
    .split('\n')
    .filter((line) => line.startsWith('[bailout'));
}

const dist = (module: string): string => JSON.stringify(path.join(repo, 'dist', module));

describe('rare per-report paths run within the first report (no deopt of their optimized callers later)', () => {
  it('TokenVocabulary grows its table within the first report, not after segment is optimized', () => {
    const bailouts = lateBailouts(
      `import { TokenVocabulary } from ${dist('stages/segment.js')};
const vocabulary = new TokenVocabulary();
// a report's tokens: the same few hundred two-unit words, as a first report holds
const text = Array.from({ length: 400 }, (_, i) => String.fromCharCode(0x4e00 + (i % 300), 0x4e00 + ((7 * i) % 300))).join('');
function idsOf(text) { let sum = 0; for (let at = 0; at + 2 <= text.length; at += 2) sum += vocabulary.idOf(text, at, at + 2); return sum; }
// later reports: thousands of words not seen before
const later = Array.from({ length: 6000 }, (_, i) => String.fromCharCode(0x5000 + (i % 2000), 0x6000 + Math.floor(i / 2000))).join('');`,
      'idsOf(text);',
      'idsOf',
      'idsOf(later); idsOf(later);',
    );
    expect(bailouts).toEqual([]);
  });

  it('ParagraphScan forgets within the first report, not after its callers are optimized', () => {
    const bailouts = lateBailouts(
      `import { paragraphScan } from ${dist('stages/section-cues.js')};
import { loadResources } from ${dist('data/resources.js')};
const resources = loadResources();
const scan = paragraphScan(resources.paragraphCues);
const bodies = (from, n) => Array.from({ length: n }, (_, i) => '加强' + String(from + i) + '项目建设，推进乡村振兴。');
const first = bodies(0, 100);
function votesOf(list) { let n = 0; for (const body of list) n += scan.words(body).votes.size; return n; }
const later = bodies(1000, 9000);`,
      'votesOf(first);',
      'votesOf',
      'votesOf(later);',
    );
    expect(bailouts).toEqual([]);
  });

  it('the regex source reader reads no character past the source end (a pattern ending in a quantifier)', () => {
    const bailouts = lateBailouts(
      `import { readRegexSource } from ${dist('data/regex-source.js')};
const count = () => 1;
const reading = { alternation: count, sequence: count, quantified: count, assertion: count, anyCharacter: count, characterClass: count, classEscape: count, literal: count, lookaround: count };
function readAll(sources) { let n = 0; for (const source of sources) n += readRegexSource(source, reading); return n; }
const sources = ['(?:加强|推进)a+b', '乡镇?工作[一二三]', 'x{2,3}y|z*w'];`,
      'for (let i = 0; i < 50; i++) readAll(sources);',
      'readAll',
      'readAll(["工作+", "报告?", "(?:a|b)*"]);',
    );
    expect(bailouts).toEqual([]);
  });

  it('isSurrogatePairAt reads no code unit past the text end', () => {
    const bailouts = lateBailouts(
      `import { isSurrogatePairAt } from ${dist('data/patterns.js')};
const text = '乡镇工作报告' + String.fromCodePoint(0x20000) + '完成';
function pairsIn(text, upTo) { let n = 0; for (let at = 0; at < upTo; at++) if (isSurrogatePairAt(text, at)) n++; return n; }`,
      'pairsIn(text, text.length - 1);',
      'pairsIn',
      'if (pairsIn(text, text.length + 1) !== 1) throw new Error("one pair expected");',
    );
    expect(bailouts).toEqual([]);
  });
});

describe('isSurrogatePairAt', () => {
  it('is true only where a high surrogate is followed by a low one, false past either end', async () => {
    const { isSurrogatePairAt } = await import('../../src/data/patterns.js');
    const text = 'a' + String.fromCodePoint(0x20000) + '\ud800' + 'b' + '\udc00' + '\ud83d';
    const expected = (at: number): boolean => {
      const high = text.charCodeAt(at);
      const low = text.charCodeAt(at + 1);
      return high >= 0xd800 && high <= 0xdbff && low >= 0xdc00 && low <= 0xdfff;
    };
    for (let at = -2; at <= text.length + 1; at++) expect(isSurrogatePairAt(text, at), `at ${at}`).toBe(expected(at));
    expect(isSurrogatePairAt(text, 1)).toBe(true);
  });
});
