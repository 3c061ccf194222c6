#include "engine/quaternary_heap.hpp"

#include <gtest/gtest.h>

#include "queue_test_support.hpp"

namespace careflow::engine {
namespace {

TEST(quaternary_heap_test, pops_in_event_order_with_many_ties) {
  QuaternaryHeap heap;
  testing::expect_pops_in_event_order(heap, 20'000, 5, 1);
}

TEST(quaternary_heap_test, pops_in_event_order_with_spread_times) {
  QuaternaryHeap heap;
  testing::expect_pops_in_event_order(heap, 20'000, 1'000'000, 2);
}

TEST(quaternary_heap_test, replace_top_equals_pop_then_push) {
  QuaternaryHeap a;
  QuaternaryHeap b;
  for (std::uint64_t i = 0; i < 100; ++i) {
    const Event e{static_cast<Tick>((i * 37) % 101), i, 0, 0, i};
    a.push(e);
    b.push(e);
  }
  for (std::uint64_t i = 0; i < 300; ++i) {
    const Event next{a.top().time + static_cast<Tick>((i * 13) % 50), 1000 + i, 0, 0, i};
    const Event from_a = a.replace_top(next);
    const Event from_b = b.pop();
    b.push(next);
    ASSERT_EQ(from_a.time, from_b.time);
    ASSERT_EQ(from_a.order, from_b.order);
  }
  while (!a.empty()) {
    ASSERT_EQ(a.pop().order, b.pop().order);
  }
}

}  // namespace
}  // namespace careflow::engine
