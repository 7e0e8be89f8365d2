import { afterMarkerOf, compactBody, headingRank } from './paragraphs.js';
import { paragraphScan, type ParagraphScan, type ParagraphWords } from './section-cues.js';
import type { Paragraph } from '../model/report.js';
import { SECTION_TYPES, type SectionType } from '../model/kinds.js';
import type { ParagraphCue } from '../data/resources.js';
import { headingRanksScratch, periodSection, type ReportYears } from './section-years.js';
import { startPatternIndex } from '../data/first-units.js';

/** A pattern of data/section-evidence.tsv: a named feature of the sequence model of sections. */
export interface SectionEvidence {
  /** feature name as the model's weights know it */
  feature: string;
  /** `heading`: a heading's lead clause; `start`: a paragraph's first characters; `any`: anywhere; `density`: per 100 characters */
  where: 'heading' | 'start' | 'any' | 'density';
  pattern: RegExp;
}

/** How a unit stands in the report's outline; transitions are learned separately for each. */
export type UnitKind = 'top' | 'sub' | 'plain';
export const UNIT_KINDS: readonly UnitKind[] = ['top', 'sub', 'plain'];

/**
 * How a unit enters the sequence, for the transition tables: its outline kind, and whether the rule pass
 * moved to another section there (a heading cue, a strong cue vote) or stayed (`-turn` when it moved).
 * Leaving a section where the rules saw no turn needs strong evidence; where they saw one, it is cheap.
 */
export type TransitionKind = UnitKind | `${UnitKind}-turn`;
export const TRANSITION_KINDS: readonly TransitionKind[] = UNIT_KINDS.flatMap((k) => [k, `${k}-turn` as const]);

/**
 * `<kind>-turn` for each outline kind, made once: `decode` looks its transition table up by this name at every
 * unit, and a name built afresh there is hashed again each time.
 */
const TURN_OF = Object.fromEntries(UNIT_KINDS.map((kind) => [kind, `${kind}-turn`])) as Record<UnitKind, TransitionKind>;

/**
 * Transition kind of each unit (see TransitionKind); `kinds` are the units' `unitKinds` when the caller has
 * them already (the features are made from them too).
 */
export function transitionKinds(text: string, units: readonly Paragraph[], ruleSections: readonly SectionType[], kinds: readonly UnitKind[] = unitKinds(text, units)): TransitionKind[] {
  const out: TransitionKind[] = [];
  for (let k = 0; k < kinds.length; k++) out.push(k > 0 && ruleSections[k] !== ruleSections[k - 1] ? TURN_OF[kinds[k]] : kinds[k]);
  return out;
}

/** What the features of one report's units are computed from. */
export interface FeatureInput {
  /** analysis text the paragraphs point into */
  text: string;
  /** the units to decode, in reading order */
  units: readonly Paragraph[];
  /** the section the rule pass (headings and cue votes) gave each unit */
  ruleSections: readonly SectionType[];
  /** the report's plan year and reviewed years (section-years.ts) */
  years: ReportYears | null;
  /** each unit's `unitKinds`, when the caller has them already; computed when absent */
  kinds?: readonly UnitKind[];
  /** each unit's `compactBody`, when the caller has them already; computed when absent */
  bodies?: readonly string[];
  /**
   * each unit's scan where the caller looked it up already (the rule pass does for most plain paragraphs),
   * with the scan it was looked up in: used only when that is the scan of these cues and evidence
   */
  read?: { scan: ParagraphScan; words: readonly (ParagraphWords | undefined)[] };
}

/** Characters of a plain paragraph's opening that `start` evidence looks at. */
const START_CHARS = 24;

/**
 * Outline kind of each unit: `top` for a heading at the report's highest heading rank (一、 or 第一部分),
 * `sub` for any other heading or numbered paragraph, `plain` for the rest.
 */
