/**
 * A logistic line model for web-page furniture, learned from labelled lines by src/tools/train-noise.ts and
 * stored as feature weights in data/noise-weights.tsv. Features describe a line's shape, not its words:
 * length, punctuation, digit and Latin share, a label colon, its position from either edge of the page,
 * repetition, site words and report-kind words. Cleaning drops a short line the model calls furniture
 * with high confidence (see clean.ts).
 */
import { isSentenceEndUnit } from '../model/code-units.js';

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
const HAN = /\p{Script=Han}/gu;
const DIGIT = /[0-9０-９]/gu;
const LATIN = /[A-Za-zＡ-Ｚａ-ｚ]/gu;

function share(line: string, pattern: RegExp): number {
  return line.length ? (line.match(pattern)?.length ?? 0) / line.length : 0;
}

/** The features of a line (names of the active binary features). */
export function lineShapeFeatures(line: string, context: LineContext): string[] {
  const f: string[] = [];
  const n = line.length;
  f.push(n <= 2 ? 'len<=2' : n <= 4 ? 'len<=4' : n <= 8 ? 'len<=8' : n <= 15 ? 'len<=15' : n <= 30 ? 'len<=30' : n <= 60 ? 'len<=60' : 'len>60');
  if (endsSentence(line)) f.push('ends-sentence');
  if (/[，,、]/u.test(line)) f.push('has-comma');
  if (/[。]/u.test(line)) f.push('has-full-stop');
  const han = share(line, HAN);
  f.push(han === 0 ? 'han=0' : han < 0.5 ? 'han<0.5' : han < 0.9 ? 'han<0.9' : 'han>=0.9');
  const digits = share(line, DIGIT);
  if (digits > 0.5) f.push('digits>0.5');
  else if (digits > 0.2) f.push('digits>0.2');
  if (share(line, LATIN) > 0.3) f.push('latin>0.3');
  const colon = line.search(/[:：]/u);
  if (colon >= 0 && colon <= 6) f.push('label-colon');
  if (/[:：]$/u.test(line)) f.push('ends-colon');
  if (/^[一二三四五六七八九十]+、|^[(（][一二三四五六七八九十]+[)）]|^[0-9]{1,2}[.、．]/u.test(line)) f.push('numbered');
  if (/[|｜>»›]/u.test(line)) f.push('separator');
  if (/[【】\[\]]/u.test(line)) f.push('brackets');
  if (KIND_WORD.test(line)) f.push('kind-word');
  const fromTop = context.rank;
  const fromBottom = context.count - 1 - context.rank;
  f.push(fromTop < 3 ? 'top<3' : fromTop < 10 ? 'top<10' : 'top>=10');
  f.push(fromBottom < 3 ? 'bottom<3' : fromBottom < 10 ? 'bottom<10' : 'bottom>=10');
  if (context.repeats > 1) f.push('repeated');
  if (context.siteScore >= 1) f.push('site-word');
  // where the line stands relative to the title and the end of the body
  if (context.title >= 0) {
    if (context.index < context.title) f.push('above-title');
    else if (context.index > context.title && line === context.lines[context.title]) f.push('repeats-title');
  }
  if (context.bodyEnd >= 0 && context.index > context.bodyEnd) f.push('after-body');
  if (context.salutation >= 0 && context.index > context.title && context.index < context.salutation) f.push('title-block');
  // neighbouring lines: furniture comes in runs of short lines without clause marks
  const near = [previousLine(context, -1), previousLine(context, 1)];
  const shortNear = near.filter((l) => l !== undefined && l.length <= 12 && !/[。；;，,]/u.test(l)).length;
  if (shortNear === 2) f.push('short-neighbours');
  else if (shortNear === 1) f.push('one-short-neighbour');
  if (near.some((l) => l !== undefined && l.length >= 40 && endsSentence(l))) f.push('sentence-neighbour');
  if (/\d{4}\s*[-/年.]\s*\d{1,2}/u.test(line)) f.push('date');
  if (/\d{1,2}[:：]\d{2}/u.test(line)) f.push('clock');
  if (/https?:|www\.|\.(com|cn|net|org)\b/u.test(line)) f.push('address');
  return f;
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

/** Lines up to this length have their repeats counted in one table, built on first use. */
const COUNTED_LINE_CHARS = 64;

/**
 * The lines of a page with what their contexts share (title, end of the body, salutation), computed once; a
 * line's own context (`contextAt`) only when it is asked for: cleaning judges only a page's short lines.
 */
export class PageLines {
  readonly title: number;
  readonly bodyEnd: number;
  readonly salutation: number;
  /** number of non-empty lines */
  readonly count: number;
  /** rank of each line among the non-empty lines (-1 for an empty line) */
  private readonly ranks: Int32Array;
  /** repeats of the lines of up to COUNTED_LINE_CHARS, counted on first use */
  private shortCounts: Map<string, number> | null = null;

  constructor(
    readonly lines: readonly string[],
    private readonly siteScore: (line: string, index: number) => number,
  ) {
    this.ranks = new Int32Array(lines.length);
    let count = 0;
    let bodyEnd = -1;
    let title = -1;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      this.ranks[i] = line ? count++ : -1;
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

  /** How many times `line` occurs on the page. */
  private repeats(line: string): number {
    if (line.length > COUNTED_LINE_CHARS) return this.lines.filter((l) => l === line).length;
    if (!this.shortCounts) {
      this.shortCounts = new Map();
      for (const l of this.lines) if (l && l.length <= COUNTED_LINE_CHARS) this.shortCounts.set(l, (this.shortCounts.get(l) ?? 0) + 1);
    }
    return this.shortCounts.get(line)!;
  }

  /** The context of line `index`; null for an empty line. */
  contextAt(index: number): LineContext | null {
    const line = this.lines[index];
    if (!line) return null;
    // Note: the site-word score is computed on first read.
    let score: number | undefined;
    const siteScore = this.siteScore;
    const { lines, count, title, bodyEnd, salutation } = this;
    return {
      lines,
      index,
      rank: this.ranks[index],
      count,
      repeats: this.repeats(line),
      title,
      bodyEnd,
      salutation,
      get siteScore() {
        return (score ??= siteScore(line, index));
      },
    };
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
