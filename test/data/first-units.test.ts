import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FirstUnitIndex, firstUnits } from '../../src/data/first-units.js';
import { resources } from '../helpers.js';

const units = (text: string) => [...text].map((ch) => ch.charCodeAt(0)).sort((a, b) => a - b);
const sorted = (set: ReadonlySet<number> | null) => (set === null ? null : [...set].sort((a, b) => a - b));

describe('firstUnits', () => {
  it('reads the units a match can begin with', () => {
    expect(sorted(firstUnits(/^(来源|作者)\s*[:：]/u))).toEqual(units('来作'));
    expect(sorted(firstUnits(/^[（(【\[]?来源/u))).toEqual(units('（(【[来'));
    expect(sorted(firstUnits(/^(文档)?(页数|大小)/u))).toEqual(units('文页大'));
    expect(sorted(firstUnits(/^\d{4}-\d{1,2}/u))).toEqual(units('0123456789'));
    expect(sorted(firstUnits(/^[a-cX\-]+/u))).toEqual(units('abcX-'));
    expect(sorted(firstUnits(/^(?=第)第\s*[0-9]/u))).toEqual(units('第'));
    expect(sorted(firstUnits(/^\(c\)|^©/u))).toEqual(units('(©'));
    expect(sorted(firstUnits(/(?:^来源|^作者)：/u))).toEqual(units('来作'));
    expect(sorted(firstUnits(/[【\[]?^来源/u))).toEqual(units('【[来'));
    expect(firstUnits(/^\s*篇/u)).toContain(0x20);
    expect(firstUnits(/^\s*篇/u)).toContain(0x3000);
    expect(firstUnits(/^\s*篇/u)).toContain('篇'.charCodeAt(0));
  });

  it('gives no gate to a pattern not anchored on every alternative, where any unit may begin a match, or where it cannot tell', () => {
    for (const pattern of [/来源/u, /^(a)|b/u, /(^a)?b/u, /^a/y, /^.{0,30}ICP/u, /^[^。]{1,3}/u, /^\p{Script=Han}/u, /^\S+/u, /^a?/u, /^$/u, /(?<=a)b/u, /^(a)\1/u, /^\u4e00/u, /^x/iu, /^x/mu, /^[\u4e00-\u9fff]/u]) {
      expect(firstUnits(pattern), pattern.source).toBeNull();
    }
  });

  it('indexes patterns by the unit a text opens with, in list order, the ungated ones always', () => {
    const index = new FirstUnitIndex([/^来源/u, /^.{0,30}公网安备/u, /摄$/u, /^[【\[]?注/u, /^来稿/u]);
    expect(index.ungated).toEqual([1, 2]);
    expect(index.patternsFor('来源：')).toEqual([0, 1, 2, 4]);
    expect(index.patternsFor('【注】')).toEqual([1, 2, 3]);
    expect(index.patternsFor('注')).toEqual([1, 2, 3]);
    expect(index.patternsFor('本文')).toEqual([1, 2]);
    expect(index.patternsFor('')).toEqual([1, 2]);
    expect(index.patternsFor(' 来源')).toEqual([1, 2]);
  });

  it('tells the units some pattern is gated on from the others by a bit set', () => {
    const index = new FirstUnitIndex([/^来源/u, /^.{0,30}公网安备/u, /摄$/u, /^[【\[]?注/u, /^来稿/u]);
    const gated = [...'来【[注'].map((ch) => ch.charCodeAt(0));
    for (const unit of gated) expect(index.opensGated(unit)).toBe(true);
    for (const unit of [-1, 0, 0x20, '本'.charCodeAt(0), '源'.charCodeAt(0), 0xffff, '来'.charCodeAt(0) + 32]) expect(index.opensGated(unit)).toBe(false);
  });

  it('lets through every line of the corpora and fixtures that a gated data pattern matches', () => {
    const r = resources();
    const patterns = [...r.noiseLines, ...r.noiseListHeaders.map((h) => h.pattern)];
    const files = ['corpus', 'test/fixtures'].flatMap((dir) => (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.txt')).map((f) => path.join(dir, f)));
    const lines = new Set<string>();
    const leads = ['', '(', '（', '【', '[', ' ', '1', 'a', '来', '第', '>', '-'];
    for (const file of files) {
      for (const raw of fs.readFileSync(file, 'utf8').split('\n')) {
        const line = raw.trim();
        if (!line) continue;
        // the line, without its first characters, and after each lead: other openings of the same furniture
        for (const lead of leads) for (const from of [0, 1, 2]) lines.add(lead + line.slice(from));
      }
    }
    let matched = 0;
    const index = new FirstUnitIndex(patterns);
    patterns.forEach((pattern, i) => {
      for (const line of lines) {
        if (!pattern.test(line)) continue;
        matched++;
        expect(index.patternsFor(line), `${pattern.source} (${i}) on ${line}`).toContain(i);
      }
    });
    expect(matched).toBeGreaterThan(20);
  });
});
