import fs from 'node:fs';
import { test } from 'vitest';
import { extractProblems } from '../src/stages/problems.js';
import { roughParagraphs } from './helpers/rough-paragraphs.js';
test('fix', () => {
  const dir = 'test/fixtures/multiyear';
  for (const t of fs.readdirSync(dir).sort()) for (const y of fs.readdirSync(`${dir}/${t}`).sort()) {
    const text = fs.readFileSync(`${dir}/${t}/${y}`, 'utf8');
    const paras = roughParagraphs(text);
    console.log('==', t, y, paras.filter(p=>p.section==='problems').length);
    for (const it of extractProblems(text, paras)) console.log(it.generic?'G':' ', 'H:', text.slice(it.headline.start, it.headline.end), ' T:', text.slice(it.start, it.end));
  }
});
