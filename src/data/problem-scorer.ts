import fs from 'node:fs';
import { dataPath, DataFileError } from './load.js';
import type { ProblemScorerModel } from '../stages/problem-scorer.js';

/** The JSON form of a trained scorer (data/problem-scorer.json), as the training script writes it. */
export interface ProblemScorerFile {
  bias: number;
  threshold: number;
  groups: { words: boolean; pairs: boolean };
  weights: Record<string, number>;
}

/** A scorer from its JSON form, checked. */
export function parseProblemScorer(json: unknown, file = 'problem-scorer.json'): ProblemScorerModel {
  const data = json as Partial<ProblemScorerFile>;
  if (!data || typeof data.bias !== 'number' || typeof data.threshold !== 'number' || typeof data.weights !== 'object' || !data.weights) {
    throw new DataFileError(file, 1, 'want {"bias": number, "threshold": number, "groups": {...}, "weights": {...}}');
  }
  const weights = new Map<string, number>();
  for (const [feature, weight] of Object.entries(data.weights)) {
    if (typeof weight !== 'number' || !Number.isFinite(weight)) throw new DataFileError(file, 1, `weight of "${feature}" is not a number`);
    weights.set(feature, weight);
  }
  return { bias: data.bias, threshold: data.threshold, weights, groups: { words: Boolean(data.groups?.words), pairs: Boolean(data.groups?.pairs) } };
}

/** Reads data/problem-scorer.json (or the given file); undefined when the file does not exist. */
export function loadProblemScorer(file = 'problem-scorer.json'): ProblemScorerModel | undefined {
  const full = dataPath(file);
  if (!fs.existsSync(full)) return undefined;
  return parseProblemScorer(JSON.parse(fs.readFileSync(full, 'utf8')), file);
}

let cached: ProblemScorerModel | undefined | null = null;

/** The bundled scorer, read once per process (undefined when data/problem-scorer.json is absent). */
export function defaultProblemScorer(): ProblemScorerModel | undefined {
  if (cached === null) cached = loadProblemScorer();
  return cached;
}
