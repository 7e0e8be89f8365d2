import type { Parser } from 'htmlparser2';

/**
 * htmlparser2's Parser, loaded on first use (`loadHtmlParser`): only runs with .html or .odt files pay for it.
 * Why: the library is ≈ 60 ms of CPU to load in every thread of a run, which most corpora (text files) never
 * use, and the main thread loads it before it can start the analysis threads.
 */
let parserClass: typeof Parser | undefined;

/** Loads htmlparser2 once; `htmlParser` may be called after it has resolved. */
export async function loadHtmlParser(): Promise<void> {
  parserClass ??= (await import('htmlparser2')).Parser;
}

/** The Parser class `loadHtmlParser` loaded; throws when it was not awaited first (a bug of the caller). */
export function htmlParser(): typeof Parser {
  if (!parserClass) throw new Error('htmlparser2 is used before loadHtmlParser() has resolved');
  return parserClass;
}
