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

/**
 * reuse.csv records of passages as they stream in, the same text as `renderCsvRecords(reuseTable(passages).rows)`
 * without a row of cells per passage. Passages of one report A come one after the other and many share a text
 * (a star's anchor shares its passages with hundreds of copies, see reuse-findings.ts): each text's cell is
 * rendered once per report A (by string, which costs least when it is the very string met before).
 */
export class ReuseRecords {
  /** the report A whose passage texts `textCells` holds */
  private cellsOf = '';
  private readonly textCells = new Map<string, string>();
  private idOf = ['', ''];
  private idCell = ['', ''];

  /** The records of `passages`, each ending in CRLF. */
  render(passages: readonly ReusePassage[]): string {
    let out = '';
    for (const p of passages) {
      if (p.reportA !== this.cellsOf) {
        this.cellsOf = p.reportA;
        this.textCells.clear();
      }
      let text = this.textCells.get(p.text);
      if (text === undefined) this.textCells.set(p.text, (text = csvField(p.text)));
      const similarity = round3(p.similarity);
      out += `${this.id(0, p.reportA)},${this.id(1, p.reportB)},${p.a.start},${p.a.end},${p.b.start},${p.b.end},${p.chars},${similarity},${p.sameTownship},${text}\r\n`;
    }
    return out;
  }

  /** The cell of report id `id` in column `column` (0: report_a, 1: report_b), the last one kept. */
  private id(column: 0 | 1, id: string): string {
    if (this.idOf[column] !== id) {
      this.idOf[column] = id;
      this.idCell[column] = csvField(id);
    }
    return this.idCell[column];
  }
}

/** The reuse.csv row of one passage. */
function reuseRow(p: ReusePassage): Cell[] {
  return [p.reportA, p.reportB, p.a.start, p.a.end, p.b.start, p.b.end, p.chars, round3(p.similarity), p.sameTownship, p.text];
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
