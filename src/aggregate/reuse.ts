import type { Span } from '../model/span.js';
import { codeUnits, endOffset, matchStarts, toMatchText } from './normalize-match.js';
import { townshipKey } from './place-names.js';

/**
 * Passage reuse across reports (copying between townships, recycling of earlier years).
 *
 * Method (as MOSS): every report becomes a matching text (`toMatchText`: no whitespace or punctuation, figure
 * runs folded to `#`); its character k-grams are hashed and winnowed into fingerprints; fingerprints shared by
 * two reports are seeds; each seed is verified, extended to the longest exact run and then across small edits
 * into a maximal passage. Fingerprints found in too many reports are formula (stock phrases) and seed nothing.
 * Fingerprints in many reports but under the formula share link each copy to the group's earliest report, not
 * every pair (see `allPairsMaxReports`), so seeds, and with them time and rows, stay linear in the corpus.
 * Never a comparison of every pair of reports.
 */

/** A report as the reuse step needs it. */
export interface ReuseInput {
  /** report_id */
  id: string;
  /** township as known (manifest, folder or text); empty or a placeholder (`X镇`) when unknown */
  township: string;
  /** year covered, null when unknown */
  year: number | null;
  /** the analysis text (`Doc.text`, same length and offsets as `Doc.cleaned`) */
  text: string;
  /** spans of the problems section in `text`, to tell whether a recycled report kept its problems unchanged */
  problems?: Span[];
}

/** Options of `findReuse`. */
export interface ReuseOptions {
  /** shortest passage reported, in matching characters (punctuation and spaces not counted, a figure run counts 1), formula text not counted; default 30 */
  minChars: number;
  /** a fingerprint in more than this share of the reports is formula, not copying (`--formula-share`); default 0.2 */
  maxDocShare: number;
  /** a fingerprint is formula only when it is also in at least this many reports, so tiny corpora keep their copies; default 4 */
  formulaMinReports?: number;
  /** phrases always treated as formula whatever the corpus size (data/reuse-formula.txt); default none */
  formulaPhrases?: readonly string[];
  /** k-gram length of the shingles, in matching characters; default 10 */
  shingle?: number;
  /** winnowing window, in k-grams; any exact common run of shingle+window-1 characters is seeded; default 8 */
  window?: number;
  /** longest edit bridged inside one passage: characters skipped in A plus characters skipped in B; default 6 */
  maxGap?: number;
  /** exact characters needed after an edit to continue a passage; also the longest stub cut off at a line break; default 6 */
  anchor?: number;
  /**
   * a passage (fingerprint) shared by at most this many reports is reported for every pair of them; one shared by
   * more is reported between each copy and the earliest of them (by year, then id) and between each copy and its
   * nearest `allPairsMaxReports − 1` earlier reports of the same township; default 4
   */
  allPairsMaxReports?: number;
  /** most seeds filed at once; the result does not depend on it (for the tests); default 16,777,216 */
  seedBatch?: number;
  /** pack each fingerprint's report and position into its sort key when they fit; the result does not depend on it (for the tests); default true */
  packKeys?: boolean;
}

/**
 * Most seeds filed at once (see findReuse): 16.8 million, 64–128 MB. Up to this many are kept from the first
 * walk over the fingerprint groups (8 bytes a seed with its pair id) and filed from there; past it each batch
 * is one more walk. The 20,000-report bench corpus has 13.6 million seeds, kept from the first walk.
 */
const SEED_BATCH = 1 << 24;

/** Defaults of the optional `ReuseOptions` fields. */
export const REUSE_DEFAULTS: Required<Omit<ReuseOptions, 'formulaPhrases'>> = {
  minChars: 30,
  maxDocShare: 0.2,
  formulaMinReports: 4,
  shingle: 10,
  window: 8,
  maxGap: 6,
  anchor: 6,
  allPairsMaxReports: 4,
  seedBatch: SEED_BATCH,
  packKeys: true,
};

/** A passage two reports share. Offsets are into each report's `text` (cleaned offsets; map with `Doc.toRaw`). */
export interface ReusePassage {
  /** report_id of the first report (the smaller id) */
  reportA: string;
  /** report_id of the second report */
  reportB: string;
  /** span of the passage in report A's text, half-open */
  a: Span;
  /** span of the passage in report B's text, half-open */
  b: Span;
  /** characters the two passages have in common (matching characters: no punctuation, a figure run counts 1) */
  chars: number;
  /** 2 × chars / (length in A + length in B), lengths in matching characters; 1 for an exact copy */
  similarity: number;
  /** both townships known and the same */
  sameTownship: boolean;
  /** the passage as it stands in report A */
  text: string;
}

/** Reuse summed over one pair of reports. */
export interface ReusePair {
  /** report_id of the first report (the smaller id) */
  reportA: string;
  /** report_id of the second report */
  reportB: string;
  /** characters in common over all passages (sum of `ReusePassage.chars`) */
  sharedChars: number;
  /** share of report A's matching characters that lie in a shared passage, 0..1 */
  shareA: number;
  /** share of report B's matching characters that lie in a shared passage, 0..1 */
  shareB: number;
  /** number of passages */
  passages: number;
  sameTownship: boolean;
  townshipA: string;
  townshipB: string;
  yearA: number | null;
  yearB: number | null;
}

/** Counts for benchmarks and the run log. */
export interface ReuseStats {
  reports: number;
  /** matching characters over all reports */
  chars: number;
  fingerprints: number;
  /** distinct fingerprint hashes ruled formula */
  formulaHashes: number;
  /** seeds (shared fingerprint occurrences) examined */
  seeds: number;
  /** report pairs with at least one seed */
  candidatePairs: number;
  /** fingerprint groups shared by more than `allPairsMaxReports` reports, linked as a star rather than every pair */
  starGroups: number;
}

/** Result of `findReuse`, rows in a stable order (pairs by shared characters, passages by pair then offset). */
export interface ReuseResult {
  passages: ReusePassage[];
  pairs: ReusePair[];
  stats: ReuseStats;
}

const BASE = 0x01000193;

/** Finalizer of murmur3: spreads the rolling hash so that winnowing minima are not biased to low code points. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Non-negative integer keys (below 2^53) to non-negative values, on typed arrays (open addressing): the walks
 * over the fingerprint groups look a report pair up for every seed, tens of millions at 20,000 reports, and a
 * `Map` lookup was most of a walk's time.
 */
export class PairIndex {
  private slots = new Float64Array(1024).fill(-1);
  private values = new Int32Array(1024);
  /** number of keys */
  size = 0;
  /** the value of `key`; -1 when absent */
  get(key: number): number {
    const at = this.slot(key);
    return this.slots[at] === key ? this.values[at] : -1;
  }
  set(key: number, value: number): void {
    let at = this.slot(key);
    if (this.slots[at] !== key) {
      if (2 * (this.size + 1) > this.slots.length) {
        this.grow();
        at = this.slot(key);
      }
      this.slots[at] = key;
      this.size++;
    }
    this.values[at] = value;
  }
  /**
   * every key, in no particular order, in a typed array of exactly `size`: a run lists hundreds of thousands of
   * pairs, and a growing list of them, then a typed copy, was memory written three times over (fresh pages)
   */
  keys(): Float64Array {
    const out = new Float64Array(this.size);
    let at = 0;
    for (let i = 0; i < this.slots.length; i++) if (this.slots[i] >= 0) out[at++] = this.slots[i];
    return out;
  }
  private slot(key: number): number {
    const mask = this.slots.length - 1;
    let at = mix((key >>> 0) ^ Math.floor(key / 0x100000000)) & mask;
    while (this.slots[at] !== key && this.slots[at] !== -1) at = (at + 1) & mask;
    return at;
  }
  private grow(): void {
    const slots = this.slots;
    const values = this.values;
    this.slots = new Float64Array(2 * slots.length).fill(-1);
    this.values = new Int32Array(2 * slots.length);
    for (let i = 0; i < slots.length; i++) {
      if (slots[i] < 0) continue;
      const at = this.slot(slots[i]);
      this.slots[at] = slots[i];
      this.values[at] = values[i];
    }
  }
}

/**
 * A direct-mapped memo of report-pair ids, in front of a `PairIndex`: the first walk looks a pair up for every
 * link (13 million at 20,000 reports), and a pair comes back group after group (once for every fingerprint of a
 * passage it shares; a star's anchor with the same copies), so ≈ 93 % of look-ups find it here (92 % on
 * corpus-real, 96 % on the 2,000-report bench corpus) in two arrays that stay in cache, not in the index's table.
 * One pair a slot, by 31a + b over at least 2n (and 4,096) slots: a pair takes the slot of the one there before.
 * (By a + b, a star's pairs never collide, but other pairs do more: 80 % found at 20,000 reports, 15 % on corpus-real.)
 */
export class RecentPairs {
  private readonly keys: Float64Array;
  private readonly ids: Int32Array;
  private readonly mask: number;
  /** `reports`: n, the number of reports (a, b < n) */
  constructor(reports: number) {
    const size = 2 ** Math.max(12, bitsFor(2 * reports));
    this.keys = new Float64Array(size).fill(-1);
    this.ids = new Int32Array(size);
    this.mask = size - 1;
  }
  /** the id kept for pair (a, b), whose key is `key` (a * n + b); -1 when not kept */
  get(a: number, b: number, key: number): number {
    const slot = (a * 31 + b) & this.mask;
    return this.keys[slot] === key ? this.ids[slot] : -1;
  }
  /** keeps `id` for pair (a, b) of key `key`, in place of the pair its slot held */
  set(a: number, b: number, key: number, id: number): void {
    const slot = (a * 31 + b) & this.mask;
    this.keys[slot] = key;
    this.ids[slot] = id;
  }
}

/** Growable typed array of 32-bit unsigned values. */
export class U32List {
  data: Uint32Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Uint32Array(Math.max(16, capacity));
  }
  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new Uint32Array(Math.ceil(this.data.length * 1.5));
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }
  /** Appends every value of `values`. */
  append(values: Uint32Array): void {
    if (this.length + values.length > this.data.length) {
      const next = new Uint32Array(Math.max(Math.ceil(this.data.length * 1.5), this.length + values.length));
      next.set(this.data.subarray(0, this.length));
      this.data = next;
    }
    this.data.set(values, this.length);
    this.length += values.length;
  }
}

let gramsScratch = new Uint32Array(1 << 14);

/**
 * Winnowed fingerprints of one matching text (code units): (hash, position) pairs appended to the lists (the
 * rightmost minimum of every window of `w` k-grams, each kept once). One pass hashes each k-gram and keeps the
 * window's rightmost minimum: a new k-gram no greater than it takes its place; when it leaves the window, the
 * window is scanned for the next (about once in `w` k-grams on text, `w` reads each time).
 */
export function winnow(chars: Uint16Array, k: number, w: number, hashes: U32List, positions: U32List): number {
  const n = chars.length - k + 1;
  if (n <= 0) return 0;
  // Scratch reused from report to report (see normalize-match.ts's scratch arrays).
  if (gramsScratch.length < n) gramsScratch = new Uint32Array(2 * n);
  const grams = gramsScratch;
  let pow = 1;
  for (let i = 1; i < k; i++) pow = Math.imul(pow, BASE);
  let h = 0;
  for (let i = 0; i < k; i++) h = (Math.imul(h, BASE) + chars[i]) | 0;
  const window = Math.min(w, n);
  /** the rightmost minimum of the window ending at r */
  let min = 0;
  let last = -1;
  let count = 0;
  for (let r = 0; r < n; r++) {
    if (r > 0) h = (Math.imul(h - Math.imul(chars[r - 1], pow), BASE) + chars[r + k - 1]) | 0;
    const gram = (grams[r] = mix(h));
    if (gram <= grams[min]) min = r;
    else if (min <= r - window) {
      min = r - window + 1;
      for (let x = min + 1; x <= r; x++) if (grams[x] <= grams[min]) min = x;
    }
    if (r >= window - 1 && min !== last) {
      hashes.push(grams[min]);
      positions.push(min);
      last = min;
      count++;
    }
  }
  return count;
}

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Calls `visit` with every fingerprint: its number in report order, its report, its position and its hash. */
function forEachPrint(prints: CorpusPrints, visit: (i: number, d: number, position: number, hash: number) => void): void {
  const { hashes, positions, chunkBits, from, starts } = prints;
  const mask = 2 ** chunkBits - 1;
  for (let d = 0; d < from.length; d++) {
    for (let i = starts[d], at = from[d]; i < starts[d + 1]; i++, at++) {
      const chunk = at >>> chunkBits;
      const offset = at & mask;
      visit(i, d, positions[chunk][offset], hashes[chunk][offset]);
    }
  }
}