export function unitKinds(text: string, units: readonly Paragraph[], bodies?: readonly string[]): UnitKind[] {
  // Note: the ranks in a typed array (one of them may be 0.5) and the kinds pushed, not `map`ped: arrays whose
  // elements kind varies from report to report (small integers or doubles; what an optimized `map` makes)
  // have the code that reads them recompiled
  const ranks = headingRanksScratch(units.length);
  let top = Number.POSITIVE_INFINITY;
  for (let k = 0; k < units.length; k++) {
    ranks[k] = headingRank(units[k].level, bodies ? bodies[k] : compactBody(text, units[k]));
    if (ranks[k] > 0 && units[k].isHeading && ranks[k] < top) top = ranks[k];
  }
  const kinds: UnitKind[] = [];
  for (let k = 0; k < units.length; k++) kinds.push(ranks[k] === 0 ? 'plain' : ranks[k] <= top && (units[k].isHeading || ranks[k] < 2) ? 'top' : 'sub');
  return kinds;
}

const globals = new WeakMap<RegExp, RegExp>();
/** The global form of a pattern, compiled once (density evidence counts every occurrence). */
function globalOf(pattern: RegExp): RegExp {
  let g = globals.get(pattern);
  if (!g) globals.set(pattern, (g = new RegExp(pattern.source, 'gu')));
  return g;
}

/**
 * Every feature name a unit may be given has a small integer id (`featureId`), given when the name tables
 * below are built: a unit's features are a list of ids, and the model's weights are read by index
 * (`weightRowsById` of section-model.ts) rather than looked up by name for each feature of each unit.
 */
const FEATURE_NAMES: string[] = [];
const FEATURE_IDS = new Map<string, number>();

/** The id of a feature name, given the first time the name is asked about. */
export function featureId(name: string): number {
  let id = FEATURE_IDS.get(name);
  if (id === undefined) {
    id = FEATURE_NAMES.push(name) - 1;
    FEATURE_IDS.set(name, id);
  }
  return id;
}

/** The name of feature id `id`. */
export function featureName(id: number): string {
  return FEATURE_NAMES[id];
}

/** How many feature ids have been given (ids are 0 … `featureCount() - 1`). */
export function featureCount(): number {
  return FEATURE_NAMES.length;
}

const BIAS = featureId('bias');
const TAIL = featureId('tail');
const FIRST = featureId('first');
const LAST1 = featureId('last1');
const LAST3 = featureId('last3');
const SHORT = featureId('short');
const EXCLAIMS = featureId('exclaims');
const SENTENCE = featureId('sentence');

const DENSITY_BUCKETS = ['0', '1', '2'];

/**
 * The ids of the features made of a section type or an outline kind (`kind:top`, `rule:work&kind:top`,
 * `votes:plans` …), looked up in small tables at every unit.
 */
interface SectionFeatureNames {
  /** `kind:<kind>` */
  ownKind: Record<UnitKind, number>;
  /** `rule:<section>`, and with each kind (`rule:<section>&kind:<kind>`) */
  rule: Record<SectionType, number>;
  ruleWithKind: Record<SectionType, Record<UnitKind, number>>;
  /** `cue:<section>`, and with each kind */
  cue: Record<SectionType, number>;
  cueWithKind: Record<SectionType, Record<UnitKind, number>>;
  /** `period:<section>`, and with each kind (periods name plans or work only, but every type has its entry) */
  period: Record<SectionType, number>;
  periodWithKind: Record<SectionType, Record<UnitKind, number>>;
  /** `votes:<section>` and `somevotes:<section>` */
  votes: Record<SectionType, number>;
  someVotes: Record<SectionType, number>;
}

