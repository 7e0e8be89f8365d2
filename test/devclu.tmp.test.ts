import fs from 'node:fs';
import { test } from 'vitest';
import jieba from 'nodejieba';
import { clusterProblems, problemSimilarities } from '../src/aggregate/recurring-problems.js';
test('devclu', () => {
  const items: any[] = [];
  for (const f of fs.readdirSync('/work/shared/eval/gold').filter(f => f.endsWith('.json')).sort()) {
    const g = JSON.parse(fs.readFileSync('/work/shared/eval/gold/' + f, 'utf8'));
    g.problems.forEach((p: any, i: number) => items.push({ key: `${f.slice(0,3)}#${i+1}`, reportId: f, township: '', year: null, headline: p.headline, words: jieba.cut(p.text) }));
  }
  const pairs: [number, number][] = [];
  for (let a = 0; a < items.length; a++) for (let b = a + 1; b < items.length; b++) pairs.push([a, b]);
  const cw = Number(process.env.CW ?? 1.5); const sims = problemSimilarities(items, pairs, { conceptWeight: cw });
  const rows = pairs.map((p, k) => [sims[k], items[p[0]].key, items[p[1]].key, items[p[0]].headline, items[p[1]].headline] as const).sort((x, y) => y[0] - x[0]).slice(0, 14);
  for (const r of rows) console.log('SIM', r[0].toFixed(3), r[1], r[2], r[3], '~', r[4]);
  for (const t of [0.15, 0.2, 0.25, 0.3, 0.35]) {
    const r = clusterProblems(items, { threshold: t, conceptWeight: cw });
    console.log('t=', t, r.clusters.filter(c => c.keys.length > 1).map(c => c.keys.join('+') + ' ' + c.label).join(' | '));
  }
});
