import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { DATA_DIR } from '../data/load.js';
import { fingerprintOf, type ReadFingerprint } from '../io/fingerprint.js';

/** A file that went into a run, fingerprinted. */
export interface FileFingerprint extends ReadFingerprint {
  /** path relative to the corpus (inputs) or to data/ (bundled data files); absolute for other files */
  path: string;
}

/**
 * run.json: what produced the tables, so a result can be traced and re-run. Holds no time stamp, so two
 * runs over the same inputs with the same options write byte-identical files (the file's mtime has the time).
 */
export interface RunInfo {
  tool: { name: string; version: string };
  node: string;
  /** version of nodejieba, whose cppjieba dictionary and HMM model the segmenter loads */
  nodejieba: string;
  /** the segmenter that cut the words: the zongjie-jieba addon (native/jieba) and its version */
  segmenter: string;
  /** options the run used (paths as given), keys sorted */
  options: Record<string, unknown>;
  /** every file in data/, plus data files the options point at outside it (user dict, --themes, stop words) */
  dataFiles: FileFingerprint[];
  /** every file in the corpus folder that was considered, in walk order */
  inputs: FileFingerprint[];
}

/** What `buildRunInfo` needs. */
export interface RunInfoInput {
  toolVersion: string;
  /** options of the run, JSON-serialisable */
  options: Record<string, unknown>;
  /** corpus folder; `inputs` are relative to it */
  corpus: string;
  /** corpus-relative paths of the input files, `/`-separated */
  inputs: readonly string[];
  /**
   * fingerprints of inputs already taken from the bytes the analysis read (`ReportOutput.fingerprint`), by
   * corpus-relative path: those inputs are not read again; default none
   */
  fingerprinted?: ReadonlyMap<string, ReadFingerprint>;
  /** data files chosen by options (absolute or relative to the working folder); those inside data/ are listed anyway */
  extraDataFiles?: readonly string[];
}

/** Fingerprints the data files and inputs of a run. Reads files; never writes. */
export function buildRunInfo(input: RunInfoInput): RunInfo {
  const require = createRequire(import.meta.url);
  const { version: nodejieba } = require('nodejieba/package.json') as { version: string };
  const { name: addon, version: addonVersion } = require('zongjie-jieba/package.json') as { name: string; version: string };
  const bundled = listFiles(DATA_DIR).map((rel) => fingerprint(path.join(DATA_DIR, rel), rel));
  const bundledAbs = new Set(listFiles(DATA_DIR).map((rel) => path.join(DATA_DIR, rel)));
  const extra = [...new Set((input.extraDataFiles ?? []).map((f) => path.resolve(f)))]
    .filter((abs) => !bundledAbs.has(abs))
    .sort()
    .map((abs) => fingerprint(abs, abs));
  const root = path.resolve(input.corpus);
  return {
    tool: { name: 'zongjie', version: input.toolVersion },
    node: process.version,
    nodejieba,
    segmenter: `${addon} ${addonVersion}`,
    options: sortKeys(input.options) as Record<string, unknown>,
    dataFiles: [...bundled, ...extra],
    inputs: input.inputs.map((rel) => {
      const known = input.fingerprinted?.get(rel);
      return known ? { path: rel, bytes: known.bytes, sha256: known.sha256 } : fingerprint(path.join(root, rel), rel);
    }),
  };
}

/** run.json text: 2-space indented, keys in a fixed order, trailing newline. */
export function runInfoJson(info: RunInfo): string {
  return `${JSON.stringify(info, null, 2)}\n`;
}

function fingerprint(abs: string, shown: string): FileFingerprint {
  const { bytes, sha256 } = fingerprintOf(fs.readFileSync(abs));
  return { path: shown, bytes, sha256 };
}

/** Files under `dir`, recursively, relative and `/`-separated, in code-unit order. */
function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  const visit = (sub: string) => {
    for (const entry of fs.readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const rel = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory()) visit(rel);
      else if (entry.isFile()) out.push(rel);
    }
  };
  visit('');
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}
