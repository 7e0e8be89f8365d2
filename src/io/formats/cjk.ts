/** Character-class helpers shared by the format readers. */

/** Han ideographs (BMP blocks and the supplementary-plane extensions) and CJK/full-width punctuation. */
const CJK = '\\u2e80-\\u2fdf\\u3000-\\u303f\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\ufe30-\\ufe4f\\uff00-\\uffef';
const CJK_CHAR = `(?:[${CJK}]|[\\ud840-\\ud87f][\\udc00-\\udfff])`;

const SPACES_BETWEEN_CJK = new RegExp(`(${CJK_CHAR})[ \\t\\u00a0\\u3000]+(?=${CJK_CHAR})`, 'g');

/**
 * Removes runs of spaces that stand between two CJK characters. PDF text extraction and hard-wrapped HTML
 * put them there (`相 关部门`); Chinese text never separates characters with spaces.
 * Spaces between a CJK character and a Latin letter or digit are kept (`X 余万元`, `2021 年`) because
 * placeholders are reported as they stand.
 */
export function removeSpacesBetweenCjk(line: string): string {
  return line.replace(SPACES_BETWEEN_CJK, '$1');
}

const CJK_START = new RegExp(`^${CJK_CHAR}`);
const CJK_END = new RegExp(`${CJK_CHAR}$`);

const CJK_THEN_NUMBER_END = new RegExp(`${CJK_CHAR}[0-9.]*[0-9]$`);
const NUMBER_THEN_CJK_START = new RegExp(`^[0-9][0-9.%]*${CJK_CHAR}`);

/**
 * Joins two pieces of one paragraph: directly when either side is CJK, or when a number broken by the
 * wrap sits in Chinese text (`学习1` + `2次`); else with one space, as Latin text wraps at spaces.
 */
export function joinWrapped(left: string, right: string): string {
  if (left === '') return right;
  if (right === '') return left;
  if (CJK_END.test(left) || CJK_START.test(right) || /[\s-]$/.test(left) || /^\s/.test(right)) return left + right;
  const brokenNumber = /[0-9]$/.test(left) && /^[0-9]/.test(right);
  if (brokenNumber && (CJK_THEN_NUMBER_END.test(left) || NUMBER_THEN_CJK_START.test(right))) return left + right;
  return `${left} ${right}`;
}
