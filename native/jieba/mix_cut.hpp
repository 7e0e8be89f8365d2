// zongjie-jieba: MixSegment's cut over the compact dictionary.
//
// Replaces cppjieba's MPSegment (Trie::Find's DAG, CalcDP, CutByDag) and MixSegment::Cut for the one thing
// `cut` does with them. Why: MPSegment keeps a Dag of about 300 bytes per character (a LocalVector of every
// word that starts there) and looks each step up in a hash map; here the dynamic programme walks the
// dictionary's double array (compact_dict.hpp) from each character, right to left, by the characters' codes
// (looked up once per character of the range), and keeps only each character's best weight and word length. The HMM fallback is HMMSegment's, with the model in a table (hmm_cut.hpp).
//
// What stays exactly as in cppjieba, so that the words are the same:
// - a word starting at character i is tried for i alone (its dictionary weight, or the smallest weight when the
//   character is no word) and then for every longer dictionary word, shortest first, up to 512 characters;
//   its value is the best value after it plus its weight, added in the same order (0.0 + after + weight);
// - a candidate replaces the best one only when its value is strictly greater (ties keep the shorter word),
//   and the best value starts at cppjieba::MIN_DOUBLE;
// - with HMM, each run of single-character words that are not user dictionary single-character words is cut
//   again by the HMM; every other word is kept.

#ifndef ZONGJIE_MIX_CUT_HPP
#define ZONGJIE_MIX_CUT_HPP

#include <algorithm>
#include <cstdint>
#include <vector>

#include "compact_dict.hpp"
#include "cppjieba/DictTrie.hpp"  // MIN_DOUBLE, MAX_WORD_LENGTH (only constants: no DictTrie is built)
#include "hmm_cut.hpp"

namespace zongjie {

/** Working memory of one cut, reused from range to range. */
struct CutScratch {
  /** The best cut of the text from one character of the range on. */
  struct Choice {
    double value;     // its value
    uint32_t word;    // the dictionary state of its first word, 0 when that is no word
    uint32_t length;  // the length of its first word
  };
  // per character (in one array, so that the dynamic programme keeps one pointer for them, where three were
  // more than the registers could hold)
  std::vector<Choice> choices;
  std::vector<uint32_t> codes;   // per character: its code in the dictionary
  std::vector<uint32_t> steps;   // [i * kSteps + d]: the state after characters i … i + d, 0 for none (d < kSteps)
  HmmScratch hmm;
};

class MixCutter {
 public:
  MixCutter(const CompactDict* dict, const cppjieba::HMMModel* model) : dict_(dict), hmm_(model) {}

  /**
   * Cuts characters [begin, end) of `runes` (one range of cppjieba's PreFilter) as MixSegment::Cut does: writes
   * each word's end (the index after its last character) to `ends`, and, when `states` is given, the word's state
   * in the dictionary to `states` (0 for a word the dictionary does not have, and for the words of the HMM, which
   * it is not asked about). Both have room for end - begin words (there are never more); returns how many.
   */
  uint32_t Cut(const Rune* runes, uint32_t begin, uint32_t end, bool hmm, CutScratch* scratch, uint32_t* ends,
               uint32_t* states = nullptr) const {
    BestWords(runes + begin, end - begin, scratch);
    const CutScratch::Choice* choices = scratch->choices.data() - begin;  // indexed by position in `runes`
    uint32_t count = 0;
    uint32_t i = begin;
    while (i < end) {
      const uint32_t n = choices[i].length;
      if (!hmm || n > 1 || dict_->IsUserSingle(runes[i])) {
        if (states != nullptr) states[count] = choices[i].word;
        i += n;
        ends[count++] = i;
        continue;
      }
      // a run of single characters that the user dictionary does not have as words: the HMM cuts it (runes[i],
      // just tested, is the run's first)
      uint32_t j = i + 1;
      while (j < end && choices[j].length == 1 && !dict_->IsUserSingle(runes[j])) j++;
      // a run of one character is one word whatever the HMM says (its ASCII rules take at least the character,
      // and the Viterbi's last state, E or S, ends a word)
      const uint32_t added = j == i + 1 ? (ends[count] = j, 1) : hmm_.Cut(runes, i, j, &scratch->hmm, ends + count);
      if (states != nullptr) std::fill(states + count, states + count + added, 0u);
      count += added;
      i = j;
    }
    return count;
  }

