/**
 * Recurrence check on labelled problem statements, without running the whole pipeline: each statement is cut by
 * jieba (with the project's user dictionary, as a run cuts it) and clustered by `clusterProblems` with the run's
 * default threshold, the way the rows of problems.csv are clustered. Prints the eval's measures:
 * - label recurrence: for each label stated in 3 or more groups (reports, pages), the largest share of those
 *   groups whose statement of it falls in one cluster, averaged over the labels (as ../shared/eval/score.mjs);
 * - largest cluster: share of all statements in the largest cluster;
 * - purity: of the labelled statements that share their cluster with another labelled statement, the share whose
 *   label is their cluster's most common label (1.0 = no cluster mixes two labels). Different problems must not
 *   merge: a vocabulary change that lifts recurrence by gluing topics shows up here as falling purity.
 *
 * Usage: node dist/tools/recurrence.js FILE.tsv... [--details] [--concepts FILE] [--json] [--mixed] [--set option=value]...
 * A file has one statement a line: `group<TAB>label<TAB>statement` (lines opening with # are comments). The
 * statement (traditional script turned simplified, as a run does) has its first clause (to the first ，；。) as headline. A label `-` or empty takes part in the clustering
 * and the largest-cluster share but in no label. `--concepts` clusters with another concept vocabulary (for trying
 * new lines before they go into data/problem-concepts.tsv); `--set linkage=0.5` and the like try other
 * `ClusterOptions` (numbers only).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import jieba from 'zongjie-jieba';
import { clusterProblems, type ClusterOptions, type ProblemToCluster } from '../aggregate/recurring-problems.js';
import { DEFAULT_LINK_THRESHOLD } from '../aggregate/problem-clusters.js';
import { defaultProblemVocabulary, loadProblemVocabulary } from '../data/problem-cues.js';
import { prepareJiebaUserDict } from '../data/user-dict.js';
import { detectScript, toSimplified } from '../stages/script.js';
import { loadJieba } from '../stages/segment.js';

/** One labelled statement. */
export interface Statement {
  group: string;
  label: string;
  text: string;
}

/** What `recurrence` measures. */
export interface RecurrenceResult {
  statements: number;
  labelRecurrence: number | null;
  largestClusterShare: number;
  /** share of labelled statements in a cluster with another labelled statement whose label is the cluster's most common one */
  purity: number | null;
  /** clusters holding two or more labels: their statements as `label: text` */
  mixed: string[][];
  /** per label stated in ≥ 3 groups: groups, groups in its best cluster */
  labels: { label: string; groups: number; best: number; clusters: string[][] }[];
}

/** Reads `group<TAB>label<TAB>statement` lines. */
export function readStatements(file: string): Statement[] {
  return fs
    .readFileSync(file, 'utf8')
    .split(/\r?\n/u)
    .filter((line) => line.trim() && !line.startsWith('#'))
    .map((line) => {
      const [group, label, ...rest] = line.split('\t');
      const text = rest.join('\t').trim();
      // as a run does: traditional script is read in simplified
      return { group, label: label === '-' ? '' : label ?? '', text: detectScript(text) === 'traditional' ? toSimplified(text) : text };
    })
    .filter((s) => s.text);
}

