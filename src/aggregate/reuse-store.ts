import fs from 'node:fs';
import type { CompactOffsetMap, Span } from '../model/span.js';
import { countBuckets, emptyBucketSizes, markPhrases, phraseNeedles, PrintRegions, regionsInOrderAdded, REUSE_DEFAULTS, U32List, winnow, type CorpusPrints, type PhraseNeedles, type ReuseCorpus, type ReuseReport } from './reuse.js';
import { toMatchCodesScratch } from './normalize-match.js';

/**
 * What the reuse step keeps of each analysed report until the corpus is complete, held out of the heap: the
 * texts (analysis text, cleaned text when it differs, matching text) are appended to a scratch file as each
 * report arrives and read back only where the end of the step needs them (the reports of a candidate pair,
 * the place-name scan), with the runs of its offset map (read back with its texts for its passages' offsets);
 * in memory stay each report's id, township, year, problem spans and formula-phrase marks, and the fingerprints
 * of all reports in flat typed arrays. Without a file (tests, the
 * benchmark) the texts stay in memory, read the same way.
 *
 * At 20,000 reports the texts are ≈ 16 KB a report, which held in the heap until the end were the largest
 * part of a run's memory.
 */

/** One report as the reuse step keeps it until the corpus is complete (plain data: it crosses threads). */
export interface ReuseSource {
  id: string;
  township: string;
  year: number | null;
  /** the analysis text */
  text: string;
  /** the cleaned text (passage and place text is shown from it) when it differs from `text` (traditional script) */
  cleaned?: string;
  toRaw: CompactOffsetMap;
  problems: Span[];
}

/**
 * Reports read back and kept at once: a pair's reports and a star's anchor are read again and again. Each is
 * kept in a buffer of its own that is reused for the report read after it is dropped (≈ 40 KB a report, 10 MB
 * in all, outside the heap).
 */
const CACHED_REPORTS = 256;

/**
 * One report's part of the scratch file, read back in one piece (one read, not one per part) into a reused
 * buffer, and seen through views of it: its texts as UTF-16 code units, its offsets map and the runs of its
 * offset map to the raw text. Nothing is decoded
 * into strings or copied: texts kept as strings in a cache outlive a few collections of the young generation
 * and are moved to the old one, tens of kilobytes a read and ≈ 50,000 reads at 20,000 reports, which made the
 * reuse thread collect its whole heap several times a second.
 */
interface ReadBack {
  /** the analysis text, the cleaned text (empty when the same) and the matching text, as code units */
  parts: [Uint16Array, Uint16Array, Uint16Array];
  starts: Int32Array | Uint16Array;
  /** the offset map (cleaned → raw) as runs */
  toRaw: CompactOffsetMap;
}

/** A read-back report in the cache (its index, order added) and the buffer its views are of. */
interface Slot {
  report: number;
  buffer: Buffer;
  read: ReadBack;
}

/** The string of the code units `codes` (lone surrogates kept as they are). */
function stringOf(codes: Uint16Array): string {
  return Buffer.from(codes.buffer, codes.byteOffset, codes.byteLength).toString('utf16le');
}

/** Where a report's texts lie: in the file (byte offset) or in memory. */
const enum Part {
  Text = 0,
  Cleaned = 1,
  Chars = 2,
}

/** The index of the least of `uses`. */
function leastRecentlyUsed(uses: readonly number[]): number {
  let least = 0;
  for (let i = 1; i < uses.length; i++) if (uses[i] < uses[least]) least = i;
  return least;
}

/** Fingerprints per chunk: 2^20 (4 MiB of hashes, 2 MiB of positions while they fit 16 bits). */
const CHUNK_BITS = 20;

/**
 * The fingerprints of all reports as they arrive, in chunks of fixed size: growing copies nothing and leaves
 * at most one chunk unused (a growable array is up to half empty), and positions take 2 bytes while they fit.
 */
