import { noThemeHits, type ReportRecord } from '../../src/model/record.js';

/**
 * The record of an analysed report as a corpus step receives it, with nothing in it (one paragraph of 100
 * characters, no findings) but what a test gives: `township`, and any fields in `fields`.
 */
export function reportRecordFor(id: string, township: string, fields: Partial<ReportRecord> = {}): ReportRecord {
  return {
    report: { id, source: id, format: 'txt', encoding: 'utf-8', bytes: 0, given: {} },
    status: 'ok',
    diagnostics: [],
    script: 'simplified',
    meta: { title: '', township, year: 2021, planYear: null, period: '' },
    toRaw: { starts: new Int32Array(1), deltas: new Int32Array(1), length: 100 },
    chars: 100,
    paragraphCount: 1,
    placeholderCount: 0,
    placeholders: [],
    placeholderKinds: [],
    problems: [],
    themeHits: noThemeHits(),
    analysedChars: 100,
    terms: { terms: [], counts: new Int32Array(0) },
    ...fields,
  };
}
