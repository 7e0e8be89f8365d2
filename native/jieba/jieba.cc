// zongjie-jieba: one jieba segmenter per process, shared by every thread (Node environment) that loads the
// same dictionary files, freed when the last of them is cleaned up.
//
// Why not nodejieba: its `load` builds a cppjieba::Jieba (dictionary trie, HMM model, keyword extractor) and a
// TextRankExtractor that loads a second copy of the trie and the model; both live in per-thread addon data that
// is never freed. Here only what Jieba::Cut uses is built, once per process: the dictionary as a compact trie of
// our own (compact_dict.hpp, in place of cppjieba's DictTrie and Trie), cppjieba's HMMModel, and MixSegment's
// cut over them (mix_cut.hpp, in place of MPSegment and MixSegment; hmm_cut.hpp, in place of HMMSegment). The
// words are those of nodejieba.cut; cppjieba's own headers are compiled unchanged.
//
// Thread safety: after construction nothing is written. The cut is const and keeps its working state in the
// caller's scratch and in locals (the best words, the Viterbi tables), so two threads may cut at once.

#include <node_api.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <mutex>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "compact_dict.hpp"
#include "mix_cut.hpp"  // and hmm_cut.hpp, cppjieba's HMMModel

namespace {

using zongjie::Rune;

/** cppjieba's separators (SegmentBase's SPECIAL_SEPARATORS): space, tab, newline, '，' and '。'. */
bool IsSeparator(Rune rune) {
  if (rune > 0x3002) return rune == 0xFF0C;  // Han characters, nearly all of the text, leave here
  return rune == ' ' || rune == '\t' || rune == '\n' || rune == 0x3002;
}

/**
 * Whether `rune` is whitespace to JS's `\s` (ECMAScript's WhiteSpace and LineTerminator: tab, line feed, vertical
 * tab, form feed, carriage return, U+2028, U+2029, U+FEFF and Unicode's space separators, Zs). A lone surrogate,
 * here U+FFFD, is none.
 */
bool IsJsSpace(Rune rune) {
  if (rune > 0x3000) return rune == 0xFEFF;  // Han characters, nearly all words' first, leave here
  if (rune <= 0x20) return rune == 0x20 || (rune >= 0x09 && rune <= 0x0D);
  if (rune < 0xA0) return false;
  return rune == 0xA0 || rune == 0x1680 || (rune >= 0x2000 && rune <= 0x200A) || rune == 0x2028 || rune == 0x2029 ||
         rune == 0x202F || rune == 0x205F || rune == 0x3000 || rune == 0xFEFF;
}

/** Whether runes [begin, end) (at least one) are all whitespace: what JS's /^\s+$/u says of their text. */
bool AllJsSpace(const Rune* runes, uint32_t begin, uint32_t end) {
  for (uint32_t i = begin; i < end; i++) {
    if (!IsJsSpace(runes[i])) return false;
  }
  return true;
}

/**
 * The ids that one token vocabulary of JS (a thread's TokenVocabulary, told apart by a serial) gave the dictionary
 * words it met, by their state in the dictionary (their key, never 0): open addressing, half full at most, 64 bits
 * per slot (the key, 0 for an empty slot, and the id). A thread's reports repeat a few thousand words, so nearly
 * every word of a report is found here and JS only reads its string by id.
 */
class IdsByKey {
 public:
  /**
   * Makes the table hold the ids of vocabulary `vocabulary` of dictionary `dictionary`, whose keys of
   * one-character words start at `runeKeys` (see AppendTokens): empty when it held another's.
   */
  void Use(uint32_t vocabulary, uint32_t dictionary, uint32_t runeKeys) {
    if (vocabulary == vocabulary_ && dictionary == dictionary_) return;
    slots_.assign(kSlotsAtFirst, 0);
    singles_.assign(kDirect, -1);
    runeKeys_ = runeKeys;
    count_ = 0;
    vocabulary_ = vocabulary;
    dictionary_ = dictionary;
  }

  /** The id of `key`, or -1 when it has none yet. */
  int32_t Find(uint32_t key) const {
    const size_t mask = slots_.size() - 1;
    for (size_t at = SlotOf(key, mask);; at = (at + 1) & mask) {
      const uint64_t slot = slots_[at];
      if (static_cast<uint32_t>(slot) == key) return static_cast<int32_t>(slot >> 32);
      if (slot == 0) return -1;
    }
  }

  /** The id of the one-character word `rune` (key runeKeys + rune), or -1 when it has none yet. */
  int32_t FindSingle(Rune rune) const { return rune < kDirect ? singles_[rune] : Find(runeKeys_ + rune); }

  /** Gives `key` the id `id` (a key keeps its first id). */
  void Add(uint32_t key, int32_t id) {
    if (key == 0 || id < 0) return;
    if (key >= runeKeys_ && key - runeKeys_ < kDirect) {
      int32_t& single = singles_[key - runeKeys_];
      if (single < 0) single = id;
      return;
    }
    if (2 * (count_ + 1) > slots_.size()) Grow();
    if (Place(slots_, key, id)) count_++;
  }

