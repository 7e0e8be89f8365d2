/**
 * The corpus half: every corpus-level step as an accumulator (see `Accumulator`), fed one report record at a
 * time in output order while the per-report half is still running, finished together once the last report
 * is in. This is the one entry point; `src/emit/` formats what `finish` returns and computes nothing.
 *
 *   records ──add──▶ townships ─┐
 *           ──add──▶ reports    │
 *           ──add──▶ placeholders├─finish(corpus)──▶ CorpusResult ──▶ emit/tables
 *           ──add──▶ problems   │
 *           ──add──▶ themes     │
 *           ──add──▶ reuse ─────┘
 */
import type { MessagePort } from 'node:worker_threads';
import type { PlaceholderEntry, ReportRecord } from '../model/record.js';
import type { Accumulator } from './accumulator.js';
import type { GroupBy } from './group.js';
import { problemClusters, type ProblemClusters } from './problem-clusters.js';
import { reportSummaries, type ReportSummary } from './report-rows.js';
import { reuseFindings, type ReuseFindings, type ReuseStepOptions } from './reuse-findings.js';
import { reuseThread, type ReuseThreadFindings, type ReuseThreadOptions } from './reuse-thread.js';
import { themeSummary, type ThemeSummary } from './theme-summary.js';
import { townshipSpellings } from './townships.js';

export type { Accumulator, CorpusContext } from './accumulator.js';

/** Options of the corpus-level steps (from the run's options and data files). */
export interface AggregateOptions {
  /** theme names in taxonomy order */
  themes: readonly string[];
  /** grouping of theme_matrix.csv and keyness.csv; default township */
  groupBy?: GroupBy;
  /** cosine at which two problems are one recurring problem; default DEFAULT_LINK_THRESHOLD */
  linkThreshold?: number;
  /** passage reuse and place names */
  reuse?: ReuseStepOptions;
  /** run passage reuse on a thread of its own, in parallel with the other steps (large corpora); default: on this thread */
  reuseThread?: ReuseThreadOptions;
  /** what the placeholders step keeps; default every row (`keepRows`) and the first 300 reports' first 50 placeholders */
  placeholders?: PlaceholderStepOptions;
  /** when given, the time (ms) of each step's `add` calls and `finish` is added to it (`aggregate:<step>`, for the benchmark) */
  timings?: Record<string, number>;
}

/** The placeholders of one report, for placeholders.csv. */
export interface ReportPlaceholders {
  reportId: string;
  placeholders: PlaceholderEntry[];
}

/** What the placeholders step keeps. */
export interface PlaceholderStepOptions {
  /**
   * keep every report's placeholders (placeholders.csv's rows); false when the run writes placeholders.csv as
   * the reports arrive (`ReportOutput.placeholdersCsv`) and keeps only the summary; default true
   */
  keepRows?: boolean;
  /** reports with placeholders whose placeholders the summary keeps (report.html lists them); default 300 */
  firstReports?: number;
  /** placeholders kept of each of those reports; default 50 */
  perReport?: number;
}

/** placeholders.csv in figures, and the first reports' placeholders (what report.html shows). */
export interface PlaceholderSummary {
  /** placeholders in all reports */
  total: number;
  /** placeholders per report id, for every report with any, in the order added */
  counts: Map<string, number>;
  /** distinct kinds, code-unit order */
  kinds: string[];
  /** the first `firstReports` reports with placeholders, each with its first `perReport` placeholders */
  first: ReportPlaceholders[];
}

/** Every corpus-level result, ready for `src/emit/tables`. */
export interface CorpusResult {
  reports: ReportSummary[];
  placeholders: { summary: PlaceholderSummary; /** every report's placeholders, unless the step was told not to keep them */ lists?: ReportPlaceholders[] };
  problems: ProblemClusters;
  themes: ThemeSummary;
  reuse: ReuseFindings;
}

/** The placeholders step: an accumulator that also says whether the reports it is yet to get need their entries. */
interface PlaceholderStep extends Accumulator<CorpusResult['placeholders']> {
  /**
   * whether a report added from now on must carry its placeholder entries (`ReportRecord.placeholders`):
   * false once the step keeps no rows and holds its first reports, since what it keeps of any later report
   * (count and kinds) the record says without them; it never turns true again
   */
  needsEntries(): boolean;
}

/** The placeholders of every report that has any, in the order added (or only their summary, see `PlaceholderStepOptions`). */
function placeholderLists(options: PlaceholderStepOptions = {}): PlaceholderStep {
  const { keepRows = true, firstReports = 300, perReport = 50 } = options;
  const lists: ReportPlaceholders[] = [];
  const summary: PlaceholderSummary = { total: 0, counts: new Map(), kinds: [], first: [] };
  const kinds = new Set<string>();
  const needsEntries = () => keepRows || summary.first.length < firstReports;
  return {
    add(record) {
      const { placeholders, placeholderCount } = record;
      if (placeholderCount === 0) return;
      const reportId = record.report.id;
      const listed = needsEntries();
      if (listed && placeholders.length !== placeholderCount) throw new Error(`the record of ${reportId} came without its placeholders, which the placeholders step needs`);
      summary.total += placeholderCount;
      summary.counts.set(reportId, (summary.counts.get(reportId) ?? 0) + placeholderCount);
      for (const kind of record.placeholderKinds) kinds.add(kind);
      if (!listed) return;
      if (keepRows) lists.push({ reportId, placeholders });
      if (summary.first.length < firstReports) summary.first.push({ reportId, placeholders: placeholders.slice(0, perReport) });
    },
    finish: () => ({ summary: { ...summary, kinds: [...kinds].sort() }, ...(keepRows ? { lists } : {}) }),
    needsEntries,
  };
}

