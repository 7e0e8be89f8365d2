import { describe, expect, it } from 'vitest';
import { composeStages, defineStage, validatePipeline, type AnyStage } from '../../src/stages/stage.js';
import { stages } from '../../src/stages/index.js';
import { analyzeReport, emptyDoc } from '../../src/pipeline.js';
import { reportOf, resources } from '../helpers.js';

const cleanLike = defineStage({ name: 'clean', requires: [], assigns: ['cleaned'], run: (doc) => ({ cleaned: doc.report.raw }) });
const scriptLike = defineStage({ name: 'script', requires: ['cleaned'], assigns: ['text'], run: (doc) => ({ text: doc.cleaned }) });

describe('stage contract', () => {
  it('stage-contract accepts the project pipeline', () => {
    expect(() => validatePipeline(stages, [])).not.toThrow();
  });

  it('stage-contract rejects a field required before it is assigned', () => {
    expect(() => validatePipeline([scriptLike, cleanLike], [])).toThrow(/"script" requires "cleaned"/);
  });

  it('stage-contract rejects a field assigned twice unless the second stage refines it', () => {
    const again = defineStage({ name: 'again', requires: [], assigns: ['cleaned'], run: () => ({ cleaned: '' }) });
    expect(() => validatePipeline([cleanLike, again], [])).toThrow(/"again" assigns "cleaned", already assigned by "clean"/);
    const refine = defineStage({ name: 'refine', requires: ['cleaned'], assigns: ['cleaned'], run: (doc) => ({ cleaned: doc.cleaned.trim() }) });
    expect(() => validatePipeline([cleanLike, refine], [])).not.toThrow();
  });

  it('stage-contract, run checked, throws on a read the stage did not declare', () => {
    const sneaky: AnyStage = { name: 'sneaky', requires: ['cleaned'], assigns: ['text'], run: (doc) => ({ text: doc.cleaned + String(doc.meta.title) }) };
    const composed = composeStages([cleanLike, sneaky]);
    const doc = emptyDoc(reportOf('正文'));
    expect(() => composed.run(doc, resources(), { checked: true })).toThrow(/"sneaky" reads "meta", which it does not require/);
    expect(composed.run(doc, resources()).text).toBe('正文'); // unchecked: no guard
  });

  it('stage-contract, run checked, throws on an undeclared or missing assignment', () => {
    const extra: AnyStage = { name: 'extra', requires: [], assigns: ['cleaned'], run: (doc) => ({ cleaned: doc.report.raw, text: '' }) };
    expect(() => composeStages([extra]).run(emptyDoc(reportOf('x')), resources(), { checked: true })).toThrow(/"extra" returns "text"/);
    const missing: AnyStage = { name: 'missing', requires: [], assigns: ['cleaned'], run: () => ({}) };
    expect(() => composeStages([missing]).run(emptyDoc(reportOf('x')), resources(), { checked: true })).toThrow(/"missing" does not return "cleaned"/);
  });

  it('stage-contract: the real stages pass checked on a report, and a broken one makes an error row under debug', () => {
    const raw = '某镇2021年宣传思想工作总结\n\n一、主要工作\n全年开展理论宣讲12场。\n二、存在问题\n一是阵地建设不够完善。\n';
    expect(analyzeReport(reportOf(raw), resources(), { debug: true }).status).toBe('ok');
    const sneaky: AnyStage = { name: 'sneaky', requires: [], assigns: [], run: (doc) => (doc.paragraphs.length ? {} : {}) };
    const broken = composeStages([...stages, sneaky]);
    const doc = analyzeReport(reportOf(raw), resources(), { debug: true, stages: broken });
    expect(doc.status).toBe('error');
    expect(doc.diagnostics[0]).toMatchObject({ code: 'internal', message: expect.stringMatching(/"sneaky" reads "paragraphs"/) });
    expect(analyzeReport(reportOf(raw), resources(), { stages: broken }).status).toBe('ok');
  });
});
