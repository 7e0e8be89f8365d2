'use strict';
// zongjie-jieba: nodejieba's `cut`, from one dictionary per process shared by its worker threads (see jieba.cc).
const path = require('node:path');

const BINARY = path.join(__dirname, 'build', 'Release', 'zongjie_jieba.node');

let binding;
try {
  binding = require(BINARY);
} catch (err) {
  throw new Error(
    `zongjie-jieba: the native addon ${BINARY} is not built or does not load (${err.message}). ` +
      'It is built by `npm ci` / `npm install` with node-gyp (python3, make and a C++ compiler); ' +
      'rebuild it with `npm rebuild zongjie-jieba`.',
    { cause: err },
  );
}

const DICT_DIR = path.join(path.dirname(require.resolve('nodejieba/package.json')), 'submodules', 'cppjieba', 'dict');

/** nodejieba's dictionary files, which nodejieba.load uses by default. */
const DEFAULT_DICT = path.join(DICT_DIR, 'jieba.dict.utf8');
const DEFAULT_HMM_DICT = path.join(DICT_DIR, 'hmm_model.utf8');
const DEFAULT_USER_DICT = path.join(DICT_DIR, 'user.dict.utf8');

/** The three paths of `options` as the addon takes them (absolute: they are the segmenter's key). */
function pathsOf(options) {
  const file = (given, fallback) => path.resolve(given || fallback);
  return [file(options.dict, DEFAULT_DICT), file(options.hmmDict, DEFAULT_HMM_DICT), file(options.userDict, DEFAULT_USER_DICT)];
}

function load(options = {}) {
  return binding.load(...pathsOf(options));
}

function preload(options = {}) {
  return binding.preload(...pathsOf(options));
}

function cut(text, hmm = true) {
  return binding.cut(text, hmm);
}

function cutRanges(text, ranges, hmm, out) {
  return binding.cutRanges(text, ranges, hmm, out);
}

function dictionaryId() {
  return binding.dictionaryId();
}

function cutWords(text, hmm = true) {
  const ends = binding.cut(text, hmm);
  const words = new Array(ends.length);
  let start = 0;
  for (let k = 0; k < ends.length; k++) {
    words[k] = text.slice(start, ends[k]);
    start = ends[k];
  }
  return words;
}

function stats() {
  return binding.stats();
}

// The addon's own functions, with no wrapper: a wrapper called rarely (learnIds, after the first reports) gets
// no type feedback in V8, and segment, which inlines it, was deoptimised the first time it was called again.
const { cutTokens, learnIds } = binding;

module.exports = { DEFAULT_DICT, DEFAULT_HMM_DICT, DEFAULT_USER_DICT, load, preload, cut, cutRanges, cutTokens, learnIds, dictionaryId, cutWords, stats };
