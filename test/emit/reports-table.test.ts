import { describe, expect, it } from 'vitest';
import { renderCsvRecords } from '../../src/emit/csv.js';
import { reportsInTwoSteps, reportsTable, type ReportColumns } from '../../src/emit/tables/reports.js';
import { reuseReportColumns } from '../../src/emit/tables/reuse.js';
import { reportSummaryOf, type ReportSummary } from '../../src/aggregate/report-rows.js';
import { analyze, recordOf } from '../helpers.js';

/** Three reports; with `manifest`, manifest columns given to two of them (cells that need quoting and neutralising). */
function summaries(manifest: boolean): ReportSummary[] {
  return ['甲镇', '甲镇', '乙镇'].map((township, i) => {
    const summary = reportSummaryOf(recordOf(analyze(`${township}202${i}年宣传思想工作总结\n\n一、主要工作\n全年开展理论宣讲X场。\n二、存在问题\n一是宣传阵地建设不够完善,"待加强"。\n`, `r${i}`)));
    if (!manifest || i === 1) return summary;
    return { ...summary, report: { ...summary.report, given: { ...summary.report.given, extra: { 负责人: i === 0 ? '=张三' : '李四,王五', 批次: `${i}` } } } };
  });
}

const recycling = { reportId: 'r1', from: 'r0', fromYear: 2020, share: 0.8, problemsShare: 0.5, flagged: true };
const reuse = reuseReportColumns(new Map([['r1', { recycling, foreignPlaces: 2 }], ['r2', { foreignPlaces: 0 }]]));
const quoted: ReportColumns = { columns: ['note'], values: (r) => [r.report.id === 'r0' ? 'a,"b"\nc' : null] };

describe('reportsInTwoSteps', () => {
  it.each([
    ['no extra columns, no manifest', [], false],
    ['reuse columns, no manifest', [reuse], false],
    ['reuse columns and a manifest', [reuse], true],
    ['two sets of extra columns and a manifest', [reuse, quoted], true],
    ['no extra columns, a manifest', [], true],
  ] as const)('reports.csv rendered in two steps is reportsTable rendered whole (%s)', (_, extra, manifest) => {
    const reports = summaries(manifest);
    const whole = reportsTable(reports, extra);
    const { columns, records } = reportsInTwoSteps(reports).withExtra(extra);
    expect(columns).toEqual(whole.columns);
    expect([...records()].join('')).toBe(renderCsvRecords(whole.rows));
    expect([...records()]).toHaveLength(reports.length);
  });
});
