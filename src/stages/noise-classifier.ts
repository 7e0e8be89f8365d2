import { readDataTsv } from '../data/load.js';
import { grownTo } from '../model/typed-arrays.js';

/** A trained noise/text classifier for short lines. */
export interface NoiseClassifier {
  /** true when the line reads as web-page furniture rather than report text */
  isNoise(line: string): boolean;
  /** how many times likelier noise is than text for this line (the two classes' naive Bayes values) */
  noiseOdds(line: string): number;
}

type Label = 'noise' | 'text';

/**
 * Naive Bayes over binary features with add-one smoothing: the model natural's BayesClassifier (apparatus)
 * computes, written out here instead of importing natural's private module path. Value of a class:
 * P(class) · Π over the known features present of count(feature, class) / count(class), where a feature's
 * count is the smoothing plus the number of training lines of the class holding it (natural starts it at
 * 1 + smoothing when first seen and adds 1 for each later line) and class counts start at 1.
 */
class BinaryNaiveBayes {
  /** the id of every feature seen in training, in the order first seen */
  private readonly ids = new Map<string, number>();
  /** per feature id, how many training lines of each class hold it: `lines[2 * id + classIndex]` */
  private lines = new Int32Array(2048);
  /** the last training line that counted each feature id (a line holding a feature twice counts it once) */
  private lastLine = new Int32Array(1024).fill(-1);
  /** lines per class, and whether the class was seen at all */
  private readonly classLines = [0, 0];
  private totalExamples = 1;

  constructor(private readonly smoothing = 1) {}

  /** Counts one training line (its features, duplicates counted once). */
  addDocument(features: readonly string[], label: Label): void {
    const c = classIndex(label);
    const line = this.totalExamples - 1;
    this.totalExamples++;
    this.classLines[c]++;
    for (const f of features) {
      const id = this.idOf(f);
      if (this.lastLine[id] === line) continue;
      this.lastLine[id] = line;
      this.lines[2 * id + c]++;
    }
  }

  value(features: readonly string[], label: Label): number {
    const c = classIndex(label);
    if (this.classLines[c] === 0) return 0;
    const total = 1 + this.classLines[c];
    let logProb = 0;
    for (const f of new Set(features)) {
      const id = this.ids.get(f);
      if (id === undefined) continue;
      logProb += Math.log((this.smoothing + this.lines[2 * id + c]) / total);
    }
    return (total / this.totalExamples) * Math.exp(logProb);
  }

  /** The id of a feature, given when first seen (the count arrays grown to hold it). */
  private idOf(feature: string): number {
    let id = this.ids.get(feature);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(feature, id);
      if (id === this.lastLine.length) {
        this.lastLine = grownTo(this.lastLine, id + 1, -1);
        this.lines = grownTo(this.lines, 2 * (id + 1));
      }
    }
    return id;
  }
}

function classIndex(label: Label): number {
  return label === 'noise' ? 0 : 1;
}

/**
 * Features of a line: character bigrams (Chinese has no spaces, and furniture is recognisable by its
 * vocabulary: 上一篇, 浏览, 下载, 客服) plus its shape (digits, Latin letters, separators). Length and final punctuation are left out: the
 * training sentences end in 。 and page furniture rarely does, which would make any cut-off line look like noise.
 */
export function lineFeatures(line: string): string[] {
  const text = line.replace(/\s+/gu, '');
  const features: string[] = [];
  for (let i = 0; i + 1 < text.length; i++) features.push(text.slice(i, i + 2));
  if (/[0-9]/u.test(text)) features.push('shape:digit');
  if (/[A-Za-z]/u.test(text)) features.push('shape:latin');
  if (/[|｜>»:：]/u.test(text)) features.push('shape:separator');
  return features;
}

/** Odds above which a line is called noise. */
const NOISE_ODDS = 50;

/**
 * Trains the naive Bayes classifier on the hand-written sentences of data/section-training.tsv:
 * `noise` against every other section type.
 */
export function trainNoiseClassifier(file = 'section-training.tsv'): NoiseClassifier {
  const classifier = new BinaryNaiveBayes();
  for (const { fields } of readDataTsv(file, 2)) classifier.addDocument(lineFeatures(fields[1]), fields[0] === 'noise' ? 'noise' : 'text');
  return {
    noiseOdds(line: string): number {
      const features = lineFeatures(line);
      return classifier.value(features, 'noise') / Math.max(classifier.value(features, 'text'), Number.MIN_VALUE);
    },
    isNoise(line: string): boolean {
      // Note: only a clear call counts; short unseen lines lean towards the smaller class in naive Bayes.
      return this.noiseOdds(line) > NOISE_ODDS;
    },
  };
}
