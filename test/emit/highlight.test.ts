import { describe, expect, it } from 'vitest';
import { escapeHtml, highlight } from '../../src/emit/html-report.js';
import { escapeRegExp } from '../../src/data/load.js';

/** highlight as it was written with a RegExp built from the token: the definition the hand matcher must keep. */
function highlightByRegExp(context: string, token: string): string {
  const trimmed = token.trim();
  if (trimmed === '') return escapeHtml(context);
  const pattern = new RegExp(
    [...trimmed].filter((ch) => !/\s/.test(ch)).map(escapeRegExp).join('\\s*'),
    'g',
  );
  let out = '';
  let last = 0;
  for (const m of context.matchAll(pattern)) {
    if (m[0] === '') continue;
    out += escapeHtml(context.slice(last, m.index)) + `<mark>${escapeHtml(m[0])}</mark>`;
    last = m.index + m[0].length;
  }
  if (last === 0) return `${escapeHtml(context)} <mark class="absent">${escapeHtml(trimmed)}</mark>`;
  return out + escapeHtml(context.slice(last));
}

/** A small deterministic generator (mulberry32), so that a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('highlight by hand', () => {
  it('highlight reads a space as a RegExp\'s \\s does, for every code unit', () => {
    for (let unit = 0; unit < 0x10000; unit++) {
      const ch = String.fromCharCode(unit);
      expect(highlight(`a${ch}b`, 'a b'), `U+${unit.toString(16)}`).toBe(highlightByRegExp(`a${ch}b`, 'a b'));
    }
  });

  it('highlight marks what the RegExp marked: spaces, surrogate pairs, lone surrogates, regex and HTML specials', () => {
    // Few letters, so that tokens occur, overlap and repeat in the contexts.
    const alphabet = ['X', '次', '余', ' ', '\u3000', '\t', '\n', '\u00a0', '😀', '\ud83d', '\ude00', '*', '.', '(', '<', '&', 'x', '年'];
    const next = random(14);
    const text = (most: number) => Array.from({ length: Math.floor(next() * most) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
    for (let i = 0; i < 5000; i++) {
      const context = text(40);
      const token = text(5);
      expect(highlight(context, token), JSON.stringify([context, token])).toBe(highlightByRegExp(context, token));
    }
  });

  it('highlight keeps a surrogate pair whole and lets spaces stand between two characters only', () => {
    expect(highlight('a😀 b', '😀b')).toBe('a<mark>😀 b</mark>');
    expect(highlight('\ud83d \ude00', '😀')).toBe('\ud83d \ude00 <mark class="absent">😀</mark>');
    expect(highlight('\ud83d \ude00', '\ud83d \ude00')).toBe('<mark>\ud83d \ude00</mark>');
    expect(highlight('X次X 次', 'X次')).toBe('<mark>X次</mark><mark>X 次</mark>');
  });
});
