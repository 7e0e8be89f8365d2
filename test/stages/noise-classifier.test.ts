import { describe, expect, it } from 'vitest';
import { trainNoiseClassifier } from '../../src/stages/noise-classifier.js';

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
