/** Text extracted from a file by a format reader. */
export interface ReadResult {
  /** the text; one paragraph per line */
  raw: string;
  /** the detected encoding for text formats (utf-8, utf-8-bom, utf-16le, utf-16be, gb18030, big5), else the format name */
  encoding: string;
}

/** A reader for one file format. Throws only `ReadError`. */
export interface FormatReader {
  /** format name as shown in reports.csv: txt, md, html, docx, pdf, doc (also .wps), odt, rtf */
  format: string;
  /** lower-case extensions with dot */
  extensions: readonly string[];
  /** extracts the text of a file's bytes; `file` is used in messages only */
  read(bytes: Uint8Array, file: string): Promise<ReadResult>;
  /**
   * `read`, done at once, for readers that only decode: it keeps nothing of `bytes` once it returns, so
   * `readReport` may hand it a buffer that it reuses for the next file. Undefined for readers that await.
   */
  readNow?(bytes: Uint8Array, file: string): ReadResult;
  /**
   * Loads what the reader parses with, on first use (a library most corpora never need); `readNow` may be called
   * once it has resolved. Undefined for readers that need nothing loaded.
   */
  load?(): Promise<void>;
}
