import { afterMarkerOf } from './paragraphs.js';
import type { SectionType } from '../model/kinds.js';
import type { ParagraphCue } from '../data/resources.js';
import { startPatternIndex } from '../data/first-units.js';
import { anywherePrefilter } from '../data/required-literals.js';

/** Votes already counted, per list of cues and text; a list is emptied when it grows past `VOTES_KEPT`. */
const countedVotes = new WeakMap<readonly ParagraphCue[], Map<string, ReadonlyMap<SectionType, number>>>();
const VOTES_KEPT = 4096;

/**
 * Votes a paragraph's own words cast for each section, from the `start`/`any` cues of data/section-cues.tsv.
 * Remembered per cue list and text: the rule pass and the sequence model's features both count every paragraph.
 */
export function cueVotes(body: string, cues: readonly ParagraphCue[]): ReadonlyMap<SectionType, number> {
  let counted = countedVotes.get(cues);
  if (!counted) countedVotes.set(cues, (counted = new Map()));
  let votes = counted.get(body);
  if (!votes) {
    if (counted.size >= VOTES_KEPT) counted.clear();
    votes = countVotes(body, cues);
    counted.set(body, votes);
  }
  return votes;
}

function countVotes(body: string, cues: readonly ParagraphCue[]): Map<SectionType, number> {
  const votes = new Map<SectionType, number>();
  const afterMarker = afterMarkerOf(body);
  // Note: an `any` cue is tried only when the body holds one of the literals every match of it holds (one
  // scan of the body for all of them); most paragraphs hold none of a cue's words.
  const prefilter = anywherePrefilter(cues);
  const found = prefilter.scan(body);
  // Note: a `start` cue is anchored at the start (^): one that cannot open with the first character of the
  // text after the marker is not tried. `opening` lists the start cues (by their rank among the start cues,
  // ascending) that may match; votes are still added in the list's order.
  const opening = startPatternIndex(cues).patternsFor(afterMarker);
  let startRank = 0;
  let next = 0;
  for (let i = 0; i < cues.length; i++) {
    const cue = cues[i];
    if (cue.where === 'start') {
      const rank = startRank++;
      while (next < opening.length && opening[next] < rank) next++;
      if (opening[next] !== rank) continue;
    } else if (!prefilter.mayMatch(found, i)) {
      continue;
    }
    cue.pattern.lastIndex = 0;
    const hit = cue.where === 'start' ? cue.pattern.test(afterMarker) : cue.pattern.test(body);
    if (hit) votes.set(cue.section, (votes.get(cue.section) ?? 0) + cue.weight);
  }
  return votes;
}
