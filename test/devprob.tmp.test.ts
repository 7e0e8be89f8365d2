import fs from 'node:fs';
import { test } from 'vitest';
import { extractProblems } from '../src/stages/problems.js';
import { roughParagraphs, squashSpaces } from './helpers/rough-paragraphs.js';
test('dev', () => {
  for (const f of fs.readdirSync('/work/shared/corpus-dev')) {
    const text = squashSpaces(fs.readFileSync('/work/shared/corpus-dev/' + f, 'utf8'));
    const paras = roughParagraphs(text).map(p => process.env.WORK ? { ...p, section: p.section === 'problems' ? 'work' as const : p.section, cue: undefined } : p);
    console.log('==', f, paras.filter(p=>p.section==='problems').map(p=>`[${p.no}${p.isHeading?'H':''}]`+text.slice(p.start,p.end).slice(0,30)).join(' | '));
    for (const it of extractProblems(text, paras)) console.log(it.generic?'G':' ', it.paragraphNo, 'H:', text.slice(it.headline.start, it.headline.end), '\n     T:', text.slice(it.start, it.end));
  }
});