 private:
  static constexpr size_t kSlotsAtFirst = 1 << 12;
  // one-character words below this (40 % of the words) find their id in singles_ without a hash probe: CutTokens
  // −10 % of its instructions (bench and corpus-real alike)
  static constexpr Rune kDirect = 0x10000;

  /** A slot for `key`: Fibonacci hashing, its high bits folded down (the keys of a report come in blocks). */
  static size_t SlotOf(uint32_t key, size_t mask) {
    const uint32_t hash = key * 0x9E3779B1u;
    return (hash ^ (hash >> 16)) & mask;
  }

  /** Puts `key` into `slots` unless it is there; returns whether it was not. */
  static bool Place(std::vector<uint64_t>& slots, uint32_t key, int32_t id) {
    const size_t mask = slots.size() - 1;
    for (size_t at = SlotOf(key, mask);; at = (at + 1) & mask) {
      const uint64_t slot = slots[at];
      if (static_cast<uint32_t>(slot) == key) return false;
      if (slot == 0) {
        slots[at] = key | static_cast<uint64_t>(static_cast<uint32_t>(id)) << 32;
        return true;
      }
    }
  }

  void Grow() {
    std::vector<uint64_t> slots(2 * slots_.size(), 0);
    for (uint64_t slot : slots_) {
      if (slot != 0) Place(slots, static_cast<uint32_t>(slot), static_cast<int32_t>(slot >> 32));
    }
    slots_.swap(slots);
  }

