/** The part of word-extractor's API zongjie uses (the package ships no types). */
declare module 'word-extractor' {
  interface TextOptions {
    /** true (the package's default) turns curly quotes and other punctuation into ASCII; we pass false */
    filterUnicode?: boolean;
  }
  class WordDocument {
    getBody(options?: TextOptions): string;
    getFootnotes(options?: TextOptions): string;
    getEndnotes(options?: TextOptions): string;
    getHeaders(options?: TextOptions & { includeFooters?: boolean }): string;
    getFooters(options?: TextOptions): string;
    getAnnotations(options?: TextOptions): string;
    getTextboxes(options?: TextOptions & { includeHeadersAndFooters?: boolean; includeBody?: boolean }): string;
  }
  export default class WordExtractor {
    extract(source: string | Buffer): Promise<WordDocument>;
  }
}

/** word-extractor's allocation table of an OLE compound file (internal; patched by io/formats/doc.ts). */
declare module 'word-extractor/lib/ole-allocation-table.js' {
  class AllocationTable {
    /** the next sector of each sector, by sector number */
    _table: number[];
    /** the sectors of the chain that starts at `startSecId`, in order */
    getSecIdChain(startSecId: number): number[];
  }
  export default AllocationTable;
}
