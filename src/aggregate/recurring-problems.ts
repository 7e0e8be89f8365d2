/**
 * Recurring problems: groups the problems of all reports into clusters of "the same problem in other words".
 *
 * 1. Features. Each problem becomes a TF-IDF vector over its jieba words (stop words, single characters and
 *    placeholder marks left out; words of the headline count twice) plus one feature per concept of
 *    data/problem-concepts.tsv it mentions (the concept it names most and first at full weight, others less), so "舆情监测滞后" and "网络舆情应对机制还需完善" share the
 *    public-opinion concept even where their words differ. A concept also counts more when a defect word
 *    (data/problem-cues.txt) is said of one of its terms (`defectHeads`): 经济运行中不确定因素较多 is about the
 *    uncertainty it names second. tf is sublinear (1 + ln tf), idf smoothed
 *    (ln((N+1)/(df+1)) + 1), vectors unit length, so a dot product is the cosine.
 * 2. Candidates. An inverted index over features finds the problems that share a feature with the current one
 *    and accumulates their dot product, without comparing all pairs. Features in more than `maxPosting`
 *    problems (common words) are not walked that way; instead their problems are sorted by their own
 *    strongest other feature and each is compared with its `window` neighbours, which keeps the cost linear.
 *    Candidates that even their common features could not lift to `threshold` are dropped (Cauchy–Schwarz bound);
 *    the rest get their cosine computed exactly; each problem keeps its `neighbours` most similar problems at
 *    or above `threshold`. Near-duplicates (one sentence in hundreds of reports) make postings and the pairs
 *    above threshold grow with the square of their number, so a posting is walked over its newest `maxWalk`
 *    entries only and only the `maxCandidates` best-scored candidates are computed: work per problem stays
 *    bounded, and below those limits the search is exhaustive (the limits only bite at thousands of problems).
 * 3. Linking. Edges are taken strongest first; two clusters merge only when their group-average cosine
 *    (computed from the clusters' summed vectors) is at least `linkage` × `threshold`, or `sharedReportLinkage`
 *    when they hold problems of one report. That stops chaining (A~B, B~C, A≁C), which single linkage would
 *    allow, and keeps the largest cluster small. A rejected pair of clusters is not checked again until one grows.
 *    Then each cluster keeps one problem per report (the one nearest its centroid); the others stand alone.
 * 4. Ids. Clusters are ordered by persistence (distinct years, then reports, then problems), then by first
 *    appearance in the input, and numbered P0001, P0002 … — the same input gives the same ids.
 *
 * Pure: no I/O (the bundled vocabulary is read once by the data layer when none is passed).
 */
import type { ProblemVocabulary } from '../data/problem-cues.js';
import { defaultProblemCues, defaultProblemVocabulary } from '../data/problem-cues.js';
import { grownTo } from '../model/typed-arrays.js';

/** One problem to cluster. */
export interface ProblemToCluster {
  /** unique key of the problem, e.g. `2021/陵口镇#2` */
  key: string;
  reportId: string;
  /** township name; empty when unknown */
  township: string;
  year: number | null;
  headline: string;
  /** jieba words of the problem's text (analysis script) */
  words: string[];
}

/** Options of `clusterProblems`. */
export interface ClusterOptions {
  /** cosine at or above which two problems are linked (0..1); the CLI default is 0.25 */
  threshold: number;
  /** a merge also needs the group-average cosine ≥ linkage × threshold (default 0.6) */
  linkage?: number;
  /** leave one problem per report in a cluster, the others alone (default true) */
  onePerReport?: boolean;
  /** group-average cosine two clusters need to merge when they hold problems of one report (default 0.4) */
  sharedReportLinkage?: number;
  /** concepts and stop words (default: data/problem-concepts.tsv and data/problem-stopwords.txt) */
  vocabulary?: ProblemVocabulary;
  /** weight factor of concept features against words (default 3) */
  conceptWeight?: number;
  /** defect words (default: data/problem-cues.txt); null leaves out the defect-head salience */
  defect?: RegExp | null;
  /** salience added to a concept for each defect said of one of its terms (default HEAD_BONUS) */
  headBonus?: number;
  /** characters that may lie between a term and the defect said of it (default 6) */
  headGap?: number;
  /** features in more problems than this are compared within a sorted window only (default 2000) */
  maxPosting?: number;
  /** neighbours compared on each side within a common feature's sorted list (default 8) */
  window?: number;
  /** most similar earlier problems kept per problem as link candidates (default 10) */
  neighbours?: number;
  /** newest entries of a feature's postings walked per problem (default 300): bounds the work on near-duplicates */
  maxWalk?: number;
  /** candidates per problem whose cosine is computed exactly, the best by shared rarer features (default 60) */
  maxCandidates?: number;
}

/** A recurring-problem cluster. */
export interface ProblemCluster {
  /** stable id, `P0001` … in output order */
  id: string;
  /** headline of the problem closest to the cluster's centroid */
  label: string;
  /** keys of the member problems, in input order */
  keys: string[];
  /** distinct report ids, in input order */
  reports: string[];
  /** distinct non-empty townships, sorted */
  townships: string[];
  /** distinct known years, ascending */
  years: number[];
  firstYear: number | null;
  lastYear: number | null;
  /** townships stating the problem in two or more different years: `陵口镇:2019,2020; 后巷镇:2020,2021` */
  recursInTownship: string;
}

/** The result of `clusterProblems`. */
export interface ClusterResult {
  /** cluster id of each input problem, parallel to the input */
  clusterIds: string[];
  /** clusters, most persistent first */
  clusters: ProblemCluster[];
}

/** A sparse unit vector: feature ids ascending, with their weights. */
interface SparseVector {
  ids: Int32Array;
  weights: Float64Array;
}

/**
 * The problems' TF-IDF vectors, each feature's document frequency, and each problem's statement: the number of
 * the first problem with the same headline and words, whose vector (the same object) it has.
 */
interface ProblemVectors {
  vectors: SparseVector[];
  df: Int32Array;
  statements: Int32Array;
}

const PLACEHOLDER = /[xX×*＊某○□]/u;
const WORDLIKE = /[\p{L}\p{N}]/u;


/** A concept term found in a text: the term and its offsets (half-open). */
export interface TermSpan {
  term: string;
  start: number;
  end: number;
}

/** A node of `termSpanFinder`'s trie: its children by UTF-16 code unit, and the term ending here, if any. */
interface TermNode {
  children: Map<number, TermNode>;
  term?: string;
}

/**
 * The terms found in a text, left to right, with their offsets: at each position the longest term starting there,
 * then on from its end (what a regex of all terms, longest first, finds with matchAll). Terms are looked up in a
 * trie by code unit, which makes no string per position tried and costs a small fraction of that regex's time
 * once the vocabulary holds hundreds of terms.
 */
export function termSpanFinder(terms: readonly string[]): (text: string) => TermSpan[] {
  const root: TermNode = { children: new Map() };
  for (const term of terms) {
    if (!term) continue;
    let node = root;
    for (let k = 0; k < term.length; k++) {
      const code = term.charCodeAt(k);
      let child = node.children.get(code);
      if (!child) node.children.set(code, (child = { children: new Map() }));
      node = child;
    }
    node.term = term;
  }
  return (text) => {
    const found: TermSpan[] = [];
    let i = 0;
    while (i < text.length) {
      // the longest term starting at i: the deepest node with a term on the path the text spells from i
      let term: string | undefined;
      let node: TermNode | undefined = root;
      for (let k = i; k < text.length && (node = node.children.get(text.charCodeAt(k))); k++) if (node.term !== undefined) term = node.term;
      if (term === undefined) i++;
      else {
        found.push({ term, start: i, end: i + term.length });
        i += term.length;
      }
    }
    return found;
  };
}

