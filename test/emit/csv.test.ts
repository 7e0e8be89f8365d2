import { describe, expect, it } from 'vitest';
import { neutraliseCell, renderCsv } from '../../src/emit/csv.js';

describe('csv', () => {
  it.each([
    ['=HYPERLINK("http://x","y")', `'=HYPERLINK("http://x","y")`],
    ['@SUM(A1:A2)', `'@SUM(A1:A2)`],
    ['+1', `'+1`],
    ['-2+3', `'-2+3`],
    ['\tTAB', `'\tTAB`],
    ['\rCR', `'\rCR`],
    ['正常文字', '正常文字'],
  ])('csv neutralises formula cell %j', (cell, expected) => {
    expect(neutraliseCell(cell)).toBe(expected);
  });

  it('csv leaves numbers and empties alone', () => {
    expect(neutraliseCell(-3)).toBe(-3);
    expect(neutraliseCell(null)).toBe('');
  });

  it('csv writes a BOM, quotes per RFC 4180 and uses CRLF', () => {
    const csv = renderCsv({ file: 't.csv', columns: ['a', 'b'], rows: [['x,y', 'say "hi"'], ['line\nbreak', true]] }, { bom: true });
    expect(csv).toBe('\uFEFFa,b\r\n"x,y","say ""hi"""\r\n"line\nbreak",true\r\n');
    expect(renderCsv({ file: 't.csv', columns: ['a'], rows: [] }, { bom: false })).toBe('a\r\n');
  });
});
