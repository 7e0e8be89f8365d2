import type { Doc } from '../model/report.js';
import type { Resources } from '../data/resources.js';

/** Fields of `Doc` a stage may require or assign. */
export type DocField = Exclude<keyof Doc, 'report' | 'status' | 'diagnostics'>;

/**
 * A per-report stage: a pure function of the document so far (no I/O, no console).
 * `run` returns the fields it assigns; the runner merges them into the document. `run` may read `report`
 * and the fields listed in `requires`, nothing else (checked when the stages run checked, see `composeStages`).
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

/**
 * Checks the declared contract of an ordered list of stages (spaCy's pipe analysis) and throws naming the
 * first break: every field a stage requires is assigned by an earlier stage (or `initial`); every field is
 * assigned once, except that a stage may refine a field it also requires (sections re-labels the paragraphs
 * the paragraphs stage made: it reads them and returns the new list), and a field no earlier stage assigned
 * cannot be "refined".
 */
export function validatePipeline(stages: readonly AnyStage[], initial: readonly DocField[]): void {
  const assignedBy = new Map<DocField, string>(initial.map((field) => [field, '(initial)']));
  for (const stage of stages) {
    for (const field of stage.requires) {
      if (!assignedBy.has(field)) throw new Error(`stage "${stage.name}" requires "${field}", which no earlier stage assigns`);
    }
    for (const field of stage.assigns) {
      const earlier = assignedBy.get(field);
      if (earlier !== undefined && !stage.requires.includes(field)) {
        throw new Error(`stage "${stage.name}" assigns "${field}", already assigned by "${earlier}"; a stage that refines a field must require it`);
      }
    }
    for (const field of stage.assigns) assignedBy.set(field, stage.name);
  }
}

/** Fields a stage always sees, whatever it declares. */
const ALWAYS_READABLE = new Set<PropertyKey>(['report', 'status', 'diagnostics']);

/**
 * The document as one stage may see it when run checked: reading a `Doc` field the stage does not require
 * throws, so an undeclared dependency fails in the tests and under --debug instead of silently reading
 * whatever an earlier stage left.
 */
function declaredView(doc: Doc, stage: AnyStage): Doc {
  const readable = new Set<PropertyKey>([...ALWAYS_READABLE, ...stage.requires]);
  return new Proxy(doc, {
    get(target, key, receiver) {
      if (typeof key === 'string' && key in target && !readable.has(key)) {
        throw new Error(`stage "${stage.name}" reads "${key}", which it does not require`);
      }
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
}

/** How composed stages run one report. */
export interface RunStagesOptions {
  /** enforce the contract while running: undeclared reads and undeclared or missing assignments throw; default false */
  checked?: boolean;
  /** each stage's wall time (ms) is added to it */
  timings?: Record<string, number>;
  /** the clock `timings` reads, in ms; default `performance.now` (wall time; the stages bench passes CPU time) */
  clock?: () => number;
}

/** Ordered stages whose contract has been checked; `run` applies them to a document. */
export interface ComposedStages {
  readonly stages: readonly AnyStage[];
  /** runs every stage in order over `doc`; throws what a stage throws (and contract breaks when checked) */
  run(doc: Doc, resources: Resources, options?: RunStagesOptions): Doc;
}

/** Composes stages into a pipeline, checking the declared contract first (`validatePipeline`). */
export function composeStages(stages: readonly AnyStage[], initial: readonly DocField[] = []): ComposedStages {
  validatePipeline(stages, initial);
  return {
    stages,
    run(start, resources, options = {}) {
      let doc = start;
      const clock = options.clock ?? (() => performance.now());
      for (const stage of stages) {
        const started = options.timings ? clock() : 0;
        const assigned = stage.run(options.checked ? declaredView(doc, stage) : doc, resources);
        if (options.checked) checkAssigned(stage, assigned);
        doc = { ...doc, ...assigned };
        if (options.timings) options.timings[stage.name] = (options.timings[stage.name] ?? 0) + clock() - started;
      }
      return doc;
    },
  };
}

/** Throws unless `assigned` holds exactly the fields the stage declares. */
function checkAssigned(stage: AnyStage, assigned: Partial<Doc>): void {
  for (const key of Object.keys(assigned)) {
    if (!stage.assigns.includes(key as DocField)) throw new Error(`stage "${stage.name}" returns "${key}", which it does not assign`);
  }
  for (const field of stage.assigns) {
    if (assigned[field] === undefined) throw new Error(`stage "${stage.name}" does not return "${field}", which it assigns`);
  }
}