/** The terms `termSpanFinder` finds, without their offsets. */
export function termFinder(terms: readonly string[]): (text: string) => string[] {
  const find = termSpanFinder(terms);
  return (text) => find(text).map((span) => span.term);
}

/** Whether the text between two terms joins them into a list: nothing or one character, or a short stretch ending on 和/与/及. */
function listed(between: string): boolean {
  return between.length <= 1 || (between.length <= 3 && /[和与及]$/u.test(between));
}

/**
 * The concept terms a problem's defect words are said of, by index into `spans`: for each defect word (不强, 滞后,
 * 压力较大 …) the last term before it, when at most `maxGap` characters lie between them, or the term holding it
 * (产能过剩, 融资难). A problem names its topic as the noun its defect is predicated of (经济增长的质量和效益有待提高:
 * 质量和效益), which is not always the topic it names first. When that term closes a run of terms with at most one
 * character between them or a short stretch ending on 和/与/及 (民生保障和生态治理仍存在薄弱环节; 公共服务、生态环保、安全生产等
 * 领域存在短板; punctuation is not in the text, `listed`), or when 等 closes the list before the defect, the defect
 * is said of the whole list, and it names a head only when the run names a single concept: `conceptOf` gives each
 * span's concept.
 */
export function defectHeads(text: string, spans: readonly TermSpan[], defect: RegExp | null, maxGap = 6, conceptOf?: (span: TermSpan) => string | undefined): number[] {
  if (!defect || !spans.length) return [];
  const heads: number[] = [];
  const re = defect.global ? defect : new RegExp(defect.source, defect.flags + 'g');
  for (const m of text.matchAll(re)) {
    const at = m.index!;
    let head = -1;
    let inside = false;
    for (let k = 0; k < spans.length && spans[k].start <= at; k++) {
      if (spans[k].end > at) {
        head = k; // the defect lies inside a term
        inside = true;
        break;
      }
      if (at - spans[k].end <= maxGap) head = k;
    }
    if (head < 0) continue;
    // 生态环保、民生保障、本质安全等还有不少短板: the defect is said of the list 等 closes
    if (!inside && text.slice(spans[head].end, at).includes('等')) continue;
    if (!inside && conceptOf) {
      const concept = conceptOf(spans[head]);
      let single = true;
      for (let k = head; k > 0 && listed(text.slice(spans[k - 1].end, spans[k].start)); k--) if (conceptOf(spans[k - 1]) !== concept) single = false;
      if (!single) continue;
    }
    if (heads[heads.length - 1] !== head) heads.push(head);
  }
  return heads;
}

/** Salience a concept gains for each defect said of one of its terms (see `defectHeads`). */
export const HEAD_BONUS = 1;

/** How concept features are weighed (see `ClusterOptions`). */
interface ConceptWeighting {
  conceptWeight: number;
  defect: RegExp | null;
  headBonus: number;
  headGap: number;
}

function conceptWeighting(options: Omit<ClusterOptions, 'threshold'>): ConceptWeighting {
  const defect = options.defect === undefined ? defaultProblemCues().defect : options.defect;
  return {
    conceptWeight: options.conceptWeight ?? 3,
    defect: defect ? new RegExp(defect.source, defect.flags.replace('g', '') + 'g') : null,
    headBonus: options.headBonus ?? HEAD_BONUS,
    headGap: options.headGap ?? 6,
  };
}

/**
 * A string that tells statements apart: the headline and the words run together, then the headline's length,
 * each word's length and the number of words, one code unit each, so that no separator a word could contain is
 * needed. undefined when a length does not fit a code unit.
 */
export function statementKey(headline: string, words: readonly string[]): string | undefined {
  if (headline.length > 0xffff || words.length > 0xffff) return undefined;
  let text = headline;
  let lengths = String.fromCharCode(headline.length);
  for (const word of words) {
    if (word.length > 0xffff) return undefined;
    text += word;
    lengths += String.fromCharCode(word.length);
  }
  return text + lengths + String.fromCharCode(words.length);
}

/** Growable typed list (the flat arrays of `FeatureCounts`). */
class NumberList<T extends Int32Array | Float64Array | Uint8Array> {
  length = 0;
  constructor(public data: T) {}
  push(value: number): void {
    if (this.length === this.data.length) this.data = grownTo(this.data, this.length + 1);
    this.data[this.length++] = value;
  }
}

/**
 * The term and concept counts of problems, made one problem at a time as they arrive (`add`), in flat typed
 * arrays; `vectors` turns them into TF-IDF vectors once every problem is in (idf needs the whole corpus).
 * Features are words, then `#concept` entries, numbered in order of first use.
 */
export class FeatureCounts {
  private readonly featureIds = new Map<string, number>();
  private readonly isConcept: boolean[] = [];
  private readonly termConcept = new Map<string, string>();
  private readonly findTerms: (text: string) => TermSpan[];
  private readonly weighting: ConceptWeighting;
  private readonly vocabulary: ProblemVocabulary;
  /**
   * per distinct statement (see `add`), its features ascending (from `starts[s]` to `starts[s + 1]`), their counts and
   * whether minor: a problem's counts depend on its statement alone, so its copies keep none of their own
   */
  private readonly ids = new NumberList(new Int32Array(1024));
  private readonly tfs = new NumberList(new Float64Array(1024));
  private readonly minor = new NumberList(new Uint8Array(1024));
  private readonly starts = new NumberList(new Int32Array(256));
  /** per statement, the number of its first problem and how many problems state it */
  private readonly firstProblems = new NumberList(new Int32Array(256));
  private readonly stated = new NumberList(new Int32Array(256));
  /** each word seen: its feature id, or -1 when it is no feature (too short, a stop word, a placeholder, a figure) */
  private readonly wordIds = new Map<string, number>();
  /** each distinct statement added (headline and words, see `statementKey`): its number */
  private readonly statementOf = new Map<string, number>();
  /** per problem, its statement's number */
  private readonly problemStatements = new NumberList(new Int32Array(256));
  /** each concept term seen: the feature id of its concept */
  private readonly termFeatures = new Map<string, number>();
  /**
   * One problem's counts while it is added, by feature id: its term count (`tfOf`) and concept salience (`hitOf`),
   * valid where `tfStamp` / `hitStamp` hold the problem's number; the features it has, in the order met, in `met`.
   * Arrays by feature id rather than a Map per problem: the same sums, no hashing per word.
   */
  private tfOf = new Float64Array(1024);
  private hitOf = new Float64Array(1024);
  private tfStamp = new Int32Array(1024);
  private hitStamp = new Int32Array(1024);
  private met = new Int32Array(64);

  constructor(options: Omit<ClusterOptions, 'threshold'>) {
    this.vocabulary = options.vocabulary ?? defaultProblemVocabulary();
    this.weighting = conceptWeighting(options);
    for (const [concept, terms] of this.vocabulary.concepts) for (const term of terms) if (!this.termConcept.has(term)) this.termConcept.set(term, concept);
    this.findTerms = termSpanFinder([...this.termConcept.keys()]);
    this.starts.push(0);
  }

  /** Number of problems added. */
  get size(): number {
    return this.problemStatements.length;
  }

  private idOf(feature: string, concept: boolean): number {
    let id = this.featureIds.get(feature);
    if (id === undefined) {
      id = this.featureIds.size;
      this.featureIds.set(feature, id);
      this.isConcept.push(concept);
      if (id >= this.tfOf.length) {
        this.tfOf = grownTo(this.tfOf, id + 1);
        this.hitOf = grownTo(this.hitOf, id + 1);
        this.tfStamp = grownTo(this.tfStamp, id + 1);
        this.hitStamp = grownTo(this.hitStamp, id + 1);
      }
    }
    return id;
  }