/**
 * To be called with each report in turn (id order) once its fingerprints are read: lets each chunk go (emptied
 * in the lists) once its last report is read, so that a caller building a copy of the fingerprints does not
 * hold both whole: reports are read in id order and were mostly added in it, so the chunks go one after the other.
 * With `spare`, the chunks let go are put there (as 32-bit words) for the seeds to be written into (see `MetSeeds`).
 */
function chunkReleaser(prints: CorpusPrints, spare?: Uint32Array[]): (d: number) => void {
  const { hashes, positions, chunkBits, from, starts } = prints;
  /** the last chunk holding a fingerprint of report d (which has some) */
  const lastChunkOf = (d: number): number => (from[d] + starts[d + 1] - starts[d] - 1) >>> chunkBits;
  // The last report (in reading order) with fingerprints in each chunk.
  const lastReader = new Int32Array(hashes.length).fill(-1);
  for (let d = 0; d < from.length; d++) {
    if (starts[d + 1] === starts[d]) continue;
    for (let c = from[d] >>> chunkBits; c <= lastChunkOf(d); c++) lastReader[c] = d;
  }
  return (d) => {
    if (starts[d + 1] === starts[d]) return;
    for (let c = from[d] >>> chunkBits; c <= lastChunkOf(d); c++) {
      if (lastReader[c] !== d) continue;
      if (spare) spare.push(asWords(hashes[c]), asWords(positions[c]));
      hashes[c] = positions[c] = new Uint32Array(0);
    }
  };
}

/** Puts the fingerprints of `prints` held in regions into one chunk of each (see `regionsInOrderAdded`), in place. */
function chunksFromRegions(prints: CorpusPrints): void {
  const { keys, order } = prints.regions!;
  const startOf = new Uint32Array(order.length);
  for (let d = 0; d < order.length; d++) startOf[order[d]] = prints.from[d];
  const { hashes, positions } = regionsInOrderAdded(keys, startOf);
  prints.hashes.splice(0, prints.hashes.length, hashes);
  prints.positions.splice(0, prints.positions.length, positions);
  prints.chunkBits = 31;
  prints.regions = undefined;
}

/** The memory of `array` as 32-bit words (its last bytes left out when they are not a whole word). */
function asWords(array: Uint16Array | Uint32Array): Uint32Array {
  return new Uint32Array(array.buffer, array.byteOffset, array.byteLength >>> 2);
}

/** Bytes a seed of `MetSeeds` takes at most (a 32-bit pair id and 32-bit seed). */
const SEED_BYTES = 8;

/**
 * Fingerprints of the `count` sorted keys (`words`, hash at `hi`) whose hash another fingerprint has: the first
 * walk makes its seeds from these, about one a fingerprint when few reports share each hash (as in a corpus
 * with little copying); a passage in many reports makes more.
 */
export function sharedPrints(words: Uint32Array, count: number, hi: number): number {
  let shared = 0;
  for (let x = 1; x < count; x++) {
    if (words[2 * x + hi] !== words[2 * x - 2 + hi]) continue;
    // The first of a run of equal hashes is counted with the second.
    shared += x === 1 || words[2 * x - 4 + hi] !== words[2 * x + hi] ? 2 : 1;
  }
  return shared;
}

/**
 * Keeps of the `spare` arrays those taken first (the last listed) up to about `bytes`, and lets the others go
 * now: spare memory held while it is not needed is memory the step's later buffers cannot be given again.
 */
export function keepSpare(spare: Uint32Array[], bytes: number): void {
  let kept = 0;
  let from = spare.length;
  while (from > 0 && kept < bytes) kept += spare[--from].byteLength;
  spare.splice(0, from);
}

/** Top bits of a fingerprint's hash that pick its bucket in `sortKeys`: 2^16 buckets, 512 KB of counts and cursors. */
const BUCKET_BITS = 16;

/** Counts of fingerprints per bucket of `sortKeys`, all 0, for `countBuckets`. */
export function emptyBucketSizes(): Uint32Array {
  return new Uint32Array(2 ** BUCKET_BITS + 1);
}

/**
 * Counts the first `count` of `hashes` into `sizes` (from `emptyBucketSizes`): per bucket (the hash's top
 * `BUCKET_BITS`), its number of fingerprints, at index bucket + 1 (index 0 stays 0). The store counts each
 * report's fingerprints as it adds them, while other threads still analyse reports, which spares `sortKeys` a
 * pass over all the hashes at the end of the step (≈ 100 ms at 20,000 reports).
 */
export function countBuckets(hashes: Uint32Array, count: number, sizes: Uint32Array): void {
  const shift = 32 - BUCKET_BITS;
  for (let i = 0; i < count; i++) sizes[(hashes[i] >>> shift) + 1]++;
}

/** Top bits of a fingerprint's hash that pick its region in the first pass of `sortKeys`: 2^8 regions. */
const REGION_BITS = 8;

/**
 * Fingerprints sorted by hash, then by a low word: with `packBits`, the report and the position packed
 * (`d * 2 ** packBits + position`, which must fit 32 bits), else the fingerprint's number in report order. The
 * result holds, per fingerprint, the hash in the high word and the low word in the low (read it through a
 * `Uint32Array`). The keys are put in buckets by the top bits of their hash, then each bucket is sorted on its
 * own (natively, as 64-bit keys), which gives the same array as one sort of all of them: a bucket is small
 * enough to sort in cache, and one that holds a single hash (a passage in thousands of reports) is mostly in
 * order already. (One native sort of the 11 million keys of the 20,000-report bench corpus was the largest
 * single cost of the step's end phase: ≈ 2.0 s against ≈ 0.95 s this way, and 3.5 M keys of distinct text ≈
 * 1.7× faster.) The keys reach their buckets in two passes: into 2^8 regions by the top 8 bits (the writes go
 * to 256 places at a time), then within each region, in cache, into its buckets. (Scattered straight into the
 * 2^16 buckets, each key was written to a place of its own in 88 MB, a cache and TLB miss a key at 20,000
 * reports.) The first pass is made as the fingerprints arrive when they come in regions (see `PrintRegions`),
 * else here. With `spare`, the memory of the fingerprints once read is put there (see `chunkReleaser`).
 */
export function sortKeys(prints: CorpusPrints, packBits: number | null, spare?: Uint32Array[]): Uint32Array {
  const keys = new BigUint64Array(prints.starts[prints.from.length]);
  const words = new Uint32Array(keys.buffer);
  const bucketStarts = prints.bucketSizes ?? bucketSizes(prints);
  for (let b = 1; b < bucketStarts.length; b++) bucketStarts[b] += bucketStarts[b - 1];
  const regions = prints.regions;
  if (regions && packBits !== null) {
    const { keys: regionKeys, order } = regions;
    const reportOf = new Uint32Array(order.length);
    for (let d = 0; d < order.length; d++) reportOf[order[d]] = d;
    for (let r = 0; r < 2 ** REGION_BITS; r++) {
      fromRegion(regionKeys, r, words, bucketStarts, reportOf, 2 ** packBits);
      sortRegionBuckets(keys, words, bucketStarts, r);
    }
    spare?.push(...regionKeys.slabs);
    prints.regions = undefined;
    return words;
  }
  if (regions) throw new Error('sortKeys: fingerprints in regions are only sorted packed (see regionsInOrderAdded)');
  const scratch = toRegions(prints, words, bucketStarts, packBits, spare);
  for (let r = 0; r < 2 ** REGION_BITS; r++) {
    toBuckets(words, bucketStarts, r * BUCKETS_PER_REGION, BUCKETS_PER_REGION, scratch, hi);
    sortRegionBuckets(keys, words, bucketStarts, r);
  }
  return words;
}

/** Buckets of `sortKeys` in one region: the 2^8 that follow one another from its first. */
const BUCKETS_PER_REGION = 2 ** (BUCKET_BITS - REGION_BITS);

const lo = littleEndian ? 0 : 1;
const hi = 1 - lo;

/**
 * The first pass of `sortKeys` over fingerprint chunks: each key into its region of `words` (bucket starts
 * summed), in report order. Returns a scratch array as long as the largest region, for `toBuckets`.
 */
function toRegions(prints: CorpusPrints, words: Uint32Array, bucketStarts: Uint32Array, packBits: number | null, spare?: Uint32Array[]): Uint32Array {
  const { hashes, positions, chunkBits, from, starts } = prints;
  const cursor = Uint32Array.from({ length: 2 ** REGION_BITS }, (_, r) => bucketStarts[r * BUCKETS_PER_REGION]);
  const shift = 32 - REGION_BITS;
  const mask = 2 ** chunkBits - 1;
  const scale = packBits === null ? 0 : 2 ** packBits;
  const read = chunkReleaser(prints, spare);
  for (let d = 0; d < from.length; d++) {
    for (let i = starts[d], at = from[d]; i < starts[d + 1]; i++, at++) {
      const chunk = at >>> chunkBits;
      const hash = hashes[chunk][at & mask];
      const x = cursor[hash >>> shift]++;
      words[2 * x + lo] = packBits === null ? i : d * scale + positions[chunk][at & mask];
      words[2 * x + hi] = hash;
    }
    read(d);
  }
  let largest = 0;
  for (let r = 0; r < cursor.length; r++) largest = Math.max(largest, bucketStarts[(r + 1) * BUCKETS_PER_REGION] - bucketStarts[r * BUCKETS_PER_REGION]);
  return new Uint32Array(2 * largest);
}

/**
 * Sorts each bucket of region `r` of the keys (see `sortKeys`), while the region is in cache; the keys lie
 * `base` places before where `bucketStarts` puts them (0 in an array of all the keys).
 */
function sortRegionBuckets(keys: BigUint64Array, words: Uint32Array, bucketStarts: Uint32Array, r: number, base = 0): void {
  for (let b = r * BUCKETS_PER_REGION; b < (r + 1) * BUCKETS_PER_REGION; b++) {
    const from = bucketStarts[b] - base;
    const to = bucketStarts[b + 1] - base;
    if (to - from > 1 && !ascending(words, from, to, hi, lo)) keys.subarray(from, to).sort();
  }
}

/**
 * The second pass of `sortKeys` for fingerprints in regions: the keys of region `region` of `regions` into
 * their buckets of `words` (bucket starts summed, less `base`: 0 in an array of all the keys), each low word
 * packed as `sortKeys` packs it (the report's place in id order, `reportOf` its report added, times `scale`,
 * plus the position).
 */
function fromRegion(regions: PrintRegions, region: number, words: Uint32Array, bucketStarts: Uint32Array, reportOf: Uint32Array, scale: number, base = 0): void {
  const first = region * BUCKETS_PER_REGION;
  const cursor = bucketStarts.slice(first, first + BUCKETS_PER_REGION);
  for (let b = 0; b < BUCKETS_PER_REGION; b++) cursor[b] -= base;
  const shift = 32 - BUCKET_BITS;
  const within = BUCKETS_PER_REGION - 1;
  const blocks = regions.blocks[region];
  for (let k = 0; k < blocks.length; k++) {
    const block = blocks[k];
    const used = regions.wordsUsed(region, k);
    for (let w = 0; w < used; w += 2) {
      const hash = block[w];
      const low = block[w + 1];
      const x = cursor[(hash >>> shift) & within]++;
      words[2 * x + hi] = hash;
      words[2 * x + lo] = reportOf[low >>> 16] * scale + (low & 0xffff);
    }
  }
}

/**
 * The fingerprints of `PrintRegions` sorted one region at a time into one scratch array, reused (the keys
 * `sortKeys` makes, a region's worth at a time): for a walk that reads each region's groups while the region
 * is in cache. A group never spans two regions, as its hash picks the region. No array of all the sorted keys
 * is made: at 20,000 reports it was 88 MB written fresh at the end of the step (≈ 21,000 page faults).
 */
export class RegionSorter {
  /** the region sorted last, as `sortKeys`'s words (hash high, report and position packed low) */
  readonly words: Uint32Array;
  private readonly keys: BigUint64Array;
  private readonly bucketStarts: Uint32Array;
  private readonly reportOf: Uint32Array;
  private readonly scale: number;
  private readonly regions: PrintRegions;
  /** The fingerprints of `prints` (in regions, which are let go) to be sorted with report and position packed as `sortKeys` packs them. */
  constructor(prints: CorpusPrints, packBits: number) {
    const { keys: regions, order } = prints.regions!;
    this.regions = regions;
    prints.regions = undefined;
    this.bucketStarts = regions.bucketSizes;
    for (let b = 1; b < this.bucketStarts.length; b++) this.bucketStarts[b] += this.bucketStarts[b - 1];
    this.reportOf = new Uint32Array(order.length);
    for (let d = 0; d < order.length; d++) this.reportOf[order[d]] = d;
    this.scale = 2 ** packBits;
    let largest = 0;
    for (let r = 0; r < 2 ** REGION_BITS; r++) largest = Math.max(largest, this.size(r));
    this.keys = new BigUint64Array(largest);
    this.words = new Uint32Array(this.keys.buffer);
  }
  /** Where region `r`'s keys start among all the sorted keys. */
  start(r: number): number {
    return this.bucketStarts[r * BUCKETS_PER_REGION];
  }
  /** The number of keys of region `r`. */
  size(r: number): number {
    return this.start(r + 1) - this.start(r);
  }
  /** Sorts region `r` into `words` (its keys from 0) and puts its blocks, no longer read, in `spare`. */
  sort(r: number, spare: Uint32Array[]): void {
    fromRegion(this.regions, r, this.words, this.bucketStarts, this.reportOf, this.scale, this.start(r));
    sortRegionBuckets(this.keys, this.words, this.bucketStarts, r, this.start(r));
    const blocks = this.regions.blocks[r];
    for (let k = 0; k < blocks.length; k++) spare.push(blocks[k]);
    blocks.length = 0;
  }
}

