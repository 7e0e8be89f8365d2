import type { SectionType } from '../model/kinds.js';
import { featureCount, featureId, featureName, TRANSITION_KINDS, UnitFeatureIds, type TransitionKind } from './section-features.js';

/**
 * The sequence model of sections (data/section-model.json, written by `npm run train-sections`):
 * a multinomial logistic model gives each unit a score per section from its features, and transition
 * scores between consecutive units' sections (one table per outline kind of the second unit: a top
 * heading may open any part, a plain paragraph rarely does) tie the units into one most likely sequence.
 */
export interface SectionModel {
  /** the states, in the order of every weight vector */
  states: SectionType[];
  /** per feature name, one weight per state */
  weights: Record<string, number[]>;
  /** per outline kind of the unit entered, `[from][to]` log-probabilities */
  transitions: Record<TransitionKind, number[][]>;
  /** log-frequency of each state among the training units (weighted) */
  prior?: number[];
  /**
   * how much of the prior is taken out of the unit scores before decoding (0–1; default 0): the logistic
   * model's scores already hold how rare a state is, and the transitions say it again (hybrid decoding
   * divides the posterior by the prior). Chosen by cross-validation.
   */
  priorScale?: number;
  /** multiplier of the transition scores against the unit scores, chosen by cross-validation; default 1 */
  transitionScale?: number;
  /** backoff weight the transitions were counted with (chosen by cross-validation), for the record */
  backoff?: number;
  /** what the model was trained on (files and counts), for the record */
  trainedOn?: string[];
}

/** The sections the decoder chooses among; title and noise at the report's edges are found before it. */
export const DECODED_STATES: SectionType[] = ['title', 'preamble', 'work', 'results', 'problems', 'plans', 'closing'];

/** Sequences no report makes: closing is only followed by closing, preamble only comes after title or preamble. */
export function allowed(from: SectionType, to: SectionType): boolean {
  if (from === 'closing') return to === 'closing';
  if (to === 'preamble') return from === 'title' || from === 'preamble';
  return true;
}

/** `scale * transitions[kind][r][s]` at `r * S + s`, minus infinity where `allowed` forbids the pair. */
type StepTables = Record<TransitionKind, Float64Array>;

const stepTables = new WeakMap<SectionModel['transitions'], { states: readonly SectionType[]; scale: number; tables: StepTables }>();
/**
 * The transition scores `decode` adds at each step, scaled and flattened once per model (a model's tables are
 * data, never changed after loading): the Viterbi step then reads one typed array instead of a nested row,
 * a multiplication and the allowed-pairs table for each of its S × S candidates.
 */
function stepTablesOf(model: SectionModel): StepTables {
  const scale = model.transitionScale ?? 1;
  const known = stepTables.get(model.transitions);
  if (known && known.states === model.states && known.scale === scale) return known.tables;
  const S = model.states.length;
  const tables = {} as StepTables;
  for (const kind of Object.keys(model.transitions) as TransitionKind[]) {
    const t = model.transitions[kind];
    const table = new Float64Array(S * S);
    for (let r = 0; r < S; r++) {
      for (let s = 0; s < S; s++) table[r * S + s] = allowed(model.states[r], model.states[s]) ? scale * t[r][s] : Number.NEGATIVE_INFINITY;
    }
    tables[kind] = table;
  }
  stepTables.set(model.transitions, { states: model.states, scale, tables });
  return tables;
}

/** Log-probabilities of each state for one unit's features (softmax of the summed weights). */
export function emission(model: Pick<SectionModel, 'states' | 'weights'>, features: readonly string[]): number[] {
  const z = new Float64Array(model.states.length);
  // Note: the ids first: the rows are grown to the ids given so far
  const ids = Int32Array.from(features, featureId);
  emissionInto(weightRowsById(model.weights), ids, 0, ids.length, z);
  return [...z];
}

/** The row of a feature the model has no weights for. */
const NO_WEIGHTS = new Float64Array(0);

const weightRows = new WeakMap<SectionModel['weights'], Float64Array[]>();
/**
 * A model's weights by feature id (`featureId`; `NO_WEIGHTS` for a feature it does not know), made once per
 * model and grown when ids were given since: a unit's dozen features are read by index rather than looked up
 * by name in the parsed JSON object (a dictionary of some hundred names) or a Map.
 */
function weightRowsById(weights: SectionModel['weights']): Float64Array[] {
  let rows = weightRows.get(weights);
  if (!rows) weightRows.set(weights, (rows = []));
  for (let id = rows.length; id < featureCount(); id++) {
    const name = featureName(id);
    rows.push(Object.hasOwn(weights, name) ? Float64Array.from(weights[name]) : NO_WEIGHTS);
  }
  return rows;
}

/**
 * `emission` of the feature ids `ids[from]` … `ids[to - 1]` from the model's `weightRowsById`, written into `out`
 * (one value per state, which must be zero).
 */
