import { describe, expect, it } from 'vitest';
import {
  countMatches,
  densityBucket,
  featureCount,
  featureId,
  featureName,
  sectionFeatureIds,
  sectionFeatures,
  UnitFeatureIds,
  unitFeatureIds,
  unitKinds,
} from '../../src/stages/section-features.js';
import { afterMarkerOf, markerLength } from '../../src/stages/paragraphs.js';
import { opensOnPlanPeriod } from '../../src/stages/section-years.js';
import { makeParagraph, type Paragraph } from '../../src/model/report.js';
import { resources } from '../helpers.js';

describe('section-features', () => {
  it('section-features countMatches counts as text.match does, empty matches included', () => {
    const texts = ['', '完成了任务，已经完成，已完成', '力争增长5%，确保完成', '2025年增长12.5%，2026年增长8%', '没有要找的字'];
    const patterns = [/(了|已经|已|完成)/gu, /[0-9]+(\.[0-9]+)?/gu, /(将|要|力争|确保)/gu, /x*/gu, /(?=完成)/gu, /$/gu];
    for (const pattern of patterns) {
      for (const text of texts) expect(countMatches(pattern, text)).toBe(text.match(pattern)?.length ?? 0);
    }
  });

  it('section-features densityBucket is the bucket of the full count, though it stops counting early', () => {
    const bucketOf = (n: number, length: number) => {
      const perHundred = (100 * n) / Math.max(length, 1);
      return perHundred === 0 ? 0 : perHundred < 1.5 ? 1 : 2;
    };
    const texts = ['', '完成了任务，已经完成，已完成', '力争增长5%，确保完成', '2025年增长12.5%，2026年增长8%', '没有要找的字', '完成'.repeat(3) + '其余'.repeat(200), '完成' + '其余'.repeat(60)];
    const patterns = [/(了|已经|已|完成)/gu, /[0-9]+(\.[0-9]+)?/gu, /(将|要|力争|确保)/gu, /x*/gu, /(?=完成)/gu, /$/gu];
    for (const pattern of patterns) {
      for (const text of texts) {
        expect(densityBucket(pattern, text)).toBe(bucketOf(text.match(pattern)?.length ?? 0, text.length));
        expect(pattern.lastIndex).toBe(0);
      }
    }
  });

  it('section-features featureId gives each name one id for good, and featureName gives the name back', () => {
    const id = featureId('test:some-feature');
    expect(featureId('test:some-feature')).toBe(id);
    expect(featureName(id)).toBe('test:some-feature');
    expect(featureId('test:other-feature')).toBe(id + 1);
    expect(featureCount()).toBeGreaterThan(id + 1);
    expect(featureName(featureId('bias'))).toBe('bias');
  });

  it('section-features sectionFeatureIds are the ids of sectionFeatures names, unit by unit', () => {
    const { sectionEvidence, paragraphCues } = resources();
    const lines = ['某镇2025年工作总结', '一、存在的主要问题', '2026年我们将继续加强党建工作，确保完成全年目标任务！', '（一）加强学习'];
    const text = lines.join('\n');
    let at = 0;
    const units = lines.map((line, k) => {
      const p = makeParagraph(at, at + line.length, k + 1, k === 0 ? 'title' : 'work', k === 1 || k === 3, k === 1 ? 1 : k === 3 ? 2 : 0, k === 1 ? 'problems' : undefined);
      at += line.length + 1;
      return p;
    });
    const input = { text, units, ruleSections: units.map((p) => p.section), years: { latest: 2026, earliest: 2025 } };
    const names = sectionFeatures(input, [...sectionEvidence], paragraphCues);
    expect(sectionFeatureIds(input, [...sectionEvidence], paragraphCues).map((ids) => ids.map(featureName))).toEqual(names);
    expect(names[0].slice(0, 4)).toEqual(['bias', 'kind:plain', 'rule:title', 'rule:title&kind:plain']);
    expect(names[1]).toContain('cue:problems&kind:top');
    expect(names[2]).toContain('exclaims');
  });

  it('section-features unitFeatureIds refill one list report after report, as sectionFeatureIds give them', () => {
    const { sectionEvidence, paragraphCues } = resources();
    const evidence = [...sectionEvidence];
    const inputOf = (lines: string[]) => {
      const text = lines.join('\n');
      let at = 0;
      const units = lines.map((line, k) => {
        const p = makeParagraph(at, at + line.length, k + 1, 'work', k % 3 === 0, k % 3 === 0 ? 1 : 0, undefined);
        at += line.length + 1;
        return p;
      });
      return { text, units, ruleSections: units.map((p) => p.section), years: { latest: 2026, earliest: 2025 } };
    };
    const long = inputOf(Array.from({ length: 900 }, (_, k) => (k % 3 === 0 ? `${'一二三'[k % 3]}、加强学习${k}` : `2026年我们将继续加强党建工作${k}，确保完成全年目标任务。`)));
    const short = inputOf(['一、存在的主要问题', '学习不够深入。']);
    const list = new UnitFeatureIds();
    for (const input of [long, short, long]) {
      unitFeatureIds(input, evidence, paragraphCues, list);
      const expected = sectionFeatureIds(input, evidence, paragraphCues);
      expect(list.units).toBe(expected.length);
      for (let k = 0; k < list.units; k++) expect(Array.from(list.ids.subarray(list.starts[k], list.starts[k + 1]))).toEqual(expected[k]);
    }
    expect(list.length).toBeGreaterThan(4096);
  });

  it('section-features unitKinds ranks a 第…部分 part (rank 0.5) above 一、', () => {
    const lines = ['第一部分工作回顾', '一、加强学习', '组织学习12次。', '第二部分下步计划'];
    const text = lines.join('\n');
    let at = 0;
    const units = lines.map((line, k) => {
      const p = makeParagraph(at, at + line.length, k + 1, 'work', k !== 2, k === 2 ? 0 : 1, undefined);
      at += line.length + 1;
      return p;
    });
    expect(unitKinds(text, units)).toEqual(['top', 'sub', 'plain', 'top']);
    expect(unitKinds(text, units.slice(1, 3))).toEqual(['top', 'plain']);
    expect(unitKinds(text, [])).toEqual([]);
  });

  it('section-features unitKinds of a report after a longer one (the ranks array is kept from call to call)', () => {
    const lines = ['二、加强学习', '组织学习12次。', '一、工作回顾', '（一）宣传'];
    const text = lines.join('\n');
    let at = 0;
    const units = lines.map((line, k) => {
      const p = makeParagraph(at, at + line.length, k + 1, 'work', k !== 1, [1, 0, 1, 2][k], undefined);
      at += line.length + 1;
      return p;
    });
    const long = Array.from({ length: 3000 }, (_, k) => units[k % 4]);
    const expected = ['top', 'plain', 'top', 'sub'];
    expect(unitKinds(text, long)).toEqual(long.map((_, k) => expected[k % 4]));
    expect(unitKinds(text, units.slice(1))).toEqual(['plain', 'top', 'sub']);
    expect(unitKinds(text, units)).toEqual(expected);
  });

  it('section-features afterMarkerOf drops a heading marker and an opening 一是 … 十是, as the regex did', () => {
    const bodies = ['一、主要工作', '（二）存在问题', '一是加强党建', '三、二是什么', '十是落实', '是否完成', '一是', '一', '', '1.一是', '第一部分工作回顾'];
    for (const body of bodies) {
      expect(afterMarkerOf(body)).toBe(body.slice(markerLength(body)).replace(/^[一二三四五六七八九十]是/u, ''));
    }
    expect(afterMarkerOf('一是加强党建')).toBe('加强党建');
  });

  it('section-features: a body read before gives what it gives read afresh, its heading evidence too when it comes back as a heading', () => {
    const { sectionEvidence, paragraphCues } = resources();
    const lines = ['存在的主要问题和不足', '2026年我们将继续加强党建工作，确保完成全年目标任务。', '存在的主要问题和不足'];
    const text = lines.join('\n');
    const span = (k: number) => ({ start: lines.slice(0, k).join('\n').length + (k > 0 ? 1 : 0), end: lines.slice(0, k + 1).join('\n').length });
    const plain = (k: number): Paragraph => ({ ...span(k), no: k + 1, section: 'work', isHeading: false, level: 0 });
    const heading = (k: number): Paragraph => ({ ...span(k), no: k + 1, section: 'problems', isHeading: true, level: 1 });
    // each list of evidence has its own memo of bodies (`paragraphScan`): a copy reads every body afresh
    const remembering = [...sectionEvidence];
    const features = (units: Paragraph[], evidence: typeof sectionEvidence) =>
      sectionFeatures({ text, units, ruleSections: units.map((p) => p.section), years: { latest: 2026, earliest: 2025 } }, evidence, paragraphCues);
    for (const units of [[plain(0), plain(1)], [heading(2), plain(1)], [plain(0), plain(1)]]) {
      expect(features(units, remembering)).toEqual(features(units, [...sectionEvidence]));
    }
    expect(features([heading(2)], remembering)[0]).toContain('ev:problemheading');
  });

  it('section-years opensOnPlanPeriod: the plan period named in the first clause, within the first 40 characters', () => {
    const years = { latest: 2026, earliest: 2025 };
    expect(opensOnPlanPeriod('根据《中共中央关于制定国民经济和社会发展第十五个五年规划的建议》，我们将继续', years)).toBe(true);
    expect(opensOnPlanPeriod('“十五五”时期是全面建成社会主义现代化强国的关键时期', years)).toBe(true);
    expect(opensOnPlanPeriod('我们认真学习贯彻党的各项方针政策，在“十五五”规划的指引下', years)).toBe(false);
    expect(opensOnPlanPeriod(`${'加强党建'.repeat(10)}“十五五”时期`, years)).toBe(false);
    expect(opensOnPlanPeriod('2026年是“十五五”开局之年', years)).toBe(true);
    expect(opensOnPlanPeriod('今年以来，我镇认真落实各项工作', years)).toBe(false);
  });
});

