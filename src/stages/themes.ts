import type { SectionType } from '../model/kinds.js';
import type { ThemeCount, ThemeHits, ThemeSectionBucket } from '../model/record.js';

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

export type { ThemeCount, ThemeHits, ThemeSectionBucket } from '../model/record.js';

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

/**
 * A trie over the UTF-16 code units of the taxonomy's terms; `theme`/`term` set on nodes that end a term. Keyed
 * by code unit, not by character: a token is walked with `charCodeAt` (a one-character string of a Han
 * character would be a new string to hash at every step), and a run of tokens spells a term in code units
 * exactly when it does in characters.
 */
export interface TrieNode {
  next: Map<number, TrieNode>;
  /**
   * bit `unit & 31` set for the code unit of every child: a unit whose bit is clear leads nowhere, without the
   * Map lookup (most tokens after a term's first token lead nowhere, and the Map's tables are cold by then)
   */
  childBits: number;
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
  const root: TrieNode = { next: new Map(), childBits: 0 };
  taxonomy.themes.forEach((theme, t) => {
    theme.terms.forEach((term, k) => {
      let node = root;
      for (let i = 0; i < term.length; i++) {
        const unit = term.charCodeAt(i);
        let child = node.next.get(unit);
        if (!child) {
          node.next.set(unit, (child = { next: new Map(), childBits: 0 }));
          node.childBits |= 1 << (unit & 31);
        }
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
  const found: FoundTerm = { end: 0, node: null };
  let i = 0;
  while (i < words.length) {
    if (longestTermAt(words, i, words.length, rootStep(matcher, words[i]), found)) {
      out.push({ theme: found.node!.theme!, term: found.node!.term!, startToken: i, endToken: found.end });
      i = found.end;
    } else {
      i++;
    }
  }
  return out;
}

/** Where the longest term found by `longestTermAt` ends (its tokens end before `end`) and its trie node. */
interface FoundTerm {
  end: number;
  node: TrieNode | null;
}

/**
 * Whether a term is spelled by tokens i, i+1, … before token `end`, walking on from `node` (where token i alone
 * leads from the root); the longest one is written into `found` (one object per caller, not one per token).
 * The one rule of `matchThemes` and `tallyThemes`.
 */
function longestTermAt(words: readonly string[], i: number, end: number, node: TrieNode | null | undefined, found: FoundTerm): boolean {
  found.node = null;
  if (node?.theme !== undefined) {
    found.end = i + 1;
    found.node = node;
  }
  for (let j = i + 1; j < end && node; j++) {
    node = step(node, words[j]);
    if (node?.theme !== undefined) {
      found.end = j + 1;
      found.node = node;
    }
  }
  return found.node !== null;
}

/** The node reached from `node` by the characters of `word`; undefined when the trie has no such path. */
function step(node: TrieNode, word: string): TrieNode | undefined {
  let at: TrieNode | undefined = node;
  for (let i = 0; i < word.length; i++) {
    const unit = word.charCodeAt(i);
    if ((at.childBits & (1 << (unit & 31))) === 0) return undefined;
    at = at.next.get(unit);
    if (!at) return undefined;
  }
  return at;
}

/** `step` from the root, not remembered (for a caller that keeps it by token itself); null when no term starts with `word`. */
export function stepFromRoot(matcher: ThemeMatcher, word: string): TrieNode | null {
  return step(matcher.root, word) ?? null;
}

/** `step` from the root, remembered per token (see `ThemeMatcher.fromRoot`). */
function rootStep(matcher: ThemeMatcher, word: string): TrieNode | undefined {
  let node = matcher.fromRoot.get(word);
  if (node === undefined) matcher.fromRoot.set(word, (node = step(matcher.root, word) ?? null));
  return node ?? undefined;
}

/** Consecutive tokens of one section: tokens [start, end) of a document lie in paragraphs of `section`. */
export interface SectionRun {
  start: number;
  end: number;
  section: SectionType;
}

/** Index of a section's bucket in the per-theme groups of four of `ThemeHits.bySection` (noise: never asked). */
function bucketIndex(section: SectionType): number {
  switch (section) {
    case 'work':
      return 0;
    case 'problems':
      return 1;
    case 'plans':
      return 2;
    default:
      return 3;
  }
}

/**
 * False when no path of the trie goes on from `node` with `word` (undefined: past the last token): its first
 * code unit's bit is clear in `childBits`. True may still lead nowhere (`step` tells).
 */
function mayLeadOn(node: TrieNode, word: string | undefined): boolean {
  return word !== undefined && (node.childBits & (1 << (word.charCodeAt(0) & 31))) !== 0;
}

/** Where each theme's terms start in a flat list of the taxonomy's terms, per taxonomy. */
const termStarts = new WeakMap<ThemeTaxonomy, Int32Array>();
function termStartsOf(taxonomy: ThemeTaxonomy): Int32Array {
  let starts = termStarts.get(taxonomy);
  if (!starts) {
    starts = new Int32Array(taxonomy.themes.length + 1);
    taxonomy.themes.forEach((theme, t) => (starts![t + 1] = starts![t] + theme.terms.length));
    termStarts.set(taxonomy, starts);
  }
  return starts;
}

/** Bytes `ThemeTally.take` puts in its buffer per theme with hits: hits, four section counts, the theme's index. */
export const THEME_HITS_BYTES = 22;

/**
 * Theme hits of one report in full, every theme and term of the taxonomy, tallied token by token (`step`).
 * One per taxonomy is reused from report to report (`themeTallyOf`), all zeros between reports (`take` clears
 * it as it reads it), with each term's `term:` prefix of `ThemeHits.terms` made once: typed arrays made afresh
 * per report, and the prefixes built again for every hit term, cost more than the walk over the tokens.
 */
export class ThemeTally {
  /** hits per theme, taxonomy order */
  readonly hits: Int32Array;
  /** hits per theme by section bucket: work, problems, plans, other at `4 * theme + 0..3` */
  readonly bySection: Int32Array;
  /** hits per term, every theme's terms in taxonomy order one after the other: theme t's from `termStart[t]` */
  readonly termHits: Int32Array;
  /** where each theme's terms start in `termHits` (one more entry: the number of terms) */
  readonly termStart: Int32Array;
  /** `termPrefix[termStart[t] + k]` is `${themes[t].terms[k]}:` */
  private readonly termPrefix: string[];
  /** `termPrefix` after a space: a pair after the first of a theme is one concatenation fewer */
  private readonly spacedTermPrefix: string[];
  private readonly found: FoundTerm = { end: 0, node: null };

  constructor(private readonly taxonomy: ThemeTaxonomy) {
    this.termStart = termStartsOf(taxonomy);
    const themes = taxonomy.themes.length;
    this.hits = new Int32Array(themes);
    this.bySection = new Int32Array(4 * themes);
    this.termHits = new Int32Array(this.termStart[themes]);
    this.termPrefix = taxonomy.themes.flatMap((theme) => theme.terms.map((term) => `${term}:`));
    this.spacedTermPrefix = this.termPrefix.map((prefix) => ` ${prefix}`);
  }

  /** the first token a term may start at: past the last match (terms do not overlap) */
  private next = 0;

  /**
   * Token i of a report, in a paragraph of `section` (not noise), read in order from the report's first token:
   * tallies the term that starts there, if any. The term is the longest that tokens i, i+1, … spell before
   * token `end`, the end of the stretch of paragraphs that are not noise holding token i (a term never runs
   * into noise), walking on from `node` (where token i alone leads from the root; null when no term starts
   * with it); none starts inside the last one found (leftmost-longest, as `matchThemes`). The one step of
   * `tallyThemes` and of a caller that walks a report's tokens itself (report-output.ts counts content terms
   * in the same walk), which may leave out the tokens whose node is null.
   */
  step(words: readonly string[], section: SectionType, i: number, end: number, node: TrieNode | null): void {
    if (node === null || i < this.next) return;
    // Note: two shortcuts past the walk, for most tokens that reach a node: a node without children ends a term
    // that no longer term extends (token i alone is the longest), and a node that ends no term, where the next
    // token's first code unit leads nowhere, starts no term here
    if (node.childBits === 0) {
      this.tally(node, section, i + 1);
      return;
    }
    if (node.theme === undefined && !mayLeadOn(node, words[i + 1])) return;
    const found = this.found;
    if (longestTermAt(words, i, end, node, found)) this.tally(found.node!, section, found.end);
  }

  /** Tallies the term `node` ends, found in a paragraph of `section` and ending before token `end`. */
  private tally(node: TrieNode, section: SectionType, end: number): void {
    const theme = node.theme!;
    this.hits[theme]++;
    this.bySection[4 * theme + bucketIndex(section)]++;
    this.termHits[this.termStart[theme] + node.term!]++;
    this.next = end;
  }

  /** The number of themes with hits tallied since the last `take` (the length of the arrays `take` makes). */
  themesWithHits(): number {
    const { hits } = this;
    let withHits = 0;
    for (let t = 0; t < hits.length; t++) if (hits[t] > 0) withHits++;
    return withHits;
  }

  /**
   * The hits tallied since the last `take`, in the compact form a record carries (`ThemeHits`); clears the
   * tally. The arrays are made in `buffer` from byte `byteOffset` on (a multiple of 4), where they take
   * `THEME_HITS_BYTES` per theme with hits (`themesWithHits`); default a buffer of their own.
   */
  take(buffer?: ArrayBuffer, byteOffset = 0): ThemeHits {
    const { hits, bySection, termHits, termStart, termPrefix, spacedTermPrefix } = this;
    const themes = this.taxonomy.themes;
    const withHits = this.themesWithHits();
    // Note: the three arrays share one buffer: one allocation, and one ArrayBuffer to clone when the record is
    // posted, instead of three (an array over 64 bytes is allocated outside V8's heap, each a malloc)
    const into = buffer ?? new ArrayBuffer(THEME_HITS_BYTES * withHits);
    const out: ThemeHits = {
      themes: new Uint16Array(into, byteOffset + 20 * withHits, withHits),
      hits: new Int32Array(into, byteOffset, withHits),
      bySection: new Int32Array(into, byteOffset + 4 * withHits, 4 * withHits),
      terms: new Array<string>(withHits),
    };
    let i = 0;
    for (let t = 0; t < themes.length; t++) {
      if (hits[t] === 0) continue;
      out.themes[i] = t;
      out.hits[i] = hits[t];
      for (let b = 0; b < 4; b++) out.bySection[4 * i + b] = bySection[4 * t + b];
      // `term:hits` of each term with hits, joined by spaces
      let pairs = '';
      for (let k = termStart[t]; k < termStart[t + 1]; k++) {
        const n = termHits[k];
        if (n === 0) continue;
        pairs = pairs === '' ? termPrefix[k] + n : pairs + spacedTermPrefix[k] + n;
        termHits[k] = 0;
      }
      out.terms[i] = pairs;
      i++;
    }
    // Note: the term hits were cleared as they were read (only themes with hits have any).
    hits.fill(0);
    bySection.fill(0);
    this.next = 0;
    return out;
  }
}

const themeTallies = new WeakMap<ThemeTaxonomy, ThemeTally>();
/** The tally reused for every report of a taxonomy on this thread (see `ThemeTally`). */
export function themeTallyOf(taxonomy: ThemeTaxonomy): ThemeTally {
  let tally = themeTallies.get(taxonomy);
  if (!tally) themeTallies.set(taxonomy, (tally = new ThemeTally(taxonomy)));
  return tally;
}

/**
 * Finds and tallies the theme terms of one report (`matchThemes`' leftmost-longest rule), reading only the
 * tokens of non-noise runs. A match may run on across two runs that are not noise (it counts in the section of
 * its first token) but never into or across noise: the same hits as matching every token with noise blanked.
 */
function tallyThemes(words: readonly string[], runs: readonly SectionRun[], matcher: ThemeMatcher, tally: ThemeTally): ThemeTally {
  let end = 0;
  for (let r = 0; r < runs.length; r++) {
    const run = runs[r];
    if (run.section === 'noise') continue;
    if (run.start >= end) end = stretchEnd(runs, r);
    for (let i = run.start; i < run.end; i++) tally.step(words, run.section, i, end, rootStep(matcher, words[i]) ?? null);
  }
  return tally;
}

/** Where the stretch of runs that are not noise from run `r` on ends (the end of its last run). */
function stretchEnd(runs: readonly SectionRun[], r: number): number {
  let q = r;
  while (q + 1 < runs.length && runs[q + 1].section !== 'noise') q++;
  return runs[q].end;
}

/** The runs of a per-token section list (consecutive tokens of one section make one run). */
export function sectionRuns(tokenSections: readonly SectionType[]): SectionRun[] {
  const runs: SectionRun[] = [];
  for (let i = 0; i < tokenSections.length; i++) {
    const last = runs[runs.length - 1];
    if (last && last.section === tokenSections[i]) last.end = i + 1;
    else runs.push({ start: i, end: i + 1, section: tokenSections[i] });
  }
  return runs;
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
  const tally = tallyThemes(words, sectionRuns(tokenSections), matcher, new ThemeTally(matcher.taxonomy));
  return matcher.taxonomy.themes.map((theme, t) => ({
    theme: theme.name,
    hits: tally.hits[t],
    bySection: { work: tally.bySection[4 * t], problems: tally.bySection[4 * t + 1], plans: tally.bySection[4 * t + 2], other: tally.bySection[4 * t + 3] },
    terms: theme.terms.map((term, k) => ({ term, hits: tally.termHits[tally.termStart[t] + k] })).filter((x) => x.hits > 0),
  }));
}

/**
 * Theme hits of one report in the compact form a record carries (`ThemeHits`): only the themes with hits.
 * `runs` are the report's tokens by section, in order, covering the tokens to read (see `SectionRun`).
 */
export function themeHitsOf(words: readonly string[], runs: readonly SectionRun[], matcher: ThemeMatcher): ThemeHits {
  return tallyThemes(words, runs, matcher, themeTallyOf(matcher.taxonomy)).take();
}
