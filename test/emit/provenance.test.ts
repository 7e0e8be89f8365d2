import { describe, expect, it } from 'vitest';
import { buildRunInfo, runInfoJson } from '../../src/emit/provenance.js';
import { walkCorpus } from '../../src/io/walk.js';
import { FIXTURE_CORPUS } from '../helpers/fixture-docs.js';

describe('provenance', () => {
  it('run.json is byte-identical across runs and lists inputs with sha256', () => {
    const input = {
      toolVersion: '0.1.0',
      options: { themes: undefined, groupBy: 'township', corpus: FIXTURE_CORPUS },
      corpus: FIXTURE_CORPUS,
      inputs: walkCorpus(FIXTURE_CORPUS).map((f) => f.relPath),
    };
    const a = runInfoJson(buildRunInfo(input));
    const b = runInfoJson(buildRunInfo(input));
    expect(a).toBe(b);
    const info = JSON.parse(a);
    expect(Object.keys(info.options)).toEqual(['corpus', 'groupBy']);
    expect(info.inputs.map((f: { path: string }) => f.path)).toEqual(['2022/西河乡.txt', '2022/陵口镇.txt', 'misc/report.txt', '陵口/2021.txt']);
    expect(info.inputs[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(info.dataFiles.map((f: { path: string }) => f.path)).toContain('themes.tsv');
    expect(a).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
  });
});
