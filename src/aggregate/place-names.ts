import type { Span } from '../model/span.js';

/**
 * Foreign place names: a report that names another report's township (or a village, county or place the
 * gazetteer gives to another township or county) and not its own, the trace of a text copied from elsewhere
 * and not fully edited ("陵口镇" left in the 界牌镇 report).
 */

/** What a named place is. */
export type PlaceKind = 'township' | 'county' | 'village' | 'place';

/** Descriptions of the place kinds (gazetteer column 3). */
export const placeKindInfo: Record<PlaceKind, { description: string }> = {
  township: { description: 'a township, town or subdistrict (镇, 乡, 街道); its owner is the county above it, may be empty' },
  county: { description: 'a county, county-level city or district (县, 市, 区); its owner is the level above, may be empty' },
  village: { description: 'a village or community (村, 社区); its owner is its township' },
  place: { description: 'any other named place (a scenic spot, a brand, a landmark); its owner is its township' },
};

/** A gazetteer line (data/gazetteer.tsv or `--gazetteer FILE`: `name<TAB>owner<TAB>kind`). */
export interface GazetteerEntry {
  /** the name as written in reports (陵口镇, 金家村) */
  name: string;
  /** township a village or place belongs to; for a township or county, the county or city above it ('' if none) */
  owner: string;
  kind: PlaceKind;
}

/** A place named in a report that belongs to another township or county. Offsets index the report's `text`. */
export interface PlaceFinding extends Span {
  /** report_id */
  reportId: string;
  /** the name as it stands in the text */
  place: string;
  /** the township or county the name points to (as the corpus or gazetteer spells it) */
  owner: string;
  kind: PlaceKind;
  /** the text around the name, about 15 characters either side, line breaks as spaces */
  context: string;
}

/** Input of `findForeignPlaces`: the report's own township as known (manifest, folder or text). */
export interface PlaceInput {
  id: string;
  township: string;
  /** the analysis text (`Doc.text`); finding offsets index it */
  text: string;
}

/** Administrative suffixes, longest first, stripped to get the bare name (陵口镇 → 陵口). */
const ADMIN_SUFFIXES = ['街道办事处', '办事处', '街道', '镇', '乡', '县', '市', '区', '旗'];

/** Words that stand where a township name would but name none (我镇, 乡镇). */
const GENERIC = new Set(['乡镇', '我镇', '本镇', '全镇', '该镇', '各镇', '我乡', '本乡', '全乡', '该乡', '街道', '基层', '城镇', '村镇', '集镇']);

/**
 * The comparison key of a township or county name: trimmed, administrative suffix stripped (陵口镇 and 陵口
 * are one township). Empty when the name is unknown, generic (我镇, 乡镇) or a placeholder (X镇, *乡, 某镇).
 */
export function townshipKey(name: string): string {
  const trimmed = name.replace(/\s+/g, '');
  if (!trimmed || GENERIC.has(trimmed) || /[XxＸｘ*＊×某]/.test(trimmed)) return '';
  for (const suffix of ADMIN_SUFFIXES) {
    if (trimmed.endsWith(suffix) && trimmed.length - suffix.length >= 2) return trimmed.slice(0, -suffix.length);
  }
  return trimmed.length >= 2 ? trimmed : '';
}

/** Suffixes after which a two-character bare name counts as a place name (陵口镇, 陵口村). */
const BARE_SUFFIXES = ['镇', '乡', '街道', '村', '社区'];

/** A surface form to look for, and the place it points to. */
interface Surface {
  text: string;
  /** key of the township or county the place belongs to at the level that can clash with a report's own */
  home: string;
  /** display name of `home` */
  owner: string;
  kind: PlaceKind;
}

/** Characters after a name ending in 镇/乡 that show it is a word, not a place (城镇化, 城乡村). */
const FALSE_CONTINUATION: Record<string, string> = { 镇: '化', 乡: '村土亲愁贤' };

/**
 * Finds names of other reports' townships and of gazetteer places in each report whose own township is
 * known and is not the place's township or county. Reports without a known township are not checked.
 * Rows are in report order (by id) and then by offset.
 */