/** Words of a block of `PrintRegions`: 2^13 (4,096 fingerprints, 32 KB). */
const REGION_BLOCK_WORDS = 2 ** 13;

/** Words of the arrays `PrintRegions` cuts its blocks from: 2^18 (1 MiB). */
const REGION_SLAB_WORDS = 2 ** 18;

/**
 * The fingerprints of all reports as they arrive, already in the 2^8 regions of `sortKeys`'s first pass (by
 * the top 8 bits of the hash), each region a list of blocks appended to in turn: a fingerprint is two words,
 * its hash and (report added << 16) | position. The first pass is then made while other threads still
 * analyse reports, and its 88 MB of keys (at 20,000 reports) are written to fresh memory then, not at the end
 * of the step. Only while reports and positions fit 16 bits (`fits`): past that the store keeps chunks of
 * fingerprints in the order added (see `regionsInOrderAdded`).
 */
export class PrintRegions {
  /**
   * per region, its blocks, the last being filled (each list made holding an array, then emptied: a list of
   * objects from the start, so that a region's first block does not change its kind and throw the compiled
   * `append` away, as it did once for each of the first regions to fill)
   */
  readonly blocks: Uint32Array[][] = Array.from({ length: 2 ** REGION_BITS }, () => {
    const list = [new Uint32Array(0)];
    list.length = 0;
    return list;
  });
  /** each region's last block (empty when it has none) */
  private readonly tails: Uint32Array[] = Array.from({ length: 2 ** REGION_BITS }, () => new Uint32Array(0));
  /** words written in each region's last block */
  readonly filled = new Uint32Array(2 ** REGION_BITS);
  /** the arrays the blocks are cut from */
  readonly slabs: Uint32Array[] = [];
  private slabUsed = REGION_SLAB_WORDS;
  count = 0;
  /** the fingerprints' bucket sizes for `sortKeys` (see `countBuckets`) */
  readonly bucketSizes = emptyBucketSizes();

  /** The words written in block `k` of region `region` (all of it but in the region's last block). */
  wordsUsed(region: number, k: number): number {
    const blocks = this.blocks[region];
    return k === blocks.length - 1 ? this.filled[region] : blocks[k].length;
  }

  /** Whether report `report` (its number in the order added) with fingerprints at `positions` (ascending) can be added. */
  static fits(report: number, positions: Uint32Array): boolean {
    return report <= 0xffff && (positions.length === 0 || positions[positions.length - 1] <= 0xffff);
  }

  /** Appends the fingerprints of report `report` (order added; see `fits`). */
  append(hashes: Uint32Array, positions: Uint32Array, report: number): void {
    const tag = report << 16;
    const sizes = this.bucketSizes;
    for (let i = 0; i < hashes.length; i++) {
      const hash = hashes[i];
      // Counted here as `countBuckets` counts, not in a pass of its own.
      sizes[(hash >>> (32 - BUCKET_BITS)) + 1]++;
      const region = hash >>> (32 - REGION_BITS);
      let block = this.tails[region];
      let at = this.filled[region];
      if (at === block.length) {
        this.blocks[region].push((block = this.tails[region] = this.newBlock()));
        at = 0;
      }
      block[at] = hash;
      block[at + 1] = tag | positions[i];
      this.filled[region] = at + 2;
    }
    this.count += hashes.length;
  }

  private newBlock(): Uint32Array {
    if (this.slabUsed === REGION_SLAB_WORDS) {
      this.slabs.push(new Uint32Array(REGION_SLAB_WORDS));
      this.slabUsed = 0;
    }
    const slab = this.slabs[this.slabs.length - 1];
    this.slabUsed += REGION_BLOCK_WORDS;
    return slab.subarray(this.slabUsed - REGION_BLOCK_WORDS, this.slabUsed);
  }
}

/**
 * The fingerprints of `regions` in the order added, as chunks are (one chunk each of hashes and positions):
 * report r's from `startOf[r]` on, positions ascending. For when they cannot be sorted packed. A report's
 * positions are distinct, so its keys sorted by position are its fingerprints in the order winnowing made them.
 */
export function regionsInOrderAdded(regions: PrintRegions, startOf: Uint32Array): { hashes: Uint32Array; positions: Uint32Array } {
  const keys = new BigUint64Array(regions.count);
  const words = new Uint32Array(keys.buffer);
  const next = startOf.slice();
  for (let region = 0; region < regions.blocks.length; region++) {
    const blocks = regions.blocks[region];
    for (let k = 0; k < blocks.length; k++) {
      const used = regions.wordsUsed(region, k);
      for (let w = 0; w < used; w += 2) {
        const x = next[blocks[k][w + 1] >>> 16]++;
        words[2 * x + hi] = blocks[k][w + 1] & 0xffff;
        words[2 * x + lo] = blocks[k][w];
      }
    }
  }
  for (let r = 0; r < startOf.length; r++) keys.subarray(startOf[r], next[r]).sort();
  const hashes = new Uint32Array(regions.count);
  const positions = new Uint32Array(regions.count);
  for (let x = 0; x < regions.count; x++) {
    hashes[x] = words[2 * x + lo];
    positions[x] = words[2 * x + hi];
  }
  return { hashes, positions };
}

/**
 * Puts the keys of one region of `words` (the keys of its `count` buckets from bucket `first`, in any order)
 * into their buckets (see `sortKeys`), in the order they came: scattered into `scratch`, then copied back.
 */
function toBuckets(words: Uint32Array, bucketStarts: Uint32Array, first: number, count: number, scratch: Uint32Array, hi: number): void {
  const start = bucketStarts[first];
  const end = bucketStarts[first + count];
  if (end - start < 2) return;
  const cursor = new Uint32Array(count);
  for (let b = 0; b < count; b++) cursor[b] = bucketStarts[first + b] - start;
  const shift = 32 - BUCKET_BITS;
  const within = count - 1;
  for (let x = start; x < end; x++) {
    const hash = words[2 * x + hi];
    const y = cursor[(hash >>> shift) & within]++;
    scratch[2 * y] = words[2 * x];
    scratch[2 * y + 1] = words[2 * x + 1];
  }
  words.set(scratch.subarray(0, 2 * (end - start)), 2 * start);
}

/** The bucket sizes of all the fingerprints (see `countBuckets`), counted here when they were not as they were made. */
function bucketSizes(prints: CorpusPrints): Uint32Array {
  const { hashes, chunkBits, from, starts } = prints;
  const mask = 2 ** chunkBits - 1;
  const shift = 32 - BUCKET_BITS;
  const sizes = emptyBucketSizes();
  for (let d = 0; d < from.length; d++) {
    for (let i = starts[d], at = from[d]; i < starts[d + 1]; i++, at++) sizes[(hashes[at >>> chunkBits][at & mask] >>> shift) + 1]++;
  }
  return sizes;
}

/** Whether the 64-bit keys [from, to) of `words` (high word at `hi`, low at `lo`) ascend. */
function ascending(words: Uint32Array, from: number, to: number, hi: number, lo: number): boolean {
  for (let x = from + 1; x < to; x++) {
    const before = words[2 * x - 2 + hi];
    const hash = words[2 * x + hi];
    if (hash < before || (hash === before && words[2 * x + lo] < words[2 * x - 2 + lo])) return false;
  }
  return true;
}

/** Bits needed to write `value` (a non-negative integer); 1 for 0. */
function bitsFor(value: number): number {
  let bits = 1;
  while (2 ** bits <= value) bits++;
  return bits;
}

/** Length of the exact common run of `a` from `i` and `b` from `j` (matching texts as code units), going right. */
function runRight(a: Uint16Array, i: number, b: Uint16Array, j: number): number {
  let n = 0;
  while (i + n < a.length && j + n < b.length && a[i + n] === b[j + n]) n++;
  return n;
}

/** Length of the exact common run ending just before `i` in `a` and `j` in `b`, going left. */
function runLeft(a: Uint16Array, i: number, b: Uint16Array, j: number): number {
  let n = 0;
  while (i - n > 0 && j - n > 0 && a[i - n - 1] === b[j - n - 1]) n++;
  return n;
}

/** A passage in matching-text coordinates. */
export interface RawPassage {
  startA: number;
  endA: number;
  startB: number;
  endB: number;
  matched: number;
}

/**
 * Grows an exact seed run into a maximal passage: extends the run, then repeatedly skips the smallest edit
 * (up to `maxGap` characters in A and B together) after which `anchor` characters agree again, in both directions.
 */
export function extend(a: Uint16Array, b: Uint16Array, i: number, j: number, maxGap: number, anchor: number): RawPassage {
  const left = runLeft(a, i, b, j);
  const right = runRight(a, i, b, j);
  let startA = i - left;
  let startB = j - left;
  let endA = i + right;
  let endB = j + right;
  let matched = left + right;
  for (let skip = gapAfter(a, endA, b, endB, maxGap, anchor); skip >= 0; skip = gapAfter(a, endA, b, endB, maxGap, anchor)) {
    const skipA = skip >>> 16;
    const skipB = skip & 0xffff;
    const run = runRight(a, endA + skipA, b, endB + skipB);
    endA += skipA + run;
    endB += skipB + run;
    matched += run;
  }
  for (let skip = gapBefore(a, startA, b, startB, maxGap, anchor); skip >= 0; skip = gapBefore(a, startA, b, startB, maxGap, anchor)) {
    const skipA = skip >>> 16;
    const skipB = skip & 0xffff;
    const run = runLeft(a, startA - skipA, b, startB - skipB);
    startA -= skipA + run;
    startB -= skipB + run;
    matched += run;
  }
  return { startA, endA, startB, endB, matched };
}

/** Largest gap `gapAfter` and `gapBefore` look for: its two parts are packed in 16 bits each. */
const MAX_GAP = 0x7fff;

/**
 * The smallest edit after A's `endA` and B's `endB` (`da` characters of A and `db` of B skipped, `da + db` at
 * most `maxGap`, fewer in A first) after which `anchor` characters agree, as `da << 16 | db`; -1 when there is
 * none. A number, not a pair: `extend` looks for one after every run of every passage. (Gaps past 2^15 are not
 * looked for: each costs maxGap² comparisons at every run's end, and a passage is a few thousand characters.)
 */
function gapAfter(a: Uint16Array, endA: number, b: Uint16Array, endB: number, maxGap: number, anchor: number): number {
  for (let total = 1; total <= Math.min(maxGap, MAX_GAP); total++) {
    for (let da = 0; da <= total; da++) if (runRight(a, endA + da, b, endB + total - da) >= anchor) return (da << 16) | (total - da);
  }
  return -1;
}

/** `gapAfter` before A's `startA` and B's `startB`, leftwards. */
function gapBefore(a: Uint16Array, startA: number, b: Uint16Array, startB: number, maxGap: number, anchor: number): number {
  for (let total = 1; total <= Math.min(maxGap, MAX_GAP); total++) {
    for (let da = 0; da <= total; da++) {
      const db = total - da;
      if (startA - da >= 0 && startB - db >= 0 && runLeft(a, startA - da, b, startB - db) >= anchor) return (da << 16) | db;
    }
  }
  return -1;
}

/** True when the text (code units) between matching characters `index - 1` and `index` (at `starts`) holds a line break. */
function breakBefore(text: Uint16Array, starts: Int32Array | Uint16Array, index: number): boolean {
  const from = index > 0 ? starts[index - 1] + 1 : 0;
  const to = starts[index];
  for (let i = from; i < to; i++) {
    const code = text[i];
    if (code === 10 || code === 13) return true;
  }
  return false;
}

/**
 * Cuts stubs of fewer than `anchor` characters that a passage carries across a line break at either end:
 * two copied paragraphs followed by different ones often both go on with the same numbering (`三、`).
 * The stubs lie inside the passage's first or last exact run, so A and B lose the same count. Returns `passage`, cut.
 */
