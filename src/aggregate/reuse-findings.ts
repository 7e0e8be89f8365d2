import { analysisText, type ReportRecord } from '../model/record.js';
import { mapSpan, type Span } from '../model/span.js';
import type { Accumulator, CorpusContext } from './accumulator.js';
import { countByReport, findForeignPlaces, placeContext, townshipKey, type GazetteerEntry, type PlaceFinding, type PlaceInput } from './place-names.js';
import { findReuseIn, recycledFrom, REUSE_DEFAULTS, type Recycling, type ReuseInput, type ReusePair, type ReusePassage } from './reuse.js';
import { ReuseStore, type ReuseSource } from './reuse-store.js';

/** Options of the passage-reuse and place-name step. */
export interface ReuseStepOptions {
  /** a fingerprint in more than this share of reports is formula (`--formula-share`); default 0.2 */
  formulaShare?: number;
  /** shortest shared passage reported, in characters without punctuation (`--reuse-min-chars`); default 30 */
  minChars?: number;
  /** flag a report as recycled when this share of it repeats an earlier year of its township; default 0.3 */
  recycledShare?: number;
  /** phrases always formula (data/reuse-formula.txt) */
  formulaPhrases?: readonly string[];
  /** places of the county (data/gazetteer.tsv or `--gazetteer FILE`) */
  gazetteer?: readonly GazetteerEntry[];
  /**
   * a scratch file (in the run's staging folder) the reports' texts are kept in until `finish`, which deletes
   * it; default: in memory
   */
  scratch?: string;
}

/** What the reuse step found about one report, for its reports.csv columns. */
export interface ReportReuse {
  /** the earlier same-township report it repeats most; absent when there is none */
  recycling?: Recycling;
  /** names of other townships' places found; null when the report was not checked (not ok, or no known township) */
  foreignPlaces: number | null;
}

/** reuse.csv, reuse_pairs.csv and place_names.csv data, and the reports.csv columns of the step. */
export interface ReuseFindings {
  /** shared passages in `findReuse` order; offsets in the raw file text, text from the cleaned text; absent when the reuse thread wrote reuse.csv itself */
  passages?: ReusePassage[];
  /** report pairs sharing a passage, most shared characters first; absent when the reuse thread wrote reuse_pairs.csv itself */
  pairs?: ReusePair[];
  /** foreign place names by report then offset; offsets in the raw file text */
  places: PlaceFinding[];
  /** per report id; a report not listed is not checked for foreign places and has no earlier report */
  byReport: Map<string, ReportReuse>;
}

/** What the step keeps of an analysed report until the corpus is complete (defined beside the store that keeps it). */
export type { ReuseSource };

/**
 * Passage reuse, recycling and foreign place names over the analysed (`ok`) reports. Offsets in the results
 * are raw offsets (mapped with each report's `toRaw`); passage text is the cleaned text in the report's own
 * script. Passage matching needs every text at the end; the step keeps them in `options.scratch` when given
 * (see `reuseSources`).
 */
export function reuseFindings(options: ReuseStepOptions = {}): Accumulator<ReuseFindings> {
  const sources = reuseSources(options);
  return {
    add(record) {
      const source = reuseSourceOf(record);
      if (source) sources.add(source);
    },
    finish: (corpus) => sources.finish(corpus),
  };
}

/**
 * What the reuse step keeps of a record: null for a report that was not analysed (status not ok). Throws for
 * a record whose texts were posted to the reuse thread by its worker (`ReportRecord.texts` absent).
 */
export function reuseSourceOf(record: ReportRecord): ReuseSource | null {
  if (record.status !== 'ok') return null;
  const { texts } = record;
  if (!texts) throw new Error(`reuse: the texts of ${record.report.id} went to the reuse thread, not with its record`);
  return {
    id: record.report.id,
    township: record.meta.township,
    year: record.meta.year,
    text: analysisText(texts),
    ...(texts.text !== undefined && texts.text !== texts.cleaned ? { cleaned: texts.cleaned } : {}),
    toRaw: record.toRaw,
    problems: texts.problemParagraphs,
  };
}

