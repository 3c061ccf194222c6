#pragma once
// A radix heap (Ahuja, Mehlhorn, Orlin and Tarjan 1990) over the 128-bit event key (time, order).
//
// It relies on what a discrete-event simulation guarantees: no event is pushed before the last
// one popped, except at the same tick with a smaller tie-break (an LP that handles a message from
// a higher-numbered LP and schedules itself at delay 0). Bucket b holds events whose key first
// differs from the last popped key at bit b - 1; bucket 0 holds keys equal to it and those
// same-tick stragglers. Push is a count-leading-zeros and an append; pop empties the lowest
// bucket into lower ones, and an event moves down at most a few times in its life.

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "engine/event.hpp"

namespace careflow::engine {

class RadixHeap {
 public:
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }

  void clear() {
    for (auto& bucket : buckets_) bucket.clear();
    size_ = 0;
    last_ = 0;
    first_valid_ = false;
  }

  void push(const Event& event) {
    buckets_[bucket_of(key(event))].push_back(event);
    ++size_;
    first_valid_ = false;
  }

  /// The event that precedes all others. Precondition: not empty.
  const Event& top() {
    if (!first_valid_) settle();
    return buckets_[0][first_];
  }

  /// Removes and returns the first event. Precondition: not empty.
  Event pop() {
    if (!first_valid_) settle();
    auto& bucket = buckets_[0];
    const Event first = bucket[first_];
    bucket[first_] = bucket.back();
    bucket.pop_back();
    --size_;
    first_valid_ = false;
    return first;
  }

 private:
  using Key = unsigned __int128;
  static constexpr std::size_t kBuckets = 129;

  static Key key(const Event& e) {
    return (static_cast<Key>(static_cast<std::uint64_t>(e.time)) << 64) | e.order;
  }

  std::size_t bucket_of(Key k) const {
    if (k <= last_) return 0;
    const Key diff = k ^ last_;
    const auto high = static_cast<std::uint64_t>(diff >> 64);
    if (high != 0) return 128 - static_cast<std::size_t>(std::countl_zero(high));
    return 64 - static_cast<std::size_t>(std::countl_zero(static_cast<std::uint64_t>(diff)));
  }

  // Makes bucket 0 non-empty and points first_ at its smallest event.
  void settle() {
    if (buckets_[0].empty()) {
      std::size_t b = 1;
      while (buckets_[b].empty()) ++b;
      auto& source = buckets_[b];
      Key smallest = key(source[0]);
      for (const Event& e : source) smallest = key(e) < smallest ? key(e) : smallest;
      last_ = smallest;
      for (const Event& e : source) buckets_[bucket_of(key(e))].push_back(e);
      source.clear();
    }
    const auto& bucket = buckets_[0];
    first_ = 0;
    for (std::size_t i = 1; i < bucket.size(); ++i) {
      if (key(bucket[i]) < key(bucket[first_])) first_ = i;
    }
    first_valid_ = true;
  }

  std::array<std::vector<Event>, kBuckets> buckets_;
  std::size_t size_ = 0;
  Key last_ = 0;
  std::size_t first_ = 0;
  bool first_valid_ = false;
};

}  // namespace careflow::engine
