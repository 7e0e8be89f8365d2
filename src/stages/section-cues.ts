import { afterMarkerOf } from './paragraphs.js';
import type { SectionType } from '../model/kinds.js';
import type { ParagraphCue } from '../data/resources.js';
import { startPatternIndex } from '../data/first-units.js';
import { anywherePrefilter, type ListPrefilter } from '../data/required-literals.js';
import type { BodyFeatures, SectionEvidence } from './section-features.js';

/** What one literal scan of a paragraph's body gives: its cue votes, and the literals the `any` evidence needs. */
export interface ParagraphWords {
  /** the votes its words cast for each section (`cueVotes`) */
  votes: ReadonlyMap<SectionType, number>;
  /** the literals of the `any` cues and evidence it holds, for `ParagraphScan.evidenceMayMatch` */
  found: Int32Array;
  /** what the body gives the sequence model's features, kept by them the first time they read it */
  features: BodyFeatures | undefined;
  /** where the body may turn to another section, kept by the rule pass the first time it asks (`TurnCandidate`) */
  turns: TurnCandidate[] | undefined;
}

/**
 * A sentence of a paragraph after which it may turn to another section: where the sentence starts (from the
 * paragraph's start) and the votes of the `start` cues on its opening.
 */
export interface TurnCandidate {
  offset: number;
  votes: ReadonlyMap<SectionType, number>;
}

/** The evidence list of a scan made for the cue votes alone (the same array each time, so the scan is reused). */
export const NO_EVIDENCE: readonly SectionEvidence[] = [];

/** Bodies already scanned are kept until this many, then forgotten all at once. */
const WORDS_KEPT = 4096;
/**
 * How many a new scan keeps before it first forgets (then `WORDS_KEPT`): few, so that the forgetting has run
 * within the first report, once `words` has its feedback. Run first after its callers are optimized (the
 * sequence model's `pushUnitFeatures` inlines `words`), it would deopt them, to be compiled again, in every
 * thread. (Forgetting more often at first, a threshold doubling from 16, was followed by more lazy deopts of
 * `turnCandidates`, "code dependencies": so once only.)
 */
const FIRST_WORDS_KEPT = 64;

/**
 * The `any` cues and `any` evidence of a paragraph, prefiltered by one `LiteralScanner` pass over its body:
 * the rule pass counts the votes of plain paragraphs, the sequence model's features read the votes and the
 * evidence of every unit; each body is scanned once for both lists. Results remembered per body (the synthetic
 * and the real reports repeat paragraphs).
 */
export class ParagraphScan {
  /** over the cues, then the evidence (evidence v is entry `cues.length + v`) */
  private readonly prefilter: ListPrefilter;
  private readonly scanned = new Map<string, ParagraphWords>();
  /** bodies kept before the next forgetting (`FIRST_WORDS_KEPT`, then `WORDS_KEPT`) */
  private kept = FIRST_WORDS_KEPT;

  constructor(
    private readonly cues: readonly ParagraphCue[],
    evidence: readonly SectionEvidence[],
  ) {
    this.prefilter = anywherePrefilter([...cues, ...evidence]);
  }

  /** The body's votes and literals, scanned once. */
  words(body: string): ParagraphWords {
    let words = this.scanned.get(body);
    if (!words) {
      if (this.scanned.size >= this.kept) {
        this.scanned.clear();
        this.kept = WORDS_KEPT;
      }
      const found = this.prefilter.scan(body);
      words = { votes: countVotes(body, this.cues, this.prefilter, found), found, features: undefined, turns: undefined };
      this.scanned.set(body, words);
    }
    return words;
  }

  /** False only when the body `found` was scanned from holds none of `any` evidence v's required literals. */
  evidenceMayMatch(found: Int32Array, v: number): boolean {
    return this.prefilter.mayMatch(found, this.cues.length + v);
  }
}

const scans = new WeakMap<readonly ParagraphCue[], WeakMap<readonly SectionEvidence[], ParagraphScan>>();
/** The `ParagraphScan` of a cue list and an evidence list, made once per pair. */
export function paragraphScan(cues: readonly ParagraphCue[], evidence: readonly SectionEvidence[] = NO_EVIDENCE): ParagraphScan {
  let byEvidence = scans.get(cues);
  if (!byEvidence) scans.set(cues, (byEvidence = new WeakMap()));
  let scan = byEvidence.get(evidence);
  if (!scan) byEvidence.set(evidence, (scan = new ParagraphScan(cues, evidence)));
  return scan;
}

/**
 * Votes a paragraph's own words cast for each section, from the `start`/`any` cues of data/section-cues.tsv.
 * `evidence`: the evidence list the same body's features will read (`paragraphScan`), scanned for in the same pass.
 */
export function cueVotes(body: string, cues: readonly ParagraphCue[], evidence: readonly SectionEvidence[] = NO_EVIDENCE): ReadonlyMap<SectionType, number> {
  return paragraphScan(cues, evidence).words(body).votes;
}

function countVotes(body: string, cues: readonly ParagraphCue[], prefilter: ListPrefilter, found: Int32Array): Map<SectionType, number> {
  const votes = new Map<SectionType, number>();
  const afterMarker = afterMarkerOf(body);
  // Note: an `any` cue is tried only when the body holds one of the literals every match of it holds (`found`:
  // one scan of the body for all of them); most paragraphs hold none of a cue's words.
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
