import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const src = path.resolve(import.meta.dirname, '..', 'src');

/** Every .ts file under `dir` (relative to src/) with its value imports (`import type` left out). */
function valueImports(dir: string): { file: string; from: string }[] {
  const out: { file: string; from: string }[] = [];
  const walk = (abs: string) => {
    for (const entry of fs.readdirSync(abs, { withFileTypes: true })) {
      const full = path.join(abs, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts')) {
        const text = fs.readFileSync(full, 'utf8');
        for (const m of text.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+'([^']+)'/gmu)) {
          out.push({ file: path.relative(src, full), from: path.relative(src, path.resolve(path.dirname(full), m[1])) });
        }
      }
    }
  };
  walk(path.join(src, dir));
  return out;
}

describe('layers', () => {
  it('layers: src/emit formats and writes; it imports no analysis from src/aggregate or src/stages', () => {
    const wrong = valueImports('emit').filter((i) => i.from.startsWith('aggregate') || i.from.startsWith('stages'));
    expect(wrong).toEqual([]);
  });

  it('layers: src/model depends on nothing outside src/model', () => {
    // Type imports count too: the model is the vocabulary every layer shares.
    const outside = fs
      .readdirSync(path.join(src, 'model'))
      .flatMap((f) => [...fs.readFileSync(path.join(src, 'model', f), 'utf8').matchAll(/from\s+'(\.\.\/[^']+)'/gu)].map((m) => `${f}: ${m[1]}`));
    expect(outside).toEqual([]);
  });
});
