import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { recoverOutputFolder, stageOutputFolder } from '../../src/io/output-folder.js';

const owned = new Set(['reports.csv', 'paragraphs.csv', 'zongjie.xlsx']);
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'zongjie-out-'));
const write = (dir: string, files: Record<string, string>) => {
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
};
const read = (dir: string) => Object.fromEntries(fs.readdirSync(dir).sort().map((name) => [name, fs.readFileSync(path.join(dir, name), 'utf8')]));

describe('output folder', () => {
  it('output-folder swaps the staged tables in whole, drops stale owned files and keeps the user\'s own', () => {
    const parent = tmp();
    const out = path.join(parent, 'output');
    write(out, { 'reports.csv': 'old', 'paragraphs.csv': 'old', 'zongjie.xlsx': 'old', 'notes.txt': 'mine' });
    const staged = stageOutputFolder(out, { owned });
    write(staged.dir, { 'reports.csv': 'new', 'paragraphs.csv': 'new' });
    expect(read(out)['reports.csv']).toBe('old'); // nothing visible before the commit
    staged.commit(owned);
    expect(read(out)).toEqual({ 'notes.txt': 'mine', 'paragraphs.csv': 'new', 'reports.csv': 'new' });
    expect(fs.readdirSync(parent)).toEqual(['output']);
  });

  it('output-folder leaves a scratch file a step left in the staging folder out of the output', () => {
    const parent = tmp();
    const out = path.join(parent, 'output');
    const staged = stageOutputFolder(out, { owned });
    write(staged.dir, { 'reports.csv': 'new', '.reuse-texts.tmp': 'scratch' });
    staged.commit(owned);
    expect(read(out)).toEqual({ 'reports.csv': 'new' });
  });

  it('output-folder creates a missing folder, and abort leaves the old one as it was', () => {
    const parent = tmp();
    const out = path.join(parent, 'output');
    const first = stageOutputFolder(out, { owned });
    write(first.dir, { 'reports.csv': 'one' });
    first.commit(owned);
    const second = stageOutputFolder(out, { owned });
    write(second.dir, { 'reports.csv': 'two' });
    second.abort();
    expect(read(out)).toEqual({ 'reports.csv': 'one' });
    expect(fs.readdirSync(parent)).toEqual(['output']);
  });

  it('output-folder: the next run discards a killed run\'s staging folder and says so', () => {
    const parent = tmp();
    const out = path.join(parent, 'output');
    write(out, { 'reports.csv': 'old' });
    // A run killed mid-way left its staging folder (a pid that is not running).
    write(path.join(parent, '.output.zongjie-staging-999999999'), { 'reports.csv': 'half' });
    const notices = recoverOutputFolder(out, owned);
    expect(notices).toEqual([expect.stringMatching(/interrupted before it finished.*left as it was/)]);
    expect(read(out)).toEqual({ 'reports.csv': 'old' });
    expect(fs.readdirSync(parent)).toEqual(['output']);
  });

  it('output-folder: killed between the two renames, the next run puts the previous folder back', () => {
    const parent = tmp();
    const out = path.join(parent, 'output');
    write(path.join(parent, '.output.zongjie-previous'), { 'reports.csv': 'old', 'paragraphs.csv': 'old' });
    write(path.join(parent, '.output.zongjie-staging-999999999'), { 'reports.csv': 'new', 'paragraphs.csv': 'new' });
    const notices = recoverOutputFolder(out, owned);
    expect(notices).toHaveLength(2);
    expect(read(out)).toEqual({ 'paragraphs.csv': 'old', 'reports.csv': 'old' });
    expect(fs.readdirSync(parent)).toEqual(['output']);
  });

  it('output-folder: a file-by-file move (the fallback) interrupted half-way is finished by the next run', () => {
    const parent = tmp();
    const out = path.join(parent, 'output');
    write(out, { 'reports.csv': 'new', 'paragraphs.csv': 'old', 'zongjie.xlsx': 'old' });
    const staging = path.join(parent, '.output.zongjie-staging-999999999');
    write(staging, { 'paragraphs.csv': 'new', '.zongjie-moving': JSON.stringify(['reports.csv', 'paragraphs.csv']) });
    expect(recoverOutputFolder(out, owned)).toEqual([expect.stringMatching(/move has now been finished/)]);
    expect(read(out)).toEqual({ 'paragraphs.csv': 'new', 'reports.csv': 'new' });
  });

  it('output-folder moves files in one by one when the folder must stay in place', () => {
    const parent = tmp();
    const out = path.join(parent, 'output');
    write(out, { 'reports.csv': 'old', 'zongjie.xlsx': 'old', 'notes.txt': 'mine' });
    const staged = stageOutputFolder(out, { owned, keepInPlace: true });
    write(staged.dir, { 'reports.csv': 'new' });
    staged.commit(owned);
    expect(read(out)).toEqual({ 'notes.txt': 'mine', 'reports.csv': 'new' });
    expect(fs.readdirSync(parent)).toEqual(['output']);
  });
});
