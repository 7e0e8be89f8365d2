// zongjie-jieba: the dictionary, as a double-array trie.
//
// Replaces cppjieba's DictTrie and Trie (DictTrie.hpp, Trie.hpp) for what `cut` asks of them: the words and
// weights that MPSegment's DAG walks, the smallest weight of the main dictionary, and the user dictionary's
// single-character words that MixSegment keeps out of the HMM. Why: cppjieba's trie is a node object with an
// `unordered_map` of children per node, plus a DictUnit (a Unicode vector and a std::string tag) per word:
// about 110 MiB for jieba.dict.utf8 and 0.7 s to build, and every DAG step is a hash lookup that misses the
// cache. Here the words are first laid out as a trie in flat arrays, breadth first (the children of a node
// consecutive, sorted by character), and that trie is then packed into a double array (Aoe's): one cell per
// node, where the child of state s by character code c is cell base(s) + c if that cell's check is s. A step of
// the DAG's walk reads one cell (16 bytes: base, check and the word's weight, a double as cppjieba computes it,
// so that the DP adds and compares the same numbers), where a search among a node's children read several cache
// lines (the walk is most of `cut`'s time, and most of that was waiting for memory). Characters are coded by how
// many trie nodes have them, so the root's children of the common characters sit together at the front.
// About 20 MiB, built in ≈ 0.4 s once per process.
//
// Loading follows DictTrie::Init step for step, so that the words and weights are the same:
// - the main dictionary: each line split at every ' ' (limonp::Split: empty fields count, a trailing ' ' does
//   not) into exactly three fields `word freq tag`; weight = log(freq / sum of all freqs), freq read by atof;
// - the median, minimum and maximum weight of the main dictionary; a user word without a frequency gets the
//   median (DictTrie's default WordWeightMedian);
// - user dictionaries: the path split at '|' and ';'; each non-empty line split at ' ': `word`, `word tag` (the
//   median weight) or `word freq tag` (weight = log(atoi(freq) / sum)); more fields give no word (cppjieba
//   inserts an empty one); a word of one character is a "user single-character word";
// - words are decoded as cppjieba::DecodeUTF8RunesInString does (leniently; a word it cannot decode is empty
//   and never inserted), and when a word occurs twice the later one's weight wins (Trie::InsertNode overwrites).
// Differences, on malformed files only: where cppjieba aborts the process (XCHECK: a file it cannot open, a main
// dictionary line without three fields) this throws std::runtime_error.

#ifndef ZONGJIE_COMPACT_DICT_HPP
#define ZONGJIE_COMPACT_DICT_HPP

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "cppjieba/Unicode.hpp"
#include "huge_array.hpp"

namespace zongjie {

using Rune = uint32_t;

class CompactDict {
 public:
  /** A state of the double array (a trie node): 0 is the root, and "no state" where a transition is looked up. */
  using State = uint32_t;

  CompactDict(const std::string& dictPath, const std::string& userPaths) {
    Words words;
    LoadMain(dictPath, &words);
    if (!userPaths.empty()) LoadUser(userPaths, &words);
    BuildDoubleArray(BuildTrie(words));
  }

  /** The code of `rune` in the double array (1, 2, …), or 0 when no word has it. */
  uint32_t Code(Rune rune) const {
    if (rune < kDirect) return codes_[rune];
    const auto at = std::lower_bound(astralRunes_.begin(), astralRunes_.end(), rune);
    return at != astralRunes_.end() && *at == rune ? astralCodes_[at - astralRunes_.begin()] : 0;
  }

  /** The codes of `size` characters (Code of each), into `codes`. */
  void Codes(const Rune* runes, uint32_t size, uint32_t* codes) const {
    const uint32_t* direct = codes_.data();  // in a local: the stores to `codes` would make it read again
    for (uint32_t i = 0; i < size; i++) {
      const Rune rune = runes[i];
      codes[i] = rune < kDirect ? direct[rune] : Code(rune);
    }
  }

  /** The child of `state` by the character of code `code`, or 0 (always 0 for code 0, a character no word has). */
  State Next(State state, uint32_t code) const {
    const State child = (cells_[state].base & ~kWordBit) + code;
    return cells_[child].check == state ? child : 0;
  }

