import { codeUnits, toMatchText } from './normalize-match.js';

/**
 * Passage reuse (reuse.ts), what is made of each report as it arrives and kept until the corpus is complete: its
 * fingerprints (the matching text's character k-grams hashed and winnowed, as MOSS does), held in regions or in
 * chunks and, at the end, sorted by hash into the keys the walks over the fingerprint groups read; and where the
 * listed formula phrases occur in it.
 */

const BASE = 0x01000193;

/** Finalizer of murmur3: spreads the rolling hash so that winnowing minima are not biased to low code points. */
export function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
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
export function forEachPrint(prints: CorpusPrints, visit: (i: number, d: number, position: number, hash: number) => void): void {
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
export function chunksFromRegions(prints: CorpusPrints): void {
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
export const SEED_BYTES = 8;

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
export const REGION_BITS = 8;

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

export const lo = littleEndian ? 0 : 1;
export const hi = 1 - lo;

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
export function bitsFor(value: number): number {
  let bits = 1;
  while (2 ** bits <= value) bits++;
  return bits;
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
