// zongjie-jieba: the dictionary, as a compact trie in a few flat arrays.
//
// Replaces cppjieba's DictTrie and Trie (DictTrie.hpp, Trie.hpp) for what `cut` asks of them: the words and
// weights that MPSegment's DAG walks, the smallest weight of the main dictionary, and the user dictionary's
// single-character words that MixSegment keeps out of the HMM. Why: cppjieba's trie is a node object with an
// `unordered_map` of children per node, plus a DictUnit (a Unicode vector and a std::string tag) per word:
// about 110 MiB for jieba.dict.utf8 and 0.7 s to build, and every DAG step is a hash lookup that misses the
// cache. Here the same words live in a trie laid out breadth first in flat arrays (the children of a node are
// consecutive, sorted by character), the root's children are found through a table indexed by character, and
// each word keeps only its weight (a double, as cppjieba computes it, so that the DP adds and compares the same
// numbers): about 12 MiB, built in a fraction of the time.
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

namespace zongjie {

using Rune = uint32_t;

class CompactDict {
 public:
  /** A trie node; 0 is the root, and "no node" where a child is looked up (the root is nobody's child). */
  using Node = uint32_t;

  CompactDict(const std::string& dictPath, const std::string& userPaths) {
    Words words;
    LoadMain(dictPath, &words);
    if (!userPaths.empty()) LoadUser(userPaths, &words);
    Build(words);
  }

  /** The root's child for `rune`, or 0. */
  Node Root(Rune rune) const {
    if (rune < kDirect) return rootTable_[rune];
    return Find(0, rune);
  }

  /** The child of `node` (not 0) for `rune`, or 0. */
  Node Child(Node node, Rune rune) const { return Find(node, rune); }

  /** Whether the path to `node` is a dictionary word; then Weight(node) is its weight. */
  bool IsWord(Node node) const { return (nodes_[node].first & kWordBit) != 0; }
  double Weight(Node node) const { return weights_[node]; }

  /** Whether `node` has children (cppjieba's `ptNode->next != NULL`, up to empty maps it never makes). */
  bool HasChildren(Node node) const { return FirstChild(node) != FirstChild(node + 1); }

  /** The smallest weight of the main dictionary: what MPSegment gives a character that is no word. */
  double MinWeight() const { return minWeight_; }

  /** Whether the user dictionary has `rune` as a word of its own (DictTrie::IsUserDictSingleChineseWord). */
  bool IsUserSingle(Rune rune) const { return std::binary_search(userSingles_.begin(), userSingles_.end(), rune); }

  size_t NodeCount() const { return nodes_.size() - 1; }

  /** Bytes held by the arrays (for diagnostics). */
  size_t Bytes() const {
    return nodes_.capacity() * sizeof(NodeData) + weights_.capacity() * sizeof(double) +
           rootTable_.capacity() * sizeof(Node) + userSingles_.capacity() * sizeof(Rune);
  }

 private:
  static constexpr uint32_t kWordBit = 0x80000000u;
  static constexpr Rune kDirect = 0x10000;  // characters below this find their root node through rootTable_

  /** A node: the character that leads to it, and where its children start (high bit: it is a word). */
  struct NodeData {
    Rune rune;
    uint32_t first;
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

  uint32_t FirstChild(Node node) const { return nodes_[node].first & ~kWordBit; }

  Node Find(Node node, Rune rune) const {
    uint32_t lo = FirstChild(node), hi = FirstChild(node + 1);
    // Most nodes have a few children: a linear scan; the root and common prefixes: binary search.
    while (hi - lo > 8) {
      const uint32_t mid = lo + (hi - lo) / 2;
      const Rune found = nodes_[mid].rune;
      if (found < rune) {
        lo = mid + 1;
      } else if (found > rune) {
        hi = mid;
      } else {
        return mid;
      }
    }
    for (; lo < hi; lo++) {
      if (nodes_[lo].rune == rune) return lo;
      if (nodes_[lo].rune > rune) return 0;
    }
    return 0;
  }

  /**
   * Each line split into fields: lines as std::getline gives them (the last one without its '\n'), fields as
   * limonp::Split(line, fields, " ") gives them (every ' ' ends a field; no field after a trailing ' '), as
   * cppjieba reads the files.
   */
  template <typename Fn>
  static void ForEachLine(const std::string& path, Fn fn) {
    std::ifstream stream(path.c_str(), std::ios::binary);
    if (!stream.is_open()) throw std::runtime_error("cannot open " + path);
    stream.seekg(0, std::ios::end);
    const std::streamoff size = stream.tellg();
    stream.seekg(0, std::ios::beg);
    std::string text(size > 0 ? static_cast<size_t>(size) : 0, '\0');
    if (size > 0 && !stream.read(&text[0], size)) throw std::runtime_error("cannot read " + path);
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

  /** atof of a field (a copy: atof reads up to a NUL). */
  static double Atof(const Field& field, std::string* buffer) {
    buffer->assign(field.data, field.size);
    return atof(buffer->c_str());
  }

  void LoadMain(const std::string& path, Words* words) {
    std::string buffer;
    ForEachLine(path, [&](const Field& line, const std::vector<Field>& fields) {
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
      ForEachLine(file, [&](const Field& line, const std::vector<Field>& fields) {
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
  }

  /**
   * Lays the trie out breadth first: node v's children are nodes [first(v), first(v + 1)), sorted by character,
   * so that the nodes of each level, and the children of each node, are consecutive. Built from the words
   * sorted by their characters (and by file order, so that of two equal words the later one wins), where the
   * words below a node are a consecutive range.
   */
  void Build(const Words& words) {
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
    nodes_.assign(nodes.begin(), nodes.end());
    weights_.assign(weights.begin(), weights.end());

    rootTable_.assign(kDirect, 0);
    for (uint32_t child = FirstChild(0); child < FirstChild(1); child++) {
      if (nodes_[child].rune < kDirect) rootTable_[nodes_[child].rune] = child;
    }
  }

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

  std::vector<NodeData> nodes_;  // NodeCount() + 1 nodes and a sentinel
  std::vector<double> weights_;  // per node; set where IsWord
  std::vector<Node> rootTable_;  // the root's child per character below kDirect, or 0
  std::vector<Rune> userSingles_;  // sorted
  double freqSum_ = 0.0;
  double minWeight_ = 0.0;
  double medianWeight_ = 0.0;
};

}  // namespace zongjie

#endif  // ZONGJIE_COMPACT_DICT_HPP