  /** How many states there are: every State is below it. */
  uint32_t StateCount() const { return static_cast<uint32_t>(cells_.size()); }

  /** Whether the characters that lead to `state` are a dictionary word; then Weight(state) is its weight. */
  bool IsWord(State state) const { return (cells_[state].base & kWordBit) != 0; }
  double Weight(State state) const { return cells_[state].weight; }
  /**
   * Weight(state) where IsWord(state), and -infinity for every other state, 0 (no state) included: a sum with it
   * is never greater than another value, so the walk adds and compares without asking IsWord first.
   */
  double WeightOrNone(State state) const { return cells_[state].weight; }

  /** The smallest weight of the main dictionary: what MPSegment gives a character that is no word. */
  double MinWeight() const { return minWeight_; }

  /** Whether the user dictionary has `rune` as a word of its own (DictTrie::IsUserDictSingleChineseWord). */
  bool IsUserSingle(Rune rune) const {
    if (rune < kDirect) return (userSingleBits_[rune >> 6] >> (rune & 63)) & 1;
    return std::binary_search(userSingles_.begin(), userSingles_.end(), rune);
  }

  /** Bytes held by the arrays (for diagnostics). */
  size_t Bytes() const {
    return cells_.Bytes() + codes_.capacity() * sizeof(uint32_t) +
           (astralRunes_.capacity() + astralCodes_.capacity() + userSingles_.capacity()) * sizeof(Rune) +
           sizeof(userSingleBits_);
  }

 private:
  static constexpr uint32_t kWordBit = 0x80000000u;
  static constexpr uint32_t kNoParent = 0xFFFFFFFFu;  // the check of a free cell and of the root
  static constexpr Rune kDirect = 0x10000;  // characters below this find their code through codes_
  // how many nodes' children may fail to fit at a free cell before it is left to the nodes of one child
  static constexpr uint8_t kMaxMisses = 4;

  /**
   * A cell of the double array: state t is the child of state s by code c when t = base(s) + c and check(t) = s.
   * A free cell has check kNoParent.
   */
  struct Cell {
    uint32_t base;   // high bit: the state is a word
    uint32_t check;  // the parent state
    double weight;   // the word's weight, where IsWord; else -infinity (see WeightOrNone)
  };

  /** A node of the trie: the character that leads to it, and where its children start (high bit: it is a word). */
  struct NodeData {
    Rune rune;
    uint32_t first;
  };

  /**
   * The words as a trie in flat arrays, laid out breadth first: node v's children are nodes [first(v), first(v
   * + 1)), sorted by character; node 0 is the root, and a sentinel node closes the last node's children.
   */
  struct Trie {
    std::vector<NodeData> nodes;
    std::vector<double> weights;  // per node; set where it is a word
    uint32_t Size() const { return static_cast<uint32_t>(nodes.size() - 1); }  // nodes, the root included
    uint32_t FirstChild(uint32_t node) const { return nodes[node].first & ~kWordBit; }
    uint32_t EndChild(uint32_t node) const { return FirstChild(node + 1); }
    bool IsWord(uint32_t node) const { return (nodes[node].first & kWordBit) != 0; }
  };

  /** A field of a line, in the file's text. */
  struct Field {
    const char* data;
    size_t size;
  };

  /** Words as loaded: characters in one buffer, in file order (main dictionary, then user dictionaries). */
  struct Words {
    std::vector<Rune> runes;
    std::vector<uint32_t> starts;  // word k is runes[starts[k], starts[k + 1])
    std::vector<double> weights;
    Words() { starts.push_back(0); }
    size_t Size() const { return weights.size(); }
    /**
     * Room for the words of a file of `bytes` bytes, so that the arrays are not copied as they grow (each copy
     * is fresh pages, and a page fault costs more than the copy). Bounds: a character is at least a byte and a
     * line of the main dictionary usually at least 6 ("a 1 n\n"; shorter ones only make the arrays grow as
     * before); room never written is never touched, so it costs address space, not memory.
     */
    void Reserve(size_t bytes) {
      runes.reserve(runes.size() + bytes);
      starts.reserve(starts.size() + bytes / 6 + 1);
      weights.reserve(weights.size() + bytes / 6 + 1);
    }
    void Add(const Field& word, double weight) {
      const size_t before = runes.size();
      // cppjieba::DecodeUTF8RunesInString: a word that does not decode is empty
      for (size_t i = 0; i < word.size;) {
        cppjieba::RuneStrLite rune = cppjieba::DecodeUTF8ToRune(word.data + i, word.size - i);
        if (rune.len == 0) {
          runes.resize(before);
          break;
        }
        runes.push_back(rune.rune);
        i += rune.len;
      }
      starts.push_back(static_cast<uint32_t>(runes.size()));
      weights.push_back(weight);
    }
    uint32_t Length(size_t k) const { return starts[k + 1] - starts[k]; }
  };