  /** The feature of a concept term: its concept's (`#concept`), numbered when the concept is first met. */
  private conceptFeatureOf(term: string): number {
    let id = this.termFeatures.get(term);
    if (id === undefined) this.termFeatures.set(term, (id = this.idOf('#' + this.termConcept.get(term), true)));
    return id;
  }

  /** Counts one problem's words (headline words twice) and concepts. */
  add(item: { headline: string; words: readonly string[] }): void {
    // A problem's counts depend on its headline and words alone, and formula problems recur word for word across
    // reports (the synthetic corpus states 21 distinct problems 70,000 times at 20,000 reports): a statement met
    // before is counted once, its problems pointing to it.
    const key = statementKey(item.headline, item.words);
    const known = key === undefined ? undefined : this.statementOf.get(key);
    if (known !== undefined) {
      this.problemStatements.push(known);
      this.stated.data[known]++;
      return;
    }
    const statement = this.stated.length;
    if (key !== undefined) this.statementOf.set(key, statement);
    this.problemStatements.push(statement);
    this.firstProblems.push(this.size - 1);
    this.stated.push(1);
    this.count(item);
  }

  private count(item: { headline: string; words: readonly string[] }): void {
    const { vocabulary, termConcept } = this;
    const { defect, headBonus, headGap } = this.weighting;
    // stamps start at 0: statement numbers from 1
    const problem = this.starts.length;
    let metCount = 0;
    const meet = (id: number) => {
      if (this.tfStamp[id] === problem) return;
      this.tfStamp[id] = problem;
      if (metCount === this.met.length) this.met = grownTo(this.met, metCount + 1);
      this.met[metCount++] = id;
    };
    for (const word of item.words) {
      let id = this.wordIds.get(word);
      if (id === undefined) {
        const feature = !(word.length < 2 || vocabulary.stopWords.has(word) || PLACEHOLDER.test(word) || !WORDLIKE.test(word) || /^\d+$/u.test(word));
        this.wordIds.set(word, (id = feature ? this.idOf(word, false) : -1));
      }
      if (id < 0) continue;
      if (this.tfStamp[id] !== problem) this.tfOf[id] = 0;
      meet(id);
      this.tfOf[id] += item.headline.includes(word) ? 2 : 1;
    }
    let top = 0;
    if (termConcept.size) {
      // Salience of each concept: its term hits (headline hits twice), plus one for the concept named first, plus
      // `headBonus` for each defect said of one of its terms.
      const joined = item.words.join('');
      const spans = this.findTerms(joined);
      const hitIds: number[] = [];
      for (const { term } of spans) {
        const id = this.conceptFeatureOf(term);
        const first = hitIds.length === 0;
        if (this.hitStamp[id] !== problem) {
          this.hitStamp[id] = problem;
          this.hitOf[id] = 0;
          hitIds.push(id);
        }
        this.hitOf[id] += (item.headline.includes(term) ? 2 : 1) + (first ? 1 : 0);
      }
      if (headBonus) {
        for (const k of defectHeads(joined, spans, defect, headGap, (span) => termConcept.get(span.term))) this.hitOf[this.conceptFeatureOf(spans[k].term)] += headBonus;
      }
      // Note: a problem that lists several topics (民生保障、社会治理、生态环境等方面还有短板) is about the one it names
      // first and most; the others count only `minorConcept` as much, so the list does not glue those topics together.
      for (const id of hitIds) top = Math.max(top, this.hitOf[id]);
      for (const id of hitIds) {
        meet(id);
        this.tfOf[id] = this.hitOf[id];
      }
    }
    const ids = this.met.subarray(0, metCount).sort();
    for (const id of ids) {
      this.ids.push(id);
      this.tfs.push(this.tfOf[id]);
      this.minor.push(this.hitStamp[id] === problem && this.hitOf[id] < top ? 1 : 0);
    }
    this.starts.push(this.ids.length);
  }

  /**
   * The TF-IDF vectors of the problems added, in the order added (the problems of one statement share one), and
   * each feature's document frequency.
   */
  vectors(minorConcept = 0.4): ProblemVectors {
    const { conceptWeight } = this.weighting;
    const ids = this.ids.data;
    const tfs = this.tfs.data;
    const minor = this.minor.data;
    const starts = this.starts.data;
    const stated = this.stated.data;
    const statementCount = this.stated.length;
    const df = new Int32Array(this.featureIds.size);
    for (let s = 0; s < statementCount; s++) for (let k = starts[s]; k < starts[s + 1]; k++) df[ids[k]] += stated[s];
    const n = this.size;
    const weights = new Float64Array(this.ids.length);
    const statementVectors: SparseVector[] = new Array(statementCount);
    for (let s = 0; s < statementCount; s++) {
      let norm = 0;
      for (let k = starts[s]; k < starts[s + 1]; k++) {
        const id = ids[k];
        const scale = this.isConcept[id] ? conceptWeight * (minor[k] ? minorConcept : 1) : 1;
        const w = (1 + Math.log(tfs[k])) * (Math.log((n + 1) / (df[id] + 1)) + 1) * scale;
        weights[k] = w;
        norm += w * w;
      }
      norm = Math.sqrt(norm) || 1;
      for (let k = starts[s]; k < starts[s + 1]; k++) weights[k] /= norm;
      statementVectors[s] = { ids: ids.subarray(starts[s], starts[s + 1]), weights: weights.subarray(starts[s], starts[s + 1]) };
    }
    const vectors: SparseVector[] = new Array(n);
    const statements = new Int32Array(n);
    const problemStatements = this.problemStatements.data;
    const firstProblems = this.firstProblems.data;
    for (let i = 0; i < n; i++) {
      vectors[i] = statementVectors[problemStatements[i]];
      statements[i] = firstProblems[problemStatements[i]];
    }
    return { vectors, df, statements };
  }
}

/** Builds the TF-IDF vectors of the problems (features: words, then `#concept` entries). */
function buildVectors(items: readonly ProblemToCluster[], options: Omit<ClusterOptions, 'threshold'>): ProblemVectors {
  const counts = new FeatureCounts(options);
  for (const item of items) counts.add(item);
  return counts.vectors();
}

function dot(a: SparseVector, b: SparseVector): number {
  let i = 0;
  let j = 0;
  let sum = 0;
  while (i < a.ids.length && j < b.ids.length) {
    if (a.ids[i] === b.ids[j]) sum += a.weights[i++] * b.weights[j++];
    else if (a.ids[i] < b.ids[j]) i++;
    else j++;
  }
  return sum;
}

/**
 * `dot(a, b)` with `a` scattered into `dense` (weights by feature id, zero elsewhere): the same products added in
 * the same order, so the same value to the last bit, without the merge's branches.
 */
function denseDot(dense: Float64Array, b: SparseVector): number {
  let sum = 0;
  for (let k = 0; k < b.ids.length; k++) sum += dense[b.ids[k]] * b.weights[k];
  return sum;
}

function scatter(dense: Float64Array, v: SparseVector, on: boolean): void {
  for (let k = 0; k < v.ids.length; k++) dense[v.ids[k]] = on ? v.weights[k] : 0;
}

/**
 * The `limit` best (similarity, index) pairs of every problem, in flat typed arrays (problem i's pairs at
 * `i * limit ..`, in the order kept) rather than an object and two arrays per problem (70,000 problems at
 * 20,000 reports); on a tie with the weakest kept pair, the earlier offer stays.
 */
