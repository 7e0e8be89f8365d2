// zongjie-jieba: the HMM fallback, with the emission probabilities in a table indexed by character.
//
// Replaces cppjieba's HMMSegment (and, for the cut, HMMModel::GetEmitProb). Why: its Viterbi looks up every
// character's emission probability in four hash maps (one per state), about a fifth of the addon's cutting
// time after the compact dictionary, and allocates its tables on every call. Here the model is still loaded
// by cppjieba's HMMModel (so that it reads the same numbers from the same file); its four maps are then copied
// into one table of four doubles per character (characters below U+10000 through an index table; others
// are looked up in the model's maps as before), and the Viterbi tables live in the caller's scratch.
//
// What stays exactly as in HMMSegment, so that the words are the same:
// - a run of ASCII characters is cut by its rules (a letter and the letters and digits after it; a digit and
//   the digits and dots after it; else the one character) and never reaches the HMM;
// - the Viterbi values are added in the same order ((previous + transition) + emission), a state replaces the
//   best one only when strictly greater, a missing emission probability is cppjieba::MIN_DOUBLE, the last
//   character ends in E when E >= S, and a word ends at each character in state E or S.

#ifndef ZONGJIE_HMM_CUT_HPP
#define ZONGJIE_HMM_CUT_HPP

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "cppjieba/DictTrie.hpp"  // MIN_DOUBLE (only constants: no DictTrie is built)
#include "cppjieba/HMMModel.hpp"

namespace zongjie {

using Rune = uint32_t;

/**
 * `array`'s data with room for `size` elements: grown when shorter, never shrunk (a resize down and up again for
 * each range would re-initialise the elements each time).
 */
template <typename T>
T* RoomIn(std::vector<T>& array, size_t size) {
  if (array.size() < size) array.resize(std::max(size, 2 * array.size()));
  return array.data();
}

/** Working memory of the Viterbi, reused from call to call. */
struct HmmScratch {
  std::vector<double> weight;  // [character * 4 + state]
  std::vector<int> path;       // [character * 4 + state]: the previous state on the best path
};

class HmmCutter {
 public:
  explicit HmmCutter(const cppjieba::HMMModel* model) : model_(model) {
    using Model = cppjieba::HMMModel;
    for (int y = 0; y < kStates; y++) {
      start_[y] = model->startProb[y];
      for (int to = 0; to < kStates; to++) trans_[y][to] = model->transProb[y][to];
    }
    index_.assign(kDirect, 0);
    emit_.push_back({{cppjieba::MIN_DOUBLE, cppjieba::MIN_DOUBLE, cppjieba::MIN_DOUBLE, cppjieba::MIN_DOUBLE}});  // 0: none
    const cppjieba::EmitProbMap* maps[kStates] = {&model->emitProbB, &model->emitProbE, &model->emitProbM, &model->emitProbS};
    static_assert(Model::B == 0 && Model::E == 1 && Model::M == 2 && Model::S == 3, "cppjieba's state order");
    for (int y = 0; y < kStates; y++) {
      for (const auto& entry : *maps[y]) {
        if (entry.first >= kDirect) continue;
        if (index_[entry.first] == 0) {
          if (emit_.size() > 0xFFFF) throw std::runtime_error("HMM model with too many characters");
          index_[entry.first] = static_cast<uint16_t>(emit_.size());
          const Emit none = emit_[0];
          emit_.push_back(none);
        }
        emit_[index_[entry.first]].p[y] = entry.second;
      }
    }
    emit_.shrink_to_fit();
  }

  /**
   * Cuts characters [begin, end) as HMMSegment::Cut does: writes each word's end (index after it) to `ends`,
   * which has room for end - begin words; returns how many.
   */
  uint32_t Cut(const Rune* runes, uint32_t begin, uint32_t end, HmmScratch* scratch, uint32_t* ends) const {
    uint32_t count = 0;
    uint32_t left = begin, right = begin;
    while (right != end) {
      if (runes[right] < 0x80) {
        if (left != right) count += InternalCut(runes, left, right, scratch, ends + count);
        left = right;
        right = LetterRule(runes, left, end);
        if (right == left) right = NumberRule(runes, left, end);
        if (right == left) right++;
        ends[count++] = right;
        left = right;
      } else {
        right++;
      }
    }
    if (left != right) count += InternalCut(runes, left, right, scratch, ends + count);
    return count;
  }