class PrintChunks {
  constructor(readonly chunkBits: number) {}
  readonly hashes: Uint32Array[] = [];
  readonly positions: (Uint16Array | Uint32Array)[] = [];
  count = 0;
  /** the fingerprints' bucket sizes for `sortKeys`, counted as they are appended (see `countBuckets`) */
  readonly bucketSizes = emptyBucketSizes();
  /** Appends one report's fingerprints (positions ascending, as winnowing makes them), a block per chunk they fall in. */
  append(hashes: Uint32Array, positions: Uint32Array): void {
    countBuckets(hashes, hashes.length, this.bucketSizes);
    const size = 2 ** this.chunkBits;
    for (let done = 0; done < hashes.length; ) {
      const chunk = Math.floor(this.count / size);
      const at = this.count - chunk * size;
      if (chunk === this.hashes.length) {
        this.hashes.push(new Uint32Array(size));
        this.positions.push(new Uint16Array(size));
      }
      const take = Math.min(size - at, hashes.length - done);
      // Positions ascend: the block's last is its largest.
      if (positions[done + take - 1] > 0xffff && this.positions[chunk] instanceof Uint16Array) this.positions[chunk] = Uint32Array.from(this.positions[chunk]);
      this.hashes[chunk].set(hashes.subarray(done, done + take), at);
      this.positions[chunk].set(positions.subarray(done, done + take), at);
      done += take;
      this.count += take;
    }
  }
}

/** [from, to) of report `r`'s entries in a flat list of `total` entries, whose reports start at `starts`. */
function rangeOf(starts: U32List, total: number, r: number): [number, number] {
  return [starts.data[r], r + 1 < starts.length ? starts.data[r + 1] : total];
}

/** The reuse step's store of reports (see the file's comment). `add` in any order; `corpus()` once, at the end. */
export class ReuseStore {
  private readonly fd: number | undefined;
  private written = 0;
  /** without a file: each report as it would be read back */
  private readonly memory: ReadBack[] = [];
  private readonly ids: string[] = [];
  private readonly townships: string[] = [];
  private readonly years: (number | null)[] = [];
  /** per report: where its texts start in the file, and each part's length in code units (cleaned: -1 when absent) */
  private readonly at: number[] = [];
  private readonly lengths: [U32List, U32List, U32List] = [new U32List(), new U32List(), new U32List()];
  private readonly cleanedFlags: U32List = new U32List();
  /** problem spans, flat: report r's are pairs from problemStarts[r] to problemStarts[r + 1] */
  private readonly problemSpans = new U32List();
  private readonly problemStarts = new U32List();
  /**
   * per report: the number of runs of its offset map (cleaned → raw), which is kept with its texts (see
   * `runsOffset`), and the map's length. (Kept here as flat lists, ≈ 600,000 runs at 20,000 reports, the
   * lists grown by copying were ≈ 16 MB of memory written fresh, a page fault every 4 KB.)
   */
  private readonly runCounts = new U32List();
  private readonly mapLengths = new U32List();
  /** formula-phrase marks (matching-text intervals), flat */
  private readonly phraseMarks = new U32List();
  private readonly phraseStarts = new U32List();
  private readonly phrases: PhraseNeedles;
  /**
   * fingerprints of all reports: in regions while every report fits them (see `PrintRegions`), else in chunks
   * in the order added
   */
  private prints: PrintRegions | PrintChunks | null;
  private readonly chunkBits: number;
  /** one report's fingerprints, as winnowing makes them */
  private readonly reportHashes = new U32List(4096);
  private readonly reportPositions = new U32List(4096);
  private readonly printStarts = new U32List();
  private readonly shingle: number;
  private readonly window: number;
  /**
   * Reports read back, at most `cachedReports`; each slot's last use (a count of uses), and each report's slot
   * (-1 when not read back). Not a `Map` kept in order of use: moving a report to its end on every use (six uses
   * a report pair) made the map rebuild its table every few hundred uses, garbage for the collector.
   */
  private readonly slots: Slot[] = [];
  private lastUse: number[] = [];
  private uses = 0;
  private slotOf = new Int32Array(0);
  private readonly cachedReports: number;
  private closed = false;

