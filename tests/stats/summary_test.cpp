#include "stats/summary.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace careflow::stats {
namespace {

TEST(summary_test, running_stats_of_known_values) {
  RunningStats s;
  for (double x : {2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0}) s.add(x);
  EXPECT_EQ(s.count(), 8U);
  EXPECT_DOUBLE_EQ(s.mean(), 5.0);
  EXPECT_DOUBLE_EQ(s.variance(), 32.0 / 7.0);
}

TEST(summary_test, interval_uses_student_t) {
  const std::vector<double> values{1.0, 2.0, 3.0, 4.0, 5.0};
  const auto ci = mean_interval(values, 0.95);
  EXPECT_DOUBLE_EQ(ci.mean, 3.0);
  // t(0.975, 4) = 2.776445; standard error sqrt(2.5 / 5).
  EXPECT_NEAR(ci.half_width, 2.776445 * std::sqrt(0.5), 1e-5);
}

TEST(summary_test, one_value_has_an_unbounded_interval) {
  const std::vector<double> values{4.0};
  EXPECT_TRUE(std::isinf(mean_interval(values).half_width));
  EXPECT_THROW(mean_interval(values, 1.0), std::invalid_argument);
}

}  // namespace
}  // namespace careflow::stats

namespace careflow::stats {
namespace {

TEST(summary_test, quantile_interpolates_like_numpy) {
  std::vector<double> v{15.0, 20.0, 35.0, 40.0, 50.0};
  EXPECT_DOUBLE_EQ(quantile(v, 0.0), 15.0);
  EXPECT_DOUBLE_EQ(quantile(v, 1.0), 50.0);
  EXPECT_DOUBLE_EQ(quantile(v, 0.5), 35.0);
  EXPECT_DOUBLE_EQ(quantile(v, 0.4), 29.0);  // numpy.quantile([15,20,35,40,50], 0.4)
  EXPECT_DOUBLE_EQ(quantile(v, 0.9), 46.0);
  std::vector<double> empty;
  EXPECT_THROW(quantile(empty, 0.5), std::invalid_argument);
}

}  // namespace
}  // namespace careflow::stats
