/**
 * A document's tokens by section, the straightforward way, for tests of the reduction's own walk over them
 * (report-output.ts reads paragraphs and their token starts directly).
 */
import type { Doc } from '../../src/model/report.js';
import type { SectionType } from '../../src/model/kinds.js';
import type { SectionRun } from '../../src/stages/themes.js';

/** The tokens of a document by section, in order: one run per paragraph, tokens before the first paragraph as noise. */
export function tokenRuns(doc: Pick<Doc, 'paragraphs' | 'tokens'>): SectionRun[] {
  const { paragraphStarts, words } = doc.tokens;
  const runs: SectionRun[] = [];
  const first = doc.paragraphs.length > 0 ? paragraphStarts[0] : words.length;
  if (first > 0) runs.push({ start: 0, end: first, section: 'noise' });
  for (let i = 0; i < doc.paragraphs.length; i++) {
    const end = i + 1 < paragraphStarts.length ? paragraphStarts[i + 1] : words.length;
    runs.push({ start: paragraphStarts[i], end, section: doc.paragraphs[i].section });
  }
  return runs;
}

/** The section of every token of a document (section of the paragraph holding it). */
export function tokenSections(doc: Pick<Doc, 'paragraphs' | 'tokens'>): SectionType[] {
  const out = new Array<SectionType>(doc.tokens.words.length).fill('noise');
  for (const run of tokenRuns(doc)) out.fill(run.section, run.start, run.end);
  return out;
}