let sectionFeatureNames: SectionFeatureNames | null = null;
function featureNames(): SectionFeatureNames {
  if (sectionFeatureNames) return sectionFeatureNames;
  const byKind = (f: (kind: UnitKind) => string) => Object.fromEntries(UNIT_KINDS.map((kind) => [kind, featureId(f(kind))])) as Record<UnitKind, number>;
  const bySection = <T>(f: (section: SectionType) => T) => Object.fromEntries(SECTION_TYPES.map((section) => [section, f(section)])) as Record<SectionType, T>;
  const withKind = (prefix: string) => bySection((section) => byKind((k) => `${prefix}${section}&kind:${k}`));
  const plain = (prefix: string) => bySection((section) => featureId(prefix + section));
  sectionFeatureNames = {
    ownKind: byKind((k) => `kind:${k}`),
    rule: plain('rule:'),
    ruleWithKind: withKind('rule:'),
    cue: plain('cue:'),
    cueWithKind: withKind('cue:'),
    period: plain('period:'),
    periodWithKind: withKind('period:'),
    votes: plain('votes:'),
    someVotes: plain('somevotes:'),
  };
  return sectionFeatureNames;
}

/** The feature ids one evidence pattern gives, made once: the plain name, with each outline kind, by density bucket. */
interface EvidenceNames {
  name: number;
  withKind: Record<UnitKind, number>;
  byBucket: number[];
}

const namesByEvidence = new WeakMap<SectionEvidence, EvidenceNames>();
function namesOf(e: SectionEvidence): EvidenceNames {
  let names = namesByEvidence.get(e);
  if (!names) {
    const name = `ev:${e.feature}`;
    const withKind = Object.fromEntries(UNIT_KINDS.map((kind) => [kind, featureId(`${name}&kind:${kind}`)])) as Record<UnitKind, number>;
    namesByEvidence.set(e, (names = { name: featureId(name), withKind, byBucket: DENSITY_BUCKETS.map((b) => featureId(`${name}:${b}`)) }));
  }
  return names;
}

const namesByList = new WeakMap<readonly SectionEvidence[], readonly EvidenceNames[]>();
/** `namesOf` each pattern of an evidence list, in its order: one array per list, made once, not per report. */
function evidenceNamesOf(evidence: readonly SectionEvidence[]): readonly EvidenceNames[] {
  let names = namesByList.get(evidence);
  if (!names) {
    const each: EvidenceNames[] = [];
    for (const e of evidence) each.push(namesOf(e));
    namesByList.set(evidence, (names = each));
  }
  return names;
}

/** How many times a global pattern matches in `text` (`text.match(global).length`, without the array of matches). */
export function countMatches(global: RegExp, text: string): number {
  global.lastIndex = 0;
  let n = 0;
  let last = 0;
  while (global.test(text)) {
    // An empty match leaves lastIndex where it was; `match` steps over it: let it count this text.
    if (global.lastIndex === last) return text.match(global)?.length ?? 0;
    last = global.lastIndex;
    n++;
  }
  return n;
}

/**
 * The density bucket of a global pattern in `text` (`bucket` of its matches per 100 characters, as
 * `countMatches` counts them), counting only until the bucket can rise no more: past the rate of "many" more
 * matches change nothing, and the figures and tense markers of a work paragraph reach it early.
 */
export function densityBucket(global: RegExp, text: string): number {
  const perHundred = (n: number) => (100 * n) / Math.max(text.length, 1);
  global.lastIndex = 0;
  let n = 0;
  let last = 0;
  while (global.test(text)) {
    // An empty match leaves lastIndex where it was: count as `countMatches` does.
    if (global.lastIndex === last) return bucket(perHundred(countMatches(global, text)));
    last = global.lastIndex;
    n++;
    if (bucket(perHundred(n)) === MANY) break;
  }
  global.lastIndex = 0;
  return bucket(perHundred(n));
}

/** The text up to its first sentence end (all of it when there is none). */
function firstClause(text: string): string {
  const end = text.search(/[。！？!?；;]/u);
  return end < 0 ? text : text.slice(0, end);
}

/** Density bucket of a per-100-character rate: 0 none, 1 some, 2 many (`MANY`). */
function bucket(perHundred: number): number {
  return perHundred === 0 ? 0 : perHundred < 1.5 ? 1 : MANY;
}
const MANY = 2;

