import { lastAtOrBefore } from './span.js';

/** Line and column of an offset, 1-based both, computed lazily from a text (like vfile-location). */
export interface Location {
  line: number;
  column: number;
}

/** Returns a function that turns a 0-based offset into `text` into a 1-based line and column. */
export function location(text: string): (offset: number) => Location {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  return (offset: number) => {
    const line = lastAtOrBefore(lineStarts, offset);
    return { line: line + 1, column: offset - lineStarts[line] + 1 };
  };
}