  /** The bytes of the file at `path`. */
  static std::string ReadFile(const std::string& path) {
    std::ifstream stream(path.c_str(), std::ios::binary);
    if (!stream.is_open()) throw std::runtime_error("cannot open " + path);
    stream.seekg(0, std::ios::end);
    const std::streamoff size = stream.tellg();
    stream.seekg(0, std::ios::beg);
    std::string text(size > 0 ? static_cast<size_t>(size) : 0, '\0');
    if (size > 0 && !stream.read(&text[0], size)) throw std::runtime_error("cannot read " + path);
    return text;
  }

  /**
   * Each line of `text` split into fields: lines as std::getline gives them (the last one without its '\n'),
   * fields as limonp::Split(line, fields, " ") gives them (every ' ' ends a field; no field after a trailing ' '),
   * as cppjieba reads the files.
   */
  template <typename Fn>
  static void ForEachLine(const std::string& text, Fn fn) {
    std::vector<Field> fields;
    const char* const end = text.data() + text.size();
    for (const char* line = text.data(); line < end;) {
      const char* lineEnd = static_cast<const char*>(memchr(line, '\n', end - line));
      if (lineEnd == nullptr) lineEnd = end;
      fields.clear();
      for (const char* from = line; from < lineEnd;) {
        const char* to = static_cast<const char*>(memchr(from, ' ', lineEnd - from));
        if (to == nullptr) to = lineEnd;
        fields.push_back({from, static_cast<size_t>(to - from)});
        from = to + 1;
      }
      fn(Field{line, static_cast<size_t>(lineEnd - line)}, fields);
      line = lineEnd + 1;
    }
  }

  /**
   * atof of a field (a copy: atof reads up to a NUL). A field of up to 15 digits, as every frequency of
   * jieba.dict.utf8 is, is read here: its value is below 2^53, so atof would give exactly that number too.
   */
  static double Atof(const Field& field, std::string* buffer) {
    if (field.size > 0 && field.size <= 15) {
      uint64_t value = 0;
      size_t i = 0;
      while (i < field.size && field.data[i] >= '0' && field.data[i] <= '9') value = 10 * value + (field.data[i++] - '0');
      if (i == field.size) return static_cast<double>(value);
    }
    buffer->assign(field.data, field.size);
    return atof(buffer->c_str());
  }

  void LoadMain(const std::string& path, Words* words) {
    std::string buffer;
    const std::string text = ReadFile(path);
    words->Reserve(text.size());
    ForEachLine(text, [&](const Field& line, const std::vector<Field>& fields) {
      if (fields.size() != 3) throw std::runtime_error("dictionary line without three fields: " + std::string(line.data, line.size));
      words->Add(fields[0], Atof(fields[1], &buffer));
    });
    if (words->Size() == 0) throw std::runtime_error("empty dictionary " + path);
    // DictTrie::CalcFreqSum and CalculateWeight, in the same order
    freqSum_ = 0.0;
    for (double freq : words->weights) freqSum_ += freq;
    for (double& weight : words->weights) weight = log(double(weight) / freqSum_);
    // DictTrie::SetStaticWordWeights: the same values as sorting the words by weight
    std::vector<double> sorted(words->weights);
    minWeight_ = *std::min_element(sorted.begin(), sorted.end());
    std::nth_element(sorted.begin(), sorted.begin() + sorted.size() / 2, sorted.end());
    medianWeight_ = sorted[sorted.size() / 2];
  }