class TopNeighbours {
  readonly sims: Float64Array;
  readonly others: Int32Array;
  /** pairs kept of each problem */
  readonly counts: Int32Array;
  /** slot of each problem's weakest kept pair (the first of equals) once its list is full */
  private readonly worst: Int32Array;
  /**
   * per problem, the similarity a pair must beat to enter its list: -Infinity while the list has room, then its
   * weakest kept pair's. It only grows, so a problem a pair cannot enter stays so for every weaker pair.
   */
  readonly floor: Float64Array;
  constructor(
    problems: number,
    readonly limit: number,
  ) {
    this.sims = new Float64Array(problems * limit);
    this.others = new Int32Array(problems * limit);
    this.counts = new Int32Array(problems);
    this.worst = new Int32Array(problems);
    this.floor = new Float64Array(problems).fill(-Infinity);
  }
  /** Offers `other` at `sim` to problem `i`'s list. */
  offer(i: number, sim: number, other: number): void {
    const { sims, others, limit } = this;
    const from = i * limit;
    const count = this.counts[i];
    if (count < limit) {
      if (this.holds(i, other)) return;
      sims[from + count] = sim;
      others[from + count] = other;
      this.counts[i] = count + 1;
      if (count + 1 === limit) this.findWorst(i);
      return;
    }
    // A full list takes only a pair stronger than its weakest, which is rare: that test before the scan for `other`.
    const worst = from + this.worst[i];
    if (sim > sims[worst] && !this.holds(i, other)) {
      sims[worst] = sim;
      others[worst] = other;
      this.findWorst(i);
    }
  }
  /** Whether offering a pair at `sim` can change problem `i`'s list: it has room, or `sim` beats its weakest. */
  takes(i: number, sim: number): boolean {
    return sim > this.floor[i];
  }
  /** Whether problem `i`'s list holds `other`. */
  holds(i: number, other: number): boolean {
    const from = i * this.limit;
    const to = from + this.counts[i];
    for (let k = from; k < to; k++) if (this.others[k] === other) return true;
    return false;
  }
  private findWorst(i: number): void {
    const from = i * this.limit;
    let worst = 0;
    for (let k = 1; k < this.limit; k++) if (this.sims[from + k] < this.sims[from + worst]) worst = k;
    this.worst[i] = worst;
    this.floor[i] = this.sims[from + worst];
  }
}

/** The `rank`-th largest (0-based) of `values[0..count)`; reorders them (quickselect). */
function nthLargest(values: Float64Array, count: number, rank: number): number {
  let lo = 0;
  let hi = count - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >>> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i] > pivot) i++;
      while (values[j] < pivot) j--;
      if (i <= j) {
        const t = values[i];
        values[i++] = values[j];
        values[j--] = t;
      }
    }
    if (rank <= j) hi = j;
    else if (rank >= i) lo = i;
    else return values[rank];
  }
  return values[rank];
}

/** Limits of the candidate search (see `ClusterOptions`). */
interface SearchLimits {
  threshold: number;
  maxPosting: number;
  window: number;
  neighbours: number;
  maxWalk: number;
  maxCandidates: number;
}

/**
 * Candidate edges (i, j, cosine ≥ threshold), at most `neighbours` per problem, in the order `orderedEdges` gives:
 * pairs that share a rare feature are found through its posting, pairs that share only common features by sorted
 * neighbourhood (see `EdgeSearch`). Many near-duplicates (a formula sentence in hundreds of reports) make both the
 * postings and the pairs above threshold grow with the square of their number; walking only the newest `maxWalk`
 * entries of a posting and scoring only the `maxCandidates` best candidates keeps the work per problem bounded.
 * Below those limits the search is exhaustive.
 */
function findEdges(vectors: SparseVector[], df: Int32Array, statements: Int32Array, limits: SearchLimits): Float64Array {
  const { maxPosting } = limits;
  const isCommon = (id: number) => df[id] > maxPosting;
  const search = new EdgeSearch(vectors, statements, limits, df.length);
  search.searchPostings(df, isCommon);
  search.searchNeighbourhoods(df, isCommon);
  return orderedEdges(search.best, vectors.length);
}

/**
 * The postings of the rare features, in flat arrays: feature id's problems (ascending, as they are met) and their
 * weights at `start[id]` .., `size[id]` of them so far.
 */
interface Postings {
  start: Int32Array;
  size: Int32Array;
  problems: Int32Array;
  weights: Float64Array;
}

/**
 * Empty postings with room for each rare feature's problems: a feature's document frequency is its posting's
 * final size, so each posting's room is known before the first problem is met.
 */
function emptyPostings(df: Int32Array, isCommon: (id: number) => boolean): Postings {
  const start = new Int32Array(df.length + 1);
  for (let id = 0; id < df.length; id++) start[id + 1] = start[id] + (isCommon(id) ? 0 : df[id]);
  const room = start[df.length];
  return { start, size: new Int32Array(df.length), problems: new Int32Array(room), weights: new Float64Array(room) };
}

/**
 * Length of each vector's part on common features: by Cauchy–Schwarz, those features add at most
 * commonNorm[i] × commonNorm[j] to the dot product the postings accumulate.
 */
function commonNorms(vectors: readonly SparseVector[], isCommon: (id: number) => boolean): Float64Array {
  const commonNorm = new Float64Array(vectors.length);
  for (let i = 0; i < vectors.length; i++) {
    const v = vectors[i];
    let sum = 0;
    for (let k = 0; k < v.ids.length; k++) if (isCommon(v.ids[k])) sum += v.weights[k] * v.weights[k];
    commonNorm[i] = Math.sqrt(sum);
  }
  return commonNorm;
}

/** Each problem's strongest and second-strongest feature (-1 when it has none). */
function strongestFeatures(vectors: readonly SparseVector[]): { top: Int32Array; second: Int32Array } {
  const n = vectors.length;
  const top = new Int32Array(n).fill(-1);
  const second = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const v = vectors[i];
    let first = -1;
    let next = -1;
    for (let k = 0; k < v.ids.length; k++) {
      if (first < 0 || v.weights[k] > v.weights[first]) {
        next = first;
        first = k;
      } else if (next < 0 || v.weights[k] > v.weights[next]) next = k;
    }
    if (first >= 0) top[i] = v.ids[first];
    if (next >= 0) second[i] = v.ids[next];
  }
  return { top, second };
}

/**
 * One candidate search (`findEdges`): the best neighbours found so far of every problem, filled by two searches,
 * one over the postings of rare features and one over sorted neighbourhoods of common ones, and the scratch they
 * use. Each method reads the fields it needs into locals first, so the loops run over locals as before.
 */
class EdgeSearch {
  /** each problem's best pairs so far: the search's result */
  readonly best: TopNeighbours;
  /** the vector of the problem being compared, scattered by feature id (zero elsewhere), for `denseDot` */
  private readonly dense: Float64Array;
  /** each statement's cosine with itself, NaN until needed (`statementCosine`) */
  private readonly selfCosine: Float64Array;
  /** per problem, its dot product with the current one over the rare features walked so far (0: not met) */
  private readonly acc: Float64Array;
  /** the problems `acc` holds a score of, in the order met */
  private readonly touched: Int32Array;
  /** those of them that pass the common-feature bound (`boundCandidates`) */
  private readonly candidates: Int32Array;
  /** the candidates' scores, reordered to find the cut of `candidateCut` (grown as needed) */
  private scores = new Float64Array(64);

  constructor(
    private readonly vectors: SparseVector[],
    private readonly statements: Int32Array,
    private readonly limits: SearchLimits,
    features: number,
  ) {
    const n = vectors.length;
    this.best = new TopNeighbours(n, limits.neighbours);
    this.dense = new Float64Array(features);
    this.selfCosine = new Float64Array(n).fill(NaN);
    this.acc = new Float64Array(n);
    this.touched = new Int32Array(n);
    this.candidates = new Int32Array(n);
  }

