/**
 * A shortcut test for a list of cue patterns (see `anyMatchTester`): the problems stage and its learned scorer use it
 * to skip cutting a text into clauses when no cue can match any of them.
 */
const testerCache = new WeakMap<RegExp[], RegExp | null>();

/**
 * One regex that matches a text whenever one of `patterns` matches a part of it (a clause, a window), so that a text
 * it rejects need not be cut up and tested part by part. Each pattern is widened: its ^ and $ assertions dropped, and
 * its leading atoms that match nothing or any characters ([^，,。]{0,14}, (?:^|我们)) dropped while the pattern still
 * opens on them. Dropping an assertion widens what a pattern accepts, and a pattern with its leading atoms cut matches
 * a suffix of every text the whole pattern matches; so whatever a part matches, the widened pattern finds in the
 * whole text, and it opens on a word the regex engine can scan for. It may match where no part does: callers only use
 * a failed test to skip the part-by-part one. Null (no shortcut) when a pattern holds lookarounds or backreferences,
 * has flags other than u, or widens to nothing.
 */
export function anyMatchTester(patterns: RegExp[]): RegExp | null {
  let tester = testerCache.get(patterns);
  if (tester === undefined) {
    const sources = patterns.flatMap((re) => (re.flags.replace(/[gy]/g, '') === 'u' ? widened(re.source) : [null]));
    tester = sources.length && sources.every((src) => src) ? new RegExp(sources.map((src) => `(?:${src})`).join('|'), 'u') : null;
    testerCache.set(patterns, tester);
  }
  return tester;
}

/** The widened top-level alternatives of a pattern source (see `anyMatchTester`); null for one that cannot be widened. */
function widened(source: string): (string | null)[] {
  if (/\\[1-9k]|\(\?<?[=!]/u.test(source)) return [null];
  const alternatives: string[][] = [[]];
  for (const atom of atomsOf(source)) {
    if (atom === '|') alternatives.push([]);
    else alternatives[alternatives.length - 1].push(atom);
  }
  return alternatives.map((atoms) => {
    let k = 0;
    while (k < atoms.length && (matchesEmpty(atoms[k]) || matchesAnyChars(atoms[k]) || (k + 1 < atoms.length && matchesAnyChars(atoms[k + 1])))) k++;
    const rest = atoms.slice(k).map(dropAnchors).join('');
    return rest.length ? rest : null;
  });
}

/** The atoms of a pattern source at its top level, each with its quantifier; a top-level | is an atom of its own. */
function atomsOf(source: string): string[] {
  const atoms: string[] = [];
  let i = 0;
  while (i < source.length) {
    const start = i;
    const ch = source[i];
    if (ch === '\\') {
      i += 2;
      if (/[pPu]/u.test(source[i - 1]) && source[i] === '{') i = source.indexOf('}', i) + 1;
    } else if (ch === '[') {
      i = classEnd(source, i);
    } else if (ch === '(') {
      let depth = 0;
      while (i < source.length) {
        if (source[i] === '\\') i += 2;
        else if (source[i] === '[') i = classEnd(source, i);
        else {
          if (source[i] === '(') depth++;
          else if (source[i] === ')') depth--;
          i++;
          if (depth === 0) break;
        }
      }
    } else {
      i++;
    }
    const quantifier = /^(?:[?*+]|\{\d+(?:,\d*)?\})\??/u.exec(source.slice(i));
    if (quantifier && ch !== '|') i += quantifier[0].length;
    atoms.push(source.slice(start, i));
  }
  return atoms;
}

/** Offset just after the character class that opens at `i`. */
function classEnd(source: string, i: number): number {
  i++;
  if (source[i] === '^') i++;
  if (source[i] === ']') i++;
  while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
  return i + 1;
}

/** An atom that may match the empty string: an anchor, a quantifier from 0, or a group with an empty alternative. */
function matchesEmpty(atom: string): boolean {
  if (atom === '^' || atom === '$' || /(?:[?*]|\{0(?:,\d*)?\})\??$/u.test(atom)) return true;
  if (!atom.startsWith('(') || /[+}]\??$/u.test(atom)) return false;
  const inner = atom.replace(/^\((?:\?:)?/u, '').replace(/\)$/u, '');
  const alternatives: string[][] = [[]];
  for (const part of atomsOf(inner)) {
    if (part === '|') alternatives.push([]);
    else alternatives[alternatives.length - 1].push(part);
  }
  return alternatives.some((parts) => parts.every(matchesEmpty));
}

/** An atom that matches characters of a class rather than a word (., [^，,。]{0,14}, \s+). */
function matchesAnyChars(atom: string): boolean {
  return /^(?:\[|\.|\\[sSdDwWpP])/u.test(atom);
}

/** A pattern piece with its ^ and $ assertions (outside character classes) removed. */
function dropAnchors(piece: string): string {
  let out = '';
  for (let i = 0; i < piece.length; i++) {
    if (piece[i] === '\\') {
      out += piece.slice(i, i + 2);
      i++;
    } else if (piece[i] === '[') {
      const end = classEnd(piece, i);
      out += piece.slice(i, end);
      i = end - 1;
    } else if (piece[i] !== '^' && piece[i] !== '$') {
      out += piece[i];
    }
  }
  return out;
}
