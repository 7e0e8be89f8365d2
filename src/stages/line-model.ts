/**
 * A logistic line model for web-page furniture, learned from labelled lines by src/tools/train-noise.ts and
 * stored as feature weights in data/noise-weights.tsv. Features describe a line's shape, not its words:
 * length, punctuation, digit and Latin share, a label colon, its position from either edge of the page,
 * repetition, site words and report-kind words. Cleaning drops a short line the model calls furniture
 * with high confidence (see clean.ts).
 */
import { isSentenceEndUnit, learnedUnitTest } from '../model/code-units.js';

/** A line in its page: the trimmed lines of the page and this line's index among them. */
export interface LineContext {
  /** trimmed lines of the page, empty ones included */
  lines: readonly string[];
  /** index of the line judged */
  index: number;
  /** index of the line among the non-empty lines, and their number */
  rank: number;
  count: number;
  /** how many times the same trimmed line occurs on the page */
  repeats: number;
  /** sum of the weights of the site words it holds (data/noise-site-words.tsv) */
  siteScore: number;
  /** index of the page's title line (the first line of 6 characters or more naming a report kind), -1 if none */
  title: number;
  /** index of the last line of the body: the last sentence of 40 characters or more, -1 if none */
  bodyEnd: number;
  /** index of the first salutation (各位代表, 同志们 …) within 8 non-empty lines below the title, -1 if none */
  salutation: number;
}

const KIND_WORD = /(总结|总結|計劃|计划|报告|報告|汇报|匯報|情况|情況|要点|要點|方案|意见|意見)/u;
/** One Han character (a whole code point), for a surrogate pair. */
const HAN_CHAR = /^\p{Script=Han}$/u;

/**
 * The binary features of the model, by id: a line's features are ids into this list (`lineShapeFeatureIds`),
 * and these names are those of data/noise-weights.tsv. Note: ids, not names, are what cleaning sums weights
 * by: a name built per judged line and looked up in a Map cost a string hash each.
 */
export const LINE_FEATURES = [
  'len<=2', 'len<=4', 'len<=8', 'len<=15', 'len<=30', 'len<=60', 'len>60',
  'ends-sentence', 'has-comma', 'has-full-stop',
  'han=0', 'han<0.5', 'han<0.9', 'han>=0.9',
  'digits>0.5', 'digits>0.2', 'latin>0.3',
  'label-colon', 'ends-colon', 'numbered', 'separator', 'brackets', 'kind-word',
  'top<3', 'top<10', 'top>=10', 'bottom<3', 'bottom<10', 'bottom>=10',
  'repeated', 'site-word', 'above-title', 'repeats-title', 'after-body', 'title-block',
  'short-neighbours', 'one-short-neighbour', 'sentence-neighbour', 'date', 'clock', 'address',
] as const;

export type LineFeature = (typeof LINE_FEATURES)[number];

/** The id of a feature (its index in `LINE_FEATURES`). */
export function lineFeatureId(name: LineFeature): number {
  return LINE_FEATURES.indexOf(name);
}

const LENGTH_FEATURE = 0; // 'len<=2', then the next six
const HAN_FEATURE = lineFeatureId('han=0'); // then 'han<0.5', 'han<0.9', 'han>=0.9'
const TOP_FEATURE = lineFeatureId('top<3'); // then 'top<10', 'top>=10'
const BOTTOM_FEATURE = lineFeatureId('bottom<3'); // then 'bottom<10', 'bottom>=10'
const F = Object.fromEntries(LINE_FEATURES.map((name, id) => [name, id])) as Record<LineFeature, number>;

/**
 * What one pass over a line's code units finds for its features: counts of Han characters (code points, as a
 * `/\p{Script=Han}/gu` match counts them), digits (0-9 and full-width) and Latin letters (ASCII and full-width),
 * and the marks the features test for. Note: one loop in place of eight regex searches and three `match`
 * arrays per judged line.
 */
class LineUnits {
  han = 0;
  digits = 0;
  asciiDigits = 0;
  latin = 0;
  comma = false;
  fullStop = false;
  /** offset of the first : or ：, -1 if none */
  colon = -1;
  separator = false;
  brackets = false;
  /** whether the line holds an ASCII '.' or ':' (the address pattern needs one) */
  dotOrColon = false;

