/**
 * The share of gold-noise characters that the pipeline kept out of the report: not placed in a paragraph whose
 * section is other than `noise`. Characters are aligned the way ../shared/eval/score.mjs aligns them: the raw
 * text and paragraph texts are normalised (whitespace removed, full-width ASCII folded, lower case) and each
 * paragraph is located piecewise, 12 characters at a time, from a cursor.
 */
import path from 'node:path';
import type { CsvRecord } from '../io/csv-parse.js';

/** The parts of a gold file (../shared/eval/GOLD-FORMAT.md) this measure reads. */
export interface GoldFile {
  file: string;
  sections: { starts: string; section: string }[];
}

const norm = (s: string): string =>
  s
    .replace(/\s+/gu, '')
    .replace(/[\uff01-\uff5e]/gu, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .toLowerCase();

/** Per character of norm(raw): true where the gold calls it noise. */
export function goldNoiseMask(raw: string, gold: GoldFile): boolean[] {
  const mask = new Array<boolean>(raw.length).fill(true);
  let from = 0;
  const starts: [number, string][] = [];
  for (const b of gold.sections) {
    const at = raw.indexOf(norm(b.starts), from);
    if (at < 0) throw new Error(`gold ${gold.file}: boundary not found: ${b.starts}`);
    starts.push([at, b.section]);
    from = at + 1;
  }
  starts.forEach(([at, section], k) => {
    const end = k + 1 < starts.length ? starts[k + 1][0] : raw.length;
    mask.fill(section === 'noise', at, end);
  });
  return mask;
}

/** Per character of norm(raw): true where some non-noise paragraph was located. */
export function keptMask(raw: string, paragraphs: readonly { text: string; section: string }[]): boolean[] {
  const kept = new Array<boolean>(raw.length).fill(false);
  let cursor = 0;
  for (const p of paragraphs) {
    const t = norm(p.text);
    if (!t) continue;
    const content = p.section !== 'noise';
    for (let k = 0; k < t.length; k += 12) {
      const piece = t.slice(k, k + 12);
      if (piece.length < 4) {
        if (k > 0 && raw.startsWith(piece, cursor)) {
          kept.fill(content, cursor, cursor + piece.length);
          cursor += piece.length;
        }
        break;
      }
      let at = raw.indexOf(piece, cursor);
      if (at < 0 || at - cursor > 400) {
        const back = raw.indexOf(piece);
        if (back >= 0 && (at < 0 || Math.abs(back - cursor) < at - cursor)) at = back;
      }
      if (at < 0) continue;
      kept.fill(content, at, at + piece.length);
      if (at > cursor && at - cursor <= 200 && k > 0) kept.fill(content, cursor, at);
      cursor = at + piece.length;
    }
  }
  return kept;
}

/**
 * noise_removed over a set of gold files: `share` is null when the gold marks no noise at all; `kept` lists
 * the gold-noise lines (report:line) that ended up inside the report, for the printed summary.
 */
export function noiseRemoved(
  golds: readonly GoldFile[],
  readText: (file: string) => string,
  paragraphRecords: readonly CsvRecord[],
): { share: number | null; kept: string[] } {
  const [head, ...rows] = paragraphRecords;
  const col = (name: string) => head?.fields.indexOf(name) ?? -1;
  const [idCol, noCol, sectionCol, textCol] = ['report_id', 'paragraph_no', 'section', 'text'].map(col);
  const byReport = new Map<string, { no: number; section: string; text: string }[]>();
  for (const r of rows) {
    const key = path.basename(r.fields[idCol] ?? '');
    if (!byReport.has(key)) byReport.set(key, []);
    byReport.get(key)!.push({ no: Number(r.fields[noCol]), section: r.fields[sectionCol] ?? '', text: r.fields[textCol] ?? '' });
  }
  let noise = 0;
  let removed = 0;
  const kept: string[] = [];
  for (const gold of golds) {
    const text = readText(gold.file);
    const raw = norm(text);
    const key = gold.file.replace(/\.[^.]+$/u, '');
    const paragraphs = (byReport.get(key) ?? []).sort((a, b) => a.no - b.no);
    const isNoise = goldNoiseMask(raw, gold);
    const inReport = keptMask(raw, paragraphs);
    for (let i = 0; i < raw.length; i++) {
      if (!isNoise[i]) continue;
      noise++;
      if (!inReport[i]) removed++;
    }
    // the gold-noise lines left in, for the summary
    let at = 0;
    for (const line of text.split('\n')) {
      const n = norm(line);
      if (!n) continue;
      const start = raw.indexOf(n, at);
      if (start < 0) continue;
      at = start + n.length;
      let bad = 0;
      for (let i = start; i < start + n.length; i++) if (isNoise[i] && inReport[i]) bad++;
      if (bad > n.length / 2) kept.push(`${key}: ${n.slice(0, 30)}`);
    }
  }
  return { share: noise ? removed / noise : null, kept };
}
