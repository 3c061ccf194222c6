#include "engine/radix_heap.hpp"

#include <gtest/gtest.h>

#include "queue_test_support.hpp"

namespace careflow::engine {
namespace {

TEST(radix_heap_test, pops_in_event_order_with_many_ties) {
  RadixHeap heap;
  testing::expect_pops_in_event_order(heap, 20'000, 5, 5);
}

TEST(radix_heap_test, pops_in_event_order_with_spread_times) {
  RadixHeap heap;
  testing::expect_pops_in_event_order(heap, 20'000, 1'000'000, 6);
}

TEST(radix_heap_test, same_tick_event_with_a_smaller_tie_break_comes_next) {
  RadixHeap heap;
  heap.push(Event{10, make_order(0, 5, 0), 0, 0, 0});
  heap.push(Event{20, make_order(0, 0, 0), 0, 0, 0});
  EXPECT_EQ(heap.pop().time, 10);
  heap.push(Event{10, make_order(0, 1, 0), 0, 0, 1});  // same tick, earlier in the order
  const Event next = heap.pop();
  EXPECT_EQ(next.time, 10);
  EXPECT_EQ(next.payload, 1U);
  EXPECT_EQ(heap.pop().time, 20);
}

}  // namespace
}  // namespace careflow::engine
