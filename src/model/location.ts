/** Line and column of an offset, 1-based both, computed lazily from a text (like vfile-location). */
export interface Location {
  line: number;
  column: number;
}

/** Returns a function that turns a 0-based offset into `text` into a 1-based line and column. */
export function location(text: string): (offset: number) => Location {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  return (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - lineStarts[lo] + 1 };
  };
}
