#include "engine/time.hpp"

#include <gtest/gtest.h>

#include <limits>

#include "engine/logical_process.hpp"
#include "engine/simulator.hpp"

namespace careflow::engine {
namespace {

TEST(time_test, durations_round_to_the_nearest_tick) {
  EXPECT_EQ(ticks_from_days(1.5), 36 * kTicksPerHour);
  EXPECT_EQ(ticks_from_hours(0.5), 30 * kTicksPerMinute);
  EXPECT_EQ(ticks_from_days(0.4 / static_cast<double>(kTicksPerDay)), 0);
  EXPECT_EQ(ticks_from_days(0.5 / static_cast<double>(kTicksPerDay)), 1);
  EXPECT_EQ(ticks_from_days(-0.5 / static_cast<double>(kTicksPerDay)), -1);
  EXPECT_DOUBLE_EQ(days_from_ticks(ticks_from_days(365.25)), 365.25);
}

TEST(time_test, huge_durations_are_capped_never_wrapped) {
  EXPECT_EQ(ticks_from_days(1e308), kTickNever);
  EXPECT_EQ(ticks_from_days(std::numeric_limits<double>::infinity()), kTickNever);
  EXPECT_EQ(ticks_from_days(std::numeric_limits<double>::quiet_NaN()), kTickNever);
  EXPECT_EQ(ticks_from_hours(1e300), kTickNever);
  EXPECT_EQ(ticks_from_days(-1e308), -kTickNever);
  // The largest duration below the cap still converts exactly.
  EXPECT_EQ(ticks_from_days(1e10), Tick{10'000'000'000} * kTicksPerDay);
}

TEST(time_test, adding_a_capped_duration_stays_capped) {
  EXPECT_EQ(later_by(10, 5), 15);
  EXPECT_EQ(later_by(10, kTickNever), kTickNever);
  EXPECT_EQ(later_by(kTickNever, kTickNever), kTickNever);
  EXPECT_EQ(later_by(kTickNever - 1, 1), kTickNever);
  // Two capped values add without overflow, so model arithmetic on them cannot wrap either.
  EXPECT_GT(kTickNever + kTickNever, kTickNever);
}

// An LP that schedules one event a practically infinite time ahead, then counts what it handles.
class FarFuture final : public LogicalProcess {
 public:
  int handled = 0;
  void initialize(LpContext& context) override {
    context.schedule(ticks_from_days(1e300), 1);
    context.schedule(kTickNever, 1);
    context.schedule(ticks_from_days(1.0), 1);
  }
  void handle(const Event&, LpContext& context) override {
    ++handled;
    context.schedule(ticks_from_days(std::numeric_limits<double>::infinity()), 1);
  }
};

TEST(time_test, an_event_capped_at_never_is_not_reached_by_a_run) {
  Simulator simulator(kTicksPerDay);
  FarFuture lp;
  simulator.add(lp);
  simulator.run_until(100 * kTicksPerDay);
  EXPECT_EQ(lp.handled, 1);
}

}  // namespace
}  // namespace careflow::engine