  void LoadUser(const std::string& paths, Words* words) {
    std::string buffer;
    // limonp::Split(paths, "|;")
    std::vector<std::string> files;
    for (size_t from = 0; from < paths.size();) {
      size_t to = paths.find_first_of("|;", from);
      if (to == std::string::npos) to = paths.size();
      files.push_back(paths.substr(from, to - from));
      from = to + 1;
    }
    for (const std::string& file : files) {
      ForEachLine(ReadFile(file), [&](const Field& line, const std::vector<Field>& fields) {
        if (line.size == 0) return;
        if (fields.size() == 1 || fields.size() == 2) {
          words->Add(fields[0], medianWeight_);
        } else if (fields.size() == 3) {
          buffer.assign(fields[1].data, fields[1].size);
          const int freq = atoi(buffer.c_str());
          words->Add(fields[0], log(1.0 * freq / freqSum_));
        } else {
          return;  // cppjieba adds an empty word
        }
        const size_t k = words->Size() - 1;
        if (words->Length(k) == 1) userSingles_.push_back(words->runes[words->starts[k]]);
      });
    }
    std::sort(userSingles_.begin(), userSingles_.end());
    userSingles_.erase(std::unique(userSingles_.begin(), userSingles_.end()), userSingles_.end());
    userSingles_.shrink_to_fit();
    for (Rune rune : userSingles_) {
      if (rune < kDirect) userSingleBits_[rune >> 6] |= uint64_t{1} << (rune & 63);
    }
  }

  /**
   * Lays the trie out breadth first: node v's children are nodes [first(v), first(v + 1)), sorted by character,
   * so that the nodes of each level, and the children of each node, are consecutive. Built from the words
   * sorted by their characters (and by file order, so that of two equal words the later one wins), where the
   * words below a node are a consecutive range.
   */
  static Trie BuildTrie(const Words& words) {
    std::vector<uint32_t> order;
    order.reserve(words.Size());
    for (uint32_t k = 0; k < words.Size(); k++) {
      if (words.Length(k) > 0) order.push_back(k);
    }
    const Rune* runes = words.runes.data();
    // Sorted (stably, so that equal words stay in file order) by their first three characters packed into one
    // number (21 bits each, 0 after the end, so that a prefix comes first) with a radix sort, then the few
    // words that share those by all their characters.
    std::vector<uint64_t> keys(words.Size());
    for (uint32_t k : order) {
      uint64_t key = 0;
      for (uint32_t d = 0; d < 3; d++) key = (key << 21) | (d < words.Length(k) ? runes[words.starts[k] + d] & 0x1FFFFF : 0);
      keys[k] = key;
    }
    RadixSort(keys, &order);
    auto less = [&](uint32_t a, uint32_t b) {
      return std::lexicographical_compare(runes + words.starts[a], runes + words.starts[a + 1], runes + words.starts[b],
                                          runes + words.starts[b + 1]);
    };
    for (size_t from = 0; from < order.size();) {
      size_t to = from + 1;
      while (to < order.size() && keys[order[to]] == keys[order[from]]) to++;
      if (to - from > 1) std::stable_sort(order.begin() + from, order.begin() + to, less);
      from = to;
    }
    std::vector<uint64_t>().swap(keys);

    // ranges[v]: the words below node v, order[lo, hi); all have node v's characters as their first `depth`
    struct Range {
      uint32_t lo, hi, depth;
    };
    std::vector<Range> ranges;
    std::vector<NodeData> nodes;
    std::vector<double> weights;
    // room for the most nodes there can be (a node per character of every word, the root and the sentinel), so
    // that the arrays are not copied as they grow: see Words::Reserve
    const size_t mostNodes = words.runes.size() + 2;
    ranges.reserve(mostNodes);
    nodes.reserve(mostNodes);
    weights.reserve(mostNodes);
    nodes.push_back({0, 0});
    weights.push_back(0.0);
    ranges.push_back({0, static_cast<uint32_t>(order.size()), 0});
    for (size_t v = 0; v < nodes.size(); v++) {
      const Range range = ranges[v];
      uint32_t k = range.lo;
      // the words that end at this node come first; the last of them (in file order) is the node's word
      while (k < range.hi && words.Length(order[k]) == range.depth) {
        nodes[v].first |= kWordBit;
        weights[v] = words.weights[order[k]];
        k++;
      }
      nodes[v].first |= static_cast<uint32_t>(nodes.size());
      while (k < range.hi) {
        const Rune rune = runes[words.starts[order[k]] + range.depth];
        uint32_t end = k + 1;
        while (end < range.hi && runes[words.starts[order[end]] + range.depth] == rune) end++;
        nodes.push_back({rune, 0});
        weights.push_back(0.0);
        ranges.push_back({k, end, range.depth + 1});
        k = end;
      }
      if (nodes.size() >= kWordBit) throw std::runtime_error("dictionary too large");
    }
    nodes.push_back({0, static_cast<uint32_t>(nodes.size())});  // a sentinel: where the last node's children end
    Trie trie;
    trie.nodes = std::move(nodes);
    trie.weights = std::move(weights);
    return trie;
  }