function trimStubs(passage: RawPassage, text: Uint16Array, starts: Int32Array | Uint16Array, anchor: number): RawPassage {
  // In place: the passage is `extend`'s, made for this.
  for (let t = passage.endA - 1; t > passage.endA - anchor && t > passage.startA; t--) {
    if (breakBefore(text, starts, t)) {
      const cut = passage.endA - t;
      passage.endA -= cut;
      passage.endB -= cut;
      passage.matched -= cut;
      break;
    }
  }
  for (let t = passage.startA + 1; t < passage.startA + anchor && t < passage.endA; t++) {
    if (breakBefore(text, starts, t)) {
      const cut = t - passage.startA;
      passage.startA += cut;
      passage.startB += cut;
      passage.matched -= cut;
      break;
    }
  }
  return passage;
}

/** Total length of the union of half-open intervals. */
export function unionLength(intervals: [number, number][]): number {
  intervals.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  fitUnionSpans(intervals.length);
  intervals.forEach(([start, end], p) => {
    unionStarts[p] = start;
    unionEnds[p] = end;
  });
  return unionOfSpans(intervals.length);
}

/** Spans in order of start, for `unionOfSpans` (filled by `unionLength` and `sideUnion`; grown as needed). */
let unionStarts = new Uint32Array(64);
let unionEnds = new Uint32Array(64);

/** Makes room for `count` spans in `unionStarts` / `unionEnds`. */
function fitUnionSpans(count: number): void {
  if (unionStarts.length >= count) return;
  unionStarts = new Uint32Array(2 * count);
  unionEnds = new Uint32Array(2 * count);
}

/** Total length of the union of the first `count` spans of `unionStarts` / `unionEnds`, in order of start. */
function unionOfSpans(count: number): number {
  let total = 0;
  let curStart = -1;
  let curEnd = -1;
  for (let p = 0; p < count; p++) {
    if (unionStarts[p] > curEnd) {
      total += curEnd - curStart;
      curStart = unionStarts[p];
      curEnd = unionEnds[p];
    } else if (unionEnds[p] > curEnd) curEnd = unionEnds[p];
  }
  return total + (curEnd - curStart);
}

/**
 * `unionLength` of the spans of `found` in report A ([startA, endA)) or, with `sideB`, in report B, read from the
 * passages as they are: no array of spans is made for each pair (two arrays and a span each, for every pair at
 * 20,000 reports). The spans are put in order of start by insertion (a pair has a passage or two, rarely dozens);
 * spans with the same start may come in any order, which does not change the union's length.
 */
export function sideUnion(found: readonly RawPassage[], sideB: boolean): number {
  const count = found.length;
  fitUnionSpans(count);
  for (let p = 0; p < count; p++) {
    const start = sideB ? found[p].startB : found[p].startA;
    const end = sideB ? found[p].endB : found[p].endA;
    let at = p;
    for (; at > 0 && unionStarts[at - 1] > start; at--) {
      unionStarts[at] = unionStarts[at - 1];
      unionEnds[at] = unionEnds[at - 1];
    }
    unionStarts[at] = start;
    unionEnds[at] = end;
  }
  return unionOfSpans(count);
}

/** Per-report formula marks over matching positions, one bit per position (an eighth of a byte map). */
export class FormulaBits {
  private readonly bits: (Uint8Array | undefined)[];
  constructor(private readonly lengths: Uint32Array) {
    this.bits = new Array(lengths.length);
  }
  /** Marks matching positions [start, end) of report `d` as formula. */
  mark(d: number, start: number, end: number): void {
    const bits = (this.bits[d] ??= new Uint8Array((this.lengths[d] + 7) >>> 3));
    for (let i = start; i < end; i++) bits[i >>> 3] |= 1 << (i & 7);
  }
  /**
   * Number of positions of report `d` in [start, end) not marked. Whole bytes are counted with a table of
   * set bits (a passage is checked in both reports, a million passages at 20,000 reports).
   */
  unmarked(d: number, start: number, end: number): number {
    const bits = this.bits[d];
    if (!bits) return end - start;
    let marked = 0;
    let i = start;
    for (; i < end && (i & 7) !== 0; i++) marked += (bits[i >>> 3] >>> (i & 7)) & 1;
    for (; i + 8 <= end; i += 8) marked += SET_BITS[bits[i >>> 3]];
    for (; i < end; i++) marked += (bits[i >>> 3] >>> (i & 7)) & 1;
    return end - start - marked;
  }
}

/** Number of set bits of each byte value. */
const SET_BITS = Uint8Array.from({ length: 256 }, (_, byte) => {
  let count = 0;
  for (let b = byte; b; b >>>= 1) count += b & 1;
  return count;
});

/**
 * Sorts `places`, distinct numbers below `32 * bits.length`, ascending in place and returns them. Many places
 * spread over few words are put in order by setting their bits in `bits` (all clear, and left so) and reading
 * them back, in time linear in the places and the words they span: a star group's members are sorted into
 * their band order this way, thousands of them for each of thousands of groups in a large corpus with much
 * copying, where a native sort per group was ≈ 0.5 s at 20,000 reports. Few or sparse places are sorted.
 */
export function sortPlaces(places: Uint32Array, bits: Uint32Array): Uint32Array {
  if (places.length < 64) return places.sort();
  let low = bits.length;
  let high = 0;
  for (let m = 0; m < places.length; m++) {
    const word = places[m] >>> 5;
    if (word < low) low = word;
    if (word > high) high = word;
  }
  if (high - low > 8 * places.length) return places.sort();
  for (let m = 0; m < places.length; m++) bits[places[m] >>> 5] |= 1 << (places[m] & 31);
  let m = 0;
  for (let w = low; w <= high; w++) {
    let word = bits[w];
    if (word === 0) continue;
    bits[w] = 0;
    for (; word !== 0; word &= word - 1) places[m++] = (w << 5) | (31 - Math.clz32(word & -word));
  }
  return places;
}

/** Seeds per chunk of `MetSeeds` made new (when no spare memory is left): 2^20 (4 MiB of pair ids, 4 MiB of seeds). */
const MET_CHUNK_BITS = 20;

/** One chunk of `MetSeeds`: pair ids and seeds (B's positions apart when not narrow), all of one length. */
interface MetChunk {
  /** the pair ids, 16-bit while every id met fits (`ids32` empty), else 32-bit (`ids16` empty) */
  ids16: Uint16Array;
  ids32: Uint32Array;
  words: Uint32Array;
  wordsB: Uint32Array;
}

/** A chunk that holds nothing. */
const emptyChunk = (): MetChunk => ({ ids16: new Uint16Array(0), ids32: new Uint32Array(0), words: new Uint32Array(0), wordsB: new Uint32Array(0) });

/**
 * Seeds in the order the first walk over the fingerprint groups meets them, each with its pair's id (the
 * order the walk met the pairs), in chunks: filed under their pairs from here (`file`), each chunk let go once
 * read. A seed is one word, (A << 16) | B, when `narrow`, else A and B in two; its pair id takes 2 bytes while
 * the ids fit (52,000 pairs at 20,000 reports), else 4. The chunks are cut from `spare` arrays while there are
 * some (the fingerprints' chunks, let go once sorted: see `sortKeys`), as memory touched before costs no page
 * faults, which fresh memory does on every first write of a page (≈ 80 MB of seeds at 20,000 reports); then
 * made new.
 */
export class MetSeeds {
  private readonly chunks: MetChunk[] = [];
  /** the chunk being filled and the seeds in it */
  private chunk = emptyChunk();
  private at = 0;
  /** whether an id past 16 bits was met: the chunk being filled and those after hold 32-bit ids */
  private wide = false;
  count = 0;
  constructor(
    private readonly narrow: boolean,
    private spare: Uint32Array[] = [],
  ) {}
  push(id: number, a: number, b: number): void {
    if (this.at === this.chunk.words.length) this.nextChunk();
    const at = this.at++;
    if (this.wide) this.chunk.ids32[at] = id;
    else if (id <= 0xffff) this.chunk.ids16[at] = id;
    else {
      this.widen();
      this.chunk.ids32[at] = id;
    }
    if (this.narrow) this.chunk.words[at] = (a << 16) | b;
    else {
      this.chunk.words[at] = a;
      this.chunk.wordsB[at] = b;
    }
    this.count++;
  }
  /** Lets the spare arrays not used go (once every seed is met). */
  dropSpare(): void {
    this.spare = [];
  }
  /** From the chunk being filled on, ids are 32-bit. */
  private widen(): void {
    this.wide = true;
    this.chunk.ids32 = new Uint32Array(this.chunk.words.length);
    this.chunk.ids32.set(this.chunk.ids16);
    this.chunk.ids16 = new Uint16Array(0);
  }
  private nextChunk(): void {
    const ids = this.take();
    const words = this.take();
    const wordsB = this.narrow ? words : this.take();
    const length = Math.min(this.wide ? ids.length : 2 * ids.length, words.length, wordsB.length);
    // What is left of a longer array goes back for the next chunk.
    const idWords = this.wide ? length : Math.ceil(length / 2);
    if (ids.length > idWords) this.spare.push(ids.subarray(idWords));
    for (const array of this.narrow ? [words] : [words, wordsB]) if (array.length > length) this.spare.push(array.subarray(length));
    this.chunk = {
      ids16: this.wide ? new Uint16Array(0) : new Uint16Array(ids.buffer, ids.byteOffset, length),
      ids32: this.wide ? ids.subarray(0, length) : new Uint32Array(0),
      words: words.subarray(0, length),
      wordsB: wordsB.subarray(0, length),
    };
    this.chunks.push(this.chunk);
    this.at = 0;
  }
  private take(): Uint32Array {
    for (let array = this.spare.pop(); array; array = this.spare.pop()) if (array.length > 0) return array;
    return new Uint32Array(1 << MET_CHUNK_BITS);
  }
  /**
   * Files every seed under its pair: the seeds of the pair of id `id` go to `seedA` (and `seedB`) from
   * `cursor[id]` on (by id, not by rank: one look-up a seed, not two); `cursor` is advanced. Lets the seeds go.
   */
  file(cursor: Uint32Array, seedA: Uint32Array, seedB: Uint32Array): void {
    for (let c = 0; c < this.chunks.length; c++) {
      const { ids16, ids32, words, wordsB } = this.chunks[c];
      const ids = ids32.length > 0 ? ids32 : ids16;
      const size = c === this.chunks.length - 1 ? this.at : words.length;
      for (let s = 0; s < size; s++) {
        const at = cursor[ids[s]]++;
        seedA[at] = words[s];
        if (!this.narrow) seedB[at] = wordsB[s];
      }
      this.chunks[c] = this.chunk = emptyChunk();
    }
    this.chunks.length = 0;
    this.at = 0;
    this.count = 0;
    this.spare = [];
  }
}

/** Words of a block of `PairSeeds`: 2^6, the first the number of the pair's next block. */
const PAIR_BLOCK_WORDS = 64;

/** No block (a pair's chain not begun). */
const NO_BLOCK = 0xffffffff;

/**
 * The seeds of each report pair, filed under the pair as the first walk meets them: a chain of small blocks
 * per pair (`PAIR_BLOCK_WORDS`, the first word of each the number of the next), cut from `spare` arrays while
 * there are some (the fingerprint regions once sorted, see `RegionSorter`), then from new ones. A seed is one
 * word, (A << 16) | B, when `narrow`, else A and B in two. Filed as met, the seeds need no list in the order
 * met with each one's pair id, nor a pass that files them from it into room of their own (`MetSeeds`: ≈ 80 MB
 * of seeds and ids and 54 MB of room written fresh at 20,000 reports); a pair's chain is copied out as its
 * passages are built.
 */
