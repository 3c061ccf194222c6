#include "engine/calendar_queue.hpp"

#include <algorithm>
#include <iterator>

namespace careflow::engine {
namespace {

constexpr std::size_t kMinBuckets = 16;

// Descending order, so that the first event sits at the back of a bucket.
bool later(const Event& a, const Event& b) { return precedes(b, a); }

}  // namespace

CalendarQueue::CalendarQueue() : buckets_(kMinBuckets), current_day_end_(width_) {}

void CalendarQueue::clear() {
  for (auto& bucket : buckets_) bucket.clear();
  size_ = 0;
  located_ = false;
  current_ = 0;
  current_day_end_ = width_;
}

void CalendarQueue::push(const Event& event) {
  auto& bucket = buckets_[bucket_of(event.time)];
  bucket.insert(std::upper_bound(bucket.begin(), bucket.end(), event, later), event);
  ++size_;
  if (event.time < current_day_end_ - width_) {
    // Earlier than the current calendar day: the walk must restart from the event's own day.
    current_ = bucket_of(event.time);
    current_day_end_ = (event.time / width_ + 1) * width_;
    located_ = false;
  } else if (located_ && precedes(event, buckets_[current_].back())) {
    located_ = false;
  }
  if (size_ > 2 * buckets_.size()) resize(2 * buckets_.size());
}

const Event& CalendarQueue::top() {
  if (!located_) locate_first();
  return buckets_[current_].back();
}

Event CalendarQueue::pop() {
  if (!located_) locate_first();
  const Event first = buckets_[current_].back();
  buckets_[current_].pop_back();
  --size_;
  located_ = false;
  if (size_ > kMinBuckets && size_ < buckets_.size() / 2) resize(buckets_.size() / 2);
  return first;
}

// Walks the calendar from the current day; after a whole year with nothing due, jumps straight
// to the earliest event (Brown's "direct search").
void CalendarQueue::locate_first() {
  const std::size_t n = buckets_.size();
  for (std::size_t step = 0; step < n; ++step) {
    const auto& bucket = buckets_[current_];
    if (!bucket.empty() && bucket.back().time < current_day_end_) {
      located_ = true;
      return;
    }
    current_ = (current_ + 1) & (n - 1);
    current_day_end_ += width_;
  }
  const Event* best = nullptr;
  for (const auto& bucket : buckets_) {
    if (!bucket.empty() && (best == nullptr || precedes(bucket.back(), *best))) best = &bucket.back();
  }
  current_ = bucket_of(best->time);
  current_day_end_ = (best->time / width_ + 1) * width_;
  located_ = true;
}

Tick CalendarQueue::estimate_width() const {
  // Three times the mean gap between the earliest events, as Brown suggests.
  std::vector<Tick> times;
  times.reserve(size_);
  for (const auto& bucket : buckets_) {
    for (const auto& e : bucket) times.push_back(e.time);
  }
  const std::size_t sample = std::min<std::size_t>(times.size(), 64);
  if (sample < 2) return width_;
  std::partial_sort(times.begin(), times.begin() + static_cast<std::ptrdiff_t>(sample), times.end());
  const Tick span = times[sample - 1] - times[0];
  const Tick width = 3 * span / static_cast<Tick>(sample - 1);
  return width > 0 ? width : 1;
}

void CalendarQueue::resize(std::size_t bucket_count) {
  const Tick width = estimate_width();
  std::vector<std::vector<Event>> old(bucket_count);
  old.swap(buckets_);
  width_ = width;
  for (auto& bucket : old) {
    for (const auto& e : bucket) {
      auto& target = buckets_[bucket_of(e.time)];
      target.push_back(e);
    }
  }
  Tick earliest = kTickInfinity;
  for (auto& bucket : buckets_) {
    std::sort(bucket.begin(), bucket.end(), later);
    if (!bucket.empty()) earliest = std::min(earliest, bucket.back().time);
  }
  if (earliest == kTickInfinity) earliest = 0;
  current_ = bucket_of(earliest);
  current_day_end_ = (earliest / width_ + 1) * width_;
  located_ = false;
}

}  // namespace careflow::engine