  read(line: string): this {
    this.han = this.digits = this.asciiDigits = this.latin = 0;
    this.comma = this.fullStop = this.separator = this.brackets = this.dotOrColon = false;
    this.colon = -1;
    for (let i = 0; i < line.length; i++) {
      const unit = line.charCodeAt(i);
      if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < line.length && isLowSurrogate(line.charCodeAt(i + 1))) {
        if (HAN_CHAR.test(line.slice(i, i + 2))) this.han++;
        i++;
        continue;
      }
      if (isHanUnit(unit)) this.han++;
      else if (unit >= 0x30 && unit <= 0x39) {
        this.digits++;
        this.asciiDigits++;
      } else if (unit >= 0xff10 && unit <= 0xff19) this.digits++;
      else if ((unit >= 0x41 && unit <= 0x5a) || (unit >= 0x61 && unit <= 0x7a) || (unit >= 0xff21 && unit <= 0xff3a) || (unit >= 0xff41 && unit <= 0xff5a)) this.latin++;
      else this.readMark(unit, i);
    }
    return this;
  }

  private readMark(unit: number, at: number): void {
    if (unit === 0xff0c || unit === 0x2c || unit === 0x3001) this.comma = true; // ，,、
    else if (unit === 0x3002) this.fullStop = true; // 。
    else if (unit === 0x3a || unit === 0xff1a) {
      if (this.colon < 0) this.colon = at;
      if (unit === 0x3a) this.dotOrColon = true;
    } else if (unit === 0x2e) this.dotOrColon = true;
    else if (unit === 0x7c || unit === 0xff5c || unit === 0x3e || unit === 0xbb || unit === 0x203a) this.separator = true; // |｜>»›
    else if (unit === 0x3010 || unit === 0x3011 || unit === 0x5b || unit === 0x5d) this.brackets = true; // 【】[]
  }
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/** Whether a code unit, as a one-character string, is a Han character (a lone surrogate is not); learned per unit. */
const isHanUnit = learnedUnitTest((ch) => HAN_CHAR.test(ch));

const lineUnits = new LineUnits();

/** The features of a line (names of the active binary features). */
export function lineShapeFeatures(line: string, context: LineContext): string[] {
  const names: string[] = [];
  for (const id of lineShapeFeatureIds(line, context, [])) names.push(LINE_FEATURES[id]);
  return names;
}

/** The features of a line as ids (`LINE_FEATURES`), pushed onto `ids` (emptied first) in the order of `lineShapeFeatures`; returns `ids`. */
export function lineShapeFeatureIds(line: string, context: LineContext, ids: number[]): number[] {
  ids.length = 0;
  const n = line.length;
  const u = lineUnits.read(line);
  ids.push(LENGTH_FEATURE + (n <= 2 ? 0 : n <= 4 ? 1 : n <= 8 ? 2 : n <= 15 ? 3 : n <= 30 ? 4 : n <= 60 ? 5 : 6));
  if (endsSentence(line)) ids.push(F['ends-sentence']);
  if (u.comma) ids.push(F['has-comma']);
  if (u.fullStop) ids.push(F['has-full-stop']);
  const han = share(u.han, n);
  ids.push(HAN_FEATURE + (han === 0 ? 0 : han < 0.5 ? 1 : han < 0.9 ? 2 : 3));
  const digits = share(u.digits, n);
  if (digits > 0.5) ids.push(F['digits>0.5']);
  else if (digits > 0.2) ids.push(F['digits>0.2']);
  if (share(u.latin, n) > 0.3) ids.push(F['latin>0.3']);
  if (u.colon >= 0 && u.colon <= 6) ids.push(F['label-colon']);
  if (n > 0 && isColonUnit(line.charCodeAt(n - 1))) ids.push(F['ends-colon']);
  if (/^[一二三四五六七八九十]+、|^[(（][一二三四五六七八九十]+[)）]|^[0-9]{1,2}[.、．]/u.test(line)) ids.push(F.numbered);
  if (u.separator) ids.push(F.separator);
  if (u.brackets) ids.push(F.brackets);
  if (KIND_WORD.test(line)) ids.push(F['kind-word']);
  pushPlaceFeatureIds(line, context, ids);
  // the date and clock patterns need ASCII digits, the address an ASCII '.' or ':'
  if (u.asciiDigits > 0 && /\d{4}\s*[-/年.]\s*\d{1,2}/u.test(line)) ids.push(F.date);
  if (u.asciiDigits > 0 && /\d{1,2}[:：]\d{2}/u.test(line)) ids.push(F.clock);
  if (u.dotOrColon && /https?:|www\.|\.(com|cn|net|org)\b/u.test(line)) ids.push(F.address);
  return ids;
}