export class PairSeeds {
  /** the arrays blocks are cut from */
  private readonly arrays: Uint32Array[] = [];
  /** per block (numbered as cut), its array's index in `arrays` and its first word there */
  private readonly blockArray = new U32List();
  private readonly blockStart = new U32List();
  /** per pair id: its first block, its last block's array and first word, the words written there, its seeds */
  private readonly head = new U32List();
  private readonly tailArray = new U32List();
  private readonly tailStart = new U32List();
  private readonly tailWords = new U32List();
  private readonly seeds = new U32List();
  /** the array blocks are being cut from (index in `arrays`) and the next word to cut */
  private cutArray = -1;
  private cutAt = 0;
  /** words a seed takes */
  private readonly unit: number;
  /** seeds filed */
  count = 0;
  constructor(
    private readonly narrow: boolean,
    private spare: Uint32Array[] = [],
  ) {
    this.unit = narrow ? 1 : 2;
  }
  /** Adds a pair with no seed yet: its id is the number of pairs added before. */
  addPair(): void {
    this.head.push(NO_BLOCK);
    this.tailArray.push(0);
    this.tailStart.push(0);
    this.tailWords.push(PAIR_BLOCK_WORDS);
    this.seeds.push(0);
  }
  /** Files seed (a, b) under the pair of id `id`. */
  push(id: number, a: number, b: number): void {
    let words = this.tailWords.data[id];
    if (words + this.unit > PAIR_BLOCK_WORDS) words = this.nextBlock(id);
    const array = this.arrays[this.tailArray.data[id]];
    const at = this.tailStart.data[id] + words;
    if (this.narrow) array[at] = (a << 16) | b;
    else {
      array[at] = a;
      array[at + 1] = b;
    }
    this.tailWords.data[id] = words + this.unit;
    this.seeds.data[id]++;
    this.count++;
  }
  /** The number of seeds filed under the pair of id `id`. */
  seedsOf(id: number): number {
    return this.seeds.data[id];
  }
  /**
   * Copies the seeds of the pair of id `id` to `seedA` (and `seedB`) from `at` on, in the order filed; returns
   * how many.
   */
  copy(id: number, seedA: Uint32Array, seedB: Uint32Array, at: number): number {
    const size = this.seeds.data[id];
    const perBlock = Math.floor((PAIR_BLOCK_WORDS - 1) / this.unit);
    for (let block = this.head.data[id], left = size; left > 0; left -= perBlock) {
      const array = this.arrays[this.blockArray.data[block]];
      const start = this.blockStart.data[block];
      const take = Math.min(left, perBlock);
      if (this.narrow) seedA.set(array.subarray(start + 1, start + 1 + take), at);
      else {
        for (let s = 0; s < take; s++) {
          seedA[at + s] = array[start + 1 + 2 * s];
          seedB[at + s] = array[start + 2 + 2 * s];
        }
      }
      at += take;
      block = array[start];
    }
    return size;
  }
  /** Lets the spare arrays not used go (once every seed is filed). */
  dropSpare(): void {
    this.spare = [];
  }
  /** Starts a new last block for the pair of id `id` (linked from its last); returns the words written in it. */
  private nextBlock(id: number): number {
    if (this.cutArray < 0 || this.cutAt + PAIR_BLOCK_WORDS > this.arrays[this.cutArray].length) this.takeArray();
    const block = this.blockArray.length;
    this.blockArray.push(this.cutArray);
    this.blockStart.push(this.cutAt);
    if (this.head.data[id] === NO_BLOCK) this.head.data[id] = block;
    else this.arrays[this.tailArray.data[id]][this.tailStart.data[id]] = block;
    this.tailArray.data[id] = this.cutArray;
    this.tailStart.data[id] = this.cutAt;
    this.cutAt += PAIR_BLOCK_WORDS;
    return 1;
  }
  /** The next array to cut blocks from: a spare one long enough, else a new one (1 MiB). */
  private takeArray(): void {
    let array = this.spare.pop();
    while (array && array.length < PAIR_BLOCK_WORDS) array = this.spare.pop();
    this.arrays.push(array ?? new Uint32Array(1 << 18));
    this.cutArray = this.arrays.length - 1;
    this.cutAt = 0;
  }
}

/** The reports of one fingerprint group and where each one's occurrences lie in the sorted fingerprints. */
interface GroupScratch {
  /** report indices, one per distinct report, in report order */
  docs: Uint32Array;
  /** first and end sorted-fingerprint index of each report's occurrences */
  from: Uint32Array;
  to: Uint32Array;
}

/** A report as `findReuseIn` reads it, without its texts. */
export interface ReuseReport {
  id: string;
  township: string;
  year: number | null;
}

/**
 * The winnowed fingerprints of every report of a corpus, stored in chunks of `2 ** chunkBits` (fingerprint `i`
 * is `hashes[i >>> chunkBits][i & (2 ** chunkBits - 1)]`, its position likewise), and where each report's lie.
 */
export interface CorpusPrints {
  hashes: Uint32Array[];
  /** each fingerprint's position in its report's matching text */
  positions: (Uint16Array | Uint32Array)[];
  chunkBits: number;
  /** report d's fingerprints are the `starts[d + 1] - starts[d]` from `from[d]` on */
  from: Uint32Array;
  /** n + 1 entries: report d's fingerprints are numbered `starts[d]` to `starts[d + 1]` in report order */
  starts: Uint32Array;
  /** the fingerprints' bucket sizes as `countBuckets` gives them, when counted as they were made; `sortKeys` adds them up in place */
  bucketSizes?: Uint32Array;
  /**
   * the fingerprints in regions as they were added (`hashes` and `positions` then empty), and `order[d]`, the
   * report listed d-th's number in the order added; let go once sorted (see `sortKeys`)
   */
  regions?: { keys: PrintRegions; order: Uint32Array };
}

/**
 * The reports `findReuseIn` compares, sorted by id, and how it reads them: texts one report at a time (they
 * may live in a file, see reuse-store.ts), fingerprints all at once (made as the reports arrived).
 */
export interface ReuseCorpus {
  /** the reports, in id order */
  reports: readonly ReuseReport[];
  /** length of each report's matching text */
  lengths: Uint32Array;
  /**
   * matching text of report d (`toMatchText(text).chars`) as code units; this and `text` and `starts` may be
   * views into buffers reused for other reports: valid while d is one of the last two reports read
   */
  chars(d: number): Uint16Array;
  /** analysis text of report d as code units */
  text(d: number): Uint16Array;
  /** characters [start, end) of the analysis text of report d */
  textSlice(d: number, start: number, end: number): string;
  /** offsets map of report d's matching text into its analysis text (`toMatchText(text).starts`, or the same offsets 16-bit) */
  starts(d: number): Int32Array | Uint16Array;
  /** the fingerprints, once: findReuseIn empties the chunk lists once sorted, so that they are freed whoever holds the lists */
  takePrints(): CorpusPrints;
  /** calls `mark` with each matching-text interval of report d that holds a listed formula phrase */
  marks(d: number, mark: (start: number, end: number) => void): void;
  /** shingle and window the fingerprints were made with */
  shingle: number;
  window: number;
}

/** The formula phrases as matching text, those of two or more characters. */
export function phraseNeedles(phrases: readonly string[] = []): PhraseNeedles {
  const needles = phrases.map((phrase) => codeUnits(toMatchText(phrase).chars)).filter((needle) => needle.length >= 2);
  const byFirstUnit: (Uint16Array[] | undefined)[] = new Array(0x10000);
  for (const needle of needles) (byFirstUnit[needle[0]] ??= []).push(needle);
  return { needles, byFirstUnit };
}

/** The formula phrases as matching text (code units), and those that start with each code unit. */
export interface PhraseNeedles {
  needles: Uint16Array[];
  /** the needles (in their order) that start with each code unit; undefined for a unit none starts with */
  byFirstUnit: (Uint16Array[] | undefined)[];
}

/**
 * Calls `mark` with every occurrence of every needle in a matching text (code units; `ReuseCorpus.marks`), by
 * position, then needle. At each position only the needles that start with its code unit are tried (one
 * table look-up for a unit none starts with): the phrases' first characters (全, 新, 社, …) are common.
 */
export function markPhrases(chars: Uint16Array, phrases: PhraseNeedles, mark: (start: number, end: number) => void): void {
  if (phrases.needles.length === 0) return;
  const { byFirstUnit } = phrases;
  for (let at = 0; at < chars.length; at++) {
    const starting = byFirstUnit[chars[at]];
    if (starting === undefined) continue;
    for (const needle of starting) {
      if (at + needle.length > chars.length) continue;
      let i = 1;
      while (i < needle.length && chars[at + i] === needle[i]) i++;
      if (i === needle.length) mark(at, at + needle.length);
    }
  }
}

/** An in-memory `ReuseCorpus` of `reports` (the texts given; matching texts and fingerprints made here). */
function memoryCorpus(reports: readonly ReuseInput[], opts: FullOptions): ReuseCorpus {
  const docs = [...reports].sort((x, y) => compare(x.id, y.id));
  const n = docs.length;
  const charCodes = docs.map((d) => codeUnits(toMatchText(d.text).chars));
  const lengths = Uint32Array.from(charCodes, (c) => c.length);
  // Winnowing keeps about 2 / (window + 1) of the positions: room for a little more avoids regrowing twice the lists.
  const expected = Math.ceil((lengths.reduce((sum, l) => sum + l, 0) * 2.2) / (opts.window + 1)) + 1024;
  const hashes = new U32List(expected);
  const positions = new U32List(expected);
  const starts = new Uint32Array(n + 1);
  for (let d = 0; d < n; d++) {
    starts[d] = hashes.length;
    winnow(charCodes[d], opts.shingle, opts.window, hashes, positions);
  }
  starts[n] = hashes.length;
  const needles = phraseNeedles(opts.formulaPhrases);
  const textCodes = docs.map((doc) => codeUnits(doc.text));
  const startsOf: Int32Array[] = [];
  return {
    reports: docs,
    lengths,
    chars: (d) => charCodes[d],
    text: (d) => textCodes[d],
    textSlice: (d, start, end) => docs[d].text.slice(start, end),
    starts: (d) => (startsOf[d] ??= matchStarts(docs[d].text)),
    takePrints: () => ({ hashes: [hashes.data], positions: [positions.data], chunkBits: 31, from: starts.subarray(0, n), starts }),
    marks: (d, mark) => markPhrases(charCodes[d], needles, mark),
    shingle: opts.shingle,
    window: opts.window,
  };
}

/**
 * Finds passages shared by pairs of reports. Offsets in the result are into each report's `text`
 * (cleaned offsets; the caller maps them to raw offsets with `Doc.toRaw`). With `onPassages`, each pair's
 * passages are handed to it as they are found, in the order the result would list them, and not kept
 * (`passages` is then empty): a large corpus shares about a million passages, which need never be held.
 */
export function findReuse(reports: readonly ReuseInput[], options: ReuseOptions, onPassages?: (passages: ReusePassage[]) => void): ReuseResult {
  return findReuseIn(memoryCorpus(reports, { ...REUSE_DEFAULTS, ...options }), options, onPassages);
}

/** Options of `findReuseIn` with every default filled in. */
type FullOptions = Required<Omit<ReuseOptions, 'formulaPhrases'>> & ReuseOptions;

/**
 * `findReuse` over a corpus whose fingerprints were made ahead and whose texts are read as needed (see `ReuseCorpus`).
 *
 * Four steps, each below: the fingerprints sorted by hash (`SortedPrints`); the first walk over their groups, which
 * marks formula, decides which reports of each group are linked (`GroupLinker`) and files the seeds of every pair
 * (`FirstWalkSeeds`); the pairs numbered in key order (`PairOrder`); each pair's passages grown from its seeds
 * (`buildEveryPair`, `PairBuilder`).
 */
export function findReuseIn(corpus: ReuseCorpus, options: ReuseOptions, onPassages?: (passages: ReusePassage[]) => void): ReuseResult {
  const opts: FullOptions = { ...REUSE_DEFAULTS, ...options };
  if (corpus.shingle !== opts.shingle || corpus.window !== opts.window) throw new Error('findReuseIn: the corpus was fingerprinted with another shingle or window');
  const n = corpus.reports.length;
  const keys = corpus.reports.map((d) => townshipKey(d.township));
  let totalChars = 0;
  for (let d = 0; d < n; d++) totalChars += corpus.lengths[d];
  const prints = new SortedPrints(corpus.takePrints(), corpus.lengths, opts.packKeys);
  const count = prints.count;
  // Formula marks: matching positions covered by a formula fingerprint or a listed formula phrase.
  const formula = new FormulaBits(corpus.lengths);
  for (let d = 0; d < n; d++) corpus.marks(d, (start, end) => formula.mark(d, start, end));
  const linker = new GroupLinker(prints, formula, corpus.reports, keys, opts);
  // Positions fit 16 bits when every matching text does (reports are rarely 65,536 characters long): a seed is
  // then one 32-bit word, A's position in the high half and B's in the low, filed with one write and sorted in
  // place by (A, B) with a native sort; otherwise two 32-bit arrays, sorted through 64-bit keys.
  const narrow = corpus.lengths.every((length) => length <= 0xffff);
  const first = new FirstWalkSeeds(prints, n, narrow, opts.seedBatch);
  first.walk(linker);
  const order = new PairOrder(first.pairIds, first.pairCounts);
  const builder = new PairBuilder(corpus, opts, formula, keys, narrow, order, onPassages);
  buildEveryPair(builder, order, first, linker, prints, opts.seedBatch);
  const { passages, pairs } = builder;
  pairs.sort((x, y) => y.sharedChars - x.sharedChars || compare(x.reportA, y.reportA) || compare(x.reportB, y.reportB));
  return {
    passages,
    pairs,
    stats: { reports: n, chars: totalChars, fingerprints: count, formulaHashes: linker.formulaHashes, seeds: order.seeds, candidatePairs: order.size, starGroups: linker.starGroups },
  };
}

