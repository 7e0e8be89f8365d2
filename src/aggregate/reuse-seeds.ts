/**
 * Passage reuse (reuse.ts): the report pairs the walks over the fingerprint groups meet, numbered as met, and the
 * seeds (positions in A and B of a fingerprint the two share) kept for each pair until its passages are built.
 */

import { bitsFor, mix, U32List } from './reuse-prints.js';

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
