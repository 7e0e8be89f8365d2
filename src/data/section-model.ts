import fs from 'node:fs';
import { compilePattern, DataFileError, dataPath, readDataTsv } from './load.js';
import { DECODED_STATES, type SectionModel } from '../stages/section-model.js';
import { TRANSITION_KINDS, type SectionEvidence } from '../stages/section-features.js';

const WHERE = ['heading', 'start', 'any', 'density'] as const;

/** Reads data/section-evidence.tsv: feature name, where, pattern. */
export function loadSectionEvidence(file = 'section-evidence.tsv'): SectionEvidence[] {
  return readDataTsv(file, 3).map(({ line, fields: [feature, where, source] }) => {
    if (!(WHERE as readonly string[]).includes(where)) throw new DataFileError(file, line, `unknown place "${where}"`);
    if (!/^[a-z][a-z0-9-]*$/u.test(feature)) throw new DataFileError(file, line, `bad feature name "${feature}"`);
    return { feature, where: where as SectionEvidence['where'], pattern: compilePattern(file, line, source, 'u') };
  });
}

/**
 * Reads data/section-model.json (written by `npm run train-sections`) and checks its shape; undefined when
 * the file does not exist (the rule pass then decides alone).
 */
export function loadSectionModel(file = 'section-model.json'): SectionModel | undefined {
  const at = dataPath(file);
  if (!fs.existsSync(at)) return undefined;
  const model = JSON.parse(fs.readFileSync(at, 'utf8')) as SectionModel;
  const S = DECODED_STATES.length;
  const bad = (message: string): never => {
    throw new DataFileError(file, 1, message);
  };
  if (JSON.stringify(model.states) !== JSON.stringify(DECODED_STATES)) bad(`states must be ${DECODED_STATES.join(',')}`);
  for (const k of TRANSITION_KINDS) if (model.transitions?.[k]?.length !== S || model.transitions[k].some((r) => r.length !== S)) bad(`transitions.${k} must be ${S}×${S}`);
  for (const [f, w] of Object.entries(model.weights ?? {})) if (w.length !== S) bad(`weights of "${f}" need ${S} values`);
  return model;
}
