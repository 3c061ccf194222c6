#include "engine/dary_heap.hpp"

#include <gtest/gtest.h>

#include "queue_test_support.hpp"

namespace careflow::engine {
namespace {

template <class Heap>
class dary_heap_test : public ::testing::Test {};
using Heaps = ::testing::Types<QuaternaryHeap, OctonaryHeap>;
TYPED_TEST_SUITE(dary_heap_test, Heaps);

TYPED_TEST(dary_heap_test, pops_in_event_order_with_many_ties) {
  TypeParam heap;
  testing::expect_pops_in_event_order(heap, 20'000, 5, 1);
}

TYPED_TEST(dary_heap_test, pops_in_event_order_with_spread_times) {
  TypeParam heap;
  testing::expect_pops_in_event_order(heap, 20'000, 1'000'000, 2);
}

TYPED_TEST(dary_heap_test, keeps_every_field_of_an_event) {
  TypeParam heap;
  heap.push(Event{7, 3, 11, 13, 0xfeedULL});
  heap.push(Event{5, 9, 1, 2, 3});
  EXPECT_EQ(heap.top_time(), 5);
  heap.pop();
  const Event e = heap.pop();
  EXPECT_EQ(e.time, 7);
  EXPECT_EQ(e.order, 3U);
  EXPECT_EQ(e.target, 11U);
  EXPECT_EQ(e.kind, 13U);
  EXPECT_EQ(e.payload, 0xfeedULL);
}

TYPED_TEST(dary_heap_test, replace_top_equals_pop_then_push) {
  TypeParam a;
  TypeParam b;
  for (std::uint64_t i = 0; i < 1000; ++i) {
    const Event e{static_cast<Tick>((i * 7919) % 1009), i, 0, 0, i};
    a.push(e);
    b.push(e);
  }
  for (std::uint64_t i = 0; i < 3000; ++i) {
    const Event next{a.top_time() + static_cast<Tick>((i * 104729) % 500), 5000 + i, 0, 0, i};
    ASSERT_EQ(a.top().order, b.top().order);
    a.replace_top(next);
    b.pop();
    b.push(next);
    ASSERT_EQ(a.size(), b.size());
  }
  while (!a.empty()) ASSERT_EQ(a.pop().order, b.pop().order);
}

}  // namespace
}  // namespace careflow::engine