  /**
   * Packs the trie into the double array: codes the characters, chooses each node's base (PlaceChildren), then
   * fills the cells breadth first from the root, a node's state being its parent's base plus its code.
   */
  void BuildDoubleArray(const Trie& trie) {
    const uint32_t codeCount = CodeCharacters(trie);
    const std::vector<uint32_t> bases = PlaceChildren(trie, codeCount);
    uint32_t lastBase = 0;
    for (uint32_t base : bases) lastBase = std::max(lastBase, base);
    // every state's base plus any code is a cell, so that Next needs no bounds check
    cells_.Assign(static_cast<size_t>(lastBase) + codeCount + 1, Cell{0, kNoParent, -HUGE_VAL});  // see WeightOrNone
    std::vector<std::pair<uint32_t, State>> queue;  // (trie node, its state)
    queue.reserve(trie.Size());
    queue.push_back({0, 0});
    for (size_t q = 0; q < queue.size(); q++) {
      const uint32_t node = queue[q].first;
      const State state = queue[q].second;
      cells_[state].base |= bases[node];
      for (uint32_t child = trie.FirstChild(node); child < trie.EndChild(node); child++) {
        const State at = bases[node] + Code(trie.nodes[child].rune);
        cells_[at].check = state;
        if (trie.IsWord(child)) {
          cells_[at].base = kWordBit;
          cells_[at].weight = trie.weights[child];
        }
        queue.push_back({child, at});
      }
    }
  }