function emissionInto(rows: readonly Float64Array[], ids: Int32Array, from: number, to: number, out: Float64Array): void {
  const S = out.length;
  for (let j = from; j < to; j++) {
    // Note: a row is S long, or empty for a feature without weights
    const w = rows[ids[j]];
    for (let s = 0; s < w.length; s++) out[s] += w[s];
  }
  let max = Number.NEGATIVE_INFINITY;
  for (let s = 0; s < S; s++) if (out[s] > max) max = out[s];
  let sum = 0;
  for (let s = 0; s < S; s++) sum += Math.exp(out[s] - max);
  const logSum = max + Math.log(sum);
  for (let s = 0; s < S; s++) out[s] -= logSum;
}

/** The scores and back-pointers of `decode`, kept from call to call (grown when a report has more units). */
let decodeScratch = { score: new Float64Array(1024), back: new Int32Array(1024) };

/**
 * The most likely sequence of sections (Viterbi) for units with these features and transition kinds.
 * With `proposed` (the rule pass's sections), `results` is only chosen where the rule pass proposed it: a
 * report has results only where it sets a part apart for them (取得的主要成效), never by the model's guess.
 */
export function decode(
  model: SectionModel,
  features: readonly (readonly string[])[],
  kinds: readonly TransitionKind[],
  proposed?: readonly SectionType[],
): SectionType[] {
  const list = new UnitFeatureIds();
  for (const names of features) {
    for (const name of names) list.push(featureId(name));
    list.endUnit();
  }
  return decodeUnits(model, list, kinds, proposed);
}

/** `decode` of units whose features are feature ids (`unitFeatureIds`). */
export function decodeUnits(model: SectionModel, features: UnitFeatureIds, kinds: readonly TransitionKind[], proposed?: readonly SectionType[]): SectionType[] {
  const n = features.units;
  const S = model.states.length;
  if (n === 0) return [];
  // Note: unit i's scores are score[i * S + s]; back[i * S + s] is the state before s on its best path. Both
  // are written in full below before they are read, so the thread's scratch arrays serve every report.
  if (decodeScratch.score.length < n * S) decodeScratch = { score: new Float64Array(2 * n * S), back: new Int32Array(2 * n * S) };
  const { score, back } = decodeScratch;
  const prior = model.prior ?? model.states.map(() => 0);
  const priorScale = model.priorScale ?? 0;
  const results = model.states.indexOf('results');
  const e = new Float64Array(S);
  const rows = weightRowsById(model.weights);
  const emit = (i: number) => {
    e.fill(0);
    emissionInto(rows, features.ids, features.starts[i], features.starts[i + 1], e);
    for (let s = 0; s < S; s++) e[s] = s === results && proposed && proposed[i] !== 'results' ? Number.NEGATIVE_INFINITY : e[s] - priorScale * prior[s];
  };
  emit(0);
  // Note: no prior on the first unit: a fragment that starts with a heading is as welcome as a full report.
  score.set(e, 0);
  back.fill(-1, 0, S);
  const steps = stepTablesOf(model);
  for (let i = 1; i < n; i++) {
    emit(i);
    const t = steps[kinds[i]];
    const from = (i - 1) * S;
    for (let s = 0; s < S; s++) {
      // Note: a forbidden pair scores minus infinity, never above `best`, as if skipped
      let best = Number.NEGATIVE_INFINITY;
      let arg = 0;
      for (let r = 0; r < S; r++) {
        const v = score[from + r] + t[r * S + s];
        if (v > best) {
          best = v;
          arg = r;
        }
      }
      score[i * S + s] = best + e[s];
      back[i * S + s] = arg;
    }
  }
  // the first state of the highest score (as indexOf(max) picks it)
  let s = 0;
  for (let r = 1; r < S; r++) if (score[(n - 1) * S + r] > score[(n - 1) * S + s]) s = r;
  const out: SectionType[] = new Array(n);
  for (let i = n - 1; i >= 0; i--) {
    out[i] = model.states[s];
    s = back[i * S + s];
  }
  return out;
}

/** One training report: its units' features, outline kinds and gold sections, and how much it counts. */
export interface TrainingSequence {
  features: string[][];
  kinds: TransitionKind[];
  gold: SectionType[];
  /** weight of each unit in the fit (e.g. by its length) */
  unitWeights: number[];
}

/** Options of the fit; every field has a default. */
export interface TrainOptions {
  /** gradient steps; default 400 */
  epochs?: number;
  /** L2 penalty per feature weight (on the weighted mean log-likelihood); default 0.001 */
  l2?: number;
  /** step size of AdaGrad; default 0.3 */
  rate?: number;
  /** add-k smoothing of transition counts; default 0.5 */
  smoothing?: number;
  /** weight of the backoff to the entered-state distribution in the transitions; default 0 */
  backoff?: number;
  /** features seen in fewer units are dropped; default 2 */
  minCount?: number;
}