/**
 * The fingerprints sorted by hash, as the walks over their groups read them. Sorted keys replace the fingerprint
 * lists: the hash in the high word, and in the low word the report and position packed (report in the high bits,
 * so that the order is report order, then position order) when both fit 32 bits, else the fingerprint's index
 * into `positions` and `docOf`. Packed, the walks read nothing else: no random access into lists as long as the
 * fingerprints. Fingerprints in regions (the store's) are sorted a region at a time by the first walk
 * (`sorter`, see `FirstWalkSeeds.walkRegions`).
 */
class SortedPrints {
  /** the sorted keys the walks read (two words a fingerprint) */
  sorted: Uint32Array;
  /** unpacked only: each fingerprint's position and report */
  positions: Uint32Array = new Uint32Array(0);
  docOf: Uint16Array | Uint32Array = new Uint16Array(0);
  /** fingerprints of `sorted` the walks read: all of them, then only those of the linked groups (`keepLinked`) */
  walked: number;
  /** where the first walk's `sorted` lies in the array the later walks read (see `FirstWalkSeeds.walkRegions`) */
  linkBase = 0;
  /** the region sorter while the fingerprints are in regions and not yet walked */
  sorter: RegionSorter | null;
  /** the fingerprints' chunks once sorted, memory already touched, for the first walk's seeds (see `MetSeeds`) */
  readonly spare: Uint32Array[] = [];
  /** number of fingerprints */
  readonly count: number;
  /** report of fingerprint `x` of `sorted` */
  readonly docAt: (x: number) => number;
  /** position of fingerprint `x` of `sorted` in its report's matching text */
  readonly posAt: (x: number) => number;

  constructor(prints: CorpusPrints, lengths: Uint32Array, packKeys: boolean) {
    const n = lengths.length;
    this.count = prints.starts[n];
    let maxLength = 0;
    for (let d = 0; d < n; d++) maxLength = Math.max(maxLength, lengths[d]);
    const posBits = bitsFor(maxLength);
    const packed = packKeys && bitsFor(Math.max(0, n - 1)) + posBits <= 32;
    const posMask = packed ? 2 ** posBits - 1 : 0;
    if (prints.regions && !packed) chunksFromRegions(prints);
    this.sorter = prints.regions ? new RegionSorter(prints, posBits) : null;
    if (this.sorter) this.sorted = new Uint32Array(0);
    else if (packed) this.sorted = sortKeys(prints, posBits, this.spare);
    else {
      const positions = (this.positions = new Uint32Array(this.count));
      const docOf = (this.docOf = n <= 0x10000 ? new Uint16Array(this.count) : new Uint32Array(this.count));
      forEachPrint(prints, (i, d, position) => {
        positions[i] = position;
        docOf[i] = d;
      });
      this.sorted = sortKeys(prints, null, this.spare);
    }
    this.walked = this.count;
    // Emptied in place: the corpus may still hold the chunk lists themselves.
    prints.hashes.length = 0;
    prints.positions.length = 0;
    // Note: one accessor made per run (packed or not), so that each call site stays monomorphic.
    this.docAt = packed ? (x) => this.sorted[2 * x + lo] >>> posBits : (x) => this.docOf[this.sorted[2 * x + lo]];
    this.posAt = packed ? (x) => this.sorted[2 * x + lo] & posMask : (x) => this.positions[this.sorted[2 * x + lo]];
  }

  /** hash of fingerprint `x` of `sorted` */
  hashAt(x: number): number {
    return this.sorted[2 * x + hi];
  }

  /** The end (exclusive) of the group of equal hashes that starts at fingerprint `g` of `sorted`. */
  groupEnd(g: number): number {
    const hash = this.hashAt(g);
    let end = g + 1;
    while (end < this.walked && this.hashAt(end) === hash) end++;
    return end;
  }

  /**
   * Keeps of the sorted fingerprints only the groups `linked` lists (whose starts are renumbered), which the later
   * walks visit, and lets the others go, when they are at most half (the copy is made while the whole is still
   * held): in a corpus with little copying most fingerprints are in no such group (at 20,000 reports the sorted
   * keys are 93 MB, held otherwise while every batch of seeds is filed and its passages built).
   */
  keepLinked(linked: U32List): void {
    const ends = new Uint32Array(linked.length);
    let size = 0;
    for (let v = 0; v < linked.length; v++) {
      const g = linked.data[v];
      ends[v] = this.groupEnd(g);
      size += ends[v] - g;
    }
    if (2 * size > this.walked) return;
    const kept = new Uint32Array(2 * size);
    for (let v = 0, at = 0; v < linked.length; v++) {
      const g = linked.data[v];
      kept.set(this.sorted.subarray(2 * g, 2 * ends[v]), 2 * at);
      linked.data[v] = at;
      at += ends[v] - g;
    }
    this.sorted = kept;
    this.walked = size;
  }

  /** Lets the sorted fingerprints go (no walk reads them again); returns the memory of `sorted`. */
  release(): ArrayBuffer {
    const buffer = this.sorted.buffer as ArrayBuffer;
    this.positions = this.sorted = new Uint32Array(0);
    this.docOf = new Uint16Array(0);
    return buffer;
  }
}

/** Reports a < b linked by the occurrences [fromA, toA) of a and [fromB, toB) of b in the sorted fingerprints. */
type Link = (a: number, b: number, fromA: number, toA: number, fromB: number, toB: number) => void;

/** Pairs a walk files seeds of: all of them, or one batch (see `buildEveryPair`). */
type Want = ((a: number, b: number) => boolean) | undefined;

/**
 * Which reports of a fingerprint group are linked, and the walks over the groups that link them. Up to
 * `allPairsMaxReports` reports: every pair, as copying between a few reports is the finding itself. More: a star.
 * Every pair of k copies would be k²/2 rows of the same text (the clique that blew up reuse.csv when a passage sat
 * in just under the formula share of a large corpus); instead each copy is linked to the group's earliest report
 * (by year, then id), the likeliest source and a fixed, order-independent choice, so rows grow as k and
 * reuse_pairs.csv still names, for every copy, a report it shares the passage with. Recycling needs the same
 * township's earlier years, which a star would drop: within the group, each report is also linked to its
 * `allPairsMaxReports − 1` nearest earlier reports of its own township (all of them when the township has few),
 * still linear in k. Groups in more than the formula share of the reports are formula and link nothing.
 *
 * The walk is cut into small methods, one per kind of group: a loop that holds them all is compiled (on stack)
 * before the rarer kinds have run, then thrown away and compiled again as each first runs, and each compile of the
 * whole was hundreds of milliseconds at 20,000 reports.
 */
class GroupLinker {
  /** distinct hashes ruled formula */
  formulaHashes = 0;
  /** groups linked as a star */
  starGroups = 0;
  /** the first fingerprint of each group that links reports (found by the first walk) */
  readonly linked = new U32List();
  private readonly k: number;
  private readonly cap: number;
  private readonly formulaLimit: number;
  private readonly formulaMinReports: number;
  /** each report's rank, earliest first (known year, then id; unknown years last): a star's anchor is its group's earliest */
  private readonly rank: Uint32Array;
  /** each report's township number; -1 when unknown */
  private readonly townIndex: Int32Array;
  /** the reports of a known township in band order (township, then earliest first), and each one's place in it */
  private readonly bandDoc: Uint32Array;
  private readonly bandPlace: Uint32Array;
  /** a group member's index in the group scratch, by report (set for the members of the group at hand) */
  private readonly memberOf: Uint32Array;
  /** a bit per band place, all clear between groups (see `sortPlaces`) */
  private readonly bandBits: Uint32Array;
  private readonly scratch: GroupScratch = { docs: new Uint32Array(16), from: new Uint32Array(16), to: new Uint32Array(16) };
  private byTown = new Uint32Array(16);

  constructor(
    private readonly prints: SortedPrints,
    private readonly formula: FormulaBits,
    docs: readonly ReuseReport[],
    keys: readonly string[],
    opts: FullOptions,
  ) {
    const n = docs.length;
    this.k = opts.shingle;
    this.cap = Math.max(2, opts.allPairsMaxReports);
    this.formulaLimit = opts.maxDocShare * n;
    this.formulaMinReports = opts.formulaMinReports;
    const rank = (this.rank = new Uint32Array(n));
    Array.from({ length: n }, (_, d) => d)
      .sort((x, y) => (docs[x].year ?? Infinity) - (docs[y].year ?? Infinity) || x - y)
      .forEach((d, r) => (rank[d] = r));
    const townIndex = (this.townIndex = new Int32Array(n).fill(-1));
    const townIds = new Map<string, number>();
    keys.forEach((key, d) => {
      if (!key) return;
      if (!townIds.has(key)) townIds.set(key, townIds.size);
      townIndex[d] = townIds.get(key)!;
    });
    // A group's members are put in band order by a numeric sort of their places, not a comparator per pair.
    this.bandDoc = Uint32Array.from({ length: n }, (_, d) => d)
      .filter((d) => townIndex[d] >= 0)
      .sort((x, y) => townIndex[x] - townIndex[y] || rank[x] - rank[y]);
    const bandPlace = (this.bandPlace = new Uint32Array(n));
    this.bandDoc.forEach((d, place) => (bandPlace[d] = place));
    this.memberOf = new Uint32Array(n);
    this.bandBits = new Uint32Array((this.bandDoc.length + 31) >>> 5);
  }

  /**
   * Walks the groups of `sorted`, calling `link` for each pair a group links (of those `want` wants). The first
   * walk (`markFormula`) visits every group, marks formula and lists the groups that link reports (at `linkBase`
   * on); the later walks visit only those. `firstDocs`: the range (inclusive) of the first report of every wanted
   * pair; groups with no such pair are skipped.
   */
  walk(markFormula: boolean, link: Link, want?: Want, firstDocs?: readonly [number, number]): void {
    const { prints, scratch, linked } = this;
    const listed = markFormula ? undefined : linked;
    const visits = listed ? listed.length : prints.walked;
    for (let v = 0, g = 0; v < visits; v++) {
      if (listed) g = listed.data[v];
      else if (g >= prints.walked) break;
      const end = prints.groupEnd(g);
      const distinct = end - g > 1 ? this.groupReports(g, end) : 1;
      // Reports are in index order within a group: no pair of it is wanted when its first report comes after
      // the batch's last first report, or its last-but-one before the batch's first.
      if (distinct < 2 || (firstDocs && (scratch.docs[0] > firstDocs[1] || scratch.docs[distinct - 2] < firstDocs[0]))) {
        // a single report, or outside the batch
      } else if (distinct >= this.formulaMinReports && distinct > this.formulaLimit) {
        if (markFormula) this.markFormulaGroup(g, end);
      } else if (distinct <= this.cap) {
        if (markFormula) linked.push(prints.linkBase + g);
        this.linkEveryPair(distinct, link, want);
      } else {
        if (markFormula) {
          this.starGroups++;
          linked.push(prints.linkBase + g);
        }
        this.linkStar(distinct, link, want);
      }
      g = end;
    }
  }

  /** Lists the reports of the group [g, end) of `sorted` in `scratch`, each with its occurrences; returns how many. */
  private groupReports(g: number, end: number): number {
    const { prints, scratch } = this;
    if (scratch.docs.length < end - g) {
      const size = 2 * (end - g);
      scratch.docs = new Uint32Array(size);
      scratch.from = new Uint32Array(size);
      scratch.to = new Uint32Array(size);
      this.byTown = new Uint32Array(size);
    }
    let distinct = 0;
    for (let x = g; x < end; x++) {
      const d = prints.docAt(x);
      if (distinct === 0 || scratch.docs[distinct - 1] !== d) {
        scratch.docs[distinct] = d;
        scratch.from[distinct] = x;
        distinct++;
      }
      scratch.to[distinct - 1] = x + 1;
    }
    return distinct;
  }

  /** Links members p and q of the group in `scratch` (the one of the smaller report first) when the pair is wanted. */
  private pairOf(p: number, q: number, link: Link, want: Want): void {
    const { scratch } = this;
    const a = scratch.docs[q] < scratch.docs[p] ? q : p;
    const b = a === p ? q : p;
    if (want && !want(scratch.docs[a], scratch.docs[b])) return;
    link(scratch.docs[a], scratch.docs[b], scratch.from[a], scratch.to[a], scratch.from[b], scratch.to[b]);
  }

  /** Marks every occurrence of the formula group [g, end) as formula. */
  private markFormulaGroup(g: number, end: number): void {
    const { prints, formula, k } = this;
    this.formulaHashes++;
    for (let x = g; x < end; x++) formula.mark(prints.docAt(x), prints.posAt(x), prints.posAt(x) + k);
  }

  /** Links every pair of the `distinct` reports in `scratch`. */
  private linkEveryPair(distinct: number, link: Link, want: Want): void {
    for (let p = 0; p < distinct; p++) for (let q = p + 1; q < distinct; q++) this.pairOf(p, q, link, want);
  }

