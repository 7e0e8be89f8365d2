/** How wide text shows in a monospace grid or a CJK font: the measure for column widths and chart labels. */

/** True for characters that take two columns: CJK ideographs and punctuation, kana, hangul, full-width forms. */
export function isWide(ch: string): boolean {
  const cp = ch.codePointAt(0) ?? 0;
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

/** Width of text in monospace columns (wide characters count two), counting stops once it passes `limit`. */
export function displayWidth(text: string, limit = Infinity): number {
  let width = 0;
  for (const ch of text) {
    if (isZeroWidth(ch.codePointAt(0) ?? 0)) continue;
    width += isWide(ch) ? 2 : 1;
    if (width > limit) break;
  }
  return width;
}

/** Control characters, combining marks and the zero-width space take no column. */
function isZeroWidth(cp: number): boolean {
  return cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || (cp >= 0x300 && cp <= 0x36f) || cp === 0x200b;
}