  /**
   * The cosine of two problems of statement `s`: its vector's with itself. `dot` adds the same products in the
   * same order as `denseDot`, so it is computed once per statement.
   */
  private statementCosine(s: number): number {
    const { selfCosine } = this;
    if (Number.isNaN(selfCosine[s])) selfCosine[s] = dot(this.vectors[s], this.vectors[s]);
    return selfCosine[s];
  }

  /**
   * Offers each problem's pairs with the earlier problems that share one of its rare features (in at most
   * `maxPosting` problems), found through the features' postings, one problem after the other.
   */
  searchPostings(df: Int32Array, isCommon: (id: number) => boolean): void {
    const { acc, touched } = this;
    const postings = emptyPostings(df, isCommon);
    const commonNorm = commonNorms(this.vectors, isCommon);
    for (let i = 0; i < this.vectors.length; i++) {
      const touchedCount = this.accumulate(i, postings, isCommon);
      this.scoreCandidates(i, this.boundCandidates(i, touchedCount, commonNorm));
      // `acc` back to zero for the next problem, where it was touched only
      for (let t = 0; t < touchedCount; t++) acc[touched[t]] = 0;
    }
  }

  /**
   * Adds to `acc` problem i's products with the earlier problems in the postings of its rare features (the
   * newest `maxWalk` of each), then appends i to those postings; returns how many problems it touched.
   */
  private accumulate(i: number, postings: Postings, isCommon: (id: number) => boolean): number {
    const { acc, touched } = this;
    const { start: postingStart, size: postingSize, problems: postingProblems, weights: postingWeights } = postings;
    const { maxWalk } = this.limits;
    const v = this.vectors[i];
    let touchedCount = 0;
    for (let k = 0; k < v.ids.length; k++) {
      const id = v.ids[k];
      if (isCommon(id)) continue;
      const start = postingStart[id];
      const end = start + postingSize[id];
      const w = v.weights[k];
      for (let p = Math.max(start, end - maxWalk); p < end; p++) {
        const j = postingProblems[p];
        if (acc[j] === 0) touched[touchedCount++] = j;
        acc[j] += w * postingWeights[p];
      }
      postingProblems[end] = i;
      postingWeights[end] = w;
      postingSize[id]++;
    }
    return touchedCount;
  }

  /**
   * Copies to `candidates` the touched problems that might reach the threshold with problem i; returns how many.
   * Skips hopeless candidates: even all their common features could not lift them to the threshold.
   */
  private boundCandidates(i: number, touchedCount: number, commonNorm: Float64Array): number {
    const { acc, touched, candidates } = this;
    const { threshold } = this.limits;
    const common = commonNorm[i];
    let candidateCount = 0;
    for (let t = 0; t < touchedCount; t++) {
      const j = touched[t];
      if (acc[j] + common * commonNorm[j] >= threshold) candidates[candidateCount++] = j;
    }
    return candidateCount;
  }

  /**
   * Computes problem i's cosine with its candidates and offers the pairs at or above threshold; of more than
   * `maxCandidates` candidates, only that many: the best by the score of the features walked, ties in the order met.
   */
  private scoreCandidates(i: number, candidateCount: number): void {
    const { acc, candidates, dense, vectors, statements, best } = this;
    const { threshold, maxCandidates } = this.limits;
    let cut = -Infinity;
    let ties = candidateCount;
    if (candidateCount > maxCandidates) {
      cut = this.candidateCut(candidateCount);
      ties = maxCandidates;
      for (let c = 0; c < candidateCount; c++) if (acc[candidates[c]] > cut) ties--;
    }
    const v = vectors[i];
    scatter(dense, v, true);
    for (let c = 0; c < candidateCount; c++) {
      const j = candidates[c];
      // below the cut, or at it once `ties` candidates at the cut were taken
      if (acc[j] < cut || (acc[j] === cut && ties-- <= 0)) continue;
      const sim = statements[i] === statements[j] ? this.statementCosine(statements[i]) : denseDot(dense, vectors[j]);
      if (sim >= threshold) {
        best.offer(i, sim, j);
        best.offer(j, sim, i);
      }
    }
    scatter(dense, v, false);
  }

  /** The score of the `maxCandidates`-th best of the candidates. */
  private candidateCut(candidateCount: number): number {
    const { acc, candidates } = this;
    if (this.scores.length < candidateCount) this.scores = new Float64Array(2 * candidateCount);
    const { scores } = this;
    for (let c = 0; c < candidateCount; c++) scores[c] = acc[candidates[c]];
    return nthLargest(scores, candidateCount, this.limits.maxCandidates - 1);
  }

  /**
   * Offers the pairs of problems that share a common feature, by sorted neighbourhood: each of the feature's
   * problems with the `window` after it in `commonFeatureMembers`' order. Problems sorted by their strongest
   * other feature sit next to the problems most like them, so a small window finds the links that matter.
   */
  searchNeighbourhoods(df: Int32Array, isCommon: (id: number) => boolean): void {
    const { top, second } = strongestFeatures(this.vectors);
    const memberStart = new Int32Array(df.length + 1);
    for (let id = 0; id < df.length; id++) memberStart[id + 1] = memberStart[id] + (isCommon(id) ? df[id] : 0);
    const members = commonFeatureMembers(this.vectors, isCommon, top, second, memberStart);
    for (let id = 0; id < df.length; id++) {
      if (memberStart[id] < memberStart[id + 1]) this.searchWindows(members, memberStart[id], memberStart[id + 1]);
    }
  }

  /** Offers the pairs of `members[from..to)` (one common feature's) at most `window` apart. */
  private searchWindows(members: Int32Array, from: number, to: number): void {
    const { best, dense, vectors, statements } = this;
    const { floor } = best;
    const { threshold, window } = this.limits;
    for (let p = from; p < to; p++) {
      const a = members[p];
      const statement = statements[a];
      const ownCosine = this.statementCosine(statement);
      // scattered only once a pair needs its cosine
      let scattered = false;
      for (let q = p + 1; q <= p + window && q < to; q++) {
        const b = members[q];
        // A pair in a list was offered to both problems at its cosine (the same bits whichever of the two is
        // scattered), and offering it again changes neither list: a list's weakest only grows. Near-duplicates
        // sit side by side in the sorted lists of most of their common features, so this is most pairs here;
        // two problems of one statement (their cosine known) are skipped first when neither list would take it.
        // (`floor` inline: `best.takes`, read for each of the millions of such pairs at 20,000 reports.)
        let sim: number;
        if (statements[b] === statement) {
          sim = ownCosine;
          if (sim <= floor[a] && sim <= floor[b]) continue;
          if (best.holds(a, b)) continue;
        } else {
          if (best.holds(a, b)) continue;
          if (!scattered) {
            scatter(dense, vectors[a], true);
            scattered = true;
          }
          sim = denseDot(dense, vectors[b]);
        }
        if (sim >= threshold) {
          best.offer(a, sim, b);
          best.offer(b, sim, a);
        }
      }
      if (scattered) scatter(dense, vectors[a], false);
    }
  }
}

/**
 * The members of each common feature (problem numbers, at `memberStart[id]` .. for feature `id`), each list
 * ordered by the member's strongest other feature (its strongest, or its second when the strongest is `id`; -1
 * for none first), then by problem number. A problem has at most two such "other" features: its strongest, for
 * every common feature of it but the strongest itself, and its second, for its strongest. So its common features
 * fall in two slots, A (other: the strongest) and B (other: the second, when the strongest is common); the slots
 * are put in order by their other feature, problems ascending within each (a stable counting pass), and each
 * slot's problem is then appended to the lists of its features in that order. (Every (feature, problem) entry
 * placed by its other feature, then moved to its feature's list, took three arrays of a million entries at 20,000
 * reports: 2,100 fresh pages more.)
 */
