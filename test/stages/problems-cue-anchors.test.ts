import { describe, expect, test } from 'vitest';
import { extractProblems } from '../../src/stages/problems.js';
import { buildProblemCues } from '../../src/data/problem-cues.js';
import { makeParagraph } from '../../src/model/report.js';

/**
 * The announcing-cue test of a paragraph knows the clause breaks only while no intro cue opens on ^: intro cues are read
 * at the end of windows of 60 characters cut anywhere (announcesAt), where a ^ anchors at the window's start.
 */
describe('problems announcing cues', () => {
  // (enough statement cues that the cue test scans for their opening characters itself)
  const statements = ['清醒看到', '深刻认识到', '客观看到', '冷静看到', '清醒认识到', '深刻看到', '客观认识到', '冷静认识到'];
  const cuesWith = (intro: RegExp) =>
    buildProblemCues(['不足'], [{ kind: 'intro', pattern: intro }, ...statements.map((s) => ({ kind: 'statement' as const, pattern: new RegExp(s, 'u') }))]);
  // 和 stands 60 characters before 一是, inside a clause (after 展): the window announcesAt reads opens on it
  const lead = '今年工作有进展和' + '工作'.repeat(27) + '以下问题：';
  const text = `${lead}一是人员不足的问题要解决；二是经费不足的情况要改善。`;
  const paragraphs = [makeParagraph(0, text.length, 1, 'work', false, 0, undefined)];

  test('problems announcing cues: an intro cue anchored at a window start still announces the list', () => {
    expect(text.indexOf('一是') - text.indexOf('和')).toBe(60);
    const items = extractProblems(text, paragraphs, cuesWith(/^和[^。]{0,70}以下问题[：:]$/u));
    expect(items.map((item) => text.slice(item.start, item.end))).toEqual(['人员不足的问题要解决', '经费不足的情况要改善']);
  });

  test('problems announcing cues: the same intro cue unanchored finds the same list', () => {
    const items = extractProblems(text, paragraphs, cuesWith(/和[^。]{0,70}以下问题[：:]$/u));
    expect(items.map((item) => text.slice(item.start, item.end))).toEqual(['人员不足的问题要解决', '经费不足的情况要改善']);
  });
});
