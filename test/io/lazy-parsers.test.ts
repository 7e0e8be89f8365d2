import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';

// Runs the compiled readers (test/global-setup.ts rebuilds dist/ when the sources are newer) in a child node whose
// module resolve hook lists every bare package it is asked for: what reading a file makes the thread load.
const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zongjie-lazy-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const HOOK = `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  if (!/^[.\\/]|^node:|^file:/.test(specifier)) appendFileSync(process.env.ZONGJIE_RESOLVED, specifier + '\\n');
  return next(specifier, context);
}`;

/** The packages resolved while `readReport` reads `name` (holding `content`), and whether it was read. */
function packagesLoadedReading(name: string, content: string): { ok: boolean; packages: string[] } {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  const log = path.join(dir, `${name}.resolved`);
  fs.writeFileSync(log, '');
  const script = `import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(HOOK)}));
const { readReport } = await import(${JSON.stringify(path.join(DIST, 'io/ingest.js'))});
const outcome = await readReport(${JSON.stringify(file)}, ${JSON.stringify(name)});
process.stdout.write(String(outcome.ok));`;
  const ok = execFileSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, ZONGJIE_RESOLVED: log }, encoding: 'utf8' }) === 'true';
  return { ok, packages: fs.readFileSync(log, 'utf8').split('\n').filter(Boolean) };
}

describe('format libraries loaded on first use', () => {
  test('reading a text file loads neither htmlparser2 nor rtf-stream-parser', () => {
    const { ok, packages } = packagesLoadedReading('报告.txt', '宣传思想工作总结\n一、理论学习\n全年开展学习12次。\n');
    expect(ok).toBe(true);
    expect(packages.filter((p) => /htmlparser2|rtf-stream-parser/.test(p))).toEqual([]);
  });

  test('reading an HTML page loads htmlparser2 (the hook sees it), and an RTF document rtf-stream-parser', () => {
    const html = packagesLoadedReading('报告.html', '<html><body><p>宣传思想工作总结</p><p>全年开展学习12次。</p></body></html>');
    expect(html.ok).toBe(true);
    expect(html.packages).toContain('htmlparser2');
    const rtf = packagesLoadedReading('报告.rtf', '{\\rtf1\\ansi {\\fonttbl{\\f0 Arial;}}\\f0 Report text\\par}');
    expect(rtf.ok).toBe(true);
    expect(rtf.packages).toContain('rtf-stream-parser');
  });
});
