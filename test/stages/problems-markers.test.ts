import { describe, expect, test } from 'vitest';
import { FAMILIES, findMarkers, listMarkers, type Marker } from '../../src/stages/problems.js';
import type { Paragraph } from '../../src/model/report.js';

const SENTENCE_BEFORE = new Set([...'。！？!?；;：:\n\r \t\u3000']);
const CLAUSE_BEFORE = new Set([...'。！？!?；;：:,，、\n\r \t\u3000']);

/** The marks as found before the one-pass scan: each family's pattern over each paragraph with `matchAll`. */
function markersByFamily(text: string, paragraphs: Paragraph[], from: number): Marker[] {
  const markers: Marker[] = [];
  for (const paragraph of paragraphs) {
    const start = Math.max(from, paragraph.start);
    const slice = text.slice(start, paragraph.end);
    for (const family of FAMILIES) {
      for (const m of slice.matchAll(new RegExp(family.pattern.source, 'gu'))) {
        const at = start + m.index;
        const before = at === paragraph.start ? '\n' : text[at - 1];
        if (!(family.inline ? CLAUSE_BEFORE : SENTENCE_BEFORE).has(before)) continue;
        let contentStart = at + m[0].length;
        while (contentStart < paragraph.end && /[\s,，、:：.．]/u.test(text[contentStart])) contentStart++;
        if (contentStart >= paragraph.end) continue;
        markers.push({ family: family.name, ordinal: 0, start: at, contentStart });
      }
    }
  }
  return markers.sort((a, b) => a.start - b.start);
}

function paragraph(start: number, end: number): Paragraph {
  return { no: 1, start, end, section: 'problems', isHeading: false, level: 0 } as Paragraph;
}

/** A deterministic pseudo-random text over the characters marks are made of. */
function randomText(seed: number, length: number): string {
  const alphabet = [...'一二三四十(（)）(（12.．、是否非法常其第,，:：。；①②③\n 字问题不足'];
  let state = seed;
  let out = '';
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    out += alphabet[(state >>> 8) % alphabet.length];
  }
  return out;
}

describe('findMarkers', () => {
  test('finds the marks of every family, in text order', () => {
    const text = '（一）学习不深入。一是学习不够；二是三是非法占地，二是非常。1.5亿元，2. 队伍老化；①设施②人员。其一，其二：第一，第二、(3)落后';
    const found = findMarkers(text, [paragraph(0, text.length)], 0);
    expect(found.map((m) => `${m.family}:${m.ordinal}@${m.start}`)).toEqual(['paren-cn:1@0', 'shi:1@9', 'shi:2@16', 'shi:2@25', 'circled:1@44', 'qi:1@51', 'qi:2@54', 'di:1@57', 'di:2@60']);
    expect(found.map(({ family, start, contentStart }) => ({ family, start, contentStart }))).toEqual(
      markersByFamily(text, [paragraph(0, text.length)], 0).map(({ family, start, contentStart }) => ({ family, start, contentStart })),
    );
  });

  test('finds what each family pattern finds on its own, on texts made of mark characters', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const text = randomText(seed, 120);
      const paragraphs = [paragraph(0, 50), paragraph(50, 90), paragraph(90, 120)];
      const from = seed % 7 === 0 ? 20 : seed % 5 === 0 ? 55 : 0;
      const found = findMarkers(text, paragraphs, from).map(({ family, start, contentStart }) => ({ family, start, contentStart }));
      const expected = markersByFamily(text, paragraphs, from).map(({ family, start, contentStart }) => ({ family, start, contentStart }));
      expect(found, text).toEqual(expected);
    }
  });
});

/** The lists as kept before the one-pass `listMarkers`: family by family, each run closed at the next 1, then sorted. */
function listsByFamily(markers: Marker[]): Marker[] {
  const kept: Marker[] = [];
  for (const family of FAMILIES) {
    let run: Marker[] = [];
    const close = () => {
      if (run.length >= family.minRun) kept.push(...run);
      run = [];
    };
    for (const marker of markers) {
      if (marker.family !== family.name) continue;
      if (marker.ordinal === 1) {
        close();
        run.push(marker);
      } else if (run.length && marker.ordinal === run[run.length - 1].ordinal + 1) {
        run.push(marker);
      }
    }
    close();
  }
  return kept.sort((a, b) => a.start - b.start);
}

describe('listMarkers', () => {
  test('keeps the runs 1, 2, 3 … of each family long enough for it', () => {
    const text = '一是学习不够，三是作风不实，二是制度不全。（一）组织。（二）队伍。1.设施 2.人员 1.资金';
    const kept = listMarkers(findMarkers(text, [paragraph(0, text.length)], 0));
    // a 三是 out of turn is no item of the run 一是…二是; a 1 after 2. opens a run of its own
    expect(kept.map((m) => `${m.family}:${m.ordinal}`)).toEqual(['shi:1', 'shi:2', 'paren-cn:1', 'paren-cn:2', 'num:1', 'num:2', 'num:1']);
  });

  test('keeps what the family-by-family runs kept, in the same order, on texts made of mark characters', () => {
    for (let seed = 1; seed <= 400; seed++) {
      const text = randomText(seed, 160);
      const markers = findMarkers(text, [paragraph(0, 80), paragraph(80, 160)], 0);
      expect(listMarkers(markers), text).toEqual(listsByFamily(markers));
    }
  });
});
