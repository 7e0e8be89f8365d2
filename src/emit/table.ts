/** A cell of an output table; null and undefined are written as empty. */
export type Cell = string | number | boolean | null | undefined;

/** An output table ready to write: rows already in their final, stable order. */
export interface Table {
  /** file name in the output folder, e.g. `reports.csv` */
  file: string;
  columns: string[];
  rows: Cell[][];
  /** the table is already in the output folder (written where it was made) and `rows` is empty; default false */
  written?: boolean;
}

/**
 * An output table whose rows are made a chunk at a time as they are written, so that a big table is never
 * held as rows: `chunks()` yields its rows in their final order, each chunk made only when asked for.
 */
export interface TableSource {
  file: string;
  columns: string[];
  /** the rows, in order, in pieces; each call starts again from the first row */
  chunks(): Iterable<Cell[][]>;
  /** the table is already in the output folder (written where it was made); default false */
  written?: boolean;
  /**
   * the same rows rendered as CSV records (exactly what `renderCsvRecords` makes of `chunks()`), a chunk at a
   * time: the large tables render each row straight into text, without a `Cell[]` per row and a type test per
   * cell; written instead of `chunks()` when given
   */
  records?(): Iterable<string>;
}

/**
 * Rows made and written at a time: few enough that a chunk's rows and their rendering die young (a chunk of
 * 5,000 rows outlived the young generation, and at 20,000 reports the promoted garbage grew the heap by
 * hundreds of megabytes while the tables were written).
 */
export const ROWS_PER_CHUNK = 500;

/** The source of a table already made. */
export function sourceOf(table: Table): TableSource {
  return { file: table.file, columns: table.columns, chunks: () => [table.rows], ...(table.written ? { written: true } : {}) };
}

/** The table of a source, every row made and held. */
export function tableOf(source: TableSource): Table {
  const rows: Cell[][] = [];
  for (const chunk of source.chunks()) for (const row of chunk) rows.push(row);
  return { file: source.file, columns: source.columns, rows, ...(source.written ? { written: true } : {}) };
}

/** Rows of `items` mapped `ROWS_PER_CHUNK` items at a time. */
export function* mappedChunks<T>(items: readonly T[], toRow: (item: T) => Cell[]): Iterable<Cell[][]> {
  for (let i = 0; i < items.length; i += ROWS_PER_CHUNK) yield items.slice(i, i + ROWS_PER_CHUNK).map(toRow);
}

/** Records of `items` rendered `ROWS_PER_CHUNK` items at a time, each chunk's records as one text. */
export function* recordChunks<T>(items: readonly T[], toRecord: (item: T) => string): Iterable<string> {
  for (let i = 0; i < items.length; i += ROWS_PER_CHUNK) {
    const end = Math.min(items.length, i + ROWS_PER_CHUNK);
    let text = '';
    for (let j = i; j < end; j++) text += toRecord(items[j]);
    yield text;
  }
}

/** Each chunk of `chunks` rendered as records as it is read. */
export function* mapChunkRecords<T>(chunks: Iterable<readonly T[]>, toRecord: (item: T) => string): Iterable<string> {
  for (const chunk of chunks) {
    let text = '';
    for (const item of chunk) text += toRecord(item);
    yield text;
  }
}

/** Each chunk of `chunks` mapped to rows as it is read. */
export function* mapChunks<T>(chunks: Iterable<readonly T[]>, toRow: (item: T) => Cell[]): Iterable<Cell[][]> {
  for (const chunk of chunks) yield chunk.map(toRow);
}
