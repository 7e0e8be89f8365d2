import { findReuse, recycledFrom, REUSE_DEFAULTS, type ReuseInput } from './aggregate/reuse.js';
import { countByReport, findForeignPlaces, placeContext, townshipKey, type GazetteerEntry } from './aggregate/place-names.js';
import { reuseTable, recyclingCells, RECYCLING_COLUMNS, type SpanMapper } from './emit/tables/reuse.js';
import { reusePairsTable } from './emit/tables/reuse-pairs.js';
import { placeNamesTable } from './emit/tables/place-names.js';
import type { ReportColumns } from './emit/tables/reports.js';
import type { Table } from './emit/table.js';
import { analysisText, type ReportRecord } from './model/record.js';
import type { ReportStatus } from './model/kinds.js';
import { mapSpan } from './model/span.js';

/** Options of the corpus-level reuse and place-name checks. */
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

/** Tables of the reuse step and the columns it adds to reports.csv. */
export interface ReuseStepResult {
  /** reuse.csv, reuse_pairs.csv, place_names.csv */
  tables: Table[];
  /** recycled_from, recycled_share, recycled_problems_share, foreign_places */
  reportColumns: ReportColumns;
}

/** What the reuse step reads of a report (a `ReportRecord`). */
export type ReuseSource = Pick<ReportRecord, 'report' | 'meta' | 'cleaned' | 'text' | 'toRaw' | 'problemParagraphs'> & { status: ReportStatus };

/**
 * Runs passage reuse, recycling and foreign place names over the analysed reports (status ok) and builds their
 * tables. Pure: the caller loads the data files. Offsets in the tables are raw offsets (mapped with `toRaw`),
 * passage text is the cleaned text in the report's own script.
 */
export function reuseStep(docs: readonly ReuseSource[], options: ReuseStepOptions = {}): ReuseStepResult {
  const ok = docs.filter((d) => d.status === 'ok');
  const byId = new Map(ok.map((d) => [d.report.id, d]));
  const inputs: ReuseInput[] = ok.map((d) => ({
    id: d.report.id,
    township: d.meta.township,
    year: d.meta.year,
    text: analysisText(d),
    problems: d.problemParagraphs,
  }));
  const result = findReuse(inputs, {
    minChars: options.minChars ?? REUSE_DEFAULTS.minChars,
    maxDocShare: options.formulaShare ?? REUSE_DEFAULTS.maxDocShare,
    formulaPhrases: options.formulaPhrases,
  });
  const recycling = recycledFrom(inputs, result, { minShare: options.recycledShare });
  const places = findForeignPlaces(inputs, options.gazetteer ?? []);
  const foreignCounts = countByReport(places);

  const toRaw: SpanMapper = (id, span) => {
    const doc = byId.get(id);
    return doc ? mapSpan(doc.toRaw, span) : span;
  };
  const passages = result.passages.map((p) => ({ ...p, text: byId.get(p.reportA)?.cleaned.slice(p.a.start, p.a.end) ?? p.text }));
  const contextual = places.map((f) => {
    const cleaned = byId.get(f.reportId)?.cleaned;
    return cleaned ? { ...f, place: cleaned.slice(f.start, f.end), context: placeContext(cleaned, f.start, f.end) } : f;
  });
  return {
    tables: [reuseTable(passages, toRaw), reusePairsTable(result.pairs), placeNamesTable(contextual, toRaw)],
    reportColumns: {
      columns: [...RECYCLING_COLUMNS, 'foreign_places'],
      values: (doc) => {
        // Reports without a known township are not checked for foreign places: empty, not 0.
        const checked = doc.status === 'ok' && townshipKey(doc.meta.township) !== '';
        return [...(recyclingCells(recycling.get(doc.report.id)) as (string | number)[]), checked ? foreignCounts.get(doc.report.id) ?? 0 : ''];
      },
    },
  };
}
