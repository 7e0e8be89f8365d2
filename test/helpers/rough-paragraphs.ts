/**
 * A rough stand-in for the core's paragraph and section stages, for testing the problems stage alone:
 * one paragraph per line (a line is also split before inline "(一)" / "二、" headings and known section
 * headings), sections set by a few heading words. Not the real classifier.
 */
import type { Paragraph } from '../../src/model/report.js';
import type { SectionType } from '../../src/model/kinds.js';

const PROBLEM_HEADING = /^(?:[一二三四五六七八九十]+、)?\s*(?:工作中)?(?:存在(?:的)?(?:主要)?(?:问题|不足)|(?:存在的)?问题(?:与|和)不足|不足之处|薄弱环节)/u;
const PLAN_HEADING = /^(?:[一二三四五六七八九十]+、)?\s*(?:\d{4}\s*年\s*工作(?:计划|打算|思路)|下(?:一)?步(?:工作)?(?:计划|打算|思路)|今后工作|明年工作)/u;
const WORK_HEADING = /^(?:[一二三四五六七八九十]+、)/u;
const PROBLEM_INTRO = /存在(?:着)?(?:一些|一定的?|不少)?(?:的)?(?:薄弱环节|问题|不足|差距)/u;
const SPLIT = /(?<=[。；;：:\s])(?=[(（][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、|存在问题|\d{4}\s*年\s*工作计划)/gu;

/** Removes spaces between CJK characters (PDF extraction) in place of the real cleaning stage. */
export function squashSpaces(text: string): string {
  return text.replace(/(?<=[\u3000-\u9fff\uff00-\uffef])[ \t]+(?=[\u3000-\u9fff\uff00-\uffef])/gu, '');
}

/** Paragraphs with rough sections; spans index `text`. */
export function roughParagraphs(text: string): Paragraph[] {
  const spans: { start: number; end: number }[] = [];
  let lineStart = 0;
  for (const line of text.split('\n')) {
    const cuts = [0, ...[...line.matchAll(SPLIT)].map((m) => m.index), line.length];
    for (let k = 0; k + 1 < cuts.length; k++) {
      let a = cuts[k];
      let b = cuts[k + 1];
      while (a < b && /\s/u.test(line[a])) a++;
      while (b > a && /\s/u.test(line[b - 1])) b--;
      if (b > a) spans.push({ start: lineStart + a, end: lineStart + b });
    }
    lineStart += line.length + 1;
  }
  let section: SectionType = 'preamble';
  return spans.map((span, i) => {
    const line = text.slice(span.start, span.end);
    const heading = line.length <= 40 && (/^[(（]?[一二三四五六七八九十]+[、)）]/u.test(line) || PROBLEM_HEADING.test(line) || PLAN_HEADING.test(line));
    let cue: SectionType | undefined;
    if (PROBLEM_HEADING.test(line) && line.length <= 20) cue = section = 'problems';
    else if (PLAN_HEADING.test(line)) cue = section = 'plans';
    else if (section !== 'problems' && PROBLEM_INTRO.test(line) && /^(?:虽然|尽管|但|在|同时|当然)/u.test(line)) section = 'problems';
    else if (section === 'problems' && /^\d{4}\s*年.{0,6}将/u.test(line)) section = 'plans';
    else if (heading && WORK_HEADING.test(line) && section !== 'problems' && section !== 'plans') section = 'work';
    return { ...span, no: i + 1, section, isHeading: heading && line.length <= 40 && /[一二三四五六七八九十]/u.test(line.slice(0, 3)) && !/。.+/u.test(line), level: 0, ...(cue ? { cue } : {}) };
  });
}
