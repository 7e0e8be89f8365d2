/**
 * The clause scorer's word (`w=`) and word pair (`p=`) weights, looked up by the token ids of the thread's vocabulary
 * (src/stages/segment.ts) instead of by the words themselves.
 *
 * The scorer adds the weights of every candidate clause's words: by word, that is a hash look-up of each word's string
 * (and of the pair map of each word that opens one). A thread's reports repeat a few thousand words, and each token
 * carries the id of its word: what a word adds is resolved once per id (`resolve`), then read from typed arrays.
 *
 * Pure but for the tables it fills as it meets ids; one `WordWeightsById` per model and thread.
 */
import type { Tokens } from '../model/report.js';
import { firstAtOrAfter } from '../model/span.js';
import { grownTo } from '../model/typed-arrays.js';

/** The weights of the word and word pair features by the words themselves (digits as #). */
export interface WordWeights {
  words: Map<string, number>;
  /** by first word, then second */
  pairs: Map<string, Map<string, number>>;
}

/** `keyOf` of an id not resolved yet. */
const UNSEEN = -2;
/** `keyOf` of a token that is no clause word (punctuation, symbols). */
const SKIPPED = -1;
/** `keyOf` of a token that holds a digit: every such token is the clause word #. */
const DIGITS = -3;

/** True when a word holds an ASCII digit (what `\d` matches, with or without the u flag), looked up by code. */
function hasDigit(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) return true;
  }
  return false;
}

/** The clause word a token stands for: # for one with a digit, undefined for one without letters or digits. */
export function clauseWordOf(token: string): string | undefined {
  const c = token.charCodeAt(0);
  if (c >= 0x30 && c <= 0x39) return '#';
  if (c >= 0x4e00 && c <= 0x9fff) return token.length > 1 && hasDigit(token) ? '#' : token;
  if (/[\p{L}\p{N}]/u.test(token)) return /\d/u.test(token) ? '#' : token;
  return undefined;
}

/**
 * What each word of a vocabulary adds to a clause's log-odds, by the word's id, filled in as ids are met.
 *
 * Note: an id is trusted only when the vocabulary's word of that id is the token's word (the same string in the thread
 * that segmented the report; tokens made elsewhere fail the test): `add` then answers undefined and the caller goes by
 * the words. Two trusted tokens share a word exactly when they share an id, as the vocabulary holds each word once.
 */
export class WordWeightsById {
  /** by id: the clause word's key (the id itself, DIGITS for #), SKIPPED or UNSEEN */
  private keyOf = new Int32Array(1024).fill(UNSEEN);
  /** by id: the weight of the clause word (`w=…`), 0 when it has none */
  private weightOf = new Float64Array(1024);
  /** by id: the second words of the pairs the clause word opens, with their weights (`p=…|…`) */
  private pairsFrom: (Map<string, number> | undefined)[] = Array.from({ length: 1024 }, () => undefined);
  /** by id: the clause word */
  private clauseWord: (string | undefined)[] = Array.from({ length: 1024 }, () => undefined);
  /** the ids of the clause words of the clause being weighed */
  private clause = new Int32Array(64);

  constructor(
    private readonly byWord: WordWeights,
    private readonly vocabulary: readonly string[],
  ) {}

  /**
   * `z` plus the weight of each distinct word of the tokens in [start, end) (in the order of first occurrence) when
   * `words`, then of each distinct adjacent pair (in the order of first occurrence) when `pairs`: the sum `addWordWeights`
   * of problem-scorer.ts makes from the clause's words, bit for bit. Undefined when a token's id is not trusted.
   */
  add(z: number, tokens: Tokens, start: number, end: number, words: boolean, pairs: boolean): number | undefined {
    const n = this.clauseIds(tokens, start, end);
    if (n < 0) return undefined;
    const clause = this.clause;
    if (words) {
      for (let j = 0; j < n; j++) {
        const weight = this.weightOf[clause[j]];
        if (weight !== 0 && this.firstOfKey(j)) z += weight;
      }
    }
    if (pairs) {
      for (let j = 1; j < n; j++) {
        const weight = this.pairsFrom[clause[j - 1]]?.get(this.clauseWord[clause[j]]!);
        if (weight !== undefined && !this.pairBefore(j)) z += weight;
      }
    }
    return z;
  }

  /** Fills `clause` with the ids of the clause words in [start, end) and gives their count; -1 when an id is not trusted. */
  private clauseIds(tokens: Tokens, start: number, end: number): number {
    const ids = tokens.ids;
    if (!ids) return -1;
    let n = 0;
    for (let i = firstAtOrAfter(tokens.starts, start); i < tokens.starts.length && tokens.ends[i] <= end; i++) {
      const id = ids[i];
      if (this.vocabulary[id] !== tokens.words[i]) return -1;
      if (id >= this.keyOf.length || this.keyOf[id] === UNSEEN) this.resolve(id);
      if (this.keyOf[id] === SKIPPED) continue;
      if (n === this.clause.length) this.clause = grownTo(this.clause, n + 1);
      this.clause[n++] = id;
    }
    return n;
  }

  /** Looks up what the word of `id` adds, once. */
  private resolve(id: number): void {
    if (id >= this.keyOf.length) {
      this.keyOf = grownTo(this.keyOf, id + 1, UNSEEN);
      this.weightOf = grownTo(this.weightOf, id + 1);
      // (filled, not holey: arrays as long as the typed ones)
      while (this.pairsFrom.length < this.keyOf.length) {
        this.pairsFrom.push(undefined);
        this.clauseWord.push(undefined);
      }
    }
    const word = clauseWordOf(this.vocabulary[id]);
    this.keyOf[id] = word === undefined ? SKIPPED : word === '#' ? DIGITS : id;
    if (word === undefined) return;
    // (a feature without a weight adds 0: see `addWordWeights`)
    this.weightOf[id] = this.byWord.words.get(word) ?? 0;
    this.pairsFrom[id] = this.byWord.pairs.get(word);
    this.clauseWord[id] = word;
  }

  /** True when clause word j is the first of its key in the clause. */
  private firstOfKey(j: number): boolean {
    const key = this.keyOf[this.clause[j]];
    for (let i = 0; i < j; i++) if (this.keyOf[this.clause[i]] === key) return false;
    return true;
  }

  /** True when the pair of clause words j - 1, j stands earlier in the clause. */
  private pairBefore(j: number): boolean {
    const first = this.keyOf[this.clause[j - 1]];
    const second = this.keyOf[this.clause[j]];
    for (let i = 1; i < j; i++) if (this.keyOf[this.clause[i - 1]] === first && this.keyOf[this.clause[i]] === second) return true;
    return false;
  }
}
