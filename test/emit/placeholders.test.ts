import { describe, expect, it } from 'vitest';
import { loadResources } from '../../src/data/resources.js';
import { placeholdersTable } from '../../src/emit/tables/placeholders.js';
import type { Report } from '../../src/model/report.js';
import { analyzeReport } from '../../src/pipeline.js';
import { placeholderEntriesOf } from '../../src/report-output.js';

const resources = loadResources();

function report(id: string, raw: string): Report {
  return { id, source: `${id}.txt`, format: 'txt', encoding: 'utf-8', bytes: raw.length, raw, given: {} };
}

describe('placeholders table', () => {
  it('writes one row per placeholder with raw offsets, line and column', () => {
    const raw = '2021年宣传工作总结\r\n\r\n今年以来，全镇共开展宣讲活动 X 场，覆 盖群众x余人。\r\n';
    const docs = [analyzeReport(report('a', raw), resources), analyzeReport(report('b', '2021年宣传工作总结\n\n全年开展活动12场。\n'), resources)];
    const table = placeholdersTable(docs.map((doc) => ({ reportId: doc.report.id, placeholders: placeholderEntriesOf(doc) })));
    expect(table.file).toBe('placeholders.csv');
    expect(table.columns.slice(0, 6)).toEqual(['report_id', 'paragraph_no', 'section', 'kind', 'token', 'context']);
    const rows = table.rows.map((row) => Object.fromEntries(table.columns.map((c, i) => [c, row[i]])));
    expect(rows.map((r) => [r.report_id, r.kind, r.token, r.line, r.column])).toEqual([
      ['a', 'metric', 'X 场', 3, 16],
      ['a', 'metric', 'x余人', 3, 25],
    ]);
    for (const r of rows) expect(raw.slice(Number(r.start), Number(r.end))).toBe(r.token);
    expect(String(rows[0].context).length).toBeGreaterThanOrEqual(10);
    expect(rows[0].section).not.toBe('noise');
  });
});
