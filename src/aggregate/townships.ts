import { normaliseTownship } from '../io/manifest.js';
import type { Accumulator, CorpusContext } from './accumulator.js';

/**
 * The corpus's township spellings: every report's township is added, and `finish` gives the normaliser that
 * maps each spelling to one display form (`normaliseTownship` against every name seen), computed once per
 * distinct name, since scanning all names for each report would be quadratic.
 */
export function townshipSpellings(): Accumulator<CorpusContext> {
  const seen = new Set<string>();
  return {
    add(record) {
      if (record.meta.township) seen.add(record.meta.township);
    },
    finish() {
      return { township: townshipNormaliser([...seen]) };
    },
  };
}

/** `normaliseTownship` against `names`, memoised per name. */
export function townshipNormaliser(names: readonly string[]): (name: string) => string {
  const known = [...new Set(names.filter(Boolean))];
  const normalised = new Map<string, string>();
  return (name) => {
    if (!name) return '';
    let display = normalised.get(name);
    if (display === undefined) normalised.set(name, (display = normaliseTownship(name, known)));
    return display;
  };
}

/**
 * A function returning one shared copy per distinct string. Records arrive from worker threads with fresh
 * copies of every string; steps that keep words, terms or theme names intern them, so a word repeated in
 * 20,000 reports costs one string and 20,000 pointers.
 */
export function stringInterner(): (s: string) => string {
  const seen = new Map<string, string>();
  return (s) => {
    const known = seen.get(s);
    if (known !== undefined) return known;
    seen.set(s, s);
    return s;
  };
}