/**
 * `reuseFindings` over sources already taken from the records (`reuseSourceOf`), as the reuse thread gets them.
 * Each source is fingerprinted as it arrives and its texts go to `options.scratch` (see `ReuseStore`; in memory without
 * it), which `finish` and `close` delete. `finish` with `onPassages` hands the passages over as they are found,
 * pair by pair in reuse.csv order (raw offsets, shown text, as `passages` would hold them), and returns none:
 * what recycling needs of them (the spans of same-township pairs) is all that is kept.
 */
export function reuseSources(options: ReuseStepOptions = {}): { add(source: ReuseSource): void; finish(corpus: CorpusContext, onPassages?: (passages: ReusePassage[]) => void): ReuseFindings; close(): void } {
  const store = new ReuseStore({ file: options.scratch, formulaPhrases: options.formulaPhrases });
  return {
    add(source) {
      store.add(source);
    },
    finish(corpus, onPassages) {
      try {
        return finishStore(store, options, corpus, onPassages);
      } finally {
        store.close();
      }
    },
    close: () => store.close(),
  };
}

/** What recycling and the place-name scan know of a stored report (its text is read from the store when needed). */
type StoredReport = Omit<ReuseInput, 'text'> & { problems: Span[] };

/** The step's findings from the complete store: passages, recycling, foreign places and the per-report columns. */
function finishStore(store: ReuseStore, options: ReuseStepOptions, corpus: CorpusContext, onPassages?: (passages: ReusePassage[]) => void): ReuseFindings {
  // Reports in the order added; the store reads their texts back by that index.
  const reports = store.reports();
  const stored = new StoredReports(store, reports);
  const { corpus: reuseCorpus } = store.corpus(corpus.township);
  const inputs: StoredReport[] = reports.map((r, i) => ({ id: r.id, township: corpus.township(r.township), year: r.year, problems: store.problems(i) }));
  const repointer = new PassageRepointer(store, stored.indexOf);
  // Recycling compares a report with earlier reports of its own township only: with `onPassages`, the
  // same-township passages' spans (analysis-text offsets) are kept for it, nothing else.
  const sameTownship: ReusePassage[] = [];
  const result = findReuseIn(
    reuseCorpus,
    {
      minChars: options.minChars ?? REUSE_DEFAULTS.minChars,
      maxDocShare: options.formulaShare ?? REUSE_DEFAULTS.maxDocShare,
    },
    onPassages ? streamedTo(onPassages, repointer, sameTownship) : undefined,
  );
  const recycling = recycledFrom(inputs, onPassages ? { ...result, passages: sameTownship } : result, { minShare: options.recycledShare });
  const found = findForeignPlaces(placeInputs(store, inputs), options.gazetteer ?? []);
  const passages = result.passages;
  for (const p of passages) repointer.repoint(p);
  const places = found.map((f) => stored.shownPlace(f));
  const byReport = reportColumns(inputs, recycling, countByReport(found));
  return { ...(onPassages ? {} : { passages }), pairs: result.pairs, places, byReport };
}

/** The store's reports looked up by id: their shown text and raw offsets. */
class StoredReports {
  /** report id → index in the store (order added) */
  readonly indexOf: ReadonlyMap<string, number>;

  constructor(private readonly store: ReuseStore, reports: readonly { id: string }[]) {
    this.indexOf = new Map(reports.map((r, i) => [r.id, i]));
  }

  /** The shown (cleaned) text of report `id`; undefined for a report not stored. */
  shown(id: string): string | undefined {
    const r = this.indexOf.get(id);
    return r === undefined ? undefined : this.store.shown(r);
  }

  /** `span` of report `id`'s analysis text in its raw text; `span` itself for a report not stored. */
  toRaw(id: string, span: Span): Span {
    const r = this.indexOf.get(id);
    return r === undefined ? span : mapSpan(this.store.toRaw(r), span);
  }

  /** A place finding with its name and context from the shown text, at raw offsets. */
  shownPlace(f: PlaceFinding): PlaceFinding {
    const cleaned = this.shown(f.reportId);
    const finding = cleaned ? { ...f, place: cleaned.slice(f.start, f.end), context: placeContext(cleaned, f.start, f.end) } : f;
    return { ...finding, ...this.toRaw(f.reportId, f) };
  }
}

/**
 * Re-points passages to raw offsets and shown text.
 *
 * Note: the passages are findReuse's own objects, re-pointed in place: at 20,000 reports they are about a
 * million, and a mapped copy would double the step's peak memory.
 */
