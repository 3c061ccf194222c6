#include "engine/calendar_queue.hpp"

#include <gtest/gtest.h>

#include "queue_test_support.hpp"

namespace careflow::engine {
namespace {

TEST(calendar_queue_test, pops_in_event_order_with_many_ties) {
  CalendarQueue queue;
  testing::expect_pops_in_event_order(queue, 20'000, 5, 3);
}

TEST(calendar_queue_test, pops_in_event_order_with_spread_times) {
  CalendarQueue queue;
  testing::expect_pops_in_event_order(queue, 20'000, 1'000'000, 4);
}

TEST(calendar_queue_test, finds_an_event_pushed_before_the_current_day) {
  CalendarQueue queue;
  for (std::uint64_t i = 0; i < 64; ++i) queue.push(Event{1'000'000 + Tick(i) * 10, i, 0, 0, 0});
  queue.push(Event{5, 100, 0, 0, 0});
  EXPECT_EQ(queue.top().time, 5);
  EXPECT_EQ(queue.pop().time, 5);
  EXPECT_EQ(queue.top().time, 1'000'000);  // the walk has moved far ahead ...
  queue.push(Event{20, 101, 0, 0, 0});     // ... and must come back for this one
  EXPECT_EQ(queue.pop().time, 20);
  EXPECT_EQ(queue.pop().time, 1'000'000);
}

TEST(calendar_queue_test, sparse_far_future_events_are_found_by_direct_search) {
  CalendarQueue queue;
  queue.push(Event{3, 0, 0, 0, 0});
  queue.push(Event{Tick{1} << 40, 1, 0, 0, 0});
  EXPECT_EQ(queue.pop().time, 3);
  EXPECT_EQ(queue.pop().time, Tick{1} << 40);
  EXPECT_TRUE(queue.empty());
}

}  // namespace
}  // namespace careflow::engine