export function findForeignPlaces(reports: readonly PlaceInput[], gazetteer: readonly GazetteerEntry[] = []): PlaceFinding[] {
  const parent = new Map<string, string>();
  const display = new Map<string, string>();
  const surfaces = new Map<string, Surface>();
  const add = (surface: Surface): void => {
    // First come wins: the corpus's own spelling of a township over the gazetteer's.
    if (surface.text.length >= 2 && !surfaces.has(surface.text)) surfaces.set(surface.text, surface);
  };
  const addAdministrative = (name: string, kind: PlaceKind): void => {
    const key = townshipKey(name);
    if (!key) return;
    if (!display.has(key)) display.set(key, name.trim());
    const owner = display.get(key)!;
    add({ text: name.trim(), home: key, owner, kind });
    if (key.length >= 3) add({ text: key, home: key, owner, kind });
    for (const suffix of BARE_SUFFIXES) add({ text: key + suffix, home: key, owner, kind: suffix === '村' || suffix === '社区' ? 'village' : kind });
  };
  const sortedReports = [...reports].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  for (const report of sortedReports) addAdministrative(report.township, 'township');
  for (const entry of gazetteer) {
    if (entry.kind === 'township' || entry.kind === 'county') {
      addAdministrative(entry.name, entry.kind);
      const key = townshipKey(entry.name);
      const up = townshipKey(entry.owner);
      if (key && up && key !== up) parent.set(key, up);
      if (up && !display.has(up)) display.set(up, entry.owner.trim());
    }
  }
  for (const entry of gazetteer) {
    if (entry.kind === 'township' || entry.kind === 'county') continue;
    const home = townshipKey(entry.owner);
    if (!home) continue;
    if (!display.has(home)) display.set(home, entry.owner.trim());
    add({ text: entry.name.trim(), home, owner: display.get(home)!, kind: entry.kind });
  }

  const ancestors = (key: string): Set<string> => {
    const out = new Set<string>();
    for (let k = parent.get(key); k && !out.has(k); k = parent.get(k)) out.add(k);
    return out;
  };
  const related = (x: string, y: string): boolean => x === y || ancestors(x).has(y) || ancestors(y).has(x);

  // Surfaces by their first two code units (every surface has two or more), longest first, for a leftmost-longest
  // scan. Keyed by number: the scan visits every character of every report, and a one-character string per
  // character was most of its cost. Two code units, not one: a large corpus has thousands of townships, and
  // the surfaces sharing a first character were a list scanned at every occurrence of that character.
  const byFirst = new Map<number, Surface[]>();
  for (const surface of surfaces.values()) {
    const first = surface.text.charCodeAt(0) * 0x10000 + surface.text.charCodeAt(1);
    const list = byFirst.get(first);
    if (list) list.push(surface);
    else byFirst.set(first, [surface]);
  }
  for (const list of byFirst.values()) list.sort((x, y) => y.text.length - x.text.length || (x.text < y.text ? -1 : 1));
  // The code units some surface starts with: most characters start none, and are passed over without a look-up.
  const startsSome = new Uint8Array(0x10000);
  for (const surface of surfaces.values()) startsSome[surface.text.charCodeAt(0)] = 1;

  const findings: PlaceFinding[] = [];
  for (const report of sortedReports) {
    const own = townshipKey(report.township);
    if (!own) continue;
    const text = report.text;
    for (let i = 0; i < text.length; ) {
      if (startsSome[text.charCodeAt(i)] === 0) {
        i++;
        continue;
      }
      const list = i + 1 < text.length ? byFirst.get(text.charCodeAt(i) * 0x10000 + text.charCodeAt(i + 1)) : undefined;
      const hit = list?.find((s) => text.startsWith(s.text, i) && !FALSE_CONTINUATION[s.text[s.text.length - 1]]?.includes(text[i + s.text.length] ?? '\u0000'));
      if (!hit) {
        i++;
        continue;
      }
      const end = i + hit.text.length;
      if (!related(hit.home, own)) {
        findings.push({ reportId: report.id, place: hit.text, owner: hit.owner, kind: hit.kind, start: i, end, context: placeContext(text, i, end) });
      }
      i = end;
    }
  }
  return findings;
}

/** About 15 characters either side of [start, end), line breaks as spaces. */
export function placeContext(text: string, start: number, end: number): string {
  return text.slice(Math.max(0, start - 15), Math.min(text.length, end + 15)).replace(/\s+/g, ' ');
}

/** Number of findings per report id. */
export function countByReport(findings: readonly PlaceFinding[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const f of findings) out.set(f.reportId, (out.get(f.reportId) ?? 0) + 1);
  return out;
}