  /** Links the `distinct` reports in `scratch` as a star: each to the earliest, and each to its band (see the class). */
  private linkStar(distinct: number, link: Link, want: Want): void {
    const { scratch, rank, townIndex, cap } = this;
    let anchor = 0;
    for (let p = 1; p < distinct; p++) if (rank[scratch.docs[p]] < rank[scratch.docs[anchor]]) anchor = p;
    for (let p = 0; p < distinct; p++) if (p !== anchor) this.pairOf(anchor, p, link, want);
    const members = this.bandMembers(distinct);
    for (let m = 1; m < members.length; m++) {
      const town = townIndex[scratch.docs[members[m]]];
      for (let e = m - 1; e >= 0 && e >= m - (cap - 1) && townIndex[scratch.docs[members[e]]] === town; e--) {
        if (members[e] !== anchor && members[m] !== anchor) this.pairOf(members[e], members[m], link, want);
      }
    }
  }

  /** The members (indices into `scratch`) of a known township among the `distinct` reports there, in band order (township, then earliest first). */
  private bandMembers(distinct: number): Uint32Array {
    const { scratch, townIndex, memberOf, byTown, bandPlace, bandDoc } = this;
    let members = 0;
    for (let p = 0; p < distinct; p++) {
      const d = scratch.docs[p];
      if (townIndex[d] < 0) continue;
      memberOf[d] = p;
      byTown[members++] = bandPlace[d];
    }
    const sortedMembers = sortPlaces(byTown.subarray(0, members), this.bandBits);
    for (let m = 0; m < members; m++) sortedMembers[m] = memberOf[bandDoc[sortedMembers[m]]];
    return sortedMembers;
  }
}

/**
 * The first walk over the groups: it marks formula, numbers the report pairs as it meets them and counts their
 * seeds, and keeps the seeds, while they are at most `seedBatch`: in the order met with each one's pair id
 * (`met`), to be filed under their pairs with no second walk, or, for fingerprints in regions (the store's), filed
 * under their pairs as met (`filed`, `PairSeeds`), with no filing pass after. Past `seedBatch` the kept seeds are
 * dropped (or, in regions, no more are filed: `filedPartly`), and `buildEveryPair` walks again for one batch of
 * pairs at a time, so that only one batch's seeds are held at once: a large corpus has tens of millions of seeds.
 * (The second walk, which finds every group's members, anchor and band again and looks each seed's pair up, was
 * ≈ a fifth of the step's end phase at 20,000 reports.)
 */
class FirstWalkSeeds {
  /** each pair's id (the order met) by key a * n + b; `PairOrder` re-keys them to their ranks */
  readonly pairIds = new PairIndex();
  /** seeds per pair id */
  readonly pairCounts = new U32List();
  /** the seeds kept in the order met; null when not kept (fingerprints in regions, or past `seedBatch`) */
  met: MetSeeds | null;
  /** the seeds filed under their pairs as met (fingerprints in regions) */
  filed: PairSeeds | null;
  /** whether `filed` holds the seeds of the regions walked before they passed `seedBatch` only */
  filedPartly = false;
  /** memory already touched that the seeds are filed into when it is large enough: the sorted fingerprints' */
  seedRoom: ArrayBuffer | null = null;
  private readonly recent: RecentPairs;

  constructor(
    private readonly prints: SortedPrints,
    /** number of reports */
    private readonly n: number,
    /** seeds are one word, (A << 16) | B (see `findReuseIn`) */
    private readonly narrow: boolean,
    private readonly seedBatch: number,
  ) {
    this.recent = new RecentPairs(n);
    if (!prints.sorter) keepSpare(prints.spare, 2 * SEED_BYTES * sharedPrints(prints.sorted, prints.count, hi));
    this.met = prints.sorter ? null : new MetSeeds(narrow, prints.spare);
    this.filed = prints.sorter ? new PairSeeds(narrow, prints.spare) : null;
  }

  /** Walks every group once (region by region when the fingerprints are in regions), then lets go what no later walk reads. */
  walk(linker: GroupLinker): void {
    const { prints } = this;
    if (prints.sorter) this.walkRegions(prints.sorter, linker);
    else linker.walk(true, this.link);
    prints.sorter = null;
    this.met?.dropSpare();
    this.filed?.dropSpare();
    // Every seed kept: no walk reads the fingerprints again.
    if (this.met) this.seedRoom = prints.release();
    else if (!this.filed || this.filedPartly) prints.keepLinked(linker.linked);
  }

  /** Counts (and keeps or files) the seeds of reports a < b linked by a group (a `Link`). */
  private readonly link: Link = (a, b, fromA, toA, fromB, toB) => {
    const { n, recent, pairIds, pairCounts, prints } = this;
    const key = a * n + b;
    let id = recent.get(a, b, key);
    if (id < 0) {
      id = pairIds.get(key);
      if (id < 0) {
        pairIds.set(key, (id = pairCounts.length));
        pairCounts.push(0);
        this.filed?.addPair();
      }
      recent.set(a, b, key, id);
    }
    const linkSeeds = (toA - fromA) * (toB - fromB);
    pairCounts.data[id] += linkSeeds;
    const { filed } = this;
    if (filed) {
      if (!this.filedPartly) for (let x = fromA; x < toA; x++) for (let y = fromB; y < toB; y++) filed.push(id, prints.posAt(x), prints.posAt(y));
      return;
    }
    const { met } = this;
    if (!met) return;
    if (met.count + linkSeeds > this.seedBatch) {
      this.met = null;
      return;
    }
    for (let x = fromA; x < toA; x++) for (let y = fromB; y < toB; y++) met.push(id, prints.posAt(x), prints.posAt(y));
  };

  /**
   * The first walk over fingerprints in regions: each region sorted and walked at once, its blocks then spare
   * memory for the seeds filed (`PairSeeds`), which fill them about as fast as they come free (≈ 4.5 bytes of seed
   * a fingerprint at 20,000 reports, against 8 of key). Once the seeds filed pass `seedBatch` (at the end of a
   * region), no more are filed: the keys of the regions after are kept in one array (`sorted`) for the batch
   * walks, which file the seeds of those regions beside the ones filed (`filedPartly`).
   */
  private walkRegions(regions: RegionSorter, linker: GroupLinker): void {
    const { prints } = this;
    let rest: Uint32Array | null = null;
    let restStart = 0;
    for (let r = 0; r < 2 ** REGION_BITS; r++) {
      regions.sort(r, prints.spare);
      prints.sorted = regions.words;
      prints.walked = regions.size(r);
      prints.linkBase = rest ? regions.start(r) - restStart : 0;
      linker.walk(true, this.link);
      if (rest) rest.set(prints.sorted.subarray(0, 2 * prints.walked), 2 * prints.linkBase);
      else if (this.filed!.count > this.seedBatch) {
        this.filedPartly = true;
        // Only the linked groups of the regions after are walked again.
        linker.linked.length = 0;
        restStart = regions.start(r + 1);
        rest = new Uint32Array(2 * (prints.count - restStart));
      }
    }
    prints.sorted = rest ?? new Uint32Array(0);
    prints.walked = prints.sorted.length / 2;
    prints.linkBase = 0;
  }

  /**
   * Files the seeds of the pairs of ranks [firstRank, last) into `seedA`/`seedB` (from the batch's first seed on):
   * kept seeds are all one batch (firstRank = 0), each pair's cursor by its id; otherwise the seeds filed from the
   * regions walked before they passed `seedBatch`, then those of the others from another walk over the groups.
   */
  fileBatch(order: PairOrder, linker: GroupLinker, firstRank: number, last: number, seedA: Uint32Array, seedB: Uint32Array): void {
    const { seedStarts, rankOf, idOf, keys: pairKeys } = order;
    const base = seedStarts[firstRank];
    const cursor = seedStarts.slice(firstRank, last);
    const { prints, n, narrow, pairIds } = this;
    if (this.met) {
      this.met.file(Uint32Array.from(rankOf, (rank) => cursor[rank]), seedA, seedB);
      return;
    }
    const { filed } = this;
    if (filed) for (let rank = firstRank; rank < last; rank++) cursor[rank - firstRank] += filed.copy(idOf[rank], seedA, seedB, cursor[rank - firstRank] - base);
    const firstKey = pairKeys[firstRank];
    const lastKey = pairKeys[last - 1];
    linker.walk(
      false,
      (a, b, fromA, toA, fromB, toB) => {
        const c = pairIds.get(a * n + b) - firstRank;
        let at = cursor[c] - base;
        for (let x = fromA; x < toA; x++) {
          for (let y = fromB; y < toB; y++) {
            if (narrow) seedA[at] = (prints.posAt(x) << 16) | prints.posAt(y);
            else {
              seedA[at] = prints.posAt(x);
              seedB[at] = prints.posAt(y);
            }
            at++;
          }
        }
        cursor[c] = at + base;
      },
      (a, b) => a * n + b >= firstKey && a * n + b <= lastKey,
      [Math.floor(firstKey / n), Math.floor(lastKey / n)],
    );
    // Filed in two ways (the seeds kept and those walked again), each pair's must fill its room exactly.
    for (let rank = firstRank; rank < last; rank++) {
      if (cursor[rank - firstRank] !== seedStarts[rank + 1]) throw new Error(`findReuseIn: pair ${rank} filed ${cursor[rank - firstRank] - seedStarts[rank]} seeds of ${seedStarts[rank + 1] - seedStarts[rank]}`);
    }
  }
}

/**
 * The report pairs numbered in key order (a * n + b, the order they are built in), and where each one's seeds
 * lie once laid out in that order. Note: a typed array sorts numerically, natively, with no comparator call per
 * comparison.
 */
class PairOrder {
  /** each rank's key */
  readonly keys: Float64Array;
  /** rank r's seeds are [seedStarts[r], seedStarts[r + 1]) */
  readonly seedStarts: Uint32Array;
  /** the rank of each pair id (in the order the first walk met the pairs), and the id of each rank */
  readonly rankOf: Uint32Array;
  readonly idOf: Uint32Array;
  /** number of pairs, and of seeds */
  readonly size: number;
  readonly seeds: number;

  /** Re-keys `pairIds` to the ranks, and lets `pairCounts` go. */
  constructor(pairIds: PairIndex, pairCounts: U32List) {
    const size = (this.size = pairCounts.length);
    this.keys = pairIds.keys().sort();
    const seedStarts = (this.seedStarts = new Uint32Array(size + 1));
    const rankOf = (this.rankOf = new Uint32Array(size));
    this.keys.forEach((key, rank) => {
      const id = pairIds.get(key);
      seedStarts[rank + 1] = seedStarts[rank] + pairCounts.data[id];
      rankOf[id] = rank;
      pairIds.set(key, rank);
    });
    pairCounts.data = new Uint32Array(0);
    this.seeds = seedStarts[size];
    const idOf = (this.idOf = new Uint32Array(size));
    rankOf.forEach((rank, id) => (idOf[rank] = id));
  }
}

/**
 * Builds every pair's passages in rank order: from the seeds filed under the pairs (`PairSeeds` holding them all),
 * or a batch of pairs at a time (at most `seedBatch` seeds), their seeds filed from those kept in the order met
 * (all of them, one batch), or from those filed and another walk over the groups (see `FirstWalkSeeds`).
 */
function buildEveryPair(builder: PairBuilder, order: PairOrder, first: FirstWalkSeeds, linker: GroupLinker, prints: SortedPrints, seedBatch: number): void {
  if (first.filed && !first.filedPartly) {
    buildFiled(builder, order, first.filed);
    first.filed = null;
    return;
  }
  const { seedStarts, size: pairCount } = order;
  for (let firstRank = 0; firstRank < pairCount; ) {
    let last = firstRank + 1;
    while (last < pairCount && seedStarts[last + 1] - seedStarts[firstRank] <= seedBatch) last++;
    const base = seedStarts[firstRank];
    const { seedA, seedB } = batchRoom(builder.narrow, seedStarts[last] - base, first.seedRoom);
    first.fileBatch(order, linker, firstRank, last, seedA, seedB);
    if (last === pairCount) {
      // The fingerprints are no longer needed: let them go before the last batch's passages are built.
      prints.release();
      first.filed = null;
    }
    for (let rank = firstRank; rank < last; rank++) builder.buildPair(rank, seedA, seedB, base);
    firstRank = last;
  }
}

/** Builds every pair's passages from the seeds filed under it (`filed` holding them all), in rank order. */
function buildFiled(builder: PairBuilder, order: PairOrder, filed: PairSeeds): void {
  const { seedStarts, idOf, size: pairCount } = order;
  let largest = 0;
  for (let rank = 0; rank < pairCount; rank++) largest = Math.max(largest, seedStarts[rank + 1] - seedStarts[rank]);
  const seedA = new Uint32Array(largest);
  const seedB = builder.narrow ? seedA : new Uint32Array(largest);
  for (let rank = 0; rank < pairCount; rank++) {
    filed.copy(idOf[rank], seedA, seedB, 0);
    builder.buildPair(rank, seedA, seedB, seedStarts[rank]);
  }
}

