#pragma once
// A calendar queue (R. Brown, CACM 1988): events hashed by time into a ring of buckets, each one
// "day" wide, each kept sorted. Amortised O(1) push and pop when the bucket width matches the
// spacing of events. Kept as the challenger to QuaternaryHeap in bench/event_queue_bench.cpp;
// the engine uses whichever the benchmark shows faster (see docs/engine.md).

#include <cstddef>
#include <vector>

#include "engine/event.hpp"

namespace careflow::engine {

class CalendarQueue {
 public:
  CalendarQueue();

  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }
  void clear();

  /// The event that precedes all others. Precondition: not empty.
  const Event& top();
  void push(const Event& event);
  /// Removes and returns the first event. Precondition: not empty.
  Event pop();

 private:
  std::size_t bucket_of(Tick time) const {
    return static_cast<std::size_t>(time / width_) & (buckets_.size() - 1);
  }
  void locate_first();
  void resize(std::size_t bucket_count);
  Tick estimate_width() const;

  // Each bucket is sorted so that its first event is at the back.
  std::vector<std::vector<Event>> buckets_;
  std::size_t size_ = 0;
  Tick width_ = 1;
  std::size_t current_ = 0;     // bucket holding the current calendar day
  Tick current_day_end_ = 0;    // events before this tick belong to the current day
  bool located_ = false;        // current_ holds the first event
};

}  // namespace careflow::engine
