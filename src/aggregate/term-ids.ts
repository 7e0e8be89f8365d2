/**
 * Content terms sent between threads by id. A report's record lists its distinct content terms (about a
 * thousand in a township report), and most of them were in earlier reports: sent as strings, every record made
 * thousands of strings for the structured clone to copy and the main thread to allocate and hash again. Each
 * analysis thread instead numbers the content terms it meets (the reduction does, `TermCounts.numbers`) and
 * sends a report's terms as those numbers, with the strings of the terms numbered since its last result
 * (`TermIdEncoder`); the main thread keeps, per analysis thread, what each of its numbers is in one table for
 * the run (`TermIdDecoder` over the run's `TermNumbers`).
 */
import type { TermCounts } from '../model/record.js';
import { grownTo } from '../model/typed-arrays.js';

/** A report's terms as an analysis thread sends them: its own numbers, and the terms new to it in number order. */
export interface EncodedTerms {
  ids: Int32Array;
  /** the terms first numbered for this report, numbers `ids` may hold from the thread's count before it on */
  fresh: string[];
}

/** Distinct terms numbered 0, 1, … in the order first met. */
export class TermNumbers {
  readonly terms: string[] = [];
  private readonly idOf = new Map<string, number>();

  /** The number of `term`, numbering it when new. */
  idOfTerm(term: string): number {
    let id = this.idOf.get(term);
    if (id === undefined) {
      id = this.terms.length;
      this.idOf.set(term, id);
      this.terms.push(term);
    }
    return id;
  }

  /** Forgets the terms numbered `count` and after, as if they had never been met. */
  forgetFrom(count: number): void {
    for (let id = count; id < this.terms.length; id++) this.idOf.delete(this.terms[id]);
    this.terms.length = count;
  }
}

/**
 * An analysis thread's side: the terms the thread has numbered, in number order (the reduction numbers each
 * content term the first time it meets it, `contentTermsMet` in report-output.ts, so a report's terms come as
 * numbers already and nothing is looked up here), and how many of them the main thread has been sent.
 */
export class TermIdEncoder {
  /** the numbers below this one have been sent */
  private sent = 0;

  constructor(private readonly numbered: readonly string[]) {}

  /**
   * A report's terms, given by their numbers, as sent: every term numbered since the last send is listed in
   * `fresh` (also one a report whose result was not sent numbered first).
   */
  encode(numbers: Int32Array): EncodedTerms {
    const fresh = this.numbered.slice(this.sent);
    this.sent = this.numbered.length;
    return { ids: numbers, fresh };
  }

  /**
   * Takes back the last `encode`, whose result was not sent (its message could not be posted): the other
   * side never learnt its fresh terms, so they go with the next result.
   */
  unsend(encoded: EncodedTerms): void {
    this.sent -= encoded.fresh.length;
  }
}

/** The main thread's side of one analysis thread's `TermIdEncoder`: its numbers → the run's (`TermNumbers` of the run). */
export class TermIdDecoder {
  private runIdOf = new Int32Array(1024);
  private known = 0;

  constructor(private readonly run: TermNumbers) {}

  /**
   * The report's term counts by the run's numbers: `ids` are `encoded.ids` turned into run numbers in place (the
   * array came across threads and is the receiver's own), `runTerms` the run's terms by number, and `terms`
   * empty. Note: no string array per report (a thousand slots each) and no second array of ids; the theme step
   * reads a term's string only the first time the run meets it. Throws when the report names a number the
   * thread never sent (a broken protocol, not a bad file).
   */
  decode(encoded: EncodedTerms, counts: Int32Array): TermCounts {
    for (const term of encoded.fresh) {
      if (this.known === this.runIdOf.length) this.runIdOf = grownTo(this.runIdOf, this.known + 1);
      this.runIdOf[this.known++] = this.run.idOfTerm(term);
    }
    const { ids } = encoded;
    const { runIdOf, known } = this;
    for (let i = 0; i < ids.length; i++) {
      const own = ids[i];
      if (own < 0 || own >= known) throw new Error(`term number ${own} was never sent (${known} known)`);
      ids[i] = runIdOf[own];
    }
    return { terms: [], counts, ids, runTerms: this.run.terms };
  }
}
