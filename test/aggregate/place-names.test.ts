import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { countByReport, findForeignPlaces, townshipKey, type GazetteerEntry, type PlaceInput } from '../../src/aggregate/place-names.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'reuse');
const read = (id: string): string => fs.readFileSync(path.join(FIXTURES, `${id}.txt`), 'utf8');

const CORPUS: PlaceInput[] = [
  { id: 'linkou-2021', township: '陵口镇', text: read('linkou-2021') },
  { id: 'jiepai-2021', township: '界牌镇', text: read('jiepai-2021') },
  { id: 'fangxian-2021', township: '访仙镇', text: read('fangxian-2021') },
];

const GAZETTEER: GazetteerEntry[] = [
  { name: '陵口镇', owner: '丹阳市', kind: 'township' },
  { name: '界牌镇', owner: '丹阳市', kind: 'township' },
  { name: '访仙镇', owner: '丹阳市', kind: 'township' },
  { name: '丹阳市', owner: '镇江市', kind: 'county' },
  { name: '句容市', owner: '镇江市', kind: 'county' },
  { name: '宝华镇', owner: '句容市', kind: 'township' },
  { name: '萧家村', owner: '访仙镇', kind: 'village' },
  { name: '金家', owner: '陵口镇', kind: 'village' },
];

describe('townshipKey', () => {
  it('place-names strips the administrative suffix and drops placeholders and generic words', () => {
    expect(townshipKey('陵口镇')).toBe('陵口');
    expect(townshipKey('陵口')).toBe('陵口');
    expect(townshipKey('新坊街道')).toBe('新坊');
    expect(townshipKey('X镇')).toBe('');
    expect(townshipKey('乡镇')).toBe('');
    expect(townshipKey('')).toBe('');
  });
});

describe('findForeignPlaces', () => {
  it('place-names tells apart townships that share a first character, up to the last character of a text', () => {
    const reports: PlaceInput[] = [
      { id: 'a', township: '新安镇', text: '新安镇今年修路五条，新桥镇派人来学习。新' },
      { id: 'b', township: '新桥镇', text: '新桥镇对口帮扶新安村，新' },
      { id: 'c', township: '新港镇', text: '新港镇' },
    ];
    const found = findForeignPlaces(reports).map((f) => [f.reportId, f.place, f.start]);
    expect(found).toEqual([
      ['a', '新桥镇', 10],
      ['b', '新安村', 7],
    ]);
  });

  it('place-names finds another report’s township left in a copied report, with offsets', () => {
    const findings = findForeignPlaces(CORPUS);
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    const text = CORPUS[1].text;
    const start = text.indexOf('为陵口镇经济社会发展') + 1;
    expect(finding).toMatchObject({ reportId: 'jiepai-2021', place: '陵口镇', owner: '陵口镇', kind: 'township', start, end: start + 3 });
    expect(finding.context).toContain('陵口镇经济社会发展');
    expect(countByReport(findings).get('jiepai-2021')).toBe(1);
  });

  const cases: { name: string; township: string; text: string; places: string[] }[] = [
    { name: 'own full and bare names are not foreign', township: '陵口镇', text: '陵口镇党委在陵口召开会议。', places: [] },
    { name: 'a two-character bare name needs a suffix', township: '访仙镇', text: '讲好陵口故事,走访陵口村和陵口乡。', places: ['陵口村', '陵口乡'] },
    { name: 'a word that only contains a name is not a hit', township: '陵口镇', text: '推进界牌镇化建设和新型城镇化。', places: [] },
    { name: 'a gazetteer village of another township is foreign', township: '陵口镇', text: '组织萧家村舞龙队和金家村民参加。', places: ['萧家村'] },
    { name: 'the county above one’s own township is not foreign', township: '陵口镇', text: '在丹阳市委宣传部指导下。', places: [] },
    { name: 'a township of another county and that county are foreign', township: '陵口镇', text: '学习句容市宝华镇经验。', places: ['句容市', '宝华镇'] },
    { name: 'a report without a known township is not checked', township: 'X镇', text: '学习陵口镇经验。', places: [] },
  ];
  for (const c of cases) {
    it(`place-names ${c.name}`, () => {
      const reports: PlaceInput[] = [...CORPUS, { id: 'zz-case', township: c.township, text: c.text }];
      const found = findForeignPlaces(reports, GAZETTEER).filter((f) => f.reportId === 'zz-case');
      expect(found.map((f) => f.place)).toEqual(c.places);
      for (const f of found) expect(c.text.slice(f.start, f.end)).toBe(f.place);
    });
  }

  it('place-names names the owner of a village as its township', () => {
    const found = findForeignPlaces([...CORPUS, { id: 'zz', township: '陵口镇', text: '萧家村的做法' }], GAZETTEER);
    expect(found.find((f) => f.reportId === 'zz')).toMatchObject({ place: '萧家村', owner: '访仙镇', kind: 'village', start: 0, end: 3 });
  });
});

describe('loadGazetteer', () => {
  it('place-names reads a gazetteer file, guessing a missing kind from the ending', async () => {
    const { loadGazetteer, parseGazetteer } = await import('../../src/data/gazetteer.js');
    expect(loadGazetteer(path.join(FIXTURES, 'gazetteer.tsv'))).toEqual([
      { name: '陵口镇', owner: '丹阳市', kind: 'township' },
      { name: '金家村', owner: '陵口镇', kind: 'village' },
      { name: '季子庙', owner: '延陵镇', kind: 'place' },
    ]);
    expect(() => parseGazetteer('g.tsv', [{ line: 3, fields: ['陵口镇', '丹阳市', 'city'] }])).toThrow('g.tsv:3');
    expect(loadGazetteer()).toEqual([]); // the bundled file holds only comments
  });
});
