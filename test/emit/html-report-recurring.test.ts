import { describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../src/emit/html-report.js';
import type { Table } from '../../src/emit/table.js';

const COLUMNS = ['report_id', 'township', 'year', 'problem_no', 'headline', 'text', 'cluster_id'];

/** The grid's rows from problems.csv alone: each cluster id with its years and reports figures, in page order. */
function gridRows(rows: string[][]): { id: string; years: number; reports: number }[] {
  const problems: Table = { file: 'problems.csv', columns: COLUMNS, rows };
  const html = renderHtmlReport(new Map([['problems.csv', problems]]), { generatedFrom: 'x' });
  const pattern = /data-cluster="([^"]*)">[\s\S]*?<\/th><td class="num">(\d+)<\/td><td class="num">(\d+)<\/td>/g;
  return [...html.matchAll(pattern)].map((m) => ({ id: m[1], years: Number(m[2]), reports: Number(m[3]) }));
}

describe('html report recurring grid', () => {
  it('html report grid counts known years, spans the numeric ones, and orders by them', () => {
    const rows = gridRows([
      // A: three years, one not a number (left out of the span, which is 2019–2020 = 1)
      ['r1', 'T1', '元年', '1', 'A1', '', 'A'],
      ['r2', 'T1', '2019', '1', 'A2', '', 'A'],
      ['r3', 'T2', '2020', '1', 'A3', '', 'A'],
      // B: three years spanning 3, so it comes before A
      ['r4', 'T3', '2016', '1', 'B1', '', 'B'],
      ['r5', 'T3', '2017', '1', 'B2', '', 'B'],
      ['r6', 'T4', '2019', '1', 'B3', '', 'B'],
      // C: no year in the row and no report to take one from: '?' in its cell, no year counted
      ['r7', 'T5', '', '1', 'C1', '', 'C'],
      // no cluster id: a cluster of its own, `report_id#problem_no`
      ['r8', 'T5', '2018', '2', 'D1', '', ''],
    ]);
    expect(rows).toEqual([
      { id: 'B', years: 3, reports: 3 },
      { id: 'A', years: 3, reports: 3 },
      { id: 'r8#2', years: 1, reports: 1 },
      { id: 'C', years: 0, reports: 1 },
    ]);
  });

  it('html report grid counts a report once per cluster however many of its problems the cluster holds', () => {
    const rows = gridRows([
      ['r1', 'T1', '2019', '1', 'A1', '', 'A'],
      ['r1', 'T1', '2019', '2', 'A2', '', 'A'],
      ['r2', 'T1', '2020', '1', 'A3', '', 'A'],
    ]);
    expect(rows).toEqual([{ id: 'A', years: 2, reports: 2 }]);
  });
});
