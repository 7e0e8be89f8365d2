/**
 * Data loaded once per run (and once per worker thread) from the user-editable files in `data/`.
 * Each field names the file it comes from; loaders validate and report file:line on errors.
 */
export interface Resources {
  /** absolute path of the jieba user dictionary (data/user-dict.txt), `word [freq] [tag]` per line */
  userDictPath: string;
  /** web-page noise: whole lines matching any of these are dropped (data/noise-lines.txt) */
  noiseLines: RegExp[];
  /** spam runs injected into sentences, removed wherever they stand (data/spam-patterns.txt) */
  spamPatterns: RegExp[];
}
