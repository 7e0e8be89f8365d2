/** nodejieba's bundled dictionary files, the defaults of `load`. */
export declare const DEFAULT_DICT: string;
export declare const DEFAULT_HMM_DICT: string;
export declare const DEFAULT_USER_DICT: string;

export interface LoadOptions {
  /** main dictionary; default nodejieba's jieba.dict.utf8 */
  dict?: string;
  /** HMM model; default nodejieba's hmm_model.utf8 */
  hmmDict?: string;
  /** user dictionary (cppjieba format, no comments); default nodejieba's user.dict.utf8 */
  userDict?: string;
}

/**
 * Makes this thread use the segmenter of these files, built once per process and shared by every thread that
 * loads the same files; freed when the last such thread ends. Returns true when this call built it. Throws when
 * a file cannot be read.
 */
export declare function load(options?: LoadOptions): boolean;

/**
 * Starts building the segmenter of these files on a thread of its own and returns at once, so that the build
 * overlaps other work; a later `load` of the same files (on any thread) takes it, waiting for the build if it is
 * still running, instead of building it. Returns false when a file cannot be read or no thread could be started
 * (`load` then builds it, and reports the error).
 */
export declare function preload(options?: LoadOptions): boolean;

/**
 * The words `nodejieba.cut(text, hmm)` gives, as their UTF-16 end offsets in `text` (word k is
 * `text.slice(ends[k - 1] ?? 0, ends[k])`; the words cover the text). Throws before `load`.
 */
export declare function cut(text: string, hmm?: boolean): Int32Array;

/**
 * The words of `cut(text.slice(ranges[2r], ranges[2r + 1]), hmm)` for each range r in turn, in one call (a worker
 * cuts a report's paragraphs). Writes into `out`, for word k: `out[2k]`, its end offset in `text` (not in the
 * slice), and `out[2k + 1]`, its key: a number that is the same for every occurrence of that word and no other
 * word's while this thread keeps the dictionary of `dictionaryId()` (its state in the dictionary), or 0 when it
 * has none (a word the dictionary does not have, a word of the HMM, every word of a range with U+FFFD or a lone
 * surrogate). Returns the number of words n; when `out` holds fewer than 2n, writes nothing and returns -n (cut
 * again into an array of at least 2n). Throws before `load` and for a range outside the text.
 */
export declare function cutRanges(text: string, ranges: Int32Array, hmm: boolean, out: Int32Array): number;

/**
 * The words of `cutRanges(text, ranges, hmm, …)` with the whitespace words (those all of whose characters are
 * JS's `\s`) left out, as tokens: a new Int32Array of 3n + r + 1 numbers for n words and r ranges, the words'
 * start offsets in `text`, their end offsets, their ids, then the index of each range's first word, and n. A
 * word's id is the one `learnIds` gave its key for `vocabulary` (a number above 0 that tells one vocabulary of
 * this thread from another), else -1 - key. A key stands for one word: for a word of one character, a number
 * of that character; else the word's key of `cutRanges` (0 for none, and for every word of a range with U+FFFD
 * or a lone surrogate; then the id is -1). The ids are forgotten
 * when another vocabulary or dictionary is used. Throws before `load`, for a range outside the text, and an Error
 * of code 'E_ALIGN' when the words would not tile a range (a bug).
 */
export declare function cutTokens(text: string, ranges: Int32Array, hmm: boolean, vocabulary: number): Int32Array;

/**
 * Gives keys their ids for `cutTokens(…, vocabulary)`: `pairs[2i]` is a key (cutTokens reported -1 - key as the
 * word's id), `pairs[2i + 1]` its id, for i < count. A key keeps the first id it is given; key 0 is skipped.
 */
export declare function learnIds(vocabulary: number, pairs: Int32Array, count: number): void;

/** Which dictionary this thread cuts with (the keys of `cutRanges` belong to it); 0 before `load`. */
export declare function dictionaryId(): number;

/** The words themselves: `text` sliced at the offsets `cut` returns. */
export declare function cutWords(text: string, hmm?: boolean): string[];

export interface JiebaStats {
  /** whether this thread has loaded a segmenter */
  loaded: boolean;
  /** segmenters the process holds now */
  instances: number;
  /** threads using them */
  refs: number;
  /** segmenters built since the process started */
  built: number;
}

export declare function stats(): JiebaStats;