export function commonFeatureMembers(
  vectors: readonly SparseVector[],
  isCommon: (id: number) => boolean,
  top: Int32Array,
  second: Int32Array,
  memberStart: Int32Array,
): Int32Array {
  const features = memberStart.length - 1;
  const n = vectors.length;
  // by other feature + 1 (0 for none, up to `features`): where its slots start, once counted and summed
  const otherStart = new Int32Array(features + 2);
  for (let i = 0; i < n; i++) {
    otherStart[top[i] + 2]++;
    if (top[i] >= 0 && isCommon(top[i])) otherStart[second[i] + 2]++;
  }
  for (let o = 1; o <= features + 1; o++) otherStart[o] += otherStart[o - 1];
  // slot A of problem i as 2i, slot B as 2i + 1
  const slots = new Int32Array(otherStart[features + 1]);
  for (let i = 0; i < n; i++) {
    slots[otherStart[top[i] + 1]++] = 2 * i;
    if (top[i] >= 0 && isCommon(top[i])) slots[otherStart[second[i] + 1]++] = 2 * i + 1;
  }
  const members = new Int32Array(memberStart[features]);
  const filled = memberStart.slice(0, features);
  for (let s = 0; s < slots.length; s++) {
    const i = slots[s] >> 1;
    if ((slots[s] & 1) === 1) {
      members[filled[top[i]]++] = i;
      continue;
    }
    const ids = vectors[i].ids;
    for (let k = 0; k < ids.length; k++) if (ids[k] !== top[i] && isCommon(ids[k])) members[filled[ids[k]]++] = i;
  }
  return members;
}

/** Problems up to which a pair of problem numbers a × n + b is an exact integer (below 2^53). */
const MAX_PAIRED_PROBLEMS = Math.floor(Math.sqrt(Number.MAX_SAFE_INTEGER));

/**
 * The pairs of `best`'s lists, one edge per pair (with the similarity of the lower problem's list when both lists
 * hold the pair: a pair offered by both searches may carry a different last bit in each list, and the first offer
 * stays), strongest first, then by lower problem, then higher (`sortEdges`): each as its key a × n + b (a < b).
 */
function orderedEdges(best: TopNeighbours, n: number): Float64Array {
  if (n > MAX_PAIRED_PROBLEMS) throw new Error(`recurring problems: ${n} problems are more than pairs can be numbered for (${MAX_PAIRED_PROBLEMS})`);
  const { counts, others, sims, limit } = best;
  let room = 0;
  for (let i = 0; i < n; i++) room += counts[i];
  const keys = new Float64Array(room);
  const edgeSims = new Float64Array(room);
  let count = 0;
  for (let i = 0; i < n; i++) {
    for (let k = i * limit, end = k + counts[i]; k < end; k++) {
      const j = others[k];
      if (j < i && best.holds(j, i)) continue;
      keys[count] = Math.min(i, j) * n + Math.max(i, j);
      edgeSims[count++] = sims[k];
    }
  }
  return sortEdges(keys.subarray(0, count), edgeSims.subarray(0, count));
}

/**
 * `keys` (distinct) ordered by their similarity `sims[e]` descending, then by key ascending: what a comparator
 * sort of edge objects gives, without a comparator call per comparison (half a million edges at 20,000 reports).
 * Each edge's rank among the distinct similarities places it (a counting sort), and each rank's keys are sorted
 * by the typed array's numeric sort.
 */
export function sortEdges(keys: Float64Array, sims: Float64Array): Float64Array {
  const count = keys.length;
  // The distinct similarities, strongest first.
  const ascending = sims.slice().sort();
  const distinct = new Float64Array(count);
  let ranks = 0;
  for (let k = count - 1; k >= 0; k--) if (ranks === 0 || ascending[k] !== distinct[ranks - 1]) distinct[ranks++] = ascending[k];
  const rankOf = new Int32Array(count);
  const rankStart = new Int32Array(ranks + 1);
  for (let e = 0; e < count; e++) {
    let lo = 0;
    let hi = ranks - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (distinct[mid] > sims[e]) lo = mid + 1;
      else hi = mid;
    }
    rankOf[e] = lo;
    rankStart[lo + 1]++;
  }
  for (let r = 0; r < ranks; r++) rankStart[r + 1] += rankStart[r];
  const ordered = new Float64Array(count);
  const filled = rankStart.slice(0, ranks);
  for (let e = 0; e < count; e++) ordered[filled[rankOf[e]]++] = keys[e];
  for (let r = 0; r < ranks; r++) sortRange(ordered, rankStart[r], rankStart[r + 1]);
  return ordered;
}

/** Longest range `sortRange` sorts by insertion, in place; a longer one goes to the typed array's sort. */
const INSERTION_SORT_MAX = 16;

/**
 * Sorts `values[from..to)` ascending. Most ranks of `sortEdges` hold one or a few keys (one similarity of its
 * own each): sorted in place, without a subarray object and a call into the engine's sort for each.
 */
function sortRange(values: Float64Array, from: number, to: number): void {
  if (to - from > INSERTION_SORT_MAX) {
    values.subarray(from, to).sort();
    return;
  }
  for (let i = from + 1; i < to; i++) {
    const value = values[i];
    let j = i - 1;
    for (; j >= from && values[j] > value; j--) values[j + 1] = values[j];
    values[j + 1] = value;
  }
}

/**
 * Merges edges (pair keys a × n + b, see `orderedEdges`) into clusters under two guards, in the order given;
 * returns each problem's root. The group-average guard stops chaining; the same-report guard keeps two items of
 * one report apart, because a report lists its problems as different problems (and items that mix two topics
 * would otherwise glue those topics together).
 */
function link(vectors: SparseVector[], reportOf: Int32Array, edges: Float64Array, minAverage: number, sharedAverage: number): Int32Array {
  const n = vectors.length;
  const clusters = new LinkedClusters(vectors, reportOf);
  const { size } = clusters;
  // Rejected merges by root pair (lo * n + hi), with the pair's sizes then: a cluster's size changes whenever its
  // summed vector or report set does, so equal sizes mean the same decision. Near-duplicates bring many edges
  // between the same two big clusters; each is decided once.
  const rejected = new Map<number, number>();
  for (let e = 0; e < edges.length; e++) {
    const key = edges[e];
    const b = key % n;
    const a = (key - b) / n;
    let ra = clusters.find(a);
    let rb = clusters.find(b);
    if (ra === rb) continue;
    const pair = Math.min(ra, rb) * n + Math.max(ra, rb);
    const sizes = size[Math.min(ra, rb)] * (n + 1) + size[Math.max(ra, rb)];
    if (rejected.get(pair) === sizes) continue;
    if (clusters.featureCount(ra) < clusters.featureCount(rb)) [ra, rb] = [rb, ra];
    const average = clusters.crossSum(ra, rb) / (size[ra] * size[rb]);
    // Two items of one report are usually two problems; finer items (消费需求偏弱 / 投资动力不够强) may still be two
    // sides of one, so clusters sharing a report merge only when they are much closer than the plain bar.
    if (average < minAverage || (average < sharedAverage && clusters.shareAReport(ra, rb))) {
      rejected.set(pair, sizes);
      continue;
    }
    clusters.merge(ra, rb);
  }
  return clusters.roots();
}

/**
 * The clusters `link` grows: a union-find forest over the problems, with each root's size, summed vector and
 * report set. The summed vector and report set are made when the cluster first grows: until then the root's own
 * vector and report stand for them (most problems never merge, and a map per problem is costly).
 */
class LinkedClusters {
  /** each problem's parent in the forest; a root is its own */
  private readonly parent: Int32Array;
  /** problems in each root's cluster */
  readonly size: Int32Array;
  /** each root's summed vector, feature id → weight (null: the root's own vector) */
  private readonly sums: (Map<number, number> | null)[];
  /** each root's report numbers (null: the root's own report) */
  private readonly reports: (Set<number> | null)[];

