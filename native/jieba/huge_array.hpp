// zongjie-jieba: a fixed-size array in memory the kernel may back with 2 MiB pages.
//
// Why: the double array (compact_dict.hpp) is ≈ 20 MiB that every step of the cut's dictionary walk reads at a
// place of its own. In 4 KiB pages that is ≈ 5,000 page faults to fill it (each fault is costly in a virtual
// machine) and a TLB miss on most steps of the walk; in 2 MiB pages it is ten of each. Linux gives an anonymous
// mapping huge pages where it is asked to with madvise(MADV_HUGEPAGE) (transparent_hugepage "madvise", the
// usual default) or everywhere ("always"); elsewhere, or when it has none free, the pages are 4 KiB as before.

#ifndef ZONGJIE_HUGE_ARRAY_HPP
#define ZONGJIE_HUGE_ARRAY_HPP

#include <cstddef>
#include <cstdint>
#include <new>

#ifdef __linux__
#include <sys/mman.h>
#endif

namespace zongjie {

template <typename T>
class HugeArray {
 public:
  HugeArray() = default;
  HugeArray(const HugeArray&) = delete;
  HugeArray& operator=(const HugeArray&) = delete;
  ~HugeArray() { Free(); }

  /** Makes the array `size` copies of `value` (what it held before is dropped). */
  void Assign(size_t size, const T& value) {
    Free();
    Allocate(size);
    for (size_t i = 0; i < size; i++) new (data_ + i) T(value);
    size_ = size;
  }

  T& operator[](size_t i) { return data_[i]; }
  const T& operator[](size_t i) const { return data_[i]; }
  size_t size() const { return size_; }
  size_t Bytes() const { return bytes_; }

 private:
  static constexpr size_t kHugePage = size_t{2} << 20;

#ifdef __linux__
  /** A mapping of whole 2 MiB pages, at a 2 MiB boundary (a huge page must be aligned). */
  void Allocate(size_t size) {
    const size_t bytes = (size * sizeof(T) + kHugePage - 1) / kHugePage * kHugePage;
    void* raw = mmap(nullptr, bytes + kHugePage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) throw std::bad_alloc();
    // the unaligned head and the tail beyond `bytes` go back at once
    const uintptr_t start = reinterpret_cast<uintptr_t>(raw);
    const uintptr_t aligned = (start + kHugePage - 1) / kHugePage * kHugePage;
    if (aligned > start) munmap(raw, aligned - start);
    const size_t tail = start + bytes + kHugePage - (aligned + bytes);
    if (tail > 0) munmap(reinterpret_cast<void*>(aligned + bytes), tail);
    madvise(reinterpret_cast<void*>(aligned), bytes, MADV_HUGEPAGE);  // a hint: without it, 4 KiB pages
    data_ = reinterpret_cast<T*>(aligned);
    bytes_ = bytes;
  }
  void Free() {
    if (data_ != nullptr) munmap(data_, bytes_);
    data_ = nullptr;
    size_ = bytes_ = 0;
  }
#else
  void Allocate(size_t size) {
    data_ = static_cast<T*>(::operator new(size * sizeof(T)));
    bytes_ = size * sizeof(T);
  }
  void Free() {
    ::operator delete(data_);
    data_ = nullptr;
    size_ = bytes_ = 0;
  }
#endif

  T* data_ = nullptr;
  size_t size_ = 0;
  size_t bytes_ = 0;
};

}  // namespace zongjie

#endif  // ZONGJIE_HUGE_ARRAY_HPP
