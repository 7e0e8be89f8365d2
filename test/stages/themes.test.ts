import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { countThemes, matchThemes, compileThemes, sectionRuns, themeBucket, themeHitsOf, type ThemeTaxonomy } from '../../src/stages/themes.js';
import { loadThemes } from '../../src/data/themes.js';
import { SECTION_TYPES, type SectionType } from '../../src/model/kinds.js';
import { FIXTURE_DIR } from '../helpers/fixture-docs.js';

const small: ThemeTaxonomy = loadThemes(path.join(FIXTURE_DIR, 'themes-small.tsv'));

function sections(...runs: [SectionType, number][]): SectionType[] {
  return runs.flatMap(([s, n]) => new Array<SectionType>(n).fill(s));
}

describe('themes', () => {
  it('themes match whole tokens and token runs, never inside a word', () => {
    const words = ['网络', '舆情', '宣讲团', '宣讲', '微宣讲', '志愿服务队', '志愿者'];
    const found = matchThemes(words, compileThemes(small)).map((m) => words.slice(m.startToken, m.endToken).join('+'));
    expect(found).toEqual(['网络+舆情', '宣讲', '微宣讲', '志愿者']);
  });
  it('themes count hits by section and skip noise', () => {
    const words = ['志愿者', '志愿服务', '舆情', '宣讲', '志愿服务', '宣讲', '网评员'];
    const counts = countThemes(words, sections(['work', 2], ['problems', 1], ['plans', 1], ['noise', 1], ['closing', 2]), small);
    expect(counts.map((c) => [c.theme, c.hits, c.bySection])).toEqual([
      ['志愿服务', 2, { work: 2, problems: 0, plans: 0, other: 0 }],
      ['网络舆情', 2, { work: 0, problems: 1, plans: 0, other: 1 }],
      ['宣讲', 2, { work: 0, problems: 0, plans: 1, other: 1 }],
    ]);
    expect(counts[0].terms).toEqual([{ term: '志愿服务', hits: 1 }, { term: '志愿者', hits: 1 }]);
  });
  it('themes: a match may not run into noise', () => {
    const counts = countThemes(['网络', '舆情'], sections(['work', 1], ['noise', 1]), small);
    expect(counts[1].hits).toBe(0);
  });
  it('themes: a match may run across two sections that are not noise and counts in the first one', () => {
    const counts = countThemes(['网络', '舆情', '网络', '舆情'], sections(['work', 1], ['plans', 2], ['noise', 1]), small);
    expect(counts[1].hits).toBe(1);
    expect(counts[1].bySection).toEqual({ work: 1, problems: 0, plans: 0, other: 0 });
  });
  it('themes: themeHitsOf keeps the themes with hits, compact, as countThemes counts them', () => {
    const words = ['志愿者', '志愿服务', '舆情', '宣讲', '志愿服务', '宣讲', '网评员', '志愿者'];
    const tokenSections = sections(['work', 2], ['problems', 1], ['plans', 1], ['noise', 1], ['closing', 2], ['work', 1]);
    const matcher = compileThemes(small);
    const hits = themeHitsOf(words, sectionRuns(tokenSections), matcher);
    const counts = countThemes(words, tokenSections, matcher);
    const withHits = counts.flatMap((c, t) => (c.hits > 0 ? [t] : []));
    expect([...hits.themes]).toEqual(withHits);
    expect([...hits.hits]).toEqual(withHits.map((t) => counts[t].hits));
    expect([...hits.bySection]).toEqual(withHits.flatMap((t) => Object.values(counts[t].bySection)));
    expect(hits.terms).toEqual(withHits.map((t) => counts[t].terms.map((x) => `${x.term}:${x.hits}`).join(' ')));
    expect(hits.terms[0]).toBe('志愿服务:1 志愿者:2');
  });
  it('themes: the tally (with its shortcuts past the walk) counts what matchThemes finds with noise blanked', () => {
    // Terms that are tokens, runs of tokens, and prefixes of longer terms (网络 of 网络舆情, 宣 of 宣讲团);
    // the pieces include tokens that begin a term and end none, and tokens whose first code unit shares its
    // low five bits with a trie child's and leads nowhere (並 with 舆, 中 with 服, 串 with 讲).
    const nested: ThemeTaxonomy = {
      file: 'nested',
      themes: [
        { name: 'A', terms: ['网络', '网络舆情', '舆情'] },
        { name: 'B', terms: ['志愿', '志愿服务队', '服务'] },
        { name: 'C', terms: ['宣讲团', '宣'] },
      ],
    };
    const pieces = ['网', '络', '网络', '舆情', '舆', '情', '志愿', '服务', '服务队', '队', '宣', '讲团', '宣讲团', '其他', '网络舆', '並', '中', '串', '並情', 'x'];
    const matcher = compileThemes(nested);
    let seed = 12;
    const next = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % n;
    for (let round = 0; round < 400; round++) {
      const words = Array.from({ length: next(30) }, () => pieces[next(pieces.length)]);
      const tokenSections = words.map(() => SECTION_TYPES[next(SECTION_TYPES.length)]);
      const counts = countThemes(words, tokenSections, matcher);
      // The reference: every token walked (matchThemes has no shortcuts), noise blanked, a hit in its first token's section.
      const blanked = words.map((w, i) => (tokenSections[i] === 'noise' ? '□' : w));
      const expected = nested.themes.map(() => ({ hits: 0, bySection: { work: 0, problems: 0, plans: 0, other: 0 } }));
      for (const m of matchThemes(blanked, matcher)) {
        expected[m.theme].hits++;
        expected[m.theme].bySection[themeBucket(tokenSections[m.startToken])!]++;
      }
      expect(counts.map((c) => ({ hits: c.hits, bySection: c.bySection })), words.join('|')).toEqual(expected);
    }
  });
  it('themes loader validates with file:line', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'themes-'));
    const write = (text: string) => {
      const file = path.join(dir, 't.tsv');
      fs.writeFileSync(file, text);
      return file;
    };
    expect(() => loadThemes(write('# c\nA\ta b\nB\tc a\n'))).toThrow(/t\.tsv:3: term "a" is already a term of "A" \(line 2\)/);
    expect(() => loadThemes(write('A\ta\nA\tb\n'))).toThrow(/t\.tsv:2: theme "A" is already defined/);
    expect(() => loadThemes(write('A only\n'))).toThrow(/t\.tsv:1: expected a theme name, a TAB/);
    expect(() => loadThemes(write('A\ta。b\n'))).toThrow(/t\.tsv:1: term "a。b" contains punctuation/);
  });
  it('themes: the bundled taxonomy loads and has at least 20 themes', () => {
    const bundled = loadThemes();
    expect(bundled.themes.length).toBeGreaterThanOrEqual(20);
    expect(bundled.themes.map((t) => t.name)).toContain('学习强国');
  });
});
