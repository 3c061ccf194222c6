#include "serve/run_slots.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace careflow::serve {
namespace {

TEST(run_slots, runs_up_to_the_limit_queues_in_order_and_refuses_beyond_the_queue) {
  RunSlots slots(1, 2);
  auto first = slots.join();
  ASSERT_TRUE(first);
  ASSERT_TRUE(first->wait_for_turn([] { return false; }));
  auto second = slots.join();
  auto third = slots.join();
  ASSERT_TRUE(second && third);
  EXPECT_FALSE(slots.join()) << "two waiting fill a queue of two";
  EXPECT_EQ(second->ahead(), 0);
  EXPECT_EQ(third->ahead(), 1);
  EXPECT_EQ(slots.status().running, 1);
  EXPECT_EQ(slots.status().queued, 2);

  // The third may not overtake the second, even with the first gone.
  std::atomic<bool> third_ran{false};
  std::thread waiter([&] { third_ran = third->wait_for_turn([] { return false; }); });
  first.reset();
  ASSERT_TRUE(second->wait_for_turn([] { return false; }));
  EXPECT_EQ(slots.status().running, 1);
  second.reset();
  waiter.join();
  EXPECT_TRUE(third_ran.load());
  third.reset();
  EXPECT_EQ(slots.status().running, 0);
  EXPECT_EQ(slots.status().queued, 0);
}

TEST(run_slots, a_cancelled_wait_gives_up_its_place_in_the_queue) {
  RunSlots slots(1, 1);
  auto running = slots.join();
  ASSERT_TRUE(running->wait_for_turn([] { return false; }));
  {
    auto waiting = slots.join();
    ASSERT_TRUE(waiting);
    EXPECT_FALSE(waiting->wait_for_turn([] { return true; }));
  }
  EXPECT_EQ(slots.status().queued, 0);
  EXPECT_TRUE(slots.join()) << "its place in the queue is free again";
}

}  // namespace
}  // namespace careflow::serve