  /**
   * `file`: the scratch file the texts go to (created, or emptied; deleted by `close`); without it they stay in
   * memory. `formulaPhrases` are marked as each report arrives.
   */
  constructor(options: { file?: string; formulaPhrases?: readonly string[]; shingle?: number; window?: number; /** fingerprints per chunk, as a power of 2 (for the tests) */ chunkBits?: number; /** false: fingerprints in chunks from the first (for the tests) */ regions?: boolean; /** reports read back and kept at once, at least 2 (for the tests) */ cachedReports?: number } = {}) {
    this.fd = options.file === undefined ? undefined : fs.openSync(options.file, 'w+');
    this.file = options.file;
    this.phrases = phraseNeedles(options.formulaPhrases);
    this.shingle = options.shingle ?? REUSE_DEFAULTS.shingle;
    this.window = options.window ?? REUSE_DEFAULTS.window;
    this.chunkBits = options.chunkBits ?? CHUNK_BITS;
    this.prints = options.regions === false ? new PrintChunks(this.chunkBits) : new PrintRegions();
    this.cachedReports = Math.max(2, options.cachedReports ?? CACHED_REPORTS);
  }
  private readonly file: string | undefined;

  /** Number of reports added. */
  get size(): number {
    return this.ids.length;
  }

  /** Takes one report: fingerprints it and writes its texts away. */
  add(input: ReuseSource): void {
    if (!this.prints) throw new Error('ReuseStore: add after corpus()');
    // The texts go into the one buffer a report's bytes are put together in (see `readBack`), where the file
    // has them, and the report is folded from there as code units: no string of its matching text is made.
    const cleaned = input.cleaned ?? '';
    const runs = input.toRaw.starts.length;
    // Note: the texts, the offsets map (32-bit at most), 2 bytes to put the runs on 4 bytes, the runs.
    const most = 2 * (2 * input.text.length + cleaned.length) + 4 * (input.text.length + 1) + 2 + 8 * runs;
    if (this.writeBuffer.length < most) this.writeBuffer = Buffer.allocUnsafeSlow(2 * most);
    const bytes = this.writeBuffer;
    // Note: 'utf16le' writes a string's code units as they are, lone surrogates included.
    bytes.write(input.text, 0, 'utf16le');
    if (cleaned) bytes.write(cleaned, 2 * input.text.length, 'utf16le');
    const units = new Uint16Array(bytes.buffer, bytes.byteOffset, input.text.length + cleaned.length + input.text.length);
    const text = units.subarray(0, input.text.length);
    // Note: `match` is of scratch arrays, copied below before the next report reuses them.
    const match = toMatchCodesScratch(text);
    const chars = match.chars;
    this.ids.push(input.id);
    this.townships.push(input.township);
    this.years.push(input.year);
    this.printStarts.push(this.prints.count);
    this.reportHashes.length = this.reportPositions.length = 0;
    winnow(chars, this.shingle, this.window, this.reportHashes, this.reportPositions);
    this.appendPrints(this.reportHashes.data.subarray(0, this.reportHashes.length), this.reportPositions.data.subarray(0, this.reportPositions.length));
    this.problemStarts.push(this.problemSpans.length);
    for (const span of input.problems) {
      this.problemSpans.push(span.start);
      this.problemSpans.push(span.end);
    }
    this.runCounts.push(runs);
    this.mapLengths.push(input.toRaw.length);
    this.phraseStarts.push(this.phraseMarks.length);
    markPhrases(chars, this.phrases, (start, end) => {
      this.phraseMarks.push(start);
      this.phraseMarks.push(end);
    });
    this.lengths[Part.Text].push(text.length);
    this.lengths[Part.Cleaned].push(cleaned.length);
    this.lengths[Part.Chars].push(chars.length);
    this.cleanedFlags.push(input.cleaned === undefined ? 0 : 1);
    this.at.push(this.written);
    units.set(chars, text.length + cleaned.length);
    if (this.fd === undefined) {
      const toRaw = { starts: input.toRaw.starts.slice(), deltas: input.toRaw.deltas.slice(), length: input.toRaw.length };
      this.memory.push({ parts: [text.slice(), units.slice(text.length, text.length + cleaned.length), chars.slice()], starts: match.starts.slice(), toRaw });
      return;
    }
    // The texts and the matching text (in the buffer above), then the offsets map of the matching text (2 bytes
    // a character while offsets fit 16 bits: the end of the step would otherwise rebuild it for every report of a
    // pair with passages), then the offset map's runs, written at once.
    const r = this.at.length - 1;
    const startsAt = this.partOffset(r, 3);
    if (text.length <= 0xffff) new Uint16Array(bytes.buffer, startsAt, match.starts.length).set(match.starts);
    else bytes.set(new Uint8Array(match.starts.buffer, match.starts.byteOffset, match.starts.byteLength), startsAt);
    const runsAt = this.runsOffset(r);
    bytes.set(new Uint8Array(input.toRaw.starts.buffer, input.toRaw.starts.byteOffset, 4 * runs), runsAt);
    bytes.set(new Uint8Array(input.toRaw.deltas.buffer, input.toRaw.deltas.byteOffset, 4 * runs), runsAt + 4 * runs);
    const length = this.recordBytes(r);
    for (let done = 0; done < length; ) done += fs.writeSync(this.fd, bytes, done, length - done, this.written + done);
    this.written += length;
  }
  /** Appends the fingerprints of the report just added, to the chunks from the first report that does not fit the regions. */
  private appendPrints(hashes: Uint32Array, positions: Uint32Array): void {
    const report = this.ids.length - 1;
    if (this.prints instanceof PrintRegions) {
      if (PrintRegions.fits(report, positions)) return this.prints.append(hashes, positions, report);
      this.prints = this.chunksFrom(this.prints, report);
    }
    this.prints!.append(hashes, positions);
  }