  /**
   * Codes the characters 1, 2, … from the one most trie nodes have (ties by character), so that the cells of the
   * common characters' nodes, the root's children above all, sit close together. Returns how many there are.
   */
  uint32_t CodeCharacters(const Trie& trie) {
    std::vector<Rune> runes;
    runes.reserve(trie.Size());
    for (uint32_t node = 1; node < trie.Size(); node++) runes.push_back(trie.nodes[node].rune);
    std::sort(runes.begin(), runes.end());
    std::vector<std::pair<uint32_t, Rune>> counts;  // (nodes with the character, the character)
    for (size_t from = 0; from < runes.size();) {
      size_t to = from;
      while (to < runes.size() && runes[to] == runes[from]) to++;
      counts.push_back({static_cast<uint32_t>(to - from), runes[from]});
      from = to;
    }
    std::sort(counts.begin(), counts.end(), [](const std::pair<uint32_t, Rune>& a, const std::pair<uint32_t, Rune>& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    codes_.assign(kDirect, 0);
    std::vector<std::pair<Rune, uint32_t>> astral;  // (character, code), for characters from kDirect up
    for (uint32_t k = 0; k < counts.size(); k++) {
      if (counts[k].second < kDirect) {
        codes_[counts[k].second] = k + 1;
      } else {
        astral.push_back({counts[k].second, k + 1});
      }
    }
    std::sort(astral.begin(), astral.end());
    for (const auto& entry : astral) {
      astralRunes_.push_back(entry.first);
      astralCodes_.push_back(entry.second);
    }
    return static_cast<uint32_t>(counts.size());
  }

  /**
   * Each trie node's base: the smallest one at which the cells of all its children are free (first fit), taken
   * node by node from the ones with the most children (placed while the array is still empty) down to those of
   * one child (which fill the gaps left). To keep this near linear in the size of the array: a free cell is
   * found from a position by following links over the taken ones (shortened as they are followed); a free
   * cell where kMaxMisses nodes of several children did not fit is no longer tried for them (`tried` skips it),
   * only for nodes of one child, which fit in any free cell; and a node of several children is tried at 64
   * bases at once, with a bit per cell (`taken`, `eligible`), where testing one base after another was most of
   * the build.
   */
  std::vector<uint32_t> PlaceChildren(const Trie& trie, uint32_t codeCount) const {
    const std::vector<uint32_t> order = ByChildrenDescending(trie);

    std::vector<uint8_t> misses;        // per cell
    std::vector<uint32_t> free, tried;  // per cell: itself when free (and tried), else a cell further on to look at
    // per cell: whether it is taken, and whether it is tried (tried[at] == at: free, with fewer than kMaxMisses
    // misses); the cells not added yet are free and tried
    CellBits taken(false), eligible(true);
    // Room for a few times the cells the nodes need (the array ends up ≈ 2.5 times as long as there are nodes),
    // so that the arrays are not copied as they grow: see Words::Reserve.
    const size_t room = 4 * static_cast<size_t>(trie.Size()) + codeCount;
    for (auto* links : {&free, &tried}) links->reserve(room);
    misses.reserve(room);
    // new cells are free and untried; added a block at a time (a cell at a time was a tenth of the build)
    auto grow = [&](size_t size) {
      if (free.size() >= size) return;
      const size_t before = free.size();
      const size_t after = std::max(size, before + (before >> 3) + 4096);
      free.resize(after);
      tried.resize(after);
      for (size_t at = before; at < after; at++) free[at] = tried[at] = static_cast<uint32_t>(at);
      misses.resize(after, 0);
      taken.Cover(after);
      eligible.Cover(after);
    };
    // the first cell at or after `at` that the links stop at
    auto first = [&](std::vector<uint32_t>& links, uint32_t at) {
      grow(static_cast<size_t>(at) + 1);
      while (links[at] != at) {
        grow(static_cast<size_t>(links[at]) + 1);
        links[at] = links[links[at]];
        at = links[at];
      }
      return at;
    };
    auto take = [&](uint32_t at) {
      grow(static_cast<size_t>(at) + 2);
      taken.Set(at);
      eligible.Clear(at);
      free[at] = tried[at] = at + 1;
    };
    // a node did not fit with its first child at `at`
    auto miss = [&](uint32_t at) {
      if (++misses[at] < kMaxMisses) return;
      tried[at] = at + 1;
      eligible.Clear(at);
    };
    grow(codeCount + 1);
    take(0);  // the root's cell

    std::vector<uint32_t> bases(trie.Size(), 0);
    std::vector<uint32_t> codes;  // of one node's children, ascending
    for (uint32_t node : order) {
      codes.clear();
      for (uint32_t child = trie.FirstChild(node); child < trie.EndChild(node); child++) {
        codes.push_back(Code(trie.nodes[child].rune));
      }
      std::sort(codes.begin(), codes.end());
      const uint32_t span = codes.back() - codes[0];
      uint32_t base;
      if (codes.size() == 1) {
        base = first(free, codes[0]) - codes[0];
      } else {
        // The first child at the tried cells at, at + 1, … at + 63 (bit b: at + b), the others at their cells
        // from there on. The child that left no base in one window is tested first in the next (the cells
        // around a taken one are likely taken too).
        size_t blocking = 1;
        for (uint32_t at = first(tried, codes[0]);; at = first(tried, at + 64)) {
          grow(static_cast<size_t>(at) + span + 64);
          const uint64_t tried64 = eligible.Get64(at);
          uint64_t fits = tried64 & ~taken.Get64(at + codes[blocking] - codes[0]);
          for (size_t k = 1; k < codes.size() && fits != 0; k++) {
            fits &= ~taken.Get64(at + codes[k] - codes[0]);
            if (fits == 0) blocking = k;
          }
          // each tried cell before the first fit (all of them when none fits) was a miss, in order, as when
          // the bases were tested one at a time
          for (uint64_t missed = tried64 & ((fits & (0 - fits)) - 1); missed != 0; missed &= missed - 1) {
            miss(at + static_cast<uint32_t>(__builtin_ctzll(missed)));
          }
          if (fits != 0) {
            base = at + static_cast<uint32_t>(__builtin_ctzll(fits)) - codes[0];
            break;
          }
        }
      }
      if (base >= kWordBit - codeCount) throw std::runtime_error("dictionary too large");
      for (uint32_t code : codes) take(base + code);
      bases[node] = base;
    }
    return bases;
  }

  /**
   * The nodes that have children, most children first, nodes of as many children in trie order (a counting
   * sort: stable, as std::stable_sort by the count was, in one pass where that sort was a tenth of the build).
   */
  static std::vector<uint32_t> ByChildrenDescending(const Trie& trie) {
    auto children = [&](uint32_t node) { return trie.EndChild(node) - trie.FirstChild(node); };
    uint32_t most = 0;
    for (uint32_t node = 0; node < trie.Size(); node++) most = std::max(most, children(node));
    // first[most - c]: where the next node of c children goes (first[most]: how many nodes have children)
    std::vector<size_t> first(static_cast<size_t>(most) + 1, 0);
    for (uint32_t node = 0; node < trie.Size(); node++) {
      if (children(node) > 0) first[most - children(node) + 1]++;
    }
    for (uint32_t k = 1; k <= most; k++) first[k] += first[k - 1];
    std::vector<uint32_t> order(first[most]);
    for (uint32_t node = 0; node < trie.Size(); node++) {
      if (children(node) > 0) order[first[most - children(node)]++] = node;
    }
    return order;
  }

  /**
   * A bit per cell of the double array under construction, for PlaceChildren. Bits of cells not added yet
   * (beyond Cover's) are the initial value; 64 bits from any covered cell can be read at once.
   */
  class CellBits {
   public:
    explicit CellBits(bool initial) : fill_(initial ? ~uint64_t{0} : 0) {}
    /** Makes cells [0, cells) and the 64 after them readable. */
    void Cover(size_t cells) {
      if (words_.size() < cells / 64 + 2) words_.resize(cells / 64 + 2, fill_);
    }
    void Set(uint32_t cell) { words_[cell >> 6] |= uint64_t{1} << (cell & 63); }
    void Clear(uint32_t cell) { words_[cell >> 6] &= ~(uint64_t{1} << (cell & 63)); }
    /** The bits of cells [cell, cell + 64), cell's the lowest. */
    uint64_t Get64(uint32_t cell) const {
      const uint32_t shift = cell & 63;
      const uint64_t low = words_[cell >> 6] >> shift;
      return shift == 0 ? low : low | words_[(cell >> 6) + 1] << (64 - shift);
    }

   private:
    uint64_t fill_;
    std::vector<uint64_t> words_;
  };

  /** Sorts `order` stably by keys[order[i]], a byte at a time from the lowest (bytes all keys share skipped). */
  static void RadixSort(const std::vector<uint64_t>& keys, std::vector<uint32_t>* order) {
    std::vector<uint32_t> other(order->size());
    for (int shift = 0; shift < 64; shift += 8) {
      size_t counts[257] = {0};
      for (uint32_t k : *order) counts[((keys[k] >> shift) & 0xFF) + 1]++;
      if (std::find(counts + 1, counts + 257, order->size()) != counts + 257) continue;  // one byte value for all
      for (int b = 0; b < 256; b++) counts[b + 1] += counts[b];
      for (uint32_t k : *order) other[counts[(keys[k] >> shift) & 0xFF]++] = k;
      order->swap(other);
    }
  }

  HugeArray<Cell> cells_;              // the double array; cell 0 is the root
  std::vector<uint32_t> codes_;        // per character below kDirect: its code, or 0
  std::vector<Rune> astralRunes_;      // the characters from kDirect up that some word has, sorted
  std::vector<uint32_t> astralCodes_;  // and their codes
  std::vector<Rune> userSingles_;  // sorted
  // userSingles_ below kDirect, a bit per character: MixCutter asks for nearly every single-character word, and
  // a binary search per word was a tenth of the cut's instructions
  uint64_t userSingleBits_[kDirect / 64] = {};
  double freqSum_ = 0.0;
  double minWeight_ = 0.0;
  double medianWeight_ = 0.0;
};

}  // namespace zongjie

#endif  // ZONGJIE_COMPACT_DICT_HPP
