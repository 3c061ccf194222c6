#pragma once
// A d-ary min-heap of events (d = 4 or 8). The 4-ary one is the engine's queue, chosen by benchmark (bench/event_queue_bench.cpp; figures in
// docs/engine.md). What makes it fast:
// - keys (time, order: 16 bytes) and the rest of each event (16 bytes) live in two parallel
//   arrays, so the comparisons that decide the path touch only keys, and the root sits at index d - 1
//   so that a node's children's keys fill exactly one (d = 4) or two (d = 8) aligned cache lines;
// - the minimum of the children is found without branches (128-bit compares and arithmetic
//   selects): with random times those branches would be mispredicted about half the time;
// - pop moves the hole straight down to a leaf and then sifts the last event up (the bottom-up
//   heapsort trick), and replace_top does "pop, then push the successor" in one pass.
// Once the arrays have grown to the largest pending count, nothing allocates.

#include <cstddef>
#include <cstdint>
#include <new>
#include <vector>

#include "engine/event.hpp"

namespace careflow::engine {

namespace detail {

// Allocates in whole cache lines so that sibling groups never straddle a line boundary.
template <class T>
struct CacheAlignedAllocator {
  using value_type = T;
  static constexpr std::align_val_t kAlignment{64};
  CacheAlignedAllocator() = default;
  template <class U>
  CacheAlignedAllocator(const CacheAlignedAllocator<U>&) {}
  T* allocate(std::size_t n) { return static_cast<T*>(::operator new(n * sizeof(T), kAlignment)); }
  void deallocate(T* p, std::size_t) { ::operator delete(p, kAlignment); }
  bool operator==(const CacheAlignedAllocator&) const { return true; }
};

// (time, order) as one unsigned 128-bit number: comparing two keys is then branch-free.
// Times are never negative, so the unsigned view keeps their order.
using EventKey = unsigned __int128;

inline EventKey key_of(Tick time, std::uint64_t order) {
  return (static_cast<EventKey>(static_cast<std::uint64_t>(time)) << 64) | order;
}
inline EventKey key_of(const Event& e) { return key_of(e.time, e.order); }

}  // namespace detail

template <std::size_t Arity>
class DaryHeap {
  static_assert(Arity == 4 || Arity == 8, "groups of 4 or 8 keys fill one or two cache lines");

 public:
  DaryHeap() : keys_(kRoot), bodies_(kRoot) {}

  bool empty() const { return keys_.size() == kRoot; }
  std::size_t size() const { return keys_.size() - kRoot; }
  void reserve(std::size_t n) {
    keys_.reserve(n + kRoot);
    bodies_.reserve(n + kRoot);
  }
  void clear() {
    keys_.resize(kRoot);
    bodies_.resize(kRoot);
  }

  /// Time of the first event. Precondition: not empty.
  Tick top_time() const { return static_cast<Tick>(static_cast<std::uint64_t>(keys_[kRoot] >> 64)); }
  /// The event that precedes all others. Precondition: not empty.
  Event top() const { return assemble(kRoot); }

  void push(const Event& event) {
    keys_.push_back(0);
    bodies_.push_back({});
    sift_up(keys_.size() - 1, detail::key_of(event), body_of(event));
  }

  /// Removes and returns the first event. Precondition: not empty.
  Event pop() {
    const Event first = assemble(kRoot);
    const detail::EventKey last_key = keys_.back();
    const Body last_body = bodies_.back();
    keys_.pop_back();
    bodies_.pop_back();
    if (keys_.size() > kRoot) sift_up(hole_to_leaf(), last_key, last_body);
    return first;
  }

  /// Replaces the first event by `next`: pop then push, in one pass down from the root. This is
  /// a simulation's commonest step: handle the first event, schedule its successor.
  /// Precondition: not empty.
  void replace_top(const Event& next) {
    const detail::EventKey key = detail::key_of(next);
    const std::size_t end = keys_.size();
    std::size_t hole = kRoot;
    for (std::size_t c = first_child(hole); c < end; c = first_child(hole)) {
      prefetch_children_of_group(c);
      const std::size_t best = c + Arity <= end ? min_of_group(c) : min_of_range(c, end);
      if (!(keys_[best] < key)) break;
      move(best, hole);
      hole = best;
    }
    keys_[hole] = key;
    bodies_[hole] = body_of(next);
  }

