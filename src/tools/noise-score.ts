/**
 * How much of the gold noise the pipeline kept out of the report. `noise_removed` is the share of gold-noise
 * LINES kept out: a line of the raw text is noise when most of its characters are gold noise, and kept out when
 * most of those characters are not inside a paragraph whose section is other than `noise`. `noise_chars_removed`
 * is the same share over characters, and `text_chars_lost` the share of gold report characters that are in no
 * non-noise paragraph (report text wrongly removed; should stay near 0). Characters are aligned the way ../shared/eval/score.mjs aligns them: the raw
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

/** Full-width ASCII folded to half width, as ../shared/eval/score.mjs folds it. */
export const foldWidth = (s: string): string => s.replace(/[\uff01-\uff5e]/gu, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));

/** Text normalised as the scorer normalises it: whitespace removed, full width folded, lower case. */
export const norm = (s: string): string => foldWidth(s.replace(/\s+/gu, '')).toLowerCase();

/** `norm(text)` with the offset in `text` of each of its characters (to map a gold string found in it back). */
export function normWithOffsets(text: string): { n: string; at: number[] } {
  let n = '';
  const at: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (/\s/u.test(text[i])) continue;
    n += foldWidth(text[i]).toLowerCase();
    at.push(i);
  }
  return { n, at };
}

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

/** Noise counts of one report or a set of reports. */
export interface NoiseTally {
  /** raw lines the gold calls noise (most of their characters are gold noise) */
  noiseLines: number;
  /** of those, the lines kept out: most of their gold-noise characters are not inside a non-noise paragraph */
  removedLines: number;
  /** gold-noise characters, and those kept out */
  noiseChars: number;
  removedChars: number;
  /** gold report (non-noise) characters, and those left out of every non-noise paragraph */
  textChars: number;
  lostChars: number;
}

const zeroTally = (): NoiseTally => ({ noiseLines: 0, removedLines: 0, noiseChars: 0, removedChars: 0, textChars: 0, lostChars: 0 });

/**
 * Scores one report: `text` is its raw file text, `paragraphs` its paragraphs in reading order (cleaned text and
 * section). Returns the tally, the gold-noise lines left in the report and the report lines left out of it
 * (`key: first 30 characters`).
 */
export function scoreReport(
  key: string,
  text: string,
  gold: GoldFile,
  paragraphs: readonly { text: string; section: string }[],
): { tally: NoiseTally; kept: string[]; lost: string[] } {
  const raw = norm(text);
  const isNoise = goldNoiseMask(raw, gold);
  const inReport = keptMask(raw, paragraphs);
  const tally = zeroTally();
  for (let i = 0; i < raw.length; i++) {
    if (isNoise[i]) {
      tally.noiseChars++;
      if (!inReport[i]) tally.removedChars++;
    } else {
      tally.textChars++;
      if (!inReport[i]) tally.lostChars++;
    }
  }
  const kept: string[] = [];
  const lost: string[] = [];
  let at = 0;
  for (const line of text.split('\n')) {
    const n = norm(line);
    if (!n) continue;
    const start = raw.indexOf(n, at);
    if (start < 0) continue;
    at = start + n.length;
    let noise = 0;
    let left = 0;
    let out = 0;
    for (let i = start; i < at; i++) {
      if (!isNoise[i]) {
        if (!inReport[i]) out++;
        continue;
      }
      noise++;
      if (inReport[i]) left++;
    }
    if (noise * 2 <= n.length) {
      // a report line
      if (out * 2 > n.length - noise) lost.push(`${key}: ${n.slice(0, 30)}`);
      continue;
    }
    tally.noiseLines++;
    if (left * 2 > noise) kept.push(`${key}: ${n.slice(0, 30)}`);
    else tally.removedLines++;
  }
  return { tally, kept, lost };
}

/** Adds tally `b` into `a`. */
export function addTally(a: NoiseTally, b: NoiseTally): NoiseTally {
  for (const k of Object.keys(a) as (keyof NoiseTally)[]) a[k] += b[k];
  return a;
}

/** The shares reported by the eval: null where the denominator is 0. */
export function noiseShares(t: NoiseTally): { lines: number | null; chars: number | null; textLost: number | null } {
  return {
    lines: t.noiseLines ? t.removedLines / t.noiseLines : null,
    chars: t.noiseChars ? t.removedChars / t.noiseChars : null,
    textLost: t.textChars ? t.lostChars / t.textChars : null,
  };
}

/**
 * noise_removed over a set of gold files: `share` is the share of gold-noise lines kept out (null when the gold
 * marks no noise at all), `charShare` the share of gold-noise characters kept out, `textLost` the share of gold
 * report characters left out of the report; `kept` lists the gold-noise lines (report: line) that ended up
 * inside the report, for the printed summary.
 */
export function noiseRemoved(
  golds: readonly GoldFile[],
  readText: (file: string) => string,
  paragraphRecords: readonly CsvRecord[],
): { share: number | null; charShare: number | null; textLost: number | null; kept: string[] } {
  const [head, ...rows] = paragraphRecords;
  const col = (name: string) => head?.fields.indexOf(name) ?? -1;
  const [idCol, noCol, sectionCol, textCol] = ['report_id', 'paragraph_no', 'section', 'text'].map(col);
  const byReport = new Map<string, { no: number; section: string; text: string }[]>();
  for (const r of rows) {
    const key = path.basename(r.fields[idCol] ?? '');
    if (!byReport.has(key)) byReport.set(key, []);
    byReport.get(key)!.push({ no: Number(r.fields[noCol]), section: r.fields[sectionCol] ?? '', text: r.fields[textCol] ?? '' });
  }
  const total = zeroTally();
  const kept: string[] = [];
  for (const gold of golds) {
    const key = gold.file.replace(/\.[^.]+$/u, '');
    const paragraphs = (byReport.get(key) ?? []).sort((a, b) => a.no - b.no);
    const one = scoreReport(key, readText(gold.file), gold, paragraphs);
    addTally(total, one.tally);
    kept.push(...one.kept);
  }
  const shares = noiseShares(total);
  return { share: shares.lines, charShare: shares.chars, textLost: shares.textLost, kept };
}