  constructor(
    private readonly vectors: SparseVector[],
    private readonly reportOf: Int32Array,
  ) {
    const n = vectors.length;
    this.parent = Int32Array.from({ length: n }, (_, i) => i);
    this.size = new Int32Array(n).fill(1);
    this.sums = new Array<Map<number, number> | null>(n).fill(null);
    this.reports = new Array<Set<number> | null>(n).fill(null);
  }

  /** The root of problem i's cluster (halving the path on the way). */
  find(i: number): number {
    const { parent } = this;
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }

  /** Each problem's root. */
  roots(): Int32Array {
    const roots = new Int32Array(this.parent.length);
    for (let i = 0; i < roots.length; i++) roots[i] = this.find(i);
    return roots;
  }

  /** Distinct features of root r's cluster. */
  featureCount(r: number): number {
    return this.sums[r]?.size ?? this.vectors[r].ids.length;
  }

  /**
   * The dot product of the summed vectors of roots `big` and `small` (the one with fewer features), summed over
   * the smaller cluster's features in ascending order, as a dot product would.
   */
  crossSum(big: number, small: number): number {
    const { sums, vectors } = this;
    const smallSum = sums[small];
    if (!smallSum && !sums[big]) return dot(vectors[small], vectors[big]);
    const bigSum = this.sumOf(big);
    let cross = 0;
    if (!smallSum) {
      const { ids, weights } = vectors[small];
      for (let k = 0; k < ids.length; k++) cross += weights[k] * (bigSum.get(ids[k]) ?? 0);
    } else {
      for (const [id, w] of smallSum) cross += w * (bigSum.get(id) ?? 0);
    }
    return cross;
  }

  /** Whether the clusters of roots `ra` and `rb` hold problems of one report. */
  shareAReport(ra: number, rb: number): boolean {
    const { reports, reportOf } = this;
    if (!reports[ra] && !reports[rb]) return reportOf[ra] === reportOf[rb];
    const [fewer, more] = this.reportSetsBySize(ra, rb);
    for (const r of fewer) if (more.has(r)) return true;
    return false;
  }

  /** Merges the cluster of root `small` into that of root `big`, which stays the root. */
  merge(big: number, small: number): void {
    const { sums, reports } = this;
    const [fewer, more] = this.reportSetsBySize(big, small);
    for (const r of fewer) more.add(r);
    reports[big] = more;
    reports[small] = null;
    const bigSum = this.sumOf(big);
    const smallSum = sums[small];
    if (smallSum) for (const [id, w] of smallSum) bigSum.set(id, (bigSum.get(id) ?? 0) + w);
    else {
      const { ids, weights } = this.vectors[small];
      for (let k = 0; k < ids.length; k++) bigSum.set(ids[k], (bigSum.get(ids[k]) ?? 0) + weights[k]);
    }
    sums[small] = null;
    this.parent[small] = big;
    this.size[big] += this.size[small];
  }

  /** Root r's summed vector, made from its own vector the first time. */
  private sumOf(r: number): Map<number, number> {
    let sum = this.sums[r];
    if (!sum) {
      const { ids, weights } = this.vectors[r];
      sum = new Map();
      for (let k = 0; k < ids.length; k++) sum.set(ids[k], weights[k]);
      this.sums[r] = sum;
    }
    return sum;
  }

  /** The report sets of roots `ra` and `rb`, the smaller first (`rb`'s when they are as large). */
  private reportSetsBySize(ra: number, rb: number): [Set<number>, Set<number>] {
    const a = this.reportsOf(ra);
    const b = this.reportsOf(rb);
    return a.size < b.size ? [a, b] : [b, a];
  }

  /** Root r's report set, made from its own report the first time. */
  private reportsOf(r: number): Set<number> {
    return this.reports[r] ?? (this.reports[r] = new Set([this.reportOf[r]]));
  }
}

/** Clusters problems by TF-IDF cosine plus shared concepts; see the module comment for the method. */
export function clusterProblems(items: ProblemToCluster[], options: ClusterOptions): ClusterResult {
  return clusterCounted(items, buildVectors(items, options), options);
}

/** What `clusterProblems` needs of a problem once its words are counted (`FeatureCounts`). */
export type CountedProblem = Omit<ProblemToCluster, 'words'>;

/**
 * `clusterProblems` over problems whose words were counted as they arrived: `counts` holds them in the order of
 * `items` (`counts.add` for each), so the words need not be kept until the corpus is complete.
 */
export function clusterCountedProblems(items: readonly CountedProblem[], counts: FeatureCounts, options: ClusterOptions): ClusterResult {
  if (counts.size !== items.length) throw new Error(`clusterCountedProblems: ${counts.size} problems counted for ${items.length} items`);
  return clusterCounted(items, counts.vectors(), options);
}

function clusterCounted(items: readonly CountedProblem[], { vectors, df, statements }: ProblemVectors, options: ClusterOptions): ClusterResult {
  const edges = findEdges(vectors, df, statements, {
    threshold: options.threshold,
    maxPosting: options.maxPosting ?? 2000,
    window: options.window ?? 8,
    neighbours: options.neighbours ?? 10,
    maxWalk: options.maxWalk ?? 300,
    maxCandidates: options.maxCandidates ?? 60,
  });
  const reportOf = reportNumbers(items);
  const roots = link(vectors, reportOf, edges, (options.linkage ?? 0.6) * options.threshold, options.sharedReportLinkage ?? 0.4);

  const nearest = new CentroidScores(vectors, statements, df.length);
  if (options.onePerReport ?? true) keepOnePerReport(nearest, reportOf, roots);
  const groups = groupByRoot(roots).map((indices) => describe(items, nearest, indices));
  groups.sort(
    (x, y) =>
      y.cluster.years.length - x.cluster.years.length ||
      y.cluster.reports.length - x.cluster.reports.length ||
      y.indices.length - x.indices.length ||
      x.indices[0] - y.indices[0],
  );
  const width = Math.max(4, String(groups.length).length);
  const clusterIds = new Array<string>(items.length);
  // The clusters are `describe`'s own objects, made for this result: their ids are filled in, not copied in.
  const clusters = groups.map(({ cluster, indices }, k) => {
    const id = 'P' + String(k + 1).padStart(width, '0');
    for (const i of indices) clusterIds[i] = id;
    cluster.id = id;
    return cluster;
  });
  return { clusterIds, clusters };
}

/** Each problem's report as a number: reports numbered from 0 in the order first met. */
function reportNumbers(items: readonly CountedProblem[]): Int32Array {
  const numberOf = new Map<string, number>();
  const reportOf = new Int32Array(items.length);
  for (let i = 0; i < items.length; i++) {
    let number = numberOf.get(items[i].reportId);
    if (number === undefined) {
      number = numberOf.size;
      numberOf.set(items[i].reportId, number);
    }
    reportOf[i] = number;
  }
  return reportOf;
}

/**
 * Leaves one problem per report in each cluster: the one closest to the cluster's centroid; the report's other
 * problems there become clusters of their own. A report states each problem once, so its second item in a cluster
 * is a neighbouring problem (消费需求偏弱 beside 投资动力不够强), and a cluster counts reports, not restatements.
 */
