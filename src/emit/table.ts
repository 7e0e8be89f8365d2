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