  std::vector<uint64_t> slots_ = std::vector<uint64_t>(kSlotsAtFirst, 0);
  std::vector<int32_t> singles_;  // per character below kDirect: the id of its one-character word, or -1
  uint32_t runeKeys_ = 0;
  size_t count_ = 0;
  uint32_t vocabulary_ = 0;  // 0: none yet (the JS serials start at 1)
  uint32_t dictionary_ = 0;
};

/** The dictionary and model of one set of files, and how many environments use it. */
struct Shared {
  Shared(const std::string& key, const std::string& dict, const std::string& hmm, const std::string& user, uint32_t serial)
      : key(key), serial(serial), dict(dict, user), model(hmm), cutter(&this->dict, &model) {}
  const std::string key;
  const uint32_t serial;  // 1 for the first segmenter the process built, 2 for the next, …
  const zongjie::CompactDict dict;
  const cppjieba::HMMModel model;
  const zongjie::MixCutter cutter;
  size_t refs = 0;
};

std::mutex g_mutex;  // guards g_shared and every Shared::refs
// Usually one. Never destroyed: a preload thread (Preload) may still be building when the process exits and
// static destructors run.
std::vector<Shared*>& g_shared = *new std::vector<Shared*>();
size_t g_built = 0;             // how many were ever built (for tests)

/**
 * One environment's (thread's) working memory for `cut`, kept from call to call (a worker cuts many short
 * paragraphs). The arrays only grow (`zongjie::RoomIn`), and are written through pointers: a cut writes a few
 * numbers per character, and push_back's capacity check per number was a tenth of the cut's instructions.
 */
struct CutBuffers {
  std::vector<char16_t> units;
  std::vector<Rune> runes;
  std::vector<uint32_t> after;
  std::vector<uint32_t> words;
  std::vector<uint32_t> states;
  std::vector<uint32_t> separators;  // CutUnits: the separators' indices in runes, then runeCount
  std::vector<int32_t> pairs;  // cutRanges: each word's end and key, for the whole text
  // cutTokens: each kept word's start, end and id (or -1 - its key), for the whole text
  std::vector<int32_t> tokenStarts, tokenEnds, tokenIds;
  std::vector<int32_t> rangeStarts;  // cutTokens: the index of each range's first kept word, and the count
  uint32_t runeCount = 0;      // runes[0, runeCount) are the last cut's characters
  uint32_t wordCount = 0;      // words[0, wordCount) (and states) are the last cut's
  zongjie::CutScratch scratch;
  /** Writes each word's UTF-16 end offset (the offset after its last character) into `ends`, wordCount of them. */
  void WriteEnds(int32_t* ends) const {
    for (size_t k = 0; k < wordCount; k++) ends[k] = static_cast<int32_t>(after[words[k] - 1]);
  }
  /** Gives back what a long text made it hold (≈ 70 bytes per character), so that a thread keeps a few MiB. */
  void Trim() {
    if (units.capacity() > kKeep || pairs.capacity() > 2 * kKeep || runes.capacity() > kKeep || tokenIds.capacity() > kKeep) {
      *this = CutBuffers();
    }
  }
  // characters kept for the next call (a report of corpus-real has up to ≈ 32,000)
  static constexpr size_t kKeep = 1 << 17;
};

/** What one environment (the main thread or a worker) holds. */
struct EnvData {
  Shared* shared = nullptr;
  // Here rather than thread_local: the compiler re-read a thread_local's address (__tls_get_addr) in the inner
  // loops it was passed to, ≈ 40 instructions per character.
  CutBuffers buffers;
  IdsByKey ids;  // of the vocabulary that cutTokens was last given
};

/** Frees a segmenter nobody uses and gives its pages back to the system. */
void Destroy(Shared* shared) {
  delete shared;
#ifdef __GLIBC__
  malloc_trim(0);
#endif
}

/**
 * Drops one environment's reference; the last one frees the dictionary. A worker's `terminate()` waits for its
 * environment's cleanup, and the HMM model's hash maps (and, before the compact trie, cppjieba's trie) take a
 * while to free, so on Linux it is freed on a thread of its own (the library is linked `-z nodelete`, so that
 * Node unloading the addon with its last environment cannot unmap the code that thread runs).
 */
void Release(Shared* shared) {
  if (shared == nullptr) return;
  {
    std::lock_guard<std::mutex> lock(g_mutex);
    if (--shared->refs > 0) return;
    g_shared.erase(std::find(g_shared.begin(), g_shared.end(), shared));
  }
#ifdef __linux__
  try {
    std::thread(Destroy, shared).detach();
    return;
  } catch (const std::system_error&) {
    // no thread to spare: free it here
  }
#endif
  Destroy(shared);
}

void FinalizeEnvData(napi_env /*env*/, void* data, void* /*hint*/) {
  EnvData* envData = static_cast<EnvData*>(data);
  Release(envData->shared);
  delete envData;
}

// --- N-API helpers -----------------------------------------------------------------------------------------

/** A pending JS exception was set; the caller returns nullptr. */
napi_value Throw(napi_env env, const std::string& message) {
  napi_throw_error(env, nullptr, message.c_str());
  return nullptr;
}

bool GetUtf8(napi_env env, napi_value value, std::string* out) {
  size_t length = 0;
  if (napi_get_value_string_utf8(env, value, nullptr, 0, &length) != napi_ok) return false;
  std::vector<char> buffer(length + 1);
  if (napi_get_value_string_utf8(env, value, buffer.data(), buffer.size(), &length) != napi_ok) return false;
  out->assign(buffer.data(), length);
  return true;
}

EnvData* GetEnvData(napi_env env) {
  void* data = nullptr;
  napi_get_instance_data(env, &data);
  return static_cast<EnvData*>(data);
}

/**
 * The start of every call that cuts with the loaded dictionary (`name` is the export's): reads the call's arguments
 * into argv (*argc: room in, count out) and returns the environment's data, or null with an exception pending when
 * load() has not run.
 */
EnvData* LoadedCall(napi_env env, napi_callback_info info, const char* name, size_t* argc, napi_value* argv) {
  napi_get_cb_info(env, info, argc, argv, nullptr, nullptr);
  EnvData* envData = GetEnvData(env);
  if (envData->shared != nullptr) return envData;
  Throw(env, std::string("zongjie-jieba ") + name + ": call load() first");
  return nullptr;
}

/** cppjieba aborts the process on a file it cannot open (XCHECK); check first so that JS gets an Error. */
std::string Unreadable(const std::string& dict, const std::string& hmm, const std::string& user) {
  std::vector<std::string> files = {dict, hmm};
  // cppjieba splits the user dictionary path at '|' and ';'
  size_t from = 0;
  while (!user.empty() && from <= user.size()) {
    size_t to = user.find_first_of("|;", from);
    if (to == std::string::npos) to = user.size();
    if (to > from) files.push_back(user.substr(from, to - from));
    from = to + 1;
  }
  for (const std::string& file : files) {
    std::ifstream stream(file.c_str());
    if (!stream.is_open()) return file;
  }
  return "";
}

// --- load(dict, hmm, user) ----------------------------------------------------------------------------------

/** What tells one set of files from another (`Shared::key`). */
std::string KeyOf(const std::string& dict, const std::string& hmm, const std::string& user) {
  return dict + '\n' + hmm + '\n' + user;
}

/** The segmenter of `key`'s files, built when the process has none; call holding g_mutex. Throws what the build throws. */
Shared* FindOrBuild(const std::string& key, const std::string& dict, const std::string& hmm, const std::string& user, bool* built) {
  for (Shared* candidate : g_shared) {
    if (candidate->key == key) return candidate;
  }
  Shared* shared = new Shared(key, dict, hmm, user, static_cast<uint32_t>(g_built + 1));
  g_shared.push_back(shared);
  g_built++;
  *built = true;
  return shared;
}

/** Building holds the file text, the word list and the trie under construction; gives those pages back. */
void TrimAfterBuild() {
#ifdef __GLIBC__
  malloc_trim(0);
#endif
}

/** Reads load()'s and preload()'s three paths; false when they are not three strings. */
bool GetPaths(napi_env env, napi_callback_info info, std::string* dict, std::string* hmm, std::string* user) {
  size_t argc = 3;
  napi_value argv[3];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  return argc == 3 && GetUtf8(env, argv[0], dict) && GetUtf8(env, argv[1], hmm) && GetUtf8(env, argv[2], user);
}

/**
 * Makes this environment use the segmenter of these files: the one another thread built if there is one, else
 * a new one (built while holding the lock, so that two threads asking at once build it once). Returns true when
 * this call built it.
 */
napi_value Load(napi_env env, napi_callback_info info) {
  std::string dict, hmm, user;
  if (!GetPaths(env, info, &dict, &hmm, &user)) {
    return Throw(env, "zongjie-jieba load: expected three paths (dictionary, HMM model, user dictionary)");
  }
  EnvData* envData = GetEnvData(env);
  const std::string key = KeyOf(dict, hmm, user);
  napi_value result;
  if (envData->shared != nullptr && envData->shared->key == key) {
    napi_get_boolean(env, false, &result);
    return result;
  }
  const std::string missing = Unreadable(dict, hmm, user);
  if (!missing.empty()) return Throw(env, "zongjie-jieba load: cannot read " + missing);

  Shared* shared = nullptr;
  bool built = false;
  {
    std::lock_guard<std::mutex> lock(g_mutex);
    try {
      shared = FindOrBuild(key, dict, hmm, user, &built);
    } catch (const std::exception& error) {
      return Throw(env, std::string("zongjie-jieba load: ") + error.what());
    }
    shared->refs++;
  }
  if (built) TrimAfterBuild();
  Release(envData->shared);
  envData->shared = shared;
  napi_get_boolean(env, built, &result);
  return result;
}

// --- preload(dict, hmm, user) -------------------------------------------------------------------------------

/** The preload thread: builds the segmenter unless one is built; a failure is left for load() to report. */
void BuildInBackground(const std::string key, const std::string dict, const std::string hmm, const std::string user) {
  bool built = false;
  {
    std::lock_guard<std::mutex> lock(g_mutex);
    try {
      FindOrBuild(key, dict, hmm, user, &built);
    } catch (const std::exception&) {
      return;
    }
  }
  if (built) TrimAfterBuild();
}

/**
 * Starts building the segmenter of these files on a thread of its own and returns at once, so that the build
 * (≈ 0.3 s of CPU) runs while the process does other things (the main thread walks the corpus and starts its
 * workers, which load() it). The build holds g_mutex, so a load() of the same files waits for it and takes it;
 * a load() that comes first builds it itself, and the preload then finds it built. Nobody uses it until a load():
 * it is not freed before one has and let it go. Returns false when the files cannot be read or no thread could
 * be started (load() reports the error).
 */
napi_value Preload(napi_env env, napi_callback_info info) {
  std::string dict, hmm, user;
  if (!GetPaths(env, info, &dict, &hmm, &user)) {
    return Throw(env, "zongjie-jieba preload: expected three paths (dictionary, HMM model, user dictionary)");
  }
  bool started = false;
  if (Unreadable(dict, hmm, user).empty()) {
    try {
      std::thread(BuildInBackground, KeyOf(dict, hmm, user), dict, hmm, user).detach();
      started = true;
    } catch (const std::system_error&) {
      // no thread to spare: load() builds it
    }
  }
  napi_value result;
  napi_get_boolean(env, started, &result);
  return result;
}

// --- cut(text, hmm) -----------------------------------------------------------------------------------------

/** Reads the code units of the string `text` into `buffers.units`; returns an error message, or nullptr. */
const char* ReadUnits(napi_env env, napi_value text, CutBuffers& buffers, size_t* length) {
  if (napi_get_value_string_utf16(env, text, nullptr, 0, length) != napi_ok) return "expected a string";
  if (*length > INT32_MAX - 1) return "text too long";
  char16_t* units = zongjie::RoomIn(buffers.units, *length + 1);
  napi_get_value_string_utf16(env, text, units, *length + 1, length);
  return nullptr;
}

/**
 * The character of code unit `unit` (from U+D800 up) at units[*next - 1], as V8 encodes it to UTF-8: a surrogate
 * pair is one character (*next then moves past its second unit, below `to`), a lone surrogate is U+FFFD.
 */
Rune DecodeFromD800(Rune unit, const char16_t* units, uint32_t to, uint32_t* next) {
  if (unit > 0xDFFF) return unit;
  const uint32_t i = *next;
  if (unit <= 0xDBFF && i < to && units[i] >= 0xDC00 && units[i] <= 0xDFFF) {
    *next = i + 1;
    return 0x10000 + ((unit - 0xD800) << 10) + (units[i] - 0xDC00);
  }
  return 0xFFFD;
}

/**
 * Cuts code units [from, to) of `buffers.units` as nodejieba.cut(that text, hmm) does into `buffers.words` (each
 * word's end as an index into `buffers.runes`; `buffers.after[n]` is the UTF-16 offset in the whole text after
 * character n) and, with `states`, each word's dictionary state into `buffers.states` (see MixCutter::Cut);
 * `buffers.wordCount` words. The code units are decoded to code points as V8 encodes a string to UTF-8 for
 * nodejieba (a surrogate pair is one character, a lone surrogate is U+FFFD), so the cut is the same; offsets
 * count UTF-16 units, so an astral character spans two. Returns whether the text has a U+FFFD (a lone
 * surrogate, or one of its own).
 */
bool CutUnits(uint32_t from, uint32_t to, bool hmm, bool states, const Shared& shared, CutBuffers& buffers) {
  const char16_t* units = buffers.units.data();
  // runes[n]: character n; after[n]: the UTF-16 offset after it (at most one character per code unit)
  Rune* runes = zongjie::RoomIn(buffers.runes, to - from);
  uint32_t* after = zongjie::RoomIn(buffers.after, to - from);
  // the separators' indices in `runes`, found as the characters are decoded (a walk of their own over the
  // characters was a fifth of CutUnits' instructions), and room for `count` after them
  uint32_t* separators = zongjie::RoomIn(buffers.separators, to - from + 1);
  uint32_t separatorCount = 0;
  uint32_t count = 0;
  bool replaced = false;
  for (uint32_t i = from; i < to; count++) {
    Rune rune = units[i++];
    if (rune >= 0xD800) {
      rune = DecodeFromD800(rune, units, to, &i);
      replaced |= rune == 0xFFFD;
    }
    // Note: below U+D800 the compiler drops IsSeparator's test for '，' (U+FF0C): a Han character costs the two
    // compares with 0xD800 and 0x3002
    if (IsSeparator(rune)) separators[separatorCount++] = count;
    runes[count] = rune;
    after[count] = i;
  }
  separators[separatorCount] = count;

  // As cppjieba's PreFilter: each separator is a range of its own, and the text between separators is one
  // range; MixSegment cuts each range. `words` gets each word's end, as an index into `runes` (no more words
  // than characters).
  const zongjie::MixCutter& cutter = shared.cutter;
  uint32_t* words = zongjie::RoomIn(buffers.words, count);
  uint32_t* wordStates = states ? zongjie::RoomIn(buffers.states, count) : nullptr;
  uint32_t wordCount = 0;
  const auto cut = [&](uint32_t begin, uint32_t end) {
    wordCount += cutter.Cut(runes, begin, end, hmm, &buffers.scratch, words + wordCount,
                            wordStates != nullptr ? wordStates + wordCount : nullptr);
  };
  uint32_t cursor = 0;
  for (uint32_t s = 0; s <= separatorCount; s++) {
    const uint32_t separator = separators[s];  // count after the last one
    if (cursor < separator) cut(cursor, separator);
    if (separator < count) cut(separator, separator + 1);
    cursor = separator + 1;
  }
  buffers.runeCount = count;
  buffers.wordCount = wordCount;
  return replaced;
}

/** Cuts the string `text` as nodejieba.cut(text, hmm) does (see CutUnits). Returns an error message, or nullptr. */
const char* CutText(napi_env env, napi_value text, bool hmm, const Shared& shared, CutBuffers& buffers) {
  size_t length = 0;
  if (const char* error = ReadUnits(env, text, buffers, &length)) return error;
  CutUnits(0, static_cast<uint32_t>(length), hmm, false, shared, buffers);
  return nullptr;
}

/** Reads `hmm` (argument `at`, default true); false when it is given and not a boolean. */
bool HmmArgument(napi_env env, size_t argc, napi_value* argv, size_t at, bool* hmm) {
  *hmm = true;
  if (argc <= at) return true;
  napi_valuetype type;
  napi_typeof(env, argv[at], &type);
  return type == napi_undefined || napi_get_value_bool(env, argv[at], hmm) == napi_ok;
}

/** Reads an Int32Array argument: its data and length in elements; false when `value` is no Int32Array. */
bool Int32ArrayArgument(napi_env env, napi_value value, int32_t** data, size_t* length) {
  bool isTypedArray = false;
  napi_is_typedarray(env, value, &isTypedArray);
  napi_typedarray_type type = napi_uint8_array;
  void* raw = nullptr;
  if (!isTypedArray || napi_get_typedarray_info(env, value, &type, length, &raw, nullptr, nullptr) != napi_ok ||
      type != napi_int32_array) {
    return false;
  }
  *data = static_cast<int32_t*>(raw);
  return true;
}

/**
 * A new Int32Array of `values` Int32s in `result`, its elements at `data` (nullptr for none); false when it cannot
 * be made.
 */
bool NewInt32Array(napi_env env, size_t values, napi_value* result, int32_t** data) {
  napi_value buffer;
  void* raw = nullptr;
  if (napi_create_arraybuffer(env, values * sizeof(int32_t), &raw, &buffer) != napi_ok ||
      napi_create_typedarray(env, napi_int32_array, values, buffer, 0, result) != napi_ok) {
    return false;
  }
  *data = static_cast<int32_t*>(raw);
  return true;
}

/** Whether [from, to) lies within a text of `length` UTF-16 units. */
bool WithinText(int32_t from, int32_t to, size_t length) {
  return from >= 0 && to >= from && static_cast<size_t>(to) <= length;
}

/** "range r [from, to)", as errors about a range name it. */
std::string RangeName(size_t r, int32_t from, int32_t to) {
  return "range " + std::to_string(r) + " [" + std::to_string(from) + ", " + std::to_string(to) + ")";
}

/**
 * cut(text, hmm): the words' UTF-16 end offsets, as an Int32Array (word k is text.slice(ends[k - 1] ?? 0,
 * ends[k])); see CutText.
 */
napi_value Cut(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  EnvData* envData = LoadedCall(env, info, "cut", &argc, argv);
  if (envData == nullptr) return nullptr;
  if (argc < 1) return Throw(env, "zongjie-jieba cut: expected a string");
  bool hmm;
  if (!HmmArgument(env, argc, argv, 1, &hmm)) return Throw(env, "zongjie-jieba cut: hmm must be a boolean");
  CutBuffers& buffers = envData->buffers;
  if (const char* error = CutText(env, argv[0], hmm, *envData->shared, buffers)) {
    return Throw(env, std::string("zongjie-jieba cut: ") + error);
  }
  napi_value result;
  int32_t* out = nullptr;
  if (!NewInt32Array(env, buffers.wordCount, &result, &out)) {
    buffers.Trim();
    return Throw(env, "zongjie-jieba cut: cannot allocate the result");
  }
  buffers.WriteEnds(out);
  buffers.Trim();
  return result;
}

/**
 * cutRanges(text, ranges, hmm, out): cuts each range [ranges[2r], ranges[2r + 1]) of `text` as cut(that slice,
 * hmm) does, in one call for a whole report. Writes into the Int32Array `out`, for word k of all the ranges in
 * turn: out[2k], its end as a UTF-16 offset in `text`, and out[2k + 1], its key: its state in the dictionary (a
 * number that is the same for every occurrence of the word, and no other word's, while this environment keeps
 * the dictionary of dictionaryId()), or 0 where there is none (words the dictionary does not have, the HMM's, and
 * every word of a range with a U+FFFD or a lone surrogate, whose characters would not tell it apart). Returns the
 * number of words n; when `out` holds fewer than 2n, writes nothing and returns -n.
 */
napi_value CutRanges(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  EnvData* envData = LoadedCall(env, info, "cutRanges", &argc, argv);
  if (envData == nullptr) return nullptr;
  if (argc < 4) return Throw(env, "zongjie-jieba cutRanges: expected a string, an Int32Array of ranges, hmm and an Int32Array");
  bool hmm;
  if (!HmmArgument(env, argc, argv, 2, &hmm)) return Throw(env, "zongjie-jieba cutRanges: hmm must be a boolean");
  int32_t* ranges = nullptr;
  int32_t* out = nullptr;
  size_t rangeValues = 0, capacity = 0;
  if (!Int32ArrayArgument(env, argv[1], &ranges, &rangeValues)) return Throw(env, "zongjie-jieba cutRanges: ranges must be an Int32Array");
  if (!Int32ArrayArgument(env, argv[3], &out, &capacity)) return Throw(env, "zongjie-jieba cutRanges: out must be an Int32Array");
  const size_t rangeCount = rangeValues / 2;
  CutBuffers& buffers = envData->buffers;
  size_t length = 0;
  if (const char* error = ReadUnits(env, argv[0], buffers, &length)) {
    return Throw(env, std::string("zongjie-jieba cutRanges: ") + error);
  }
  size_t n = 0;  // words so far
  for (size_t r = 0; r < rangeCount; r++) {
    const int32_t from = ranges[2 * r], to = ranges[2 * r + 1];
    if (!WithinText(from, to, length)) {
      buffers.Trim();
      return Throw(env, "zongjie-jieba cutRanges: " + RangeName(r, from, to) + " is not within the text");
    }
    const bool replaced = CutUnits(from, to, hmm, true, *envData->shared, buffers);
    const uint32_t* words = buffers.words.data();
    const uint32_t* states = buffers.states.data();
    const uint32_t* after = buffers.after.data();
    int32_t* pairs = zongjie::RoomIn(buffers.pairs, 2 * (n + buffers.wordCount)) + 2 * n;
    for (size_t k = 0; k < buffers.wordCount; k++) {
      pairs[2 * k] = static_cast<int32_t>(after[words[k] - 1]);
      pairs[2 * k + 1] = replaced ? 0 : static_cast<int32_t>(states[k]);
    }
    n += buffers.wordCount;
  }
  const bool fits = 2 * n <= capacity;
  if (fits) std::copy(buffers.pairs.data(), buffers.pairs.data() + 2 * n, out);
  buffers.Trim();
  napi_value result;
  napi_create_int32(env, fits ? static_cast<int32_t>(n) : -static_cast<int32_t>(n), &result);
  return result;
}

// --- cutTokens(text, ranges, hmm, vocabulary) ------------------------------------------------------------------

/** A JS Error with `code` 'E_ALIGN' (segment.ts throws its AlignmentError for it); returns nullptr. */
napi_value ThrowAlign(napi_env env, const std::string& message) {
  napi_throw_error(env, "E_ALIGN", message.c_str());
  return nullptr;
}

/**
 * Appends the words of the last CutUnits over [from, to) to buffers' tokens, whitespace words left out: start and
 * end (UTF-16 offsets in the text) and the vocabulary's id by the word's key, or -1 - key when it has none. A
 * word's key: for a word of one character, `runeKeys` + the character (the HMM's single characters and
 * punctuation, 40 % of the words, have no dictionary state); else its dictionary state as cutRanges gives it (0:
 * no key). No key in a range with a U+FFFD (`replaced`), which may stand for a lone surrogate. `n` is the count
 * of tokens so far, updated. Returns false, having written part of them, when the words do not tile the range (a
 * bug of the cut).
 */
bool AppendTokens(int32_t from, bool replaced, uint32_t runeKeys, const IdsByKey& ids, CutBuffers& buffers, size_t* n) {
  const Rune* runes = buffers.runes.data();
  const uint32_t* after = buffers.after.data();
  const uint32_t* words = buffers.words.data();
  const uint32_t* states = buffers.states.data();
  int32_t* starts = buffers.tokenStarts.data();
  int32_t* ends = buffers.tokenEnds.data();
  int32_t* tokenIds = buffers.tokenIds.data();
  size_t t = *n;
  uint32_t begin = 0;  // the word's first character
  for (size_t k = 0; k < buffers.wordCount; k++) {
    const uint32_t end = words[k];
    if (end <= begin || end > buffers.runeCount) return false;
    if (!AllJsSpace(runes, begin, end)) {
      const bool single = end - begin == 1;
      const uint32_t key = replaced ? 0 : single ? runeKeys + runes[begin] : states[k];
      const int32_t id = key == 0 ? -1 : single ? ids.FindSingle(runes[begin]) : ids.Find(key);
      starts[t] = begin == 0 ? from : static_cast<int32_t>(after[begin - 1]);
      ends[t] = static_cast<int32_t>(after[end - 1]);
      tokenIds[t] = id >= 0 ? id : -1 - static_cast<int32_t>(key);
      t++;
    }
    begin = end;
  }
  *n = t;
  return begin == buffers.runeCount;
}

/**
 * cutTokens(text, ranges, hmm, vocabulary): the words of cutRanges(text, ranges, hmm), whitespace words (all of
 * whose characters are JS's `\s`) left out, as one new Int32Array of 3n + r + 1 numbers for n words and r ranges:
 * the words' starts, their ends (UTF-16 offsets in `text`), their ids, and the index of each range's first word
 * followed by n. A word's id is the one `learnIds` gave its key for vocabulary `vocabulary` (a number > 0 for
 * one JS TokenVocabulary of this thread), else -1 - its key (-1 for a word with no key; see AppendTokens). The ids are forgotten
 * when another vocabulary or dictionary is used. Throws for a range outside the text, and an Error of code
 * 'E_ALIGN' when the words would not tile a range.
 */
napi_value CutTokens(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  EnvData* envData = LoadedCall(env, info, "cutTokens", &argc, argv);
  if (envData == nullptr) return nullptr;
  if (argc < 4) return Throw(env, "zongjie-jieba cutTokens: expected a string, an Int32Array of ranges, hmm and a vocabulary number");
  bool hmm;
  if (!HmmArgument(env, argc, argv, 2, &hmm)) return Throw(env, "zongjie-jieba cutTokens: hmm must be a boolean");
  int32_t* ranges = nullptr;
  size_t rangeValues = 0;
  if (!Int32ArrayArgument(env, argv[1], &ranges, &rangeValues)) return Throw(env, "zongjie-jieba cutTokens: ranges must be an Int32Array");
  uint32_t vocabulary = 0;
  if (napi_get_value_uint32(env, argv[3], &vocabulary) != napi_ok || vocabulary == 0) {
    return Throw(env, "zongjie-jieba cutTokens: vocabulary must be a number above 0");
  }
  const size_t rangeCount = rangeValues / 2;
  CutBuffers& buffers = envData->buffers;
  size_t length = 0;
  if (const char* error = ReadUnits(env, argv[0], buffers, &length)) {
    return Throw(env, std::string("zongjie-jieba cutTokens: ") + error);
  }
  // the keys of one-character words follow the dictionary's states (a state and a code point fit an int32)
  const uint32_t runeKeys = envData->shared->dict.StateCount();
  envData->ids.Use(vocabulary, envData->shared->serial, runeKeys);
  int32_t* rangeStarts = zongjie::RoomIn(buffers.rangeStarts, rangeCount + 1);
  size_t n = 0;  // tokens so far
  for (size_t r = 0; r < rangeCount; r++) {
    const int32_t from = ranges[2 * r], to = ranges[2 * r + 1];
    if (!WithinText(from, to, length)) {
      buffers.Trim();
      return Throw(env, "zongjie-jieba cutTokens: " + RangeName(r, from, to) + " is not within the text");
    }
    rangeStarts[r] = static_cast<int32_t>(n);
    const bool replaced = CutUnits(from, to, hmm, true, *envData->shared, buffers);
    // no more tokens than code units in the ranges so far
    zongjie::RoomIn(buffers.tokenStarts, n + buffers.wordCount);
    zongjie::RoomIn(buffers.tokenEnds, n + buffers.wordCount);
    zongjie::RoomIn(buffers.tokenIds, n + buffers.wordCount);
    if (!AppendTokens(from, replaced, runeKeys, envData->ids, buffers, &n)) {
      buffers.Trim();
      return ThrowAlign(env, "zongjie-jieba cutTokens: the words of " + RangeName(r, from, to) + " do not tile it");
    }
  }
  rangeStarts[rangeCount] = static_cast<int32_t>(n);
  napi_value result;
  int32_t* out = nullptr;
  if (!NewInt32Array(env, 3 * n + rangeCount + 1, &result, &out)) {
    buffers.Trim();
    return Throw(env, "zongjie-jieba cutTokens: cannot allocate the result");
  }
  std::copy(buffers.tokenStarts.data(), buffers.tokenStarts.data() + n, out);
  std::copy(buffers.tokenEnds.data(), buffers.tokenEnds.data() + n, out + n);
  std::copy(buffers.tokenIds.data(), buffers.tokenIds.data() + n, out + 2 * n);
  std::copy(rangeStarts, rangeStarts + rangeCount + 1, out + 3 * n);
  buffers.Trim();
  return result;
}

/**
 * learnIds(vocabulary, pairs, count): gives keys their ids for cutTokens with vocabulary `vocabulary`: pairs[2i]
 * is a key (cutTokens reported -1 - key for its word), pairs[2i + 1] its id, for i < count. Keys of 0 are skipped.
 */
napi_value LearnIds(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  EnvData* envData = LoadedCall(env, info, "learnIds", &argc, argv);
  if (envData == nullptr) return nullptr;
  uint32_t vocabulary = 0, count = 0;
  int32_t* pairs = nullptr;
  size_t values = 0;
  if (argc < 3 || napi_get_value_uint32(env, argv[0], &vocabulary) != napi_ok || vocabulary == 0 ||
      !Int32ArrayArgument(env, argv[1], &pairs, &values) || napi_get_value_uint32(env, argv[2], &count) != napi_ok ||
      2 * static_cast<size_t>(count) > values) {
    return Throw(env, "zongjie-jieba learnIds: expected a vocabulary number above 0, an Int32Array of pairs and their count");
  }
  IdsByKey& ids = envData->ids;
  ids.Use(vocabulary, envData->shared->serial, envData->shared->dict.StateCount());
  for (size_t i = 0; i < count; i++) ids.Add(static_cast<uint32_t>(pairs[2 * i]), pairs[2 * i + 1]);
  return nullptr;
}

/** dictionaryId(): which segmenter this environment uses (see cutRanges' keys), 0 before load(). */
napi_value DictionaryId(napi_env env, napi_callback_info /*info*/) {
  const Shared* shared = GetEnvData(env)->shared;
  napi_value result;
  napi_create_uint32(env, shared != nullptr ? shared->serial : 0, &result);
  return result;
}

// --- stats() ------------------------------------------------------------------------------------------------

/** { loaded, instances, refs, built }: whether this environment has a segmenter, how many the process holds, how
 * many environments use them, how many were built since the process started. For tests and diagnostics. */
napi_value Stats(napi_env env, napi_callback_info /*info*/) {
  size_t instances, refs = 0, built;
  {
    std::lock_guard<std::mutex> lock(g_mutex);
    instances = g_shared.size();
    for (Shared* shared : g_shared) refs += shared->refs;
    built = g_built;
  }
  napi_value result, value;
  napi_create_object(env, &result);
  napi_get_boolean(env, GetEnvData(env)->shared != nullptr, &value);
  napi_set_named_property(env, result, "loaded", value);
  napi_create_uint32(env, static_cast<uint32_t>(instances), &value);
  napi_set_named_property(env, result, "instances", value);
  napi_create_uint32(env, static_cast<uint32_t>(refs), &value);
  napi_set_named_property(env, result, "refs", value);
  napi_create_uint32(env, static_cast<uint32_t>(built), &value);
  napi_set_named_property(env, result, "built", value);
  return result;
}

}  // namespace

NAPI_MODULE_INIT() {
  // The environment's data is released with the environment (a worker that ends, the main thread at exit).
  if (napi_set_instance_data(env, new EnvData(), FinalizeEnvData, nullptr) != napi_ok) return nullptr;
  napi_property_descriptor properties[] = {
      {"load", nullptr, Load, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"preload", nullptr, Preload, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"cut", nullptr, Cut, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"cutRanges", nullptr, CutRanges, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"cutTokens", nullptr, CutTokens, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"learnIds", nullptr, LearnIds, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"dictionaryId", nullptr, DictionaryId, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"stats", nullptr, Stats, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  napi_define_properties(env, exports, sizeof(properties) / sizeof(properties[0]), properties);
  return exports;
}
