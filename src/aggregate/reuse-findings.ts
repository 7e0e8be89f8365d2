import { analysisText, type ReportRecord } from '../model/record.js';
import { mapSpan, type CompactOffsetMap, type Span } from '../model/span.js';
import type { Accumulator, CorpusContext } from './accumulator.js';
import { countByReport, findForeignPlaces, placeContext, townshipKey, type GazetteerEntry, type PlaceFinding } from './place-names.js';
import { findReuse, fingerprintReport, holdPrints, recycledFrom, REUSE_DEFAULTS, type PrintsHolder, type Recycling, type ReuseInput, type ReusePair, type ReusePassage } from './reuse.js';

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
  /** report pairs sharing a passage, most shared characters first */
  pairs: ReusePair[];
  /** foreign place names by report then offset; offsets in the raw file text */
  places: PlaceFinding[];
  /** per report id; a report not listed is not checked for foreign places and has no earlier report */
  byReport: Map<string, ReportReuse>;
}

/** What the step keeps of an analysed report until the corpus is complete (plain data: it may cross threads). */
export interface ReuseSource {
  id: string;
  township: string;
  year: number | null;
  /** the analysis text */
  text: string;
  /** the cleaned text (passage and place text is shown from it) when it differs from `text` (traditional script) */
  cleaned?: string;
  toRaw: CompactOffsetMap;
  problems: Span[];
}

/**
 * Passage reuse, recycling and foreign place names over the analysed (`ok`) reports. Offsets in the results
 * are raw offsets (mapped with each report's `toRaw`); passage text is the cleaned text in the report's own
 * script. Note: passage matching needs every text at once (`findReuse`), so this step still holds the analysis
 * texts until `finish`.
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

/** What the reuse step keeps of a record: null for a report that was not analysed (status not ok). */
export function reuseSourceOf(record: ReportRecord): ReuseSource | null {
  if (record.status !== 'ok') return null;
  return {
    id: record.report.id,
    township: record.meta.township,
    year: record.meta.year,
    text: analysisText(record),
    ...(record.text !== undefined && record.text !== record.cleaned ? { cleaned: record.cleaned } : {}),
    toRaw: record.toRaw,
    problems: record.problemParagraphs,
  };
}

/**
 * `reuseFindings` over sources already taken from the records (`reuseSourceOf`), as the reuse thread gets them.
 * `finish` with `onPassages` hands the passages over as they are found, pair by pair in reuse.csv order (raw
 * offsets, shown text, as `passages` would hold them), and returns none: what recycling needs of them (the
 * spans of same-township pairs) is all that is kept.
 */
export function reuseSources(options: ReuseStepOptions = {}): { add(source: ReuseSource): void; finish(corpus: CorpusContext, onPassages?: (passages: ReusePassage[]) => void): ReuseFindings } {
  const sources: ReuseSource[] = [];
  // Each report is fingerprinted as it arrives (findReuse's per-report half), not all at the end.
  const prints: PrintsHolder[] = [];
  return {
    add(source) {
      sources.push(source);
      prints.push(holdPrints(fingerprintReport(source.text)));
    },
    finish(corpus, onPassages) {
      const byId = new Map(sources.map((s) => [s.id, s]));
      const inputs: ReuseInput[] = sources.map((s, i) => ({ id: s.id, township: corpus.township(s.township), year: s.year, text: s.text, problems: s.problems, prints: prints[i] }));
      const shown = (id: string): string | undefined => {
        const source = byId.get(id);
        return source && (source.cleaned ?? source.text);
      };
      const toRaw = (id: string, span: Span): Span => {
        const source = byId.get(id);
        return source ? mapSpan(source.toRaw, span) : span;
      };
      // Note: the passages are findReuse's own objects, re-pointed in place (raw offsets, shown text): at
      // 20,000 reports they are about a million, and a mapped copy would double the step's peak memory.
      const repoint = (p: ReusePassage): void => {
        const text = shown(p.reportA)?.slice(p.a.start, p.a.end);
        p.a = toRaw(p.reportA, p.a);
        p.b = toRaw(p.reportB, p.b);
        if (text !== undefined) p.text = text;
      };
      // Recycling compares a report with earlier reports of its own township only: with `onPassages`, the
      // same-township passages' spans (analysis-text offsets) are kept for it, nothing else.
      const sameTownship: ReusePassage[] = [];
      const streamed = onPassages
        ? (found: ReusePassage[]) => {
            for (const p of found) if (p.sameTownship) sameTownship.push({ ...p, text: '' });
            for (const p of found) repoint(p);
            onPassages(found);
          }
        : undefined;
      const result = findReuse(
        inputs,
        {
          minChars: options.minChars ?? REUSE_DEFAULTS.minChars,
          maxDocShare: options.formulaShare ?? REUSE_DEFAULTS.maxDocShare,
          formulaPhrases: options.formulaPhrases,
        },
        streamed,
      );
      const recycling = recycledFrom(inputs, onPassages ? { ...result, passages: sameTownship } : result, { minShare: options.recycledShare });
      const found = findForeignPlaces(inputs, options.gazetteer ?? []);
      const foreignCounts = countByReport(found);
      const passages = result.passages;
      for (const p of passages) repoint(p);
      const places = found.map((f) => {
        const cleaned = shown(f.reportId);
        const finding = cleaned ? { ...f, place: cleaned.slice(f.start, f.end), context: placeContext(cleaned, f.start, f.end) } : f;
        return { ...finding, ...toRaw(f.reportId, f) };
      });
      const byReport = new Map<string, ReportReuse>();
      for (const input of inputs) {
        // Reports without a known township are not checked for foreign places: null, not 0.
        const checked = townshipKey(input.township) !== '';
        const recycled = recycling.get(input.id);
        byReport.set(input.id, { ...(recycled ? { recycling: recycled } : {}), foreignPlaces: checked ? foreignCounts.get(input.id) ?? 0 : null });
      }
      return { ...(onPassages ? {} : { passages }), pairs: result.pairs, places, byReport };
    },
  };
}