  /** The fingerprints in `regions`, of the `reports` first reports, as chunks (the regions let go). */
  private chunksFrom(regions: PrintRegions, reports: number): PrintChunks {
    const { hashes, positions } = regionsInOrderAdded(regions, this.printStarts.data.subarray(0, reports));
    const chunks = new PrintChunks(this.chunkBits);
    for (let r = 0; r < reports; r++) {
      const [from, to] = [this.printStarts.data[r], this.printStarts.data[r + 1]];
      chunks.append(hashes.subarray(from, to), positions.subarray(from, to));
    }
    return chunks;
  }

  /** the one buffer a report's bytes are put together in */
  private writeBuffer = Buffer.allocUnsafeSlow(1 << 16);

  /** Reads `length` bytes at `offset` of the file into `into` (from its start). */
  private readInto(into: Uint8Array | Uint16Array | Int32Array, length: number, offset: number): void {
    let read = 0;
    while (read < length) {
      const n = fs.readSync(this.fd!, into, read, length - read, offset + read);
      if (n === 0) throw new Error('ReuseStore: scratch file is shorter than written');
      read += n;
    }
  }

  /** Bytes the offsets map of report `r` takes in the file (16-bit offsets while they fit). */
  private startsBytes(r: number): number {
    return (this.lengths[Part.Text].data[r] > 0xffff ? 4 : 2) * (this.lengths[Part.Chars].data[r] + 1);
  }

  /**
   * Bytes to read report `r`'s bytes in by, from the start of its buffer: 2 when that puts a 32-bit offsets map
   * on a multiple of 4 (the texts are 2-byte units), else 0.
   */
  private readShift(r: number): number {
    return this.lengths[Part.Text].data[r] > 0xffff && this.partOffset(r, 3) % 4 !== 0 ? 2 : 0;
  }

  /** Where the runs of report `r`'s offset map (32-bit starts, then deltas) start in its bytes: after the offsets map, on 4 bytes as read back. */
  private runsOffset(r: number): number {
    const end = this.partOffset(r, 3) + this.startsBytes(r);
    // Note: `end` is even, so this is 0 or 2 bytes of padding.
    return end + ((this.readShift(r) + end) % 4);
  }

  /** Bytes report `r` takes in the file. */
  private recordBytes(r: number): number {
    return this.runsOffset(r) + 8 * this.runCounts.data[r];
  }

  /** Where part `part` of report `r` starts in its bytes (see `ReadBack`); the offsets map follows the texts, the runs follow it. */
  private partOffset(r: number, part: Part | 3): number {
    let offset = 0;
    for (let p = 0; p < part; p++) offset += 2 * this.lengths[p].data[r];
    return offset;
  }

