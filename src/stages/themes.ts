import type { SectionType } from '../model/kinds.js';
import type { ThemeCount, ThemeSectionBucket } from '../model/record.js';

/** A theme of the taxonomy: a name and the terms that count as a mention of it. */
export interface Theme {
  /** theme name as written in the themes file; a column of theme_matrix.csv */
  name: string;
  /** terms, each matched against jieba tokens (one token or a run of consecutive tokens spelling it) */
  terms: string[];
}

/** The theme taxonomy (data/themes.tsv or the file given with --themes), themes in file order. */
export interface ThemeTaxonomy {
  /** path of the file it was read from, for messages and provenance */
  file: string;
  themes: Theme[];
}

export type { ThemeCount, ThemeSectionBucket } from '../model/record.js';

/** The bucket a section's hits go to; null for noise, which is not counted. */
export function themeBucket(section: SectionType): ThemeSectionBucket | null {
  switch (section) {
    case 'work':
    case 'problems':
    case 'plans':
      return section;
    case 'noise':
      return null;
    default:
      return 'other';
  }
}

/** A character trie over the taxonomy's terms; `theme`/`term` set on nodes that end a term. */
interface TrieNode {
  next: Map<string, TrieNode>;
  theme?: number;
  term?: number;
}

/** A compiled matcher, built once per taxonomy and reused for every report. */
export interface ThemeMatcher {
  taxonomy: ThemeTaxonomy;
  root: TrieNode;
  /**
   * The node reached from the root by a whole token, or null when no term starts with it; filled as tokens are
   * seen. Reports repeat the same few thousand tokens and most start no term, so a match attempt usually ends
   * with one lookup instead of a walk over the token's characters.
   */
  fromRoot: Map<string, TrieNode | null>;
}

/** Compiles a taxonomy for matching. Terms must be unique across themes (the loader checks). */
export function compileThemes(taxonomy: ThemeTaxonomy): ThemeMatcher {
  const root: TrieNode = { next: new Map() };
  taxonomy.themes.forEach((theme, t) => {
    theme.terms.forEach((term, k) => {
      let node = root;
      for (const ch of term) {
        let child = node.next.get(ch);
        if (!child) node.next.set(ch, (child = { next: new Map() }));
        node = child;
      }
      if (node.theme === undefined) {
        node.theme = t;
        node.term = k;
      }
    });
  });
  return { taxonomy, root, fromRoot: new Map() };
}

/** One term occurrence: tokens [startToken, endToken) spell the term. */
export interface ThemeMatch {
  theme: number;
  term: number;
  startToken: number;
  endToken: number;
}

/**
 * Finds term occurrences in a token sequence, leftmost-longest and non-overlapping. A term matches only on
 * token boundaries: one token equal to the term, or consecutive tokens whose concatenation equals it. So a term
 * is never found inside a longer word (宣传 in 宣传部), while a term jieba happens to split (网络/舆情) still
 * matches when its pieces stand together.
 */
export function matchThemes(words: readonly string[], matcher: ThemeMatcher): ThemeMatch[] {
  const out: ThemeMatch[] = [];
  let i = 0;
  while (i < words.length) {
    let node: TrieNode | undefined = rootStep(matcher, words[i]);
    let best: ThemeMatch | undefined;
    if (node?.theme !== undefined) best = { theme: node.theme, term: node.term!, startToken: i, endToken: i + 1 };
    for (let j = i + 1; j < words.length && node; j++) {
      node = step(node, words[j]);
      if (node?.theme !== undefined) best = { theme: node.theme, term: node.term!, startToken: i, endToken: j + 1 };
    }
    if (best) {
      out.push(best);
      i = best.endToken;
    } else {
      i++;
    }
  }
  return out;
}

/** The node reached from `node` by the characters of `word`; undefined when the trie has no such path. */
function step(node: TrieNode, word: string): TrieNode | undefined {
  let at: TrieNode | undefined = node;
  for (const ch of word) {
    at = at.next.get(ch);
    if (!at) return undefined;
  }
  return at;
}

/** `step` from the root, remembered per token (see `ThemeMatcher.fromRoot`). */
function rootStep(matcher: ThemeMatcher, word: string): TrieNode | undefined {
  let node = matcher.fromRoot.get(word);
  if (node === undefined) matcher.fromRoot.set(word, (node = step(matcher.root, word) ?? null));
  return node ?? undefined;
}

/**
 * Counts theme hits in one report. `words[i]` is token i; `tokenSections[i]` is the section of the paragraph
 * holding token i (same length as `words`). Tokens in noise are skipped (a match may not span into noise).
 * Returns one entry per theme of the taxonomy, in taxonomy order, including themes with no hits.
 */
export function countThemes(
  words: readonly string[],
  tokenSections: readonly SectionType[],
  taxonomy: ThemeTaxonomy | ThemeMatcher,
): ThemeCount[] {
  if (words.length !== tokenSections.length) {
    throw new Error(`countThemes: ${words.length} words but ${tokenSections.length} token sections`);
  }
  const matcher = 'root' in taxonomy ? taxonomy : compileThemes(taxonomy);
  const themes = matcher.taxonomy.themes;
  const counts: ThemeCount[] = themes.map((theme) => ({
    theme: theme.name,
    hits: 0,
    bySection: { work: 0, problems: 0, plans: 0, other: 0 },
    terms: [],
  }));
  const termHits = themes.map((theme) => new Array<number>(theme.terms.length).fill(0));
  // Noise tokens are blanked so that no term matches across or inside them.
  const visible = words.map((w, i) => (themeBucket(tokenSections[i]) === null ? '\u0000' : w));
  for (const m of matchThemes(visible, matcher)) {
    const bucket = themeBucket(tokenSections[m.startToken])!;
    counts[m.theme].hits++;
    counts[m.theme].bySection[bucket]++;
    termHits[m.theme][m.term]++;
  }
  counts.forEach((count, t) => {
    count.terms = themes[t].terms.map((term, k) => ({ term, hits: termHits[t][k] })).filter((x) => x.hits > 0);
  });
  return counts;
}