/**
 * What each evidence pattern gives one body, by the pattern's index: 1 or 0 (matches or not) for `heading`,
 * `start` and `any` evidence, the density bucket for `density` evidence. `heading` evidence is tried on the
 * heading's lead clause, only for a heading-like unit: `NOT_TRIED` until one reads the body.
 */
type EvidenceHits = Int8Array;
const NOT_TRIED = -1;

/**
 * The features a body gives whatever its place in the report, found the first time a unit reads it and kept
 * with its cue votes (`ParagraphWords`): the bodies that repeat (within a report and across reports) give them again.
 */
export interface BodyFeatures {
  /** `short`, `exclaims`, `sentence`: the body's shape (feature ids) */
  shape: number[];
  /** the opening a plain unit's period is read from (see `sectionFeatures`) */
  plainOpening: string;
  /** what each evidence pattern gives the body */
  hits: EvidenceHits;
  /** the evidence and vote features of a unit that is not heading-like, in order (feature ids) */
  plain: number[];
}

/** The `BodyFeatures` of a body; `words`: its scan for the cues and the `any` evidence's literals. */
function bodyFeatures(body: string, afterMarker: string, evidence: readonly SectionEvidence[], evidenceNames: readonly EvidenceNames[], scan: ParagraphScan, words: ParagraphWords): BodyFeatures {
  const shape: number[] = [];
  if (body.length < 30) shape.push(SHORT);
  if (body.endsWith('！') || body.endsWith('!')) shape.push(EXCLAIMS);
  if (/[。！？!?；;]/u.test(body)) shape.push(SENTENCE);
  const hits = bodyEvidence(body, afterMarker, evidence, scan, words.found);
  const plain: number[] = [];
  pushEvidence(plain, evidence, evidenceNames, hits, false, 'plain');
  pushVotes(plain, words.votes);
  return { shape, plainOpening: afterMarker.slice(0, 12), hits, plain };
}

/** The `EvidenceHits` of a body (its `heading` entries `NOT_TRIED`); `found`: its scan for the `any` evidence's literals. */
function bodyEvidence(body: string, afterMarker: string, evidence: readonly SectionEvidence[], scan: ParagraphScan, found: Int32Array): EvidenceHits {
  const hits = new Int8Array(evidence.length);
  const start = afterMarker.slice(0, START_CHARS);
  // the `start` evidence that may match this opening (by rank among the start evidence, ascending): one
  // anchored at the start that cannot open with its first character is not tried
  const opening = startPatternIndex(evidence).patternsFor(start);
  let startRank = 0;
  let next = 0;
  for (let v = 0; v < evidence.length; v++) {
    const e = evidence[v];
    e.pattern.lastIndex = 0;
    if (e.where === 'heading') {
      hits[v] = NOT_TRIED;
    } else if (e.where === 'start') {
      const rank = startRank++;
      while (next < opening.length && opening[next] < rank) next++;
      hits[v] = opening[next] === rank && e.pattern.test(start) ? 1 : 0;
    } else if (e.where === 'any') {
      // tried only when the body holds one of the literals every match of it holds (`found`)
      hits[v] = scan.evidenceMayMatch(found, v) && e.pattern.test(body) ? 1 : 0;
    } else {
      hits[v] = densityBucket(globalOf(e.pattern), body);
    }
  }
  return hits;
}

/** Fills the `heading` entries of a body's `EvidenceHits` from its lead clause. */
function headingEvidence(clause: string, evidence: readonly SectionEvidence[], hits: EvidenceHits): void {
  for (let v = 0; v < evidence.length; v++) {
    const e = evidence[v];
    if (e.where !== 'heading') continue;
    e.pattern.lastIndex = 0;
    hits[v] = e.pattern.test(clause) ? 1 : 0;
  }
}