/**
 * Room for a batch of `batch` seeds: in `seedRoom` when the seeds fill at least half of it (the room is held as
 * long as they are), else new. Note: every seed of the batch is written before it is read.
 */
function batchRoom(narrow: boolean, batch: number, seedRoom: ArrayBuffer | null): { seedA: Uint32Array; seedB: Uint32Array } {
  const seedBytes = (narrow ? 4 : 8) * batch;
  const room = seedRoom && seedRoom.byteLength >= seedBytes && 2 * seedBytes >= seedRoom.byteLength ? seedRoom : null;
  const seedA = room ? new Uint32Array(room, 0, batch) : new Uint32Array(batch);
  const seedB = narrow ? seedA : room ? new Uint32Array(room, 4 * batch, batch) : new Uint32Array(batch);
  return { seedA, seedB };
}

/**
 * A pair's passages from its seeds, and the rows made of them (`passages`, unless handed to `onPassages`, and
 * `pairs`). Built in small methods (the seeds sorted, the passages grown from them, the rows made): one function
 * that held them all was compiled again each time a part of it first ran.
 */
class PairBuilder {
  readonly passages: ReusePassage[] = [];
  readonly pairs: ReusePair[] = [];
  private seedKeys = new BigUint64Array(16);
  /** passage texts of report `textsOf` by span (see `passageText`) */
  private textsOf = -1;
  private readonly textsBySpan = new Map<number, string>();
  private readonly n: number;
  private readonly k: number;

  constructor(
    private readonly corpus: ReuseCorpus,
    private readonly opts: FullOptions,
    private readonly formula: FormulaBits,
    private readonly keys: readonly string[],
    /** seeds are one word, (A << 16) | B (see `findReuseIn`) */
    readonly narrow: boolean,
    private readonly order: PairOrder,
    private readonly onPassages?: (passages: ReusePassage[]) => void,
  ) {
    this.n = corpus.reports.length;
    this.k = opts.shingle;
  }

  /** Builds the passages of the pair of rank `rank` from its seeds (`seedA`/`seedB` from `base`; one packed array when `narrow`). */
  buildPair(rank: number, seedA: Uint32Array, seedB: Uint32Array, base: number): void {
    const { corpus, order, n } = this;
    const key = order.keys[rank];
    const da = Math.floor(key / n);
    const db = key % n;
    // Note: views that stay valid while only reports da and db are read (see `ReuseCorpus.chars`).
    const a = corpus.chars(da);
    const b = corpus.chars(db);
    const from = order.seedStarts[rank] - base;
    const size = order.seedStarts[rank + 1] - order.seedStarts[rank];
    const found = this.passagesFrom(da, db, a, b, this.sortSeeds(seedA, seedB, from, size), size);
    if (found.length > 0) this.addPair(da, db, a, b, found);
  }

  /**
   * The `size` seeds of a pair from `from` in order of position in A, then in B: when `narrow`, in place in
   * `seedA` (one word a seed, A in the high half); else (A, B) packed into one 64-bit key, sorted natively (A
   * in the high word of each two).
   */
  private sortSeeds(seedA: Uint32Array, seedB: Uint32Array, from: number, size: number): Uint32Array {
    if (this.narrow) return seedA.subarray(from, from + size).sort();
    if (this.seedKeys.length < size) this.seedKeys = new BigUint64Array(2 * size);
    const words = new Uint32Array(this.seedKeys.buffer, 0, 2 * size);
    for (let s = 0; s < size; s++) {
      words[2 * s + hi] = seedA[from + s];
      words[2 * s + lo] = seedB[from + s];
    }
    this.seedKeys.subarray(0, size).sort();
    return words;
  }

  /**
   * The passages of reports da and db (matching texts `a` and `b`) grown from their `size` sorted seeds (see
   * `sortSeeds`) that are long enough and distinctive enough to report, in the order found.
   */
  private passagesFrom(da: number, db: number, a: Uint16Array, b: Uint16Array, seeds: Uint32Array, size: number): RawPassage[] {
    const { corpus, opts, formula, narrow, k } = this;
    const textA = corpus.text(da);
    const startsA = corpus.starts(da);
    const found: RawPassage[] = [];
    // The pair's passages by end in A; those from `head` on may still hold a later seed: seeds come in order of A,
    // so one ending before it never will. Most seeds lie in a passage found from an earlier one (≈ 260 seeds a
    // pair at 20,000 reports, 1.5 passages): this check is made for every seed, with no array or closure made.
    const open: RawPassage[] = [];
    let head = 0;
    for (let s = 0; s < size; s++) {
      const i = narrow ? seeds[s] >>> 16 : seeds[2 * s + hi];
      const j = narrow ? seeds[s] & 0xffff : seeds[2 * s + lo];
      while (head < open.length && open[head].endA <= i) head++;
      let covered = false;
      for (let o = head; o < open.length && !covered; o++) covered = i >= open[o].startA && j >= open[o].startB && j < open[o].endB;
      if (covered) continue;
      if (runRight(a, i, b, j) < k) continue; // hash collision
      const passage = trimStubs(extend(a, b, i, j, opts.maxGap, opts.anchor), textA, startsA, opts.anchor);
      // Into its place by end, after passages that end with it (it ends past seed i, so at or after `head`).
      let at = open.length;
      open.push(passage);
      for (; at > head && open[at - 1].endA > passage.endA; at--) open[at] = open[at - 1];
      open[at] = passage;
      const distinctive = Math.min(formula.unmarked(da, passage.startA, passage.endA), formula.unmarked(db, passage.startB, passage.endB));
      if (passage.matched >= opts.minChars && distinctive >= opts.minChars) found.push(passage);
    }
    return found;
  }

  /** Makes the rows of the pair of reports da and db (matching texts `a` and `b`) from its passages `found`. */
  private addPair(da: number, db: number, a: Uint16Array, b: Uint16Array, found: RawPassage[]): void {
    const { corpus, keys, onPassages } = this;
    const textA = corpus.text(da);
    const startsA = corpus.starts(da);
    const docA = corpus.reports[da];
    const docB = corpus.reports[db];
    const textB = corpus.text(db);
    const startsB = corpus.starts(db);
    const sameTownship = keys[da] !== '' && keys[da] === keys[db];
    found.sort((x, y) => x.startA - y.startA || x.startB - y.startB);
    let sharedChars = 0;
    const pairPassages: ReusePassage[] = onPassages ? [] : this.passages;
    for (const p of found) {
      const start = startsA[p.startA];
      const end = endOffset(textA, a, startsA, p.endA - 1);
      sharedChars += p.matched;
      pairPassages.push({
        reportA: docA.id,
        reportB: docB.id,
        a: { start, end },
        b: { start: startsB[p.startB], end: endOffset(textB, b, startsB, p.endB - 1) },
        chars: p.matched,
        similarity: (2 * p.matched) / (p.endA - p.startA + p.endB - p.startB),
        sameTownship,
        text: this.passageText(da, textA.length, start, end),
      });
    }
    if (onPassages) onPassages(pairPassages);
    this.pairs.push({
      reportA: docA.id,
      reportB: docB.id,
      sharedChars,
      shareA: sideUnion(found, false) / Math.max(1, a.length),
      shareB: sideUnion(found, true) / Math.max(1, b.length),
      passages: found.length,
      sameTownship,
      townshipA: docA.township,
      townshipB: docB.township,
      yearA: docA.year,
      yearB: docB.year,
    });
  }

  /**
   * The text of a passage of report A, [start, end) of its analysis text: the same string for the same span of
   * the same report A, made once (a report A's pairs are built one after the other, and a star's anchor shares
   * the same passages with hundreds of copies; the writer of reuse.csv renders a text it met before once).
   */
  private passageText(da: number, textLength: number, start: number, end: number): string {
    if (this.textsOf !== da) {
      this.textsOf = da;
      this.textsBySpan.clear();
    }
    const key = start * (textLength + 1) + end;
    let text = this.textsBySpan.get(key);
    if (text === undefined) this.textsBySpan.set(key, (text = this.corpus.textSlice(da, start, end)));
    return text;
  }
}

function compare(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

/** A report's recycling of an earlier report of the same township. */
export interface Recycling {
  /** report_id of the recycling (later) report */
  reportId: string;
  /** report_id of the earlier same-township report it repeats most */
  from: string;
  /** year of `from` */
  fromYear: number | null;
  /** share of this report's matching characters found in `from`, 0..1 */
  share: number;
  /** share of this report's problems section (given spans) covered by passages from `from`; null when no problems span is given */
  problemsShare: number | null;
  /** share ≥ `minShare`: the report is flagged as recycled */
  flagged: boolean;
}

/** Options of `recycledFrom`. */
export interface RecyclingOptions {
  /** flag a report when at least this share of it repeats an earlier year; default 0.3 */
  minShare?: number;
  /** compare only with the year just before (N−1); false compares with every earlier year; default false */
  previousYearOnly?: boolean;
}

/**
 * For each report with a known township and year, the earlier report of the same township it repeats most
 * (by share of the later report), from the result of `findReuse` over the same inputs.
 * Reports with no earlier same-township report are left out.
 */
export function recycledFrom(reports: readonly Omit<ReuseInput, 'text'>[], result: ReuseResult, options: RecyclingOptions = {}): Map<string, Recycling> {
  const minShare = options.minShare ?? 0.3;
  const out = new Map<string, Recycling>();
  const byTownship = new Map<string, Omit<ReuseInput, 'text'>[]>();
  /** the township key of each report compared (known township and year) */
  const homeOf = new Map<string, string>();
  for (const report of reports) {
    const key = townshipKey(report.township);
    if (!key || report.year === null) continue;
    homeOf.set(report.id, key);
    const list = byTownship.get(key);
    if (list) list.push(report);
    else byTownship.set(key, [report]);
  }
  // Only pairs of two compared reports of one township are looked up below: the others (most of a large
  // corpus's pairs, 52,000 at 20,000 reports) are not keyed at all.
  const compared = (p: { reportA: string; reportB: string }): boolean => {
    const home = homeOf.get(p.reportA);
    return home !== undefined && homeOf.get(p.reportB) === home;
  };
  const passagesByPair = new Map<string, ReusePassage[]>();
  for (const p of result.passages) {
    if (!compared(p)) continue;
    const key = pairKey(p.reportA, p.reportB);
    const list = passagesByPair.get(key);
    if (list) list.push(p);
    else passagesByPair.set(key, [p]);
  }
  const pairsById = new Map<string, ReusePair>();
  for (const p of result.pairs) if (compared(p)) pairsById.set(pairKey(p.reportA, p.reportB), p);
  for (const report of reports) {
    const key = homeOf.get(report.id);
    if (key === undefined || report.year === null) continue;
    let best: Recycling | null = null;
    for (const earlier of byTownship.get(key)!) {
      if (earlier === report || earlier.year === null) continue;
      if (options.previousYearOnly ? earlier.year !== report.year - 1 : earlier.year >= report.year) continue;
      const aIsReport = report.id < earlier.id;
      const pair = pairsById.get(aIsReport ? pairKey(report.id, earlier.id) : pairKey(earlier.id, report.id));
      const share = pair ? (aIsReport ? pair.shareA : pair.shareB) : 0;
      const passages = pair ? passagesByPair.get(pairKey(pair.reportA, pair.reportB)) ?? [] : [];
      const spans = passages.map((p) => (aIsReport ? p.a : p.b));
      const problemsShare = report.problems && report.problems.length ? coveredShare(report.problems, spans) : null;
      const candidate: Recycling = { reportId: report.id, from: earlier.id, fromYear: earlier.year, share, problemsShare, flagged: share >= minShare };
      if (!best || share > best.share || (share === best.share && (earlier.year ?? 0) > (best.fromYear ?? 0))) best = candidate;
    }
    if (best) out.set(report.id, best);
  }
  return out;
}

/** The key of the pair of reports `a` and `b` (`a` the smaller id) in `recycledFrom`'s maps. */
function pairKey(a: string, b: string): string {
  return `${a}\n${b}`;
}

/** Share of the characters in `targets` covered by `cover`, in text offsets. */
function coveredShare(targets: readonly Span[], cover: readonly Span[]): number {
  let total = 0;
  let covered = 0;
  for (const t of targets) {
    total += t.end - t.start;
    const parts: [number, number][] = [];
    for (const c of cover) {
      const s = Math.max(t.start, c.start);
      const e = Math.min(t.end, c.end);
      if (e > s) parts.push([s, e]);
    }
    if (parts.length) covered += unionLength(parts);
  }
  return total ? covered / total : 0;
}