 private:
  // how many steps of each character's walk are taken for all characters first (see BestWords); more gained
  // nothing measurable on the 2,000-report corpus
  static constexpr uint32_t kSteps = 3;
  static_assert(kSteps <= cppjieba::MAX_WORD_LENGTH, "the pre-walked steps need no word-length limit");

  /**
   * MPSegment's DAG and CalcDP in one pass from the right: scratch->choices[i] for each character i, the best
   * cut from there (its first word's length, and that word's state, 0 for a single character that is no word).
   */
  void BestWords(const Rune* runes, uint32_t size, CutScratch* scratch) const {
    const CompactDict& dict = *dict_;
    // choices[size + d] for d < kSteps: the pre-walked steps look at the value after j for j up to size +
    // kSteps - 2, with a state that is no word there (the padding codes), so with weight -infinity (see consider)
    CutScratch::Choice* choices = RoomIn(scratch->choices, static_cast<size_t>(size) + kSteps);
    uint32_t* codes = RoomIn(scratch->codes, static_cast<size_t>(size) + kSteps);
    dict.Codes(runes, size, codes);
    // code 0 (no character of a word) after the range: a walk reaching past it stops there, with no bounds test
    for (uint32_t d = 0; d < kSteps; d++) codes[size + d] = 0;
    uint32_t* steps = RoomIn(scratch->steps, static_cast<size_t>(kSteps) * size);
    PreWalk(codes, size, steps);
    // the value of the empty text after the range (the 0.0 of cppjieba's CalcDP), and the padding
    for (uint32_t d = 0; d < kSteps; d++) choices[size + d].value = 0.0;
    const double minWeight = dict.MinWeight();
    for (uint32_t i = size; i-- > 0;) {
      const CompactDict::State* walk = steps + static_cast<size_t>(i) * kSteps;
      CompactDict::State state = walk[0];
      // The character alone: a word of the dictionary, or none (then the smallest weight); state 0, the root, is
      // no word. cppjieba adds 0.0 + after + weight: 0.0 + after is `after` itself, no value being -0.0 (the
      // weights are logarithms, never -0.0, and the value after the range is +0.0), so it is left out.
      const bool isWord = dict.IsWord(state);
      const double value = choices[i + 1].value + (isWord ? dict.Weight(state) : minWeight);
      double top = value > cppjieba::MIN_DOUBLE ? value : cppjieba::MIN_DOUBLE;
      uint32_t topLength = 1;
      CompactDict::State topWord = isWord ? state : 0;
      // The longer words, shortest first: a candidate ending at j replaces the best only when strictly greater.
      // A state that is no word has weight -infinity, so its candidate never does.
      const auto consider = [&](CompactDict::State at, uint32_t j) {
        const double candidate = choices[j + 1].value + dict.WeightOrNone(at);
        if (candidate > top) {
          top = candidate;
          topLength = j - i + 1;
          topWord = at;
        }
      };
      // the pre-walked steps (0 past the range's end, by the padding codes; kSteps is far below the 512
      // characters of the longest word looked at), then the rest of the walk
      for (uint32_t d = 1; d < kSteps && state != 0; d++) {
        state = walk[d];
        if (state != 0) consider(state, i + d);
      }
      const uint32_t limit = std::min<uint32_t>(size, i + cppjieba::MAX_WORD_LENGTH);  // j < limit
      for (uint32_t j = i + kSteps; state != 0 && j < limit; j++) {
        state = dict.Next(state, codes[j]);
        if (state != 0) consider(state, j);
      }
      choices[i] = {top, topWord, topLength};
    }
  }

  /**
   * The first kSteps states of every character's walk, steps[i * kSteps + d] the state after characters
   * i … i + d (0 for none), taken for all characters before the dynamic programme: the walks of different
   * characters do not wait for each other, so their cache misses overlap, where the steps of one character's walk
   * are a chain (each one needs the state before it). `codes` has kSteps codes 0 after the range.
   */
  void PreWalk(const uint32_t* codes, uint32_t size, CompactDict::State* steps) const {
    const CompactDict& dict = *dict_;
    for (uint32_t i = 0; i < size; i++) {
      CompactDict::State* walk = steps + static_cast<size_t>(i) * kSteps;
      CompactDict::State state = dict.Next(0, codes[i]);
      walk[0] = state;
      for (uint32_t d = 1; d < kSteps; d++) {
        if (state != 0) state = dict.Next(state, codes[i + d]);
        walk[d] = state;
      }
    }
  }

  const CompactDict* dict_;
  const HmmCutter hmm_;
};

}  // namespace zongjie

#endif  // ZONGJIE_MIX_CUT_HPP