/** The evidence features of a unit, in the evidence's order: `heading` evidence counts for a heading-like unit only. */
function pushEvidence(f: FeatureSink, evidence: readonly SectionEvidence[], evidenceNames: readonly EvidenceNames[], hits: EvidenceHits, isHeadingLike: boolean, kind: UnitKind): void {
  for (let v = 0; v < evidence.length; v++) {
    const where = evidence[v].where;
    const hit = hits[v];
    const names = evidenceNames[v];
    if (where === 'density') f.push(names.byBucket[hit]);
    else if (hit === 1 && where !== 'heading') f.push(names.name);
    else if (hit === 1 && isHeadingLike) {
      f.push(names.name);
      f.push(names.withKind[kind]);
    }
  }
}

/** The vote features: `votes:<section>` for a strong vote, `somevotes:<section>` for a weak one. */
function pushVotes(f: FeatureSink, votes: ReadonlyMap<SectionType, number>): void {
  const names = featureNames();
  for (const [section, count] of votes) {
    if (count >= 3) f.push(names.votes[section]);
    else if (count >= 1) f.push(names.someVotes[section]);
  }
}

/**
 * Names of the features of each unit: the rule pass's section, the heading's cue, outline kind, position,
 * the year a heading or opening names against the report's years (the latest year named in the title and
 * top headings is the plan year), evidence words of data/section-evidence.tsv, the cue votes of
 * data/section-cues.tsv, and density of past and future markers and of figures.
 */
export function sectionFeatures(input: FeatureInput, evidence: readonly SectionEvidence[], cues: readonly ParagraphCue[]): string[][] {
  return sectionFeatureIds(input, evidence, cues).map((ids) => ids.map(featureName));
}

/** `sectionFeatures` as feature ids (`featureId`), one array per unit. */
export function sectionFeatureIds(input: FeatureInput, evidence: readonly SectionEvidence[], cues: readonly ParagraphCue[]): number[][] {
  const list = unitFeatureIds(input, evidence, cues, new UnitFeatureIds());
  const features: number[][] = [];
  for (let k = 0; k < list.units; k++) features.push(Array.from(list.ids.subarray(list.starts[k], list.starts[k + 1])));
  return features;
}

/** Where feature ids are pushed: a unit's list (`UnitFeatureIds`) or a body's (`BodyFeatures.plain`). */
interface FeatureSink {
  push(id: number): unknown;
}

/**
 * The feature ids of a report's units, one unit after another in one array: unit k's are `ids[starts[k]]` …
 * `ids[starts[k + 1] - 1]`. The sections stage keeps one for the thread and refills it for each report, rather
 * than making an array for each unit that the decoder reads once.
 */
export class UnitFeatureIds {
  ids: Int32Array<ArrayBuffer> = new Int32Array(4096);
  starts: Int32Array<ArrayBuffer> = new Int32Array(512);
  /** units ended so far */
  units = 0;
  /** ids pushed so far */
  length = 0;

  /** Empties the list for the next report. */
  clear(): void {
    this.units = 0;
    this.length = 0;
    this.starts[0] = 0;
  }

  /** Adds a feature id to the current unit. */
  push(id: number): void {
    if (this.length === this.ids.length) this.ids = grown(this.ids);
    this.ids[this.length++] = id;
  }

  /** Ends the current unit: the ids pushed since the last end are its features. */
  endUnit(): void {
    if (this.units + 2 > this.starts.length) this.starts = grown(this.starts);
    this.starts[++this.units] = this.length;
  }
}

/** A copy of `array` twice as long. */
function grown(array: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(2 * array.length);
  bigger.set(array);
  return bigger;
}