function keepOnePerReport(nearest: CentroidScores, reportOf: Int32Array, roots: Int32Array): void {
  // by report: the last cluster (numbered from 1) one of its problems was met in
  const lastSeenIn = new Int32Array(roots.length);
  let cluster = 0;
  for (const indices of groupByRoot(roots)) {
    if (indices.length < 2) continue;
    // Most clusters hold one problem per report: told without a Map of the cluster's reports.
    if (!repeatsAReport(indices, reportOf, lastSeenIn, ++cluster)) continue;
    const byReport = new Map<number, number[]>();
    for (const i of indices) (byReport.get(reportOf[i]) ?? byReport.set(reportOf[i], []).get(reportOf[i])!).push(i);
    nearest.take(indices);
    for (const group of byReport.values()) {
      if (group.length < 2) continue;
      // the best stays (ties: the earlier problem); the others get keys of their own, past every problem index
      const keep = nearest.oneStatement(group) ? group[0] : group.reduce((best, i) => (nearest.score(i) > nearest.score(best) + 1e-12 ? i : best), group[0]);
      for (const i of group) if (i !== keep) roots[i] = roots.length + i;
    }
  }
}

/** Whether two of `indices` are of one report; marks each report met with `cluster` in `lastSeenIn`. */
function repeatsAReport(indices: readonly number[], reportOf: Int32Array, lastSeenIn: Int32Array, cluster: number): boolean {
  for (const i of indices) {
    if (lastSeenIn[reportOf[i]] === cluster) return true;
    lastSeenIn[reportOf[i]] = cluster;
  }
  return false;
}

/**
 * Each problem's dot product with the summed vector of its cluster's members (the member nearest the centroid
 * scores highest). The sum is made only when a score is asked for, in a dense array by feature id cleared after
 * each cluster, where a Map per cluster cost more than the rest of describing it: the same sums in the same
 * order, so the same bits. Problems of one statement share their vector and so their score, computed once; a
 * cluster of one statement needs none (its first member is nearest, see `describe`).
 */
class CentroidScores {
  private readonly sum: Float64Array;
  private members: readonly number[] = [];
  private made = false;
  /** by statement: its score, valid where `scoredIn` holds the current cluster's number */
  private readonly scoreOf: Float64Array;
  private readonly scoredIn: Int32Array;
  private cluster = 0;
  constructor(
    private readonly vectors: readonly SparseVector[],
    private readonly statements: Int32Array,
    features: number,
  ) {
    this.sum = new Float64Array(features);
    this.scoreOf = new Float64Array(vectors.length);
    this.scoredIn = new Int32Array(vectors.length);
  }
  /** Starts a cluster: `members` in input order. */
  take(members: readonly number[]): void {
    if (this.made) for (const i of this.members) for (const id of this.vectors[i].ids) this.sum[id] = 0;
    this.members = members;
    this.made = false;
    this.cluster++;
  }
  /** Whether `indices` are problems of one statement. */
  oneStatement(indices: readonly number[]): boolean {
    const first = this.statements[indices[0]];
    for (const i of indices) if (this.statements[i] !== first) return false;
    return true;
  }
  /** Problem `i`'s dot product with the cluster's summed vector. */
  score(i: number): number {
    const statement = this.statements[i];
    if (this.scoredIn[statement] === this.cluster) return this.scoreOf[statement];
    if (!this.made) this.make();
    const { ids, weights } = this.vectors[i];
    let score = 0;
    for (let k = 0; k < ids.length; k++) score += weights[k] * this.sum[ids[k]];
    this.scoredIn[statement] = this.cluster;
    this.scoreOf[statement] = score;
    return score;
  }
  private make(): void {
    for (const i of this.members) {
      const { ids, weights } = this.vectors[i];
      for (let k = 0; k < ids.length; k++) this.sum[ids[k]] += weights[k];
    }
    this.made = true;
  }
}

/**
 * recurs_in_township: "township:year,year; …" for each township that states the problem in two years or more,
 * most years first, then by township. Note: most clusters have none; an empty list is returned before any sort
 * (sorting the empty result of a filter chain deoptimised this code ≈ 700 times per finish at 20,000 reports).
 */
function recurrenceText(byTownship: ReadonlyMap<string, ReadonlySet<number>>): string {
  const recurring: { township: string; years: number[] }[] = [];
  for (const [township, years] of byTownship) if (years.size >= 2) recurring.push({ township, years: [...years].sort((a, b) => a - b) });
  if (recurring.length === 0) return '';
  recurring.sort((x, y) => y.years.length - x.years.length || (x.township < y.township ? -1 : x.township > y.township ? 1 : 0));
  return recurring.map(({ township, years }) => `${township}:${years.join(',')}`).join('; ');
}

/**
 * The problems of each cluster (indices ascending), clusters in the order of their first problem. `roots` are
 * below 2 × their count (`keepOnePerReport` gives a problem it moves out the key count + index). A slot per
 * root in a typed array rather than a Map of arrays: 70,000 problems at 20,000 reports, grouped twice.
 */
function groupByRoot(roots: Int32Array): number[][] {
  const slotOf = new Int32Array(2 * roots.length).fill(-1);
  const groups: number[][] = [];
  for (let i = 0; i < roots.length; i++) {
    const slot = slotOf[roots[i]];
    if (slot >= 0) groups[slot].push(i);
    else {
      slotOf[roots[i]] = groups.length;
      groups.push([i]);
    }
  }
  return groups;
}

function describe(items: readonly CountedProblem[], nearest: CentroidScores, indices: number[]): { cluster: ProblemCluster; indices: number[] } {
  const cluster = indices.length === 1 ? describeOne(items[indices[0]]) : describeMany(items, nearest, indices);
  return { indices, cluster };
}

/** A cluster of one problem (most clusters): its lists hold at most one entry and nothing recurs. */
function describeOne(item: CountedProblem): ProblemCluster {
  const years = item.year === null ? [] : [item.year];
  return {
    id: '',
    label: item.headline,
    keys: [item.key],
    reports: [item.reportId],
    townships: item.township ? [item.township] : [],
    years,
    firstYear: item.year,
    lastYear: item.year,
    recursInTownship: '',
  };
}

/** A cluster of several problems, its lists gathered in one pass over the members. */
function describeMany(items: readonly CountedProblem[], nearest: CentroidScores, indices: number[]): ProblemCluster {
  const keys = new Array<string>(indices.length);
  const reports = new Set<string>();
  const townships = new Set<string>();
  const years = new Set<number>();
  const byTownship = new Map<string, Set<number>>();
  for (let k = 0; k < indices.length; k++) {
    const { key, reportId, township, year } = items[indices[k]];
    keys[k] = key;
    reports.add(reportId);
    if (township) townships.add(township);
    if (year === null) continue;
    years.add(year);
    if (township) (byTownship.get(township) ?? byTownship.set(township, new Set()).get(township)!).add(year);
  }
  const yearList = [...years].sort((a, b) => a - b);
  return {
    id: '',
    label: items[centralMember(nearest, indices)].headline,
    keys,
    reports: [...reports],
    townships: [...townships].sort(),
    years: yearList,
    firstYear: yearList.length ? yearList[0] : null,
    lastYear: yearList.length ? yearList[yearList.length - 1] : null,
    recursInTownship: recurrenceText(byTownship),
  };
}

/** The member nearest the centroid (ties: the earlier); members of one statement all score the same. */
function centralMember(nearest: CentroidScores, indices: number[]): number {
  let central = indices[0];
  if (nearest.oneStatement(indices)) return central;
  nearest.take(indices);
  let bestScore = -1;
  for (const i of indices) {
    const score = nearest.score(i);
    if (score > bestScore + 1e-12) {
      bestScore = score;
      central = i;
    }
  }
  return central;
}

/** Cosine similarity of chosen pairs of problems (indices into `items`), for tuning the threshold. */
export function problemSimilarities(items: ProblemToCluster[], pairs: [number, number][], options: Omit<ClusterOptions, 'threshold'> = {}): number[] {
  const { vectors } = buildVectors(items, options);
  return pairs.map(([a, b]) => dot(vectors[a], vectors[b]));
}