/** Every corpus-level result but passage reuse's (which may still be running on its thread). */
export type LocalResult = Omit<CorpusResult, 'reuse'>;

/** What `CorpusAggregate.finishSteps` returns. */
export interface FinishedSteps {
  local: LocalResult;
  reuse: () => Promise<ReuseFindings>;
  written: () => Promise<void>;
}

/** The corpus-level steps of a run. `add` reports in output order; `finish` (or `finishSteps`) once. */
export interface CorpusAggregate {
  add(record: ReportRecord): void;
  finish(): Promise<CorpusResult>;
  /**
   * finishes every step but passage reuse, which goes on on its thread (when it has one) while the caller
   * writes the other steps' tables; `reuse()` then waits for its findings, and `written()` for the files the
   * reuse thread writes itself (reuse.csv, see `ReuseThreadOptions`) to be complete and in place
   */
  finishSteps(): FinishedSteps;
  /**
   * whether the report records added from now on must carry their placeholder entries (see
   * `ReportRecord.placeholders`); once false, it stays false
   */
  needsPlaceholderEntries(): boolean;
  /** releases the reuse thread, if any; call when the run ends, finished or not */
  close(): Promise<void>;
  /**
   * with a reuse thread: a new channel an analysis thread posts its reports' reuse sources on, straight to the
   * reuse thread (`ReuseThread.connect`); their records then come to `add` without texts
   */
  reusePort?: () => MessagePort;
}

/** All corpus-level steps together: one `add` feeds each of them, one `finish` finishes each of them. */
export function corpusAggregate(options: AggregateOptions): CorpusAggregate {
  const townships = townshipSpellings();
  // Let go of once finished: what a step held until then (its rows, the words of every problem) is garbage as
  // soon as the caller is done with the step's results.
  let steps: { reports: Accumulator<ReportSummary[]>; placeholders: PlaceholderStep; problems: Accumulator<ProblemClusters>; themes: Accumulator<ThemeSummary> } | undefined = {
    reports: reportSummaries(),
    placeholders: placeholderLists(options.placeholders),
    problems: problemClusters({ threshold: options.linkThreshold }),
    themes: themeSummary({ themes: options.themes, groupBy: options.groupBy }),
  };
  const reuse = options.reuseThread ? reuseThread(options.reuse ?? {}, options.reuseThread) : undefined;
  let reuseHere = reuse ? undefined : reuseFindings(options.reuse);
  const { timings } = options;
  let finished = false;
  const finishSteps = (): FinishedSteps => {
    if (finished) throw new Error('corpusAggregate: finish called twice');
    finished = true;
    const corpus = townships.finish(corpus0);
    // The reuse thread starts first, so that it runs while this thread finishes the other steps.
    const reused = reuse?.finish(corpus);
    // Note: a rejection is handled when `reuse()` is awaited; until then it must not count as unhandled.
    reused?.catch(() => undefined);
    const waitedFor = async (pending: Promise<ReuseThreadFindings>): Promise<ReuseFindings> => {
      const started = timings ? performance.now() : 0;
      const { findings, ms } = await pending;
      if (timings) {
        timings['aggregate:reuse'] = (timings['aggregate:reuse'] ?? 0) + ms;
        timings['aggregate:reuse-wait'] = (timings['aggregate:reuse-wait'] ?? 0) + performance.now() - started;
      }
      return findings;
    };
    const timed = <T>(name: string, step: Accumulator<T>): T => {
      const started = timings ? performance.now() : 0;
      const result = step.finish(corpus);
      if (timings) timings[`aggregate:${name}`] = (timings[`aggregate:${name}`] ?? 0) + performance.now() - started;
      return result;
    };
    const local: LocalResult = {
      reports: timed('reports', steps!.reports),
      placeholders: timed('placeholders', steps!.placeholders),
      problems: timed('problems', steps!.problems),
      themes: timed('themes', steps!.themes),
    };
    steps = undefined;
    const here = reuseHere;
    reuseHere = undefined;
    return {
      local,
      reuse: () => (reused ? waitedFor(reused) : Promise.resolve(timed('reuse', here!))),
      written: async () => {
        if (reused) await (await reused).written;
      },
    };
  };
  return {
    add(record) {
      if (finished) throw new Error('corpusAggregate: add after finish');
      const started = timings ? performance.now() : 0;
      townships.add(record);
      for (const step of Object.values(steps!)) step.add(record);
      (reuse ?? reuseHere!).add(record);
      if (timings) timings['aggregate:add'] = (timings['aggregate:add'] ?? 0) + performance.now() - started;
    },
    async finish() {
      const { local, reuse: reused, written } = finishSteps();
      const result = { ...local, reuse: await reused() };
      await written();
      return result;
    },
    finishSteps,
    needsPlaceholderEntries: () => steps?.placeholders.needsEntries() ?? false,
    async close() {
      await reuse?.close();
    },
    ...(reuse ? { reusePort: () => reuse.connect() } : {}),
  };
}

/** The context of the townships step itself, which has none to read. */
const corpus0 = { township: (name: string) => name };
