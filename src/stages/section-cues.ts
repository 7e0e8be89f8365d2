import { markerLength } from './paragraphs.js';
import type { SectionType } from '../model/kinds.js';
import type { ParagraphCue } from '../data/resources.js';

/** Votes a paragraph's own words cast for each section, from the `start`/`any` cues of data/section-cues.tsv. */
export function cueVotes(body: string, cues: readonly ParagraphCue[]): Map<SectionType, number> {
  const votes = new Map<SectionType, number>();
  const afterMarker = body.slice(markerLength(body)).replace(/^[一二三四五六七八九十]是/u, '');
  for (const cue of cues) {
    cue.pattern.lastIndex = 0;
    const hit = cue.where === 'start' ? cue.pattern.test(afterMarker) : cue.pattern.test(body);
    if (hit) votes.set(cue.section, (votes.get(cue.section) ?? 0) + cue.weight);
  }
  return votes;
}