/** Clusters the statements and scores them; `cut` gives a statement's words (jieba in a run). */
export function recurrence(
  statements: Statement[],
  cut: (text: string) => string[],
  vocabulary = defaultProblemVocabulary(),
  options: Partial<ClusterOptions> = {},
): RecurrenceResult {
  const seen = new Map<string, number>();
  const items: ProblemToCluster[] = statements.map((s) => {
    const no = (seen.get(s.group) ?? 0) + 1;
    seen.set(s.group, no);
    const headline = s.text.split(/[，；。,;]/u)[0];
    return { key: `${s.group}#${no}`, reportId: s.group, township: s.group, year: null, headline, words: cut(s.text).filter((w) => /[\p{L}\p{N}]/u.test(w)) };
  });
  const { clusterIds } = clusterProblems(items, { threshold: DEFAULT_LINK_THRESHOLD, ...options, vocabulary });
  const sizes = new Map<string, number>();
  for (const id of clusterIds) sizes.set(id, (sizes.get(id) ?? 0) + 1);
  const byLabel = new Map<string, Map<string, Set<string>>>();
  statements.forEach((s, i) => {
    if (!s.label) return;
    const groups = byLabel.get(s.label) ?? byLabel.set(s.label, new Map()).get(s.label)!;
    (groups.get(s.group) ?? groups.set(s.group, new Set()).get(s.group)!).add(clusterIds[i]);
  });
  const labels: RecurrenceResult['labels'] = [];
  for (const [label, groups] of byLabel) {
    if (groups.size < 3) continue;
    const count = new Map<string, number>();
    for (const ids of groups.values()) for (const id of ids) count.set(id, (count.get(id) ?? 0) + 1);
    const best = Math.max(...count.values());
    // the statements of the label, grouped by cluster (largest first), for --details
    const members = new Map<string, string[]>();
    statements.forEach((s, i) => {
      if (s.label === label) (members.get(clusterIds[i]) ?? members.set(clusterIds[i], []).get(clusterIds[i])!).push(`${s.group}: ${s.text}`);
    });
    labels.push({ label, groups: groups.size, best, clusters: [...members.values()].sort((a, b) => b.length - a.length) });
  }
  labels.sort((a, b) => a.best / a.groups - b.best / b.groups || (a.label < b.label ? -1 : 1));
  // purity: labelled statements by cluster
  const labelled = new Map<string, number[]>();
  statements.forEach((s, i) => {
    if (s.label) (labelled.get(clusterIds[i]) ?? labelled.set(clusterIds[i], []).get(clusterIds[i])!).push(i);
  });
  let shared = 0;
  let pure = 0;
  const mixed: string[][] = [];
  for (const members of labelled.values()) {
    if (members.length < 2) continue;
    const count = new Map<string, number>();
    for (const i of members) count.set(statements[i].label, (count.get(statements[i].label) ?? 0) + 1);
    shared += members.length;
    pure += Math.max(...count.values());
    if (count.size > 1) mixed.push(members.map((i) => `${statements[i].label}: ${statements[i].text}`));
  }
  return {
    statements: statements.length,
    labelRecurrence: labels.length ? labels.reduce((sum, l) => sum + l.best / l.groups, 0) / labels.length : null,
    largestClusterShare: statements.length ? Math.max(...sizes.values()) / statements.length : 0,
    purity: shared ? pure / shared : null,
    mixed,
    labels,
  };
}

function main(args: string[]): void {
  const files = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--concepts' && args[i - 1] !== '--set');
  if (!files.length) {
    console.error('usage: node dist/tools/recurrence.js FILE.tsv... [--details] [--concepts FILE] [--json]');
    process.exit(2);
  }
  const conceptsAt = args.indexOf('--concepts');
  const vocabulary = conceptsAt >= 0 ? loadProblemVocabulary(path.resolve(args[conceptsAt + 1])) : defaultProblemVocabulary();
  const options: Record<string, number> = {};
  args.forEach((a, i) => {
    if (args[i - 1] !== '--set') return;
    const [key, value] = a.split('=');
    if (!key || value === undefined || Number.isNaN(Number(value))) {
      console.error(`--set takes option=number, not ${a}`);
      process.exit(2);
    }
    options[key] = Number(value);
  });
  loadJieba(prepareJiebaUserDict());
  const result = recurrence(files.flatMap(readStatements), (text) => jieba.cutWords(text, true), vocabulary, options);
  if (args.includes('--json')) {
    console.log(JSON.stringify({ ...result, mixed: result.mixed.length, labels: result.labels.map(({ clusters, ...rest }) => rest) }, null, 2));
    return;
  }
  const pct = (x: number | null) => (x === null ? 'n/a' : `${(100 * x).toFixed(1)}%`);
  console.log(
    `statements ${result.statements}  label recurrence ${pct(result.labelRecurrence)} over ${result.labels.length} labels  largest cluster ${pct(result.largestClusterShare)}  purity ${pct(result.purity)} (${result.mixed.length} mixed clusters)`,
  );
  for (const l of result.labels) {
    console.log(`  ${l.label} ${l.best}/${l.groups}`);
    if (args.includes('--details') && l.best < l.groups) for (const members of l.clusters) console.log(`      [${members.join(' | ')}]`);
  }
  if (args.includes('--mixed')) for (const members of result.mixed) console.log(`  mixed: [${members.join(' | ')}]`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
