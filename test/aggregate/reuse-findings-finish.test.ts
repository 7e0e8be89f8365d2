import { describe, expect, it } from 'vitest';
import { reuseSources, type ReuseSource } from '../../src/aggregate/reuse-findings.js';
import type { ReusePassage } from '../../src/aggregate/reuse.js';
import { filler } from '../helpers/random.js';

const SHARED = '全镇组织文艺骨干编排了反映乡村振兴的小戏小品十二个,在各村文化礼堂巡回演出,观众累计达到两万余人次,并评选出优秀节目参加县里的汇演。';
/** Raw offset of the anchor's analysis offset 0: its raw text has a noise line above (cleaning dropped it). */
const SHIFT = 17;

/**
 * A star: `count` reports with their own filler around the same passage; r000, the anchor, is shown from a
 * cleaned text of its own (traditional script) and its raw offsets are shifted. Every third report is of one
 * township (a year apart), so that recycling has same-township passages to go by.
 */
function starSources(count: number): ReuseSource[] {
  return Array.from({ length: count }, (_, i) => {
    const text = `${filler(2 * i + 1, 120)}\n${SHARED}\n${filler(2 * i + 2, 120)}`;
    const anchor = i === 0;
    return {
      id: `r${String(i).padStart(3, '0')}`,
      township: i % 3 === 0 ? '陵口镇' : `镇${i}`,
      year: 2010 + i,
      text,
      ...(anchor ? { cleaned: text.replace(/镇/g, '鎮').replace(/乡/g, '鄉').replace(/艺/g, '藝') } : {}),
      toRaw: { starts: Int32Array.of(0), deltas: Int32Array.of(anchor ? SHIFT : 0), length: text.length },
      problems: [],
    };
  });
}

function finished(sources: readonly ReuseSource[], streamed: boolean) {
  const step = reuseSources({ formulaShare: 1 });
  for (const source of sources) step.add(source);
  const corpus = { township: (name: string) => name };
  if (!streamed) return step.finish(corpus);
  const passages: ReusePassage[] = [];
  const findings = step.finish(corpus, (found) => passages.push(...found));
  expect(findings.passages).toBeUndefined();
  return { ...findings, passages };
}

describe('reuse step finish', () => {
  const sources = starSources(30);
  const anchor = sources[0];

  it('reuse-finish streamed passages are those of the plain finish, with the same recycling and report columns', () => {
    const plain = finished(sources, false);
    const streamed = finished(sources, true);
    expect(plain.passages!.length).toBeGreaterThanOrEqual(sources.length - 1);
    expect(streamed.passages).toEqual(plain.passages);
    expect(streamed.pairs).toEqual(plain.pairs);
    expect(streamed.byReport).toEqual(plain.byReport);
    expect([...plain.byReport.values()].some((r) => r.recycling)).toBe(true);
  });

  it('reuse-finish re-points passages to raw offsets and shows them from the cleaned text', () => {
    for (const streamed of [false, true]) {
      const { passages } = finished(sources, streamed);
      const ofAnchor = passages!.filter((p) => p.reportA === anchor.id);
      expect(ofAnchor.length).toBeGreaterThan(1);
      for (const p of ofAnchor) {
        expect(p.text).toBe(anchor.cleaned!.slice(p.a.start - SHIFT, p.a.end - SHIFT));
        expect(p.text).toContain('鎮');
      }
      for (const p of passages!.filter((p) => p.reportA !== anchor.id)) {
        expect(p.text).toBe(sources.find((s) => s.id === p.reportA)!.text.slice(p.a.start, p.a.end));
      }
    }
  });

  it('reuse-finish streamed passages of one span of report A share its span and text objects', () => {
    const { passages } = finished(sources, true);
    const bySpan = new Map<string, ReusePassage[]>();
    for (const p of passages!) {
      const key = `${p.reportA} ${p.a.start} ${p.a.end}`;
      bySpan.set(key, [...(bySpan.get(key) ?? []), p]);
    }
    const shared = [...bySpan.values()].filter((group) => group.length > 1);
    expect(shared.length).toBeGreaterThan(0);
    for (const [first, ...rest] of shared) for (const p of rest) expect(p.a).toBe(first.a);
  });
});
