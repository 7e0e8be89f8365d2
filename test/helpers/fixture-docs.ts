import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SectionType } from '../../src/model/kinds.js';
import type { Doc, Paragraph } from '../../src/model/report.js';
import { walkCorpus } from '../../src/io/walk.js';
import { givenMetadata, readManifest } from '../../src/io/manifest.js';

export const FIXTURE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/themes');
export const FIXTURE_CORPUS = path.join(FIXTURE_DIR, 'corpus');

/** Builds a Doc from hand-tokenised paragraphs: tokens joined by spaces, paragraphs by newlines. */
export function makeDoc(id: string, paragraphs: [SectionType, string[]][], meta: { township?: string; year?: number | null } = {}): Doc {
  let text = '';
  const starts: number[] = [];
  const ends: number[] = [];
  const words: string[] = [];
  const paragraphStarts: number[] = [];
  const paras: Paragraph[] = [];
  paragraphs.forEach(([section, tokens], p) => {
    if (p > 0) text += '\n';
    const start = text.length;
    paragraphStarts.push(words.length);
    tokens.forEach((t, k) => {
      if (k > 0) text += ' ';
      starts.push(text.length);
      text += t;
      ends.push(text.length);
      words.push(t);
    });
    paras.push({ start, end: text.length, no: p + 1, section, isHeading: false, level: 0 });
  });
  paragraphStarts.push(words.length);
  return {
    report: { id, source: `${id}.txt`, format: 'txt', encoding: 'utf-8', bytes: 0, raw: text, given: {} },
    status: 'ok',
    diagnostics: [],
    cleaned: text,
    toRaw: new Int32Array(text.length + 1),
    text,
    script: 'simplified',
    paragraphs: paras,
    tokens: { starts: Int32Array.from(starts), ends: Int32Array.from(ends), words, paragraphStarts: Int32Array.from(paragraphStarts) },
    meta: { title: '', township: meta.township ?? '', year: meta.year ?? null, planYear: null, period: '' },
    placeholders: [],
    problems: [],
  };
}

/** The fixture corpus as Docs, metadata from manifest and folder layout (no text inference). */
export function fixtureDocs(): Doc[] {
  const manifest = readManifest(FIXTURE_CORPUS);
  return walkCorpus(FIXTURE_CORPUS).map((file) => {
    const lines = fs.readFileSync(file.absPath, 'utf8').trim().split('\n');
    const given = givenMetadata(file.relPath, manifest);
    const doc = makeDoc(
      file.relPath.replace(/\.txt$/, ''),
      lines.map((l) => {
        const [section, tokens] = l.split('\t');
        return [section as SectionType, tokens.split(' ')];
      }),
      { township: given.township, year: given.year ?? null },
    );
    return { ...doc, report: { ...doc.report, given } };
  });
}