  /**
   * Report `r` (order added) as read back: from the cache, or read into the buffer of the report least recently
   * used, which leaves the cache. Views stay valid while the report is one of the `cachedReports` last used.
   */
  private readBack(r: number): ReadBack {
    if (this.fd === undefined) return this.memory[r];
    const cached = this.slotOfReport(r);
    if (cached >= 0) {
      this.lastUse[cached] = ++this.uses;
      return this.slots[cached].read;
    }
    let at = this.slots.length;
    let buffer: Buffer | undefined;
    if (at >= this.cachedReports) {
      at = leastRecentlyUsed(this.lastUse);
      this.slotOf[this.slots[at].report] = -1;
      buffer = this.slots[at].buffer;
    }
    const startsAt = this.partOffset(r, 3);
    const wide = this.lengths[Part.Text].data[r] > 0xffff;
    const shift = this.readShift(r);
    const length = this.recordBytes(r);
    // Note: a power of two, so that a buffer is made again only for a report much longer than it held.
    if (!buffer || buffer.length < shift + length) buffer = Buffer.allocUnsafeSlow(2 ** Math.ceil(Math.log2(Math.max(shift + length, 1 << 15))));
    this.readInto(buffer.subarray(shift), length, this.at[r]);
    const view = (part: Part): Uint16Array => new Uint16Array(buffer!.buffer, shift + this.partOffset(r, part), this.lengths[part].data[r]);
    const starts = wide ? new Int32Array(buffer.buffer, shift + startsAt, this.lengths[Part.Chars].data[r] + 1) : new Uint16Array(buffer.buffer, shift + startsAt, this.lengths[Part.Chars].data[r] + 1);
    const runsAt = shift + this.runsOffset(r);
    const runs = this.runCounts.data[r];
    const toRaw = { starts: new Int32Array(buffer.buffer, runsAt, runs), deltas: new Int32Array(buffer.buffer, runsAt + 4 * runs, runs), length: this.mapLengths.data[r] };
    const slot = { report: r, buffer, read: { parts: [view(Part.Text), view(Part.Cleaned), view(Part.Chars)], starts, toRaw } as ReadBack };
    this.slots[at] = slot;
    this.lastUse[at] = ++this.uses;
    this.slotOf[r] = at;
    return slot.read;
  }

  /** The cache slot report `r` is read back into; -1 when it is not. */
  private slotOfReport(r: number): number {
    if (this.slotOf.length < this.ids.length) {
      const grown = new Int32Array(this.ids.length).fill(-1);
      grown.set(this.slotOf);
      this.slotOf = grown;
    }
    return this.slotOf[r];
  }

  /** Offsets map of the matching text of report `r` (order added): `toMatchText(text).starts`, 16-bit as stored when they fit (a view: see `readBack`). */
  starts(r: number): Int32Array | Uint16Array {
    return this.readBack(r).starts;
  }

  /** Code units of the analysis text of report `r` (order added; a view: see `readBack`). */
  textCodes(r: number): Uint16Array {
    return this.readBack(r).parts[Part.Text];
  }

  /** Code units of the matching text of report `r` (order added; a view: see `readBack`). */
  charsCodes(r: number): Uint16Array {
    return this.readBack(r).parts[Part.Chars];
  }

  /**
   * Analysis text of report `r` (order added), a string of its own (not kept). A report not in the cache is not
   * put there: only its analysis text is read (about a third of its bytes), into a buffer of its own. The
   * place-name scan reads every report this way once, after the pairs, and needs nothing else of it.
   */
  text(r: number): string {
    if (this.fd === undefined || this.slotOfReport(r) >= 0) return stringOf(this.textCodes(r));
    const length = 2 * this.lengths[Part.Text].data[r];
    if (this.textBuffer.length < length) this.textBuffer = Buffer.allocUnsafeSlow(2 * length);
    this.readInto(this.textBuffer, length, this.at[r]);
    return this.textBuffer.toString('utf16le', 0, length);
  }
  /** the buffer `text` reads into */
  private textBuffer = Buffer.allocUnsafeSlow(1 << 15);

  /** Whether report `r` (order added) is shown from a cleaned text other than its analysis text (traditional script). */
  hasCleaned(r: number): boolean {
    return this.cleanedFlags.data[r] === 1;
  }

  /** The text passages and places are shown from (the cleaned text) of report `r` (order added), a string of its own. */
  shown(r: number): string {
    return stringOf(this.shownCodes(r));
  }

