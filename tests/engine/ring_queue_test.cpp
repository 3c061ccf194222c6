#include "engine/ring_queue.hpp"

#include <gtest/gtest.h>

#include <deque>

namespace careflow::engine {
namespace {

TEST(ring_queue_test, is_first_in_first_out_across_growth_and_wrap_around) {
  RingQueue<int> ring;
  std::deque<int> reference;
  int next = 0;
  for (int round = 0; round < 50; ++round) {
    for (int i = 0; i < round % 37 + 1; ++i) {
      ring.push(next);
      reference.push_back(next++);
    }
    for (int i = 0; i < round % 23 && !reference.empty(); ++i) {
      ASSERT_EQ(ring.front(), reference.front());
      ASSERT_EQ(ring.pop(), reference.front());
      reference.pop_front();
    }
    ASSERT_EQ(ring.size(), reference.size());
    for (std::size_t i = 0; i < reference.size(); ++i) ASSERT_EQ(ring[i], reference[i]) << i;  // i-th from the front
  }
  while (!reference.empty()) {
    ASSERT_EQ(ring.pop(), reference.front());
    reference.pop_front();
  }
  EXPECT_TRUE(ring.empty());
}

}  // namespace
}  // namespace careflow::engine
