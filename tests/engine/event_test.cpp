#include "engine/event.hpp"

#include <gtest/gtest.h>

namespace careflow::engine {
namespace {

TEST(event_test, order_word_round_trips_its_parts) {
  const auto order = make_order(7, 123'456, 987'654'321);
  EXPECT_EQ(priority_of(order), 7);
  EXPECT_EQ(source_of(order), 123'456U);
  EXPECT_EQ(sequence_of(order), 987'654'321U);
}

TEST(event_test, priority_outranks_source_which_outranks_sequence) {
  EXPECT_LT(make_order(0, 1000, 1000), make_order(1, 0, 0));
  EXPECT_LT(make_order(1, 0, 1000), make_order(1, 1, 0));
  EXPECT_LT(make_order(1, 1, 5), make_order(1, 1, 6));
}

TEST(event_test, time_decides_before_order) {
  const Event early{10, make_order(9, 9, 9), 0, 0, 0};
  const Event late{11, make_order(0, 0, 0), 0, 0, 0};
  EXPECT_TRUE(precedes(early, late));
  EXPECT_FALSE(precedes(late, early));
}

TEST(event_test, equal_time_falls_back_to_order) {
  const Event a{10, make_order(0, 2, 0), 0, 0, 0};
  const Event b{10, make_order(0, 3, 0), 0, 0, 0};
  EXPECT_TRUE(precedes(a, b));
  EXPECT_FALSE(precedes(b, a));
  EXPECT_FALSE(precedes(a, a));
}

TEST(event_test, out_of_range_parts_are_rejected) {
  EXPECT_THROW(make_order(0, static_cast<LpId>(order_bits::kMaxLps), 0), std::length_error);
  EXPECT_THROW(make_order(0, 0, order_bits::kMaxSequence + 1), std::length_error);
  EXPECT_NO_THROW(make_order(255, static_cast<LpId>(order_bits::kMaxLps - 1),
                             order_bits::kMaxSequence));
}

}  // namespace
}  // namespace careflow::engine