 private:
  static constexpr int kStates = 4;  // B, E, M, S
  static constexpr int kE = cppjieba::HMMModel::E;
  static constexpr int kS = cppjieba::HMMModel::S;
  static constexpr cppjieba::Rune kDirect = 0x10000;

  struct Emit {
    double p[kStates];
  };

  static bool IsLetter(cppjieba::Rune x) { return ('a' <= x && x <= 'z') || ('A' <= x && x <= 'Z'); }
  static bool IsDigit(cppjieba::Rune x) { return '0' <= x && x <= '9'; }

  /** HMMSegment::SequentialLetterRule: a letter, then letters and digits. */
  static uint32_t LetterRule(const Rune* runes, uint32_t at, uint32_t end) {
    if (!IsLetter(runes[at])) return at;
    at++;
    while (at != end && (IsLetter(runes[at]) || IsDigit(runes[at]))) at++;
    return at;
  }

  /** HMMSegment::NumbersRule: a digit, then digits and dots. */
  static uint32_t NumberRule(const Rune* runes, uint32_t at, uint32_t end) {
    if (!IsDigit(runes[at])) return at;
    at++;
    while (at != end && (IsDigit(runes[at]) || runes[at] == '.')) at++;
    return at;
  }

  /** The emission probabilities of `rune` in the four states (MIN_DOUBLE where the model has none). */
  Emit EmitOf(cppjieba::Rune rune) const {
    if (rune < kDirect) return emit_[index_[rune]];
    Emit emit;
    for (int y = 0; y < kStates; y++) emit.p[y] = model_->GetEmitProb(model_->emitProbVec[y], rune, cppjieba::MIN_DOUBLE);
    return emit;
  }

  /** HMMSegment::InternalCut and Viterbi: writes the words' ends to `ends` (room for end - begin); returns how many. */
  uint32_t InternalCut(const Rune* runes, uint32_t begin, uint32_t end, HmmScratch* scratch, uint32_t* ends) const {
    const uint32_t count = end - begin;
    double* weight = RoomIn(scratch->weight, static_cast<size_t>(count) * kStates);
    int* path = RoomIn(scratch->path, static_cast<size_t>(count) * kStates);

    Emit emit = EmitOf(runes[begin]);
    for (int y = 0; y < kStates; y++) {
      weight[y] = start_[y] + emit.p[y];
      path[y] = -1;
    }
    for (uint32_t x = 1; x < count; x++) {
      emit = EmitOf(runes[begin + x]);
      const double* before = weight + (x - 1) * kStates;
      double* now = weight + x * kStates;
      int* from = path + x * kStates;
      for (int y = 0; y < kStates; y++) {
        double best = cppjieba::MIN_DOUBLE;
        int bestFrom = kE;
        for (int preY = 0; preY < kStates; preY++) {
          const double value = before[preY] + trans_[preY][y] + emit.p[y];
          if (value > best) {
            best = value;
            bestFrom = preY;
          }
        }
        now[y] = best;
        from[y] = bestFrom;
      }
    }
    // the best path backwards: a word ends after each character in state E or S
    const double* last = weight + (count - 1) * kStates;
    int state = last[kE] >= last[kS] ? kE : kS;
    uint32_t words = 0;
    for (uint32_t x = count; x-- > 0;) {
      if (state % 2) ends[words++] = begin + x + 1;
      state = path[x * kStates + state];
    }
    std::reverse(ends, ends + words);
    return words;
  }

  const cppjieba::HMMModel* model_;  // for characters beyond U+FFFF
  double start_[kStates];
  double trans_[kStates][kStates];
  std::vector<uint16_t> index_;  // per character below kDirect: its row in emit_, or 0
  std::vector<Emit> emit_;
};

}  // namespace zongjie

#endif  // ZONGJIE_HMM_CUT_HPP
