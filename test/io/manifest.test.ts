import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/io/csv-parse.js';
import { givenMetadata, metadataFromPath, normaliseTownship, parseManifest, readManifest } from '../../src/io/manifest.js';
import { FIXTURE_CORPUS } from '../helpers/fixture-docs.js';

describe('manifest csv', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, CRLF, mixed line ends and a BOM', () => {
    const manifest = parseManifest('\uFEFFfile,note\r\n"x, y.txt","say ""hi""\nthere"\r\n\r\nlast.txt,\n', 'm.csv');
    expect(manifest.extraColumns).toEqual(['note']);
    expect(manifest.rows.get('x, y.txt')).toMatchObject({ line: 2, extra: { note: 'say "hi"\nthere' } });
    expect(manifest.rows.get('last.txt')).toMatchObject({ line: 5, extra: { note: '' } });
    expect(parseCsv('a,b\r"x\r\ny",z\n\nc,\r\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x\ny', 'z'] },
      { line: 5, fields: ['c', ''] },
    ]);
  });
  it('rejects an unterminated quote and text after a closing quote, naming file and line', () => {
    expect(() => parseManifest('file\na.txt\n"open', 'm.csv')).toThrow(/^m\.csv:3: .*Quote Not Closed/);
    expect(() => parseManifest('file\n"a"b', 'm.csv')).toThrow(/^m\.csv:2: .*Invalid Closing Quote/);
  });
});

describe('manifest', () => {
  it('manifest precedence: manifest over path, per field, extras carried', () => {
    const manifest = readManifest(FIXTURE_CORPUS)!;
    expect(manifest.extraColumns).toEqual(['county']);
    // path says 陵口 / 2021; the manifest sets the year only
    expect(givenMetadata('陵口/2021.txt', manifest)).toEqual({ township: '陵口', year: 2020, extra: { county: '丹阳市' }, origin: 'manifest' });
    // nothing in the path; the manifest row is matched with or without the extension
    expect(givenMetadata('misc/report', manifest)).toMatchObject({ township: '西河', year: 2021, origin: 'manifest' });
    // not in the manifest: the layout, extras empty
    expect(givenMetadata('2022/西河乡.txt', manifest)).toEqual({ township: '西河乡', year: 2022, extra: { county: '' }, origin: 'path' });
    expect(givenMetadata('2022/西河乡.txt', null)).toEqual({ township: '西河乡', year: 2022, origin: 'path' });
  });
  it('manifest errors name file and line', () => {
    expect(() => parseManifest('name,year\na,2020\n', 'm.csv')).toThrow(/^m\.csv:1: no "file" column/);
    expect(() => parseManifest('file,year\na.txt,20x0\n', 'm.csv')).toThrow(/^m\.csv:2: year "20x0"/);
    expect(() => parseManifest('file\na.txt\na\n', 'm.csv')).toThrow(/^m\.csv:3: "a" is already listed on line 2/);
  });
  it('folder layouts', () => {
    expect(metadataFromPath('陵口镇/2021/总结.docx')).toEqual({ township: '陵口镇', year: 2021 });
    expect(metadataFromPath('2021/陵口镇.txt')).toEqual({ township: '陵口镇', year: 2021 });
    expect(metadataFromPath('陵口镇/2021.txt')).toEqual({ township: '陵口镇', year: 2021 });
    expect(metadataFromPath('2021年/陵口镇/a.txt')).toEqual({ township: '陵口镇', year: 2021 });
    expect(metadataFromPath('2021/陵口镇宣传工作总结.txt')).toEqual({ year: 2021 });
    expect(metadataFromPath('2021/000_db29db16.txt')).toEqual({ year: 2021 });
    expect(metadataFromPath('新丰街道/a.txt')).toEqual({ township: '新丰街道' });
    expect(metadataFromPath('reports/a.txt')).toEqual({});
  });
});

describe('normaliseTownship', () => {
  const known = ['陵口镇', '陵口', '西河', '新丰街道', '东湖乡', '东湖镇'];
  it('township normalisation: bare names take the full form the corpus uses', () => {
    expect(normaliseTownship('陵口', known)).toBe('陵口镇');
    expect(normaliseTownship('陵口镇', known)).toBe('陵口镇');
    expect(normaliseTownship(' 陵 口 ', known)).toBe('陵口镇');
    expect(normaliseTownship('新丰', known)).toBe('新丰街道');
    expect(normaliseTownship('西河', known)).toBe('西河');
    // two full forms with one stem stay apart; the bare stem takes a deterministic one
    expect(normaliseTownship('东湖乡', known)).toBe('东湖乡');
    expect(normaliseTownship('东湖镇', known)).toBe('东湖镇');
    expect(normaliseTownship('东湖', known)).toBe(normaliseTownship('东湖', [...known].reverse()));
  });
});
