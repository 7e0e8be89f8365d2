import { test } from 'vitest';
import { clusterProblems } from '../src/aggregate/recurring-problems.js';
import { multiyearProblems } from './helpers/multiyear.js';
test('fixclu', () => {
  const items = multiyearProblems();
  for (const t of (process.env.TS ?? '0.2,0.25,0.3').split(',').map(Number)) {
    const r = clusterProblems(items, { threshold: t, conceptWeight: Number(process.env.CW ?? 3) });
    console.log('t=', t);
    for (const c of r.clusters) console.log('   ', c.id, c.keys.length, c.label, '::', c.keys.map(k => items.find(i => i.key === k)!.headline + '@' + k.replace(/#.*/, '')).join(' | '), '::', c.recursInTownship);
  }
});
