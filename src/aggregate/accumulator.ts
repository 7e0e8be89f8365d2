import type { ReportRecord } from '../model/record.js';

/**
 * One corpus-level step. Reports are added one at a time, in output order (corpus-relative path, code-unit
 * order), as the per-report half delivers them; `finish` returns the step's rows once every report is in.
 * A step keeps only what it needs of each record (counts, ids, spans), never the record itself, and never
 * changes what it is given.
 */
export interface Accumulator<Result> {
  /** one more report, in output order */
  add(record: ReportRecord): void;
  /** the step's rows; called once, after the last `add` */
  finish(corpus: CorpusContext): Result;
}

/** What only the whole corpus knows, handed to every step's `finish`. */
export interface CorpusContext {
  /** one spelling per township across the corpus (陵口 → 陵口镇 when the corpus also says 陵口镇); '' stays '' */
  township(name: string): string;
}