 private:
  struct Body {
    LpId target = 0;
    EventKind kind = 0;
    std::uint64_t payload = 0;
  };
  // The root sits at index Arity - 1 so that every group of siblings starts at a multiple of Arity.
  static constexpr std::size_t kRoot = Arity - 1;
  static constexpr std::size_t kShift = Arity * kRoot - Arity;

  static std::size_t first_child(std::size_t node) { return Arity * node - kShift; }
  static std::size_t parent(std::size_t node) { return (node + kShift) / Arity; }
  static Body body_of(const Event& e) { return {e.target, e.kind, e.payload}; }

  Event assemble(std::size_t i) const {
    const auto key = keys_[i];
    const Body& b = bodies_[i];
    return Event{static_cast<Tick>(static_cast<std::uint64_t>(key >> 64)),
                 static_cast<std::uint64_t>(key), b.target, b.kind, b.payload};
  }

  void move(std::size_t from, std::size_t to) {
    keys_[to] = keys_[from];
    bodies_[to] = bodies_[from];
  }

  void sift_up(std::size_t hole, detail::EventKey key, const Body& body) {
    while (hole > kRoot) {
      const std::size_t up = parent(hole);
      if (!(key < keys_[up])) break;
      move(up, hole);
      hole = up;
    }
    keys_[hole] = key;
    bodies_[hole] = body;
  }

  // Moves the hole left at the root down along the smallest children to a leaf; returns it.
  std::size_t hole_to_leaf() {
    const std::size_t end = keys_.size();
    std::size_t hole = kRoot;
    for (std::size_t c = first_child(hole); c + Arity <= end; c = first_child(hole)) {
      prefetch_children_of_group(c);
      const std::size_t best = min_of_group(c);
      move(best, hole);
      hole = best;
    }
    // A last, partly filled group of children.
    const std::size_t c = first_child(hole);
    if (c < end) {
      const std::size_t best = min_of_range(c, end);
      move(best, hole);
      hole = best;
    }
    return hole;
  }

  // The next level down is one of Arity key groups: ask for all of them while this level is
  // compared, so the walk does not wait on memory at every level.
  void prefetch_children_of_group(std::size_t c) const {
    const std::size_t grandchildren = first_child(c);
    if (grandchildren < keys_.size()) {
      const detail::EventKey* k = keys_.data() + grandchildren;
      for (std::size_t line = 0; line < Arity * Arity; line += 4) __builtin_prefetch(k + line);
    }
  }

  struct Candidate {
    detail::EventKey key;
    std::size_t index;
  };
  // The smaller of two candidates without a branch: written as ?: the compiler emits a branch
  // that random keys would mispredict about half the time.
  static Candidate smaller(const Candidate& a, const Candidate& b) {
    const bool take_b = b.key < a.key;
    const std::size_t mask = std::size_t{0} - static_cast<std::size_t>(take_b);
    return {take_b ? b.key : a.key, a.index ^ ((a.index ^ b.index) & mask)};
  }

  // Index of the smallest of keys c ... c + Arity - 1: a knock-out tournament, log2(Arity) deep.
  std::size_t min_of_group(std::size_t c) const {
    const detail::EventKey* k = keys_.data() + c;
    Candidate round[Arity];
    for (std::size_t i = 0; i < Arity; ++i) round[i] = {k[i], c + i};
    for (std::size_t width = Arity / 2; width >= 1; width /= 2) {
      for (std::size_t i = 0; i < width; ++i) round[i] = smaller(round[2 * i], round[2 * i + 1]);
    }
    return round[0].index;
  }

  std::size_t min_of_range(std::size_t begin, std::size_t end) const {
    std::size_t best = begin;
    for (std::size_t i = begin + 1; i < end; ++i) {
      if (keys_[i] < keys_[best]) best = i;
    }
    return best;
  }

  std::vector<detail::EventKey, detail::CacheAlignedAllocator<detail::EventKey>> keys_;
  std::vector<Body, detail::CacheAlignedAllocator<Body>> bodies_;
};

using QuaternaryHeap = DaryHeap<4>;
using OctonaryHeap = DaryHeap<8>;

}  // namespace careflow::engine
