#pragma once
// Shared checks for event-queue designs: any queue must hand events back in exactly the order a
// sort by (time, order) gives.

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/random/uniform_int_distribution.hpp>
#include <vector>

#include "engine/event.hpp"
#include "engine/random_stream.hpp"

namespace careflow::engine::testing {

// Interleaves pushes and pops like a simulation (pushes never earlier than the last pop) and
// checks every pop against a sorted reference. Many equal times exercise the tie-break.
template <class Queue>
void expect_pops_in_event_order(Queue& queue, int operations, Tick spread, std::uint64_t seed) {
  RandomStream rng({.seed = seed});
  boost::random::uniform_int_distribution<Tick> delay(0, spread);
  boost::random::uniform_int_distribution<int> coin(0, 2);
  std::vector<Event> reference;
  Tick now = 0;
  std::uint64_t sequence = 0;
  for (int i = 0; i < operations; ++i) {
    if (reference.empty() || coin(rng) != 0) {
      const Event e{now + delay(rng), make_order(static_cast<Priority>(coin(rng)), 0, sequence++), 0,
                    0, sequence};
      queue.push(e);
      reference.push_back(e);
    } else {
      auto first = std::min_element(reference.begin(), reference.end(), precedes);
      ASSERT_EQ(queue.top().time, first->time);
      const Event popped = queue.pop();
      ASSERT_EQ(popped.time, first->time);
      ASSERT_EQ(popped.order, first->order);
      ASSERT_EQ(popped.payload, first->payload);
      now = popped.time;
      reference.erase(first);
    }
    ASSERT_EQ(queue.size(), reference.size());
  }
  std::sort(reference.begin(), reference.end(), precedes);
  for (const Event& expected : reference) {
    ASSERT_FALSE(queue.empty());
    const Event popped = queue.pop();
    ASSERT_EQ(popped.time, expected.time);
    ASSERT_EQ(popped.order, expected.order);
  }
  EXPECT_TRUE(queue.empty());
}

}  // namespace careflow::engine::testing