/** The units' feature ids (`sectionFeatureIds`), written into `into` (cleared first), which is returned. */
export function unitFeatureIds(input: FeatureInput, evidence: readonly SectionEvidence[], cues: readonly ParagraphCue[], into: UnitFeatureIds): UnitFeatureIds {
  const { text, units, ruleSections, years } = input;
  const bodies = input.bodies ?? bodiesOf(text, units);
  const kinds = input.kinds ?? unitKinds(text, units, bodies);
  let total = 0;
  for (let k = 0; k < bodies.length; k++) total += bodies[k].length;
  const scan = paragraphScan(cues, evidence);
  const report: ReportFeatureInput = {
    units,
    bodies,
    words: input.read && input.read.scan === scan ? input.read.words : null,
    ruleSections,
    years,
    kinds,
    evidence,
    evidenceNames: evidenceNamesOf(evidence),
    scan,
    firstHeading: evidence.findIndex((e) => e.where === 'heading'),
    total: total || 1,
  };
  into.clear();
  let seen = 0;
  for (let k = 0; k < units.length; k++) {
    pushUnitFeatures(report, k, seen, into);
    into.endUnit();
    seen += bodies[k].length;
  }
  return into;
}

/** Each unit's `compactBody`. */
function bodiesOf(text: string, units: readonly Paragraph[]): string[] {
  const bodies: string[] = [];
  for (let k = 0; k < units.length; k++) bodies.push(compactBody(text, units[k]));
  return bodies;
}

/** What `pushUnitFeatures` reads for every unit of one report, gathered once. */
interface ReportFeatureInput {
  units: readonly Paragraph[];
  /** each unit's `compactBody` */
  bodies: readonly string[];
  /** each unit's scan in `scan`, where the caller had it (`FeatureInput.read`) */
  words: readonly (ParagraphWords | undefined)[] | null;
  ruleSections: readonly SectionType[];
  years: ReportYears | null;
  kinds: readonly UnitKind[];
  evidence: readonly SectionEvidence[];
  evidenceNames: readonly EvidenceNames[];
  scan: ParagraphScan;
  /** index of the first `heading` evidence, -1 when there is none */
  firstHeading: number;
  /** characters of all the units' bodies (at least 1) */
  total: number;
}

/** Pushes the feature ids of unit `k` (see `sectionFeatures`) into `f`; `seen`: characters of the bodies before it. */
function pushUnitFeatures(input: ReportFeatureInput, k: number, seen: number, f: UnitFeatureIds): void {
  const { units, ruleSections, years, evidence, evidenceNames, scan } = input;
  const names = featureNames();
  const p = units[k];
  const body = input.bodies[k];
  const kind = input.kinds[k];
  const isHeadingLike = kind !== 'plain' || p.isHeading;
  f.push(BIAS);
  f.push(names.ownKind[kind]);
  f.push(names.rule[ruleSections[k]]);
  f.push(names.ruleWithKind[ruleSections[k]][kind]);
  if (p.cue) {
    f.push(names.cue[p.cue]);
    f.push(names.cueWithKind[p.cue][kind]);
  }
  const at = (seen + body.length / 2) / input.total;
  if (at > 0.9) f.push(TAIL);
  if (k === 0) f.push(FIRST);
  if (k >= units.length - 1) f.push(LAST1);
  else if (k >= units.length - 3) f.push(LAST3);
  const words = (input.words !== null ? input.words[k] : undefined) ?? scan.words(body);
  // Note: a body read before (in this report or an earlier one) gives what it gave then; only the heading
  // evidence of a heading-like unit is looked at here
  const own = (words.features ??= bodyFeatures(body, afterMarkerOf(body), evidence, evidenceNames, scan, words));
  for (const name of own.shape) f.push(name);
  const clause = isHeadingLike ? firstClause(afterMarkerOf(body)) : '';
  // the year or five-year period a heading or a paragraph's opening names, against the report's plan year
  const period = periodSection(isHeadingLike ? clause.slice(0, 30) : own.plainOpening, years);
  if (period) {
    f.push(names.period[period]);
    f.push(names.periodWithKind[period][kind]);
  }
  if (!isHeadingLike) {
    for (const name of own.plain) f.push(name);
    return;
  }
  if (input.firstHeading >= 0 && own.hits[input.firstHeading] === NOT_TRIED) headingEvidence(clause, evidence, own.hits);
  pushEvidence(f, evidence, evidenceNames, own.hits, true, kind);
  pushVotes(f, words.votes);
}
