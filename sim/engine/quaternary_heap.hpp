#pragma once
// A 4-ary min-heap of events held by value in one contiguous array.
//
// Chosen by benchmark (bench/event_queue_bench.cpp): against a calendar queue and a binary heap it
// is the fastest for the pending-event counts one logical process sees (10^3 to 10^5), because a
// node's four children share two cache lines and the tree is half as deep as a binary heap.
// Once the array has grown to the largest pending count, push and pop never allocate.

#include <cstddef>
#include <vector>

#include "engine/event.hpp"

namespace careflow::engine {

class QuaternaryHeap {
 public:
  bool empty() const { return items_.empty(); }
  std::size_t size() const { return items_.size(); }
  void reserve(std::size_t n) { items_.reserve(n); }
  void clear() { items_.clear(); }

  /// The event that precedes all others. Precondition: not empty.
  const Event& top() const { return items_.front(); }

  void push(const Event& event) {
    std::size_t hole = items_.size();
    items_.push_back(event);
    while (hole > 0) {
      const std::size_t parent = (hole - 1) / kArity;
      if (!precedes(event, items_[parent])) break;
      items_[hole] = items_[parent];
      hole = parent;
    }
    items_[hole] = event;
  }

  /// Removes and returns the first event. Precondition: not empty.
  Event pop() {
    const Event first = items_.front();
    const Event last = items_.back();
    items_.pop_back();
    if (!items_.empty()) sift_down_from_root(last);
    return first;
  }

  /// Pops the first event and pushes `next` in one pass: cheaper than pop() then push().
  Event replace_top(const Event& next) {
    const Event first = items_.front();
    sift_down_from_root(next);
    return first;
  }

 private:
  static constexpr std::size_t kArity = 4;

  // Moves the hole at the root down until `moving` fits there.
  void sift_down_from_root(const Event& moving) {
    const std::size_t n = items_.size();
    std::size_t hole = 0;
    for (;;) {
      const std::size_t first_child = hole * kArity + 1;
      if (first_child >= n) break;
      const std::size_t end = first_child + kArity < n ? first_child + kArity : n;
      std::size_t best = first_child;
      for (std::size_t c = first_child + 1; c < end; ++c) {
        if (precedes(items_[c], items_[best])) best = c;
      }
      if (!precedes(items_[best], moving)) break;
      items_[hole] = items_[best];
      hole = best;
    }
    items_[hole] = moving;
  }

  std::vector<Event> items_;
};

}  // namespace careflow::engine