/**
 * Transition log-probabilities per transition kind, from the gold sequences' counts with add-`smoothing`,
 * interpolated with the kind's distribution of entered states whatever the state left (weight `backoff`):
 * a turn seen rarely from one state (plans → problems) borrows from how often that turn is taken at all.
 */
export function countTransitions(sequences: readonly TrainingSequence[], smoothing: number, backoff = 0): Record<TransitionKind, number[][]> {
  const states = DECODED_STATES;
  const index = new Map(states.map((s, k) => [s, k]));
  const counts = Object.fromEntries(TRANSITION_KINDS.map((k) => [k, states.map(() => states.map(() => smoothing))])) as Record<TransitionKind, number[][]>;
  for (const seq of sequences) {
    for (let i = 1; i < seq.gold.length; i++) {
      const r = index.get(seq.gold[i - 1]);
      const s = index.get(seq.gold[i]);
      if (r !== undefined && s !== undefined) counts[seq.kinds[i]][r][s] += 1;
    }
  }
  const round = (v: number) => Math.round(v * 1000) / 1000;
  const normalise = (row: readonly number[]) => {
    const sum = row.reduce((a, v) => a + v, 0);
    return row.map((v) => v / sum);
  };
  return Object.fromEntries(
    TRANSITION_KINDS.map((k) => {
      const entered = normalise(states.map((_, s) => counts[k].reduce((a, row) => a + row[s], 0)));
      return [k, counts[k].map((row) => normalise(row).map((p, s) => round(Math.log((1 - backoff) * p + backoff * entered[s]))))];
    }),
  ) as Record<TransitionKind, number[][]>;
}

function logNorm(row: readonly number[]): number[] {
  const sum = row.reduce((a, v) => a + v, 0);
  return row.map((v) => Math.log(v / sum));
}

/**
 * Fits the model: transitions by smoothed counts, the feature weights by full-batch AdaGrad on the
 * weighted log-likelihood with an L2 penalty. Deterministic: same input, same weights.
 */
export function trainSectionModel(sequences: readonly TrainingSequence[], options: TrainOptions = {}): SectionModel {
  const states = DECODED_STATES;
  const S = states.length;
  const index = new Map(states.map((s, k) => [s, k]));
  const { epochs = 400, l2 = 0.001, rate = 0.3, smoothing = 0.5, backoff = 0, minCount = 2 } = options;
  const transitions = countTransitions(sequences, smoothing, backoff);
  // feature weights
  const seen = new Map<string, number>();
  for (const seq of sequences) for (const fs of seq.features) for (const f of fs) seen.set(f, (seen.get(f) ?? 0) + 1);
  const names = [...seen.keys()].filter((f) => (seen.get(f) ?? 0) >= minCount || f === 'bias').sort();
  const col = new Map(names.map((f, k) => [f, k]));
  const W = names.map(() => new Float64Array(S));
  const G = names.map(() => new Float64Array(S));
  const rows: { x: number[]; y: number; w: number }[] = [];
  for (const seq of sequences) {
    seq.features.forEach((fs, i) => {
      const y = index.get(seq.gold[i]);
      if (y === undefined) return;
      rows.push({ x: fs.map((f) => col.get(f)).filter((c): c is number => c !== undefined), y, w: seq.unitWeights[i] });
    });
  }
  const totalWeight = rows.reduce((a, r) => a + r.w, 0) || 1;
  for (let epoch = 0; epoch < epochs; epoch++) {
    const grad = names.map(() => new Float64Array(S));
    for (const { x, y, w } of rows) {
      const z = new Float64Array(S);
      for (const c of x) for (let s = 0; s < S; s++) z[s] += W[c][s];
      const max = Math.max(...z);
      let sum = 0;
      for (let s = 0; s < S; s++) sum += (z[s] = Math.exp(z[s] - max));
      for (let s = 0; s < S; s++) {
        const d = (w * (z[s] / sum - (s === y ? 1 : 0))) / totalWeight;
        for (const c of x) grad[c][s] += d;
      }
    }
    for (let c = 0; c < names.length; c++) {
      for (let s = 0; s < S; s++) {
        const g = grad[c][s] + (names[c] === 'bias' ? 0 : l2 * W[c][s]);
        G[c][s] += g * g;
        W[c][s] -= (rate * g) / (Math.sqrt(G[c][s]) + 1e-8);
      }
    }
  }
  const weights: Record<string, number[]> = {};
  names.forEach((f, c) => {
    const w = [...W[c]].map((v) => Math.round(v * 1000) / 1000);
    if (w.some((v) => v !== 0)) weights[f] = w;
  });
  const priorCounts = states.map(() => 1);
  for (const { y, w } of rows) priorCounts[y] += w;
  return {
    states,
    weights,
    prior: logNorm(priorCounts).map((v) => Math.round(v * 1000) / 1000),
    transitions,
  };
}