/** The features of where a line stands: from either edge, repeated, site words, title, body, neighbours. */
function pushPlaceFeatureIds(line: string, context: LineContext, ids: number[]): void {
  const fromTop = context.rank;
  const fromBottom = context.count - 1 - context.rank;
  ids.push(TOP_FEATURE + (fromTop < 3 ? 0 : fromTop < 10 ? 1 : 2));
  ids.push(BOTTOM_FEATURE + (fromBottom < 3 ? 0 : fromBottom < 10 ? 1 : 2));
  if (context.repeats > 1) ids.push(F.repeated);
  if (context.siteScore >= 1) ids.push(F['site-word']);
  // where the line stands relative to the title and the end of the body
  if (context.title >= 0) {
    if (context.index < context.title) ids.push(F['above-title']);
    else if (context.index > context.title && line === context.lines[context.title]) ids.push(F['repeats-title']);
  }
  if (context.bodyEnd >= 0 && context.index > context.bodyEnd) ids.push(F['after-body']);
  if (context.salutation >= 0 && context.index > context.title && context.index < context.salutation) ids.push(F['title-block']);
  // neighbouring lines: furniture comes in runs of short lines without clause marks
  const before = previousLine(context, -1);
  const after = previousLine(context, 1);
  const shortNear = (isShortNeighbour(before) ? 1 : 0) + (isShortNeighbour(after) ? 1 : 0);
  if (shortNear === 2) ids.push(F['short-neighbours']);
  else if (shortNear === 1) ids.push(F['one-short-neighbour']);
  if (isSentenceNeighbour(before) || isSentenceNeighbour(after)) ids.push(F['sentence-neighbour']);
}

function share(count: number, length: number): number {
  return length ? count / length : 0;
}

function isColonUnit(unit: number): boolean {
  return unit === 0x3a || unit === 0xff1a;
}

/** A neighbour of at most 12 characters without a clause mark (。；;，,). */
function isShortNeighbour(line: string | undefined): boolean {
  return line !== undefined && line.length <= 12 && !/[。；;，,]/u.test(line);
}

/** A neighbour that is a sentence of 40 characters or more. */
function isSentenceNeighbour(line: string | undefined): boolean {
  return line !== undefined && line.length >= 40 && endsSentence(line);
}

/** The nearest non-empty line before (step -1) or after (step 1) the judged line. */
function previousLine(context: LineContext, step: -1 | 1): string | undefined {
  for (let j = context.index + step; j >= 0 && j < context.lines.length; j += step) if (context.lines[j]) return context.lines[j];
  return undefined;
}

/** Contexts of every non-empty line of a page. */
export function lineContexts(lines: readonly string[], siteScore: (line: string, index: number) => number): (LineContext | null)[] {
  const page = new PageLines(lines, siteScore);
  return lines.map((_, index) => page.contextAt(index));
}

/** Whether a line ends in 。！？!?；; — by its last code unit: a regex anchored at the end would try every position. */
function endsSentence(line: string): boolean {
  return isSentenceEndUnit(line.charCodeAt(line.length - 1));
}

/** Pages of up to this many lines have a judged line's repeats counted along the page; longer ones, in a Map. */
const COUNTED_ALONG_LINES = 256;

/**
 * The lines of a page with what their contexts share (title, end of the body, salutation), computed once; a
 * line's own context (`contextAt`) only when it is asked for: cleaning judges only a page's short lines, and
 * on most pages one or none.
 * Note: a line's rank and repeats are counted when its context is asked for, not kept for every line: a table
 * of ranks per page was a typed array allocated per report, and a Map of the page's short lines hashed each of
 * them, for the one or two lines judged. Ranks are counted on from the line last asked about (cleaning asks
 * in page order), and a long page's repeats are counted once in a Map, so that no page costs lines × judged.
 */
export class PageLines {
  readonly title: number;
  readonly bodyEnd: number;
  readonly salutation: number;
  /** number of non-empty lines */
  readonly count: number;
  /** the line whose rank was last counted, and its rank (the number of non-empty lines before it) */
  private rankedIndex = 0;
  private rankedRank = 0;
  /** on a page of more than COUNTED_ALONG_LINES lines, how many times each line occurs, counted on first use */
  private lineCounts: Map<string, number> | null = null;