class PassageRepointer {
  /** the report A whose spans `sharedA` holds */
  private sharedOf = '';
  /** report A's spans mapped so far, by `start * width + end` (see `repointPair`) */
  private sharedA = new Map<number, { a: Span; text: string }>();

  /** `indexOf`: report id → index in the store (order added) */
  constructor(private readonly store: ReuseStore, private readonly indexOf: ReadonlyMap<string, number>) {}

  /** Re-points one passage; a span of a report not stored stays as it is. */
  repoint(p: ReusePassage): void {
    const { store, indexOf } = this;
    const ra = indexOf.get(p.reportA);
    const rb = indexOf.get(p.reportB);
    if (ra !== undefined) {
      p.text = store.shownSlice(ra, p.a.start, p.a.end);
      p.a = mapSpan(store.toRaw(ra), p.a);
    }
    if (rb !== undefined) p.b = mapSpan(store.toRaw(rb), p.b);
  }

  /**
   * `repoint` of one pair's passages (same reports A and B). Passages stream in pair by pair, the pairs of one
   * report A one after the other (pair order), and a star's anchor shares the same passages with hundreds of
   * copies: each distinct span of report A is mapped and sliced once and its span and text shared by every
   * passage that has it (read-only), so that the writer of reuse.csv meets the same text string again and
   * renders it once (`ReuseRecords`, emit/tables/reuse.ts).
   */
  repointPair(found: ReusePassage[]): void {
    if (found.length === 0) return;
    const { reportA, reportB } = found[0];
    const ra = this.indexOf.get(reportA);
    const rb = this.indexOf.get(reportB);
    if (ra === undefined || rb === undefined) {
      for (const p of found) this.repoint(p);
      return;
    }
    if (this.sharedOf !== reportA) {
      this.sharedOf = reportA;
      this.sharedA = new Map();
    }
    const { store, sharedA } = this;
    // The passages' text is report A's analysis text; it is shown from its cleaned text when that differs.
    const cleanedA = store.hasCleaned(ra);
    const mapA = store.toRaw(ra);
    const mapB = store.toRaw(rb);
    // Note: a key per span (start, end) while texts are shorter than 2^26 (always, in practice; else no sharing).
    const width = store.shownLength(ra) + 1;
    const keyed = width < 2 ** 26;
    for (const p of found) {
      const key = p.a.start * width + p.a.end;
      let a = keyed ? sharedA.get(key) : undefined;
      if (!a) {
        a = { a: mapSpan(mapA, p.a), text: cleanedA ? store.shownSlice(ra, p.a.start, p.a.end) : p.text };
        if (keyed) sharedA.set(key, a);
      }
      p.a = a.a;
      p.text = a.text;
      p.b = mapSpan(mapB, p.b);
    }
  }
}

/**
 * `findReuseIn`'s handler of each pair's passages with `onPassages`: keeps a copy of the same-township ones
 * (for recycling, analysis-text spans, no text), then re-points them and hands them on.
 */
function streamedTo(onPassages: (passages: ReusePassage[]) => void, repointer: PassageRepointer, sameTownship: ReusePassage[]): (found: ReusePassage[]) => void {
  return (found) => {
    for (const p of found) if (p.sameTownship) sameTownship.push({ ...p, text: '' });
    repointer.repointPair(found);
    onPassages(found);
  };
}

/** The place-name scan's reports: each text is read from the store when the scan reads it (once). */
function placeInputs(store: ReuseStore, inputs: readonly StoredReport[]): PlaceInput[] {
  return inputs.map((input, r) => ({
    id: input.id,
    township: input.township,
    get text() {
      return store.text(r);
    },
  }));
}

/** The reports.csv columns of the step, per report id. */
function reportColumns(inputs: readonly StoredReport[], recycling: ReadonlyMap<string, Recycling>, foreignCounts: ReadonlyMap<string, number>): Map<string, ReportReuse> {
  const byReport = new Map<string, ReportReuse>();
  for (const input of inputs) {
    // Reports without a known township are not checked for foreign places: null, not 0.
    const checked = townshipKey(input.township) !== '';
    const recycled = recycling.get(input.id);
    byReport.set(input.id, { ...(recycled ? { recycling: recycled } : {}), foreignPlaces: checked ? foreignCounts.get(input.id) ?? 0 : null });
  }
  return byReport;
}
