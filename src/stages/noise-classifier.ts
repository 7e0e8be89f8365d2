import { readDataTsv } from '../data/load.js';

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
 * count starts at 1 + smoothing when first seen and class counts start at 1.
 */
class BinaryNaiveBayes {
  private readonly vocabulary = new Set<string>();
  private readonly docs: { features: Set<string>; label: Label }[] = [];
  private readonly featureCounts = new Map<Label, Map<string, number>>();
  private readonly classTotals = new Map<Label, number>();
  private totalExamples = 1;

  constructor(private readonly smoothing = 1) {}

  addDocument(features: readonly string[], label: Label): void {
    for (const f of features) this.vocabulary.add(f);
    this.docs.push({ features: new Set(features), label });
  }

  train(): void {
    for (const { features, label } of this.docs) {
      if (!this.featureCounts.has(label)) {
        this.featureCounts.set(label, new Map());
        this.classTotals.set(label, 1);
      }
      this.totalExamples++;
      this.classTotals.set(label, this.classTotals.get(label)! + 1);
      const counts = this.featureCounts.get(label)!;
      for (const f of features) counts.set(f, counts.has(f) ? counts.get(f)! + 1 : 1 + this.smoothing);
    }
  }

  value(features: readonly string[], label: Label): number {
    const counts = this.featureCounts.get(label);
    const total = this.classTotals.get(label);
    if (!counts || total === undefined) return 0;
    let logProb = 0;
    for (const f of new Set(features)) {
      if (!this.vocabulary.has(f)) continue;
      logProb += Math.log((counts.get(f) ?? this.smoothing) / total);
    }
    return (total / this.totalExamples) * Math.exp(logProb);
  }
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
  classifier.train();
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