  constructor(
    readonly lines: readonly string[],
    private readonly siteScore: (line: string, index: number) => number,
  ) {
    let count = 0;
    let bodyEnd = -1;
    let title = -1;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      if (line) count++;
      if (line.length >= 40 && endsSentence(line)) bodyEnd = i;
      if (title < 0 && line.length >= 6 && KIND_WORD.test(line)) title = i;
    }
    let salutation = -1;
    for (let j = title + 1, seen = 0; title >= 0 && j < lines.length && seen <= 8; j++) {
      if (!lines[j]) continue;
      seen++;
      if (/^(各位代表|各位委员|同志们|各位领导|尊敬的)/u.test(lines[j])) {
        salutation = j;
        break;
      }
    }
    this.title = title;
    this.bodyEnd = bodyEnd;
    this.salutation = salutation;
    this.count = count;
  }

  /** How many times `line` occurs on the page (along a short page, lengths compared first: most lines differ in length). */
  private repeats(line: string): number {
    if (this.lines.length > COUNTED_ALONG_LINES) {
      if (this.lineCounts === null) {
        this.lineCounts = new Map();
        for (const l of this.lines) if (l) this.lineCounts.set(l, (this.lineCounts.get(l) ?? 0) + 1);
      }
      return this.lineCounts.get(line) ?? 0;
    }
    let repeats = 0;
    for (const l of this.lines) if (l.length === line.length && l === line) repeats++;
    return repeats;
  }

  /** The rank of line `index` among the non-empty lines: counted on from the line last asked about when it is above `index`. */
  private rankOf(index: number): number {
    if (index < this.rankedIndex) {
      this.rankedIndex = 0;
      this.rankedRank = 0;
    }
    let rank = this.rankedRank;
    for (let i = this.rankedIndex; i < index; i++) if (this.lines[i]) rank++;
    this.rankedIndex = index;
    this.rankedRank = rank;
    return rank;
  }

  /** The context of line `index`; null for an empty line. */
  contextAt(index: number): LineContext | null {
    const line = this.lines[index];
    if (!line) return null;
    const { lines, count, title, bodyEnd, salutation } = this;
    return { lines, index, rank: this.rankOf(index), count, repeats: this.repeats(line), siteScore: this.siteScore(line, index), title, bodyEnd, salutation };
  }
}

/** Learned weights: the bias and one weight per feature name. */
export interface LineModel {
  bias: number;
  weights: ReadonlyMap<string, number>;
}

/** Probability that a line is furniture. */
export function furnitureProbability(model: LineModel, features: readonly string[]): number {
  let z = model.bias;
  for (const f of features) z += model.weights.get(f) ?? 0;
  return 1 / (1 + Math.exp(-z));
}

/** A model's weights by feature id (`LINE_FEATURES`; 0 for a feature it has no weight for), made once per model. */
const weightsById = new WeakMap<LineModel, Float64Array>();

function weightsOf(model: LineModel): Float64Array {
  let weights = weightsById.get(model);
  if (weights === undefined) {
    weights = Float64Array.from(LINE_FEATURES, (name) => model.weights.get(name) ?? 0);
    weightsById.set(model, weights);
  }
  return weights;
}

/** `furnitureProbability` of the features of ids `ids` (`lineShapeFeatureIds`): the same sum, in the same order. */
export function furnitureProbabilityOfIds(model: LineModel, ids: readonly number[]): number {
  const weights = weightsOf(model);
  let z = model.bias;
  for (let k = 0; k < ids.length; k++) z += weights[ids[k]];
  return 1 / (1 + Math.exp(-z));
}

/** Trains a logistic model by gradient descent with L2 regularisation; deterministic. */
export function trainLineModel(examples: readonly { features: readonly string[]; noise: boolean }[], epochs = 300, rate = 0.5, l2 = 1e-3): LineModel {
  const weights = new Map<string, number>();
  let bias = 0;
  // Note: the classes are unbalanced (few furniture lines); weigh furniture lines so both classes count alike.
  const positives = examples.filter((e) => e.noise).length;
  const negatives = examples.length - positives;
  const weightOf = (noise: boolean) => (noise ? examples.length / (2 * Math.max(1, positives)) : examples.length / (2 * Math.max(1, negatives)));
  for (let epoch = 0; epoch < epochs; epoch++) {
    const grad = new Map<string, number>();
    let gradBias = 0;
    for (const { features, noise } of examples) {
      const p = furnitureProbability({ bias, weights }, features);
      const g = (p - (noise ? 1 : 0)) * weightOf(noise);
      gradBias += g;
      for (const f of features) grad.set(f, (grad.get(f) ?? 0) + g);
    }
    bias -= (rate * gradBias) / examples.length;
    for (const [f, g] of grad) weights.set(f, (weights.get(f) ?? 0) - rate * (g / examples.length + l2 * (weights.get(f) ?? 0)));
  }
  return { bias, weights };
}
