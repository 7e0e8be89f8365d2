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
 * The words `nodejieba.cut(text, hmm)` gives, as their UTF-16 end offsets in `text` (word k is
 * `text.slice(ends[k - 1] ?? 0, ends[k])`; the words cover the text). Throws before `load`.
 */
export declare function cut(text: string, hmm?: boolean): Int32Array;

/**
 * The words of `cut(text, hmm)`, their end offsets written into `out` from index 0 instead of a new array.
 * Returns the number of words n; when `out` holds fewer than n, writes nothing and returns -n (cut again into an
 * array of at least n). Throws before `load`.
 */
export declare function cutInto(text: string, hmm: boolean, out: Int32Array): number;

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
