#pragma once
// A first-in first-out queue on one growable ring buffer: after it has grown to its largest
// length, push and pop never allocate (unlike std::deque, which allocates as it moves).

#include <cstddef>
#include <utility>
#include <vector>

namespace careflow::engine {

template <class T>
class RingQueue {
 public:
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }
  const T& front() const { return items_[head_]; }
  /// The i-th item from the front (i < size()).
  const T& operator[](std::size_t i) const { return items_[(head_ + i) & (items_.size() - 1)]; }

  void push(T value) {
    if (size_ == items_.size()) grow();
    items_[(head_ + size_) & (items_.size() - 1)] = std::move(value);
    ++size_;
  }

  /// Precondition: not empty.
  T pop() {
    T value = std::move(items_[head_]);
    head_ = (head_ + 1) & (items_.size() - 1);
    --size_;
    return value;
  }

 private:
  void grow() {
    std::vector<T> bigger(items_.empty() ? 16 : 2 * items_.size());
    for (std::size_t i = 0; i < size_; ++i) {
      bigger[i] = std::move(items_[(head_ + i) & (items_.size() - 1)]);
    }
    items_.swap(bigger);
    head_ = 0;
  }

  std::vector<T> items_;  // size is always zero or a power of two
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

}  // namespace careflow::engine
