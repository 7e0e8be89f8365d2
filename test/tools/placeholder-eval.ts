/**
 * Scores the placeholder detector alone against the dev gold, with the scorer's key logic
 * (eval/score.mjs: key = mark run + first non-space character after it; multiset match per report).
 * Usage: npx vite-node test/tools/placeholder-eval.ts [-- --gold DIR --texts DIR --verbose]
 * Texts get the cleaner's PDF-spacing repair only (spaces between two Chinese characters removed),
 * so the numbers measure the detector, not the rest of the pipeline.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadPlaceholderRules } from '../../src/data/placeholder-rules.js';
import { findPlaceholders } from '../../src/stages/placeholders.js';

const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const goldDir = opt('--gold', '/work/shared/eval/gold');
const textDir = opt('--texts', '/work/shared/corpus-dev');
const verbose = args.includes('--verbose');

const CJK_SIDE = '[\\u3400-\\u9fff\\uf900-\\ufaff“”‘’《》（）、，。：；！？]';
/** Removes PDF-extraction spaces between Chinese characters ("相 关" → "相关"); spaces next to Latin stay. */
export function joinCjkSpaces(text: string): string {
  return text.replace(new RegExp(`(?<=${CJK_SIDE})[ \\t\\u3000]+(?=${CJK_SIDE})`, 'g'), '');
}

// scorer key logic, copied from eval/score.mjs
const squash = (s: string) => s.replace(/\s+/g, '');
const width = (s: string) => s.replace(/[\uff01-\uff5e]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
const norm = (s: string) => width(squash(s)).toLowerCase();
const MARK = /[xX×*某○□]+/g;
const keysOf = (token: string) => {
  const t = norm(token);
  return [...t.matchAll(MARK)].map((m) => m[0] + (t[m.index + m[0].length] || ''));
};
const marksOnly = (k: string) => k.replace(/[^xX×*某○□]/g, '');

const rules = loadPlaceholderRules();
let tp = 0;
let goldCount = 0;
let predCount = 0;
const missed: string[] = [];
const extra: string[] = [];
const kindErrors: string[] = [];
for (const file of fs.readdirSync(goldDir).filter((f) => f.endsWith('.json')).sort()) {
  const gold = JSON.parse(fs.readFileSync(path.join(goldDir, file), 'utf8')) as {
    file: string;
    placeholders?: { key: string; kind: string; context: string }[];
  };
  const text = joinCjkSpaces(fs.readFileSync(path.join(textDir, gold.file), 'utf8'));
  const matches = findPlaceholders(text, rules);
  const pred = matches.flatMap((m) => keysOf(m.token).map((key) => ({ key, kind: m.kind, token: m.token })));
  const goldKeys = (gold.placeholders ?? []).map((p) => ({ key: norm(p.key), kind: p.kind }));
  goldCount += goldKeys.length;
  predCount += pred.length;
  const left = pred.slice();
  for (const g of goldKeys) {
    let j = left.findIndex((p) => p.key === g.key);
    if (j < 0) j = left.findIndex((p) => marksOnly(p.key) === marksOnly(g.key) && p.key.length < g.key.length);
    if (j >= 0) {
      if (left[j].kind !== g.kind) kindErrors.push(`${file}:${g.key} gold ${g.kind} got ${left[j].kind}`);
      left.splice(j, 1);
      tp++;
    } else missed.push(`${file}:${g.key}`);
  }
  extra.push(...left.map((p) => `${file}:${p.key} (${p.token})`));
  if (verbose) for (const m of matches) console.log(`${file}\t${m.kind}\t${m.token}`);
}
const pct = (x: number) => (100 * x).toFixed(1) + '%';
console.log(`placeholders  recall ${pct(goldCount ? tp / goldCount : 1)}  precision ${pct(predCount ? tp / predCount : 1)}  (gold ${goldCount}, found ${predCount})`);
console.log(`kind agreement on matched keys: ${tp - kindErrors.length}/${tp}`);
if (missed.length) console.log(`missed: ${missed.join(' ')}`);
if (extra.length) console.log(`extra: ${extra.join(' ')}`);
if (kindErrors.length) console.log(`kind: ${kindErrors.join(' | ')}`);
