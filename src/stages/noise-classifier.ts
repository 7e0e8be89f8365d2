import { createRequire } from 'node:module';
import { readDataTsv } from '../data/load.js';

/** A trained noise/text classifier for short lines. */
export interface NoiseClassifier {
  /** true when the line reads as web-page furniture rather than report text */
  isNoise(line: string): boolean;
  /** how many times likelier noise is than text for this line (natural's class values) */
  noiseOdds(line: string): number;
}

interface BayesClassifier {
  addDocument(features: string[], label: string): void;
  train(): void;
  getClassifications(features: string[]): { label: string; value: number }[];
}

const require = createRequire(import.meta.url);
// Note: natural's index module pulls in its storage back-ends, which load dotenv and print to stdout; the
// classifier module alone has no such side effect.
const NaturalBayesClassifier = require('natural/lib/natural/classifiers/bayes_classifier') as new () => BayesClassifier;

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
 * Trains natural's naive Bayes classifier on the hand-written sentences of data/section-training.tsv:
 * `noise` against every other section type.
 */
export function trainNoiseClassifier(file = 'section-training.tsv'): NoiseClassifier {
  const classifier = new NaturalBayesClassifier();
  for (const { fields } of readDataTsv(file, 2)) classifier.addDocument(lineFeatures(fields[1]), fields[0] === 'noise' ? 'noise' : 'text');
  classifier.train();
  return {
    noiseOdds(line: string): number {
      const values = Object.fromEntries(classifier.getClassifications(lineFeatures(line)).map((c) => [c.label, c.value]));
      return (values.noise ?? 0) / Math.max(values.text ?? 0, Number.MIN_VALUE);
    },
    isNoise(line: string): boolean {
      // Note: only a clear call counts; short unseen lines lean towards the smaller class in naive Bayes.
      return this.noiseOdds(line) > NOISE_ODDS;
    },
  };
}
