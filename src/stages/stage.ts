import type { Doc } from '../model/report.js';
import type { Resources } from '../data/resources.js';

/** Fields of `Doc` a stage may require or assign. */
export type DocField = Exclude<keyof Doc, 'report' | 'status' | 'diagnostics'>;

/**
 * A per-report stage: a pure function of the document so far (no I/O, no console).
 * `run` returns the fields it assigns; the runner merges them into the document.
 */
export interface Stage<A extends DocField = DocField> {
  name: string;
  requires: readonly DocField[];
  assigns: readonly A[];
  run(doc: Doc, resources: Resources): Pick<Doc, A>;
}

/** A stage of any assigned fields, as the ordered pipeline holds them. */
export interface AnyStage {
  name: string;
  requires: readonly DocField[];
  assigns: readonly DocField[];
  run(doc: Doc, resources: Resources): Partial<Doc>;
}

/** Identity helper that keeps a stage's types checked (like attw's defineCheck). */
export function defineStage<A extends DocField>(stage: Stage<A>): Stage<A> {
  return stage;
}

/** Throws when a stage requires a field that no earlier stage assigns (spaCy's pipe analysis). */
export function validatePipeline(stages: readonly AnyStage[], initial: readonly DocField[]): void {
  const assigned = new Set<DocField>(initial);
  for (const stage of stages) {
    for (const field of stage.requires) {
      if (!assigned.has(field)) throw new Error(`stage "${stage.name}" requires "${field}", which no earlier stage assigns`);
    }
    for (const field of stage.assigns) assigned.add(field);
  }
}
