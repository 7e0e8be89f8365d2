import type { SectionType } from '../model/kinds.js';
import stringWidth from 'string-width';

/** Width of text in terminal columns (string-width: CJK and full-width characters two, marks and controls none). */
export function displayWidth(text: string): number {
  return stringWidth(text);
}
import type { Doc } from '../model/report.js';
import { compileThemes, matchThemes } from '../stages/themes.js';

/** What a concordance needs of a report. Offsets index `text` (UTF-16, half-open). */
export interface KwicSource {
  reportId: string;
  township: string;
  year: number | null;
  /** the text searched (Doc.text: simplified script) */
  text: string;
  /** the text shown, same length and offsets as `text` (Doc.cleaned: the report's own script) */
  display: string;
  /** token spans into `text`; when absent, matching falls back to substrings */
  tokens?: { starts: Int32Array; ends: Int32Array; words: readonly string[] };
  /** paragraphs with their sections, sorted by start, offsets into `text` */
  paragraphs: readonly { start: number; end: number; section: SectionType }[];
}

/** One occurrence of the term. */
export interface KwicLine {
  reportId: string;
  township: string;
  year: number | null;
  /** section of the paragraph holding the match; '' when unknown */
  section: SectionType | '';
  /** offset of the match into the report's analysis text, UTF-16 half-open */
  start: number;
  end: number;
  /** up to `width` characters before the match, whitespace runs shown as one space */
  left: string;
  /** the match as it stands in the report */
  match: string;
  /** the jieba token(s) the match lies in, `/`-separated when it spans several (网络舆情 for 舆情); '' without tokens */
  token: string;
  /** up to `width` characters after the match */
  right: string;
}

/** Options of `concordance`. */
export interface KwicOptions {
  /** context characters each side (code points; default 20) */
  width?: number;
  /**
   * match whole jieba tokens only, as themes.csv counts (default false: every occurrence, also inside longer
   * words such as 网络舆情 for 舆情, and across spaces and line breaks between its characters)
   */
  tokens?: boolean;
  /** include matches in noise paragraphs (default false, as themes skip them) */
  includeNoise?: boolean;
}

/** A Doc as a concordance source. */
export function kwicSourceOf(doc: Doc): KwicSource {
  return {
    reportId: doc.report.id,
    township: doc.meta.township,
    year: doc.meta.year,
    text: doc.text,
    display: doc.cleaned,
    tokens: doc.tokens,
    paragraphs: doc.paragraphs,
  };
}

/**
 * Every occurrence of `term` in the sources, in source order then text order. By default every occurrence
 * counts, whatever the word it stands in; with `tokens` a match must be token-aligned (the rule themes.csv
 * counts by), so `kwic --token` shows exactly the hits behind a theme count.
 */
export function concordance(sources: readonly KwicSource[], term: string, options: KwicOptions = {}): KwicLine[] {
  const { width = 20, tokens = false, includeNoise = false } = options;
  const out: KwicLine[] = [];
  const chars = [...term.replace(/\s+/g, '')];
  if (chars.length === 0) return out;
  const matcher = compileThemes({ file: '', themes: [{ name: term, terms: [term] }] });
  // Note: whitespace may stand between the term's characters (PDF spacing, a line break in a .txt).
  const pattern = new RegExp(chars.map(escapeRegExp).join('\\s*'), 'g');
  for (const src of sources) {
    const spans: { start: number; end: number }[] = [];
    if (tokens && src.tokens) {
      for (const m of matchThemes(src.tokens.words, matcher)) {
        spans.push({ start: src.tokens.starts[m.startToken], end: src.tokens.ends[m.endToken - 1] });
      }
    } else {
      for (const m of src.text.matchAll(pattern)) spans.push({ start: m.index, end: m.index + m[0].length });
    }
    for (const span of spans) {
      const section = sectionAt(src.paragraphs, span.start);
      if (section === 'noise' && !includeNoise) continue;
      out.push({
        reportId: src.reportId,
        township: src.township,
        year: src.year,
        section,
        start: span.start,
        end: span.end,
        left: lastCodePoints(flat(src.display.slice(Math.max(0, span.start - width * 2), span.start)), width),
        match: src.display.slice(span.start, span.end),
        token: src.tokens ? tokensAround(src.tokens, span, src.display) : '',
        right: firstCodePoints(flat(src.display.slice(span.end, span.end + width * 2)), width),
      });
    }
  }
  return out;
}

/** The tokens overlapping `span`, as they stand in `display`, `/`-separated. */
function tokensAround(tokens: NonNullable<KwicSource['tokens']>, span: { start: number; end: number }, display: string): string {
  // first token ending after the span's start
  let lo = 0;
  let hi = tokens.ends.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens.ends[mid] <= span.start) lo = mid + 1;
    else hi = mid;
  }
  const words: string[] = [];
  for (let t = lo; t < tokens.starts.length && tokens.starts[t] < span.end; t++) {
    const word = display.slice(tokens.starts[t], tokens.ends[t]);
    if (word.trim() !== '') words.push(word);
  }
  return words.join('/');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function sectionAt(paragraphs: KwicSource['paragraphs'], offset: number): SectionType | '' {
  let lo = 0;
  let hi = paragraphs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const p = paragraphs[mid];
    if (offset < p.start) hi = mid - 1;
    else if (offset >= p.end) lo = mid + 1;
    else return p.section;
  }
  return '';
}

function flat(s: string): string {
  return s.replace(/\s+/g, ' ');
}

function lastCodePoints(s: string, n: number): string {
  const cps = [...s];
  return cps.slice(Math.max(0, cps.length - n)).join('');
}

function firstCodePoints(s: string, n: number): string {
  return [...s].slice(0, n).join('');
}

/** Pads `s` with spaces to `columns` display columns, on the left (`start`) or right (`end`). */
export function padDisplay(s: string, columns: number, side: 'start' | 'end'): string {
  const pad = ' '.repeat(Math.max(0, columns - displayWidth(s)));
  return side === 'start' ? pad + s : s + pad;
}

/**
 * Renders concordance lines for a terminal: `report township year section │ left 【match】 right  ‹token›`,
 * the left context right-aligned to `width` wide characters so the matches line up; the jieba token is
 * shown when it is not the match itself (‹网络舆情› for 舆情).
 */
export function formatKwic(lines: readonly KwicLine[], width: number): string[] {
  const labels = lines.map((l) => [l.reportId, l.township || '-', l.year === null ? '-' : String(l.year), l.section || '-'].join(' '));
  const labelWidth = Math.max(0, ...labels.map((label) => displayWidth(label)));
  return lines.map((l, i) => {
    const token = l.token && l.token !== l.match ? `  ‹${l.token}›` : '';
    return `${padDisplay(labels[i], labelWidth, 'end')} │ ${padDisplay(l.left, width * 2, 'start')} 【${l.match}】 ${padDisplay(l.right, width * 2, 'end')}${token}`.trimEnd();
  });
}