  /** Characters [start, end) of the shown text of report `r` (order added). */
  shownSlice(r: number, start: number, end: number): string {
    return stringOf(this.shownCodes(r).subarray(start, end));
  }

  /** Length of the shown text of report `r` (order added). */
  shownLength(r: number): number {
    return this.lengths[this.cleanedFlags.data[r] ? Part.Cleaned : Part.Text].data[r];
  }

  private shownCodes(r: number): Uint16Array {
    return this.readBack(r).parts[this.cleanedFlags.data[r] ? Part.Cleaned : Part.Text];
  }

  /** Offset map (cleaned → raw) of report `r` (order added; views: see `readBack`). */
  toRaw(r: number): CompactOffsetMap {
    return this.readBack(r).toRaw;
  }

  /** Problem spans of report `r` (order added). */
  problems(r: number): Span[] {
    const [from, to] = rangeOf(this.problemStarts, this.problemSpans.length, r);
    const spans: Span[] = [];
    for (let i = from; i < to; i += 2) spans.push({ start: this.problemSpans.data[i], end: this.problemSpans.data[i + 1] });
    return spans;
  }

  /** The reports in the order added (id, township as given, year). */
  reports(): { id: string; township: string; year: number | null }[] {
    return this.ids.map((id, r) => ({ id, township: this.townships[r], year: this.years[r] }));
  }

  /**
   * The reports for `findReuseIn`, in id order, townships as `township` gives them; hands over the fingerprints
   * (the store keeps none after). `order[d]` is the index (order added) of the report the corpus lists `d`th.
   */
  corpus(township: (name: string) => string): { corpus: ReuseCorpus; order: Uint32Array } {
    const chunks = this.prints;
    if (!chunks) throw new Error('ReuseStore: corpus() called twice');
    this.prints = null;
    const n = this.ids.length;
    const order = Uint32Array.from({ length: n }, (_, r) => r).sort((x, y) => (this.ids[x] < this.ids[y] ? -1 : this.ids[x] > this.ids[y] ? 1 : x - y));
    const count = chunks.count;
    // Fingerprints stay where they are (order added); the corpus lists where each report's lie.
    const from = new Uint32Array(n);
    const starts = new Uint32Array(n + 1);
    for (let d = 0; d < n; d++) {
      const [first, end] = rangeOf(this.printStarts, count, order[d]);
      from[d] = first;
      starts[d + 1] = starts[d] + end - first;
    }
    const lengths = new Uint32Array(n);
    for (let d = 0; d < n; d++) lengths[d] = this.lengths[Part.Chars].data[order[d]];
    const reports: ReuseReport[] = Array.from(order, (r) => ({ id: this.ids[r], township: township(this.townships[r]), year: this.years[r] }));
    let prints: ReuseCorpus['takePrints'] | undefined = (): CorpusPrints =>
      chunks instanceof PrintRegions
        ? { hashes: [], positions: [], chunkBits: this.chunkBits, from, starts, bucketSizes: chunks.bucketSizes, regions: { keys: chunks, order } }
        : { hashes: chunks.hashes, positions: chunks.positions, chunkBits: chunks.chunkBits, from, starts, bucketSizes: chunks.bucketSizes };
    const corpus: ReuseCorpus = {
      reports,
      lengths,
      chars: (d) => this.charsCodes(order[d]),
      text: (d) => this.textCodes(order[d]),
      textSlice: (d, start, end) => stringOf(this.textCodes(order[d]).subarray(start, end)),
      starts: (d) => this.starts(order[d]),
      takePrints: () => {
        if (!prints) throw new Error('ReuseStore: prints taken twice');
        const taken = prints();
        prints = undefined;
        return taken;
      },
      marks: (d, mark) => {
        const r = order[d];
        const [from, to] = rangeOf(this.phraseStarts, this.phraseMarks.length, r);
        for (let i = from; i < to; i += 2) mark(this.phraseMarks.data[i], this.phraseMarks.data[i + 1]);
      },
      shingle: this.shingle,
      window: this.window,
    };
    return { corpus, order };
  }

  /** Closes and deletes the scratch file; the store cannot be read after. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.slots.length = 0;
    if (this.fd !== undefined) {
      fs.closeSync(this.fd);
      fs.rmSync(this.file!, { force: true });
    }
  }
}
