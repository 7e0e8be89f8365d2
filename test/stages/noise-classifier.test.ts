import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { lineFeatures, trainNoiseClassifier } from '../../src/stages/noise-classifier.js';
import { readDataTsv } from '../../src/data/load.js';

const classifier = trainNoiseClassifier();

describe('noise-classifier', () => {
  it.each(['相关阅读推荐', '热门文章排行', '点击这里查看更多范文', '更多精彩内容请关注', '版权声明：本文内容由互联网用户自发贡献'])(
    'noise-classifier calls page furniture %s noise',
    (line) => expect(classifier.isNoise(line)).toBe(true),
  );

  it.each(['加强阵地管理', '强化队伍建设。', '以上是我镇的工作总结', '特此报告。', '三是开展多彩活动丰富群众精神文化生活'])(
    'noise-classifier keeps report text %s',
    (line) => expect(classifier.isNoise(line)).toBe(false),
  );
});

/** The classifier as natural's BayesClassifier (apparatus) trains it: the code the counting by feature id replaced. */
function referenceOdds(): (line: string) => number {
  const vocabulary = new Set<string>();
  const featureCounts = new Map<string, Map<string, number>>();
  const classTotals = new Map<string, number>();
  let totalExamples = 1;
  for (const { fields } of readDataTsv('section-training.tsv', 2)) {
    const features = new Set(lineFeatures(fields[1]));
    const label = fields[0] === 'noise' ? 'noise' : 'text';
    for (const f of features) vocabulary.add(f);
    if (!featureCounts.has(label)) {
      featureCounts.set(label, new Map());
      classTotals.set(label, 1);
    }
    totalExamples++;
    classTotals.set(label, classTotals.get(label)! + 1);
    const counts = featureCounts.get(label)!;
    for (const f of features) counts.set(f, counts.has(f) ? counts.get(f)! + 1 : 2);
  }
  const value = (features: readonly string[], label: string) => {
    const counts = featureCounts.get(label)!;
    const total = classTotals.get(label)!;
    let logProb = 0;
    for (const f of new Set(features)) if (vocabulary.has(f)) logProb += Math.log((counts.get(f) ?? 1) / total);
    return (total / totalExamples) * Math.exp(logProb);
  };
  return (line) => {
    const features = lineFeatures(line);
    return value(features, 'noise') / Math.max(value(features, 'text'), Number.MIN_VALUE);
  };
}

describe('noise-classifier counts', () => {
  it('noise-classifier gives the odds the reference naive Bayes gives, on the training lines and on random lines', () => {
    const reference = referenceOdds();
    const lines = readDataTsv('section-training.tsv', 2).map(({ fields }) => fields[1]);
    // random lines from the training lines' own characters (so most bigrams are known) and a few others
    const chars = [...new Set(lines.join(''))].slice(0, 400).concat(['1', 'a', '|', '：', ' ', '𠀀']);
    const random = fc.sample(fc.array(fc.constantFrom(...chars), { minLength: 1, maxLength: 30 }), { numRuns: 2000, seed: 18 }).map((units) => units.join(''));
    for (const line of [...lines, ...random]) expect(classifier.noiseOdds(line), line).toBe(reference(line));
  });
});
