import type { Recycling, ReusePassage } from '../../aggregate/reuse.js';
import type { ReportReuse } from '../../aggregate/reuse-findings.js';
import { mappedChunks, type Cell, type Table, type TableSource } from '../table.js';
import { csvField } from '../csv.js';
import type { ReportColumns } from './reports.js';

/** Rounds a share or similarity to three decimals for the CSV. */
export function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** File name of reuse.csv. */
export const REUSE_FILE = 'reuse.csv';

/**
 * reuse.csv: one row per passage two reports share, in the order given (by report pair, then offset in A).
 * `start_*`/`end_*` are the passages' offsets as given (the run gives half-open offsets in the raw file text).
 */
export function reuseTable(passages: readonly ReusePassage[]): Table {
  return { file: REUSE_FILE, columns: REUSE_COLUMNS, rows: passages.map(reuseRow) };
}

/** reuse.csv (see `reuseTable`) made a chunk of rows at a time. */
export function reuseSource(passages: readonly ReusePassage[]): TableSource {
  return { file: REUSE_FILE, columns: REUSE_COLUMNS, chunks: () => mappedChunks(passages, reuseRow) };
}

const REUSE_COLUMNS = ['report_a', 'report_b', 'start_a', 'end_a', 'start_b', 'end_b', 'chars', 'similarity', 'same_township', 'text'];

/** Bytes of rendered records gathered before they are handed on (the buffer grows for a longer record). */
const RECORD_BYTES = 1 << 20;

/** Most bytes of rendered text cells kept for one report A (its passages are few and mostly repeated: a bound, not a budget). */
const TEXT_CELL_BYTES = 1 << 25;

/** Bytes the text cells are first encoded into (see `ReuseRecords.textCell`); more when one report A's cells need more. */
const TEXT_CELL_ARENA = 1 << 20;

/**
 * reuse.csv records of passages as they stream in, as UTF-8 bytes: the same as `renderCsvRecords(reuseTable(
 * passages).rows)` encoded, without a row of cells per passage. The text cell is most of a record (a passage
 * is a few thousand characters) and passages of one report A come one after the other, many with the same
 * text (a star's anchor shares its passages with hundreds of copies, see reuse-findings.ts): each text's cell
 * is escaped and encoded once per report A (by string, which costs least when it is the very string met
 * before) and its bytes copied for every record after, so the ≈ 400 MB of text of 20,000 reports is not
 * built into strings and encoded again record by record. The cells are encoded one after the other into one
 * buffer, used again for the next report A, not each into a buffer of its own: memory that is new to the
 * process costs a page fault for every 4 KB first written, and buffers made and let go by the thousand are
 * that, much of the time.
 */
export class ReuseRecords {
  /** the report A whose passage texts `textCells` holds */
  private cellsOf = '';
  private readonly textCells = new Map<string, Buffer>();
  /** the bytes of the text cells kept (`textCells` holds views of them), and their length */
  private cells: Buffer;
  private cellsLength = 0;
  private bytes = Buffer.allocUnsafeSlow(RECORD_BYTES);
  private length = 0;

  /**
   * `write` is handed the records, a piece at a time (a view of a buffer reused after it returns);
   * `textCellBytes`: most bytes of text cells kept (for the tests)
   */
  constructor(
    private readonly write: (records: Uint8Array) => void,
    private readonly textCellBytes = TEXT_CELL_BYTES,
  ) {
    this.cells = Buffer.allocUnsafeSlow(Math.min(TEXT_CELL_ARENA, textCellBytes));
  }

  /** Renders the records of `passages`, each ending in CRLF. */
  add(passages: readonly ReusePassage[]): void {
    for (const p of passages) {
      if (p.reportA !== this.cellsOf) {
        this.cellsOf = p.reportA;
        this.forgetTextCells();
      }
      let text = this.textCells.get(p.text);
      if (text === undefined) this.textCells.set(p.text, (text = this.textCell(p.text)));
      let cells = '';
      for (const cell of reuseCellsBeforeText(p)) cells += `${csvField(cell)},`;
      // Note: 3 bytes per UTF-16 unit at most, so the cells fit once this much room is free.
      this.makeRoom(3 * cells.length + text.length);
      this.length += this.bytes.write(cells, this.length, 'utf8');
      this.bytes.set(text, this.length);
      this.length += text.length;
    }
  }

  /** The bytes of the text cell of `text` and the record's CRLF, encoded into `cells` (a view of it). */
  private textCell(text: string): Buffer {
    const cell = `${csvField(text)}\r\n`;
    // Note: 3 bytes per UTF-16 unit at most.
    const most = 3 * cell.length;
    if (this.cellsLength + most > this.cells.length) {
      // Full: the cells kept are forgotten; the buffer grows, up to the bound, for a report A with more (and for a cell longer than it).
      this.forgetTextCells();
      const size = Math.max(most, Math.min(2 * this.cells.length, this.textCellBytes));
      if (size > this.cells.length) this.cells = Buffer.allocUnsafeSlow(2 ** Math.ceil(Math.log2(size)));
    }
    const length = this.cells.write(cell, this.cellsLength, 'utf8');
    const bytes = this.cells.subarray(this.cellsLength, this.cellsLength + length);
    this.cellsLength += length;
    return bytes;
  }

  private forgetTextCells(): void {
    this.textCells.clear();
    this.cellsLength = 0;
  }

  /** Hands the records rendered so far to `write`. */
  flush(): void {
    if (this.length > 0) this.write(this.bytes.subarray(0, this.length));
    this.length = 0;
  }

  /** Makes room for `size` more bytes: hands the buffer on when it is short of it, and grows it for a record longer than it. */
  private makeRoom(size: number): void {
    if (this.length + size <= this.bytes.length) return;
    this.flush();
    if (size > this.bytes.length) this.bytes = Buffer.allocUnsafeSlow(size);
  }
}

/** The reuse.csv cells of one passage before its text (`ReuseRecords` renders the text cell apart). */
function reuseCellsBeforeText(p: ReusePassage): Cell[] {
  return [p.reportA, p.reportB, p.a.start, p.a.end, p.b.start, p.b.end, p.chars, round3(p.similarity), p.sameTownship];
}

/** The reuse.csv row of one passage. */
function reuseRow(p: ReusePassage): Cell[] {
  const row = reuseCellsBeforeText(p);
  row.push(p.text);
  return row;
}

/** Extra reports.csv columns from the reuse step: recycled_from (when flagged), recycled_share, recycled_problems_share. */
export const RECYCLING_COLUMNS = ['recycled_from', 'recycled_share', 'recycled_problems_share'] as const;

/** The RECYCLING_COLUMNS cells of one report; all empty when it has no earlier report of its township. */
export function recyclingCells(recycling: Recycling | undefined): Cell[] {
  if (!recycling) return ['', '', ''];
  return [recycling.flagged ? recycling.from : '', round3(recycling.share), recycling.problemsShare === null ? '' : round3(recycling.problemsShare)];
}

/** reports.csv columns of the reuse step: the recycling columns, then `foreign_places` (empty when not checked). */
export function reuseReportColumns(byReport: ReadonlyMap<string, ReportReuse>): ReportColumns {
  return {
    columns: [...RECYCLING_COLUMNS, 'foreign_places'],
    values: (report) => {
      const found = byReport.get(report.report.id);
      return [...recyclingCells(found?.recycling), found?.foreignPlaces ?? ''];
    },
  };
}
