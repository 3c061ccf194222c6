#include "stats/trend.hpp"

#include <gtest/gtest.h>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>

#include <cmath>
#include <vector>

#include "stats/summary.hpp"

namespace careflow::stats {
namespace {

std::vector<double> noise(std::size_t n, double sd, unsigned seed) {
  boost::random::mt19937 engine(seed);
  boost::random::normal_distribution<double> normal(0.0, sd);
  std::vector<double> v(n);
  for (auto& x : v) x = normal(engine);
  return v;
}

TEST(trend_test, the_slope_of_a_line_is_exact) {
  std::vector<double> line;
  for (int t = 0; t < 50; ++t) line.push_back(3.0 + 2.0 * t);
  EXPECT_NEAR(least_squares_slope(line), 2.0, 1e-12);
  EXPECT_EQ(least_squares_slope(std::vector<double>{5.0}), 0.0);
}

TEST(trend_test, a_seasonal_cycle_is_not_a_trend) {
  // Winter pressure over a year and a half from the autumn: a plain line through it rises, by
  // 0.0042 a day (0.13 patients a month: a "trend" made only of the season).
  std::vector<double> season;
  for (int t = 0; t < 548; ++t) season.push_back(100.0 + 10.0 * std::cos(6.283185307179586 * (t + 150) / kYearDays));
  EXPECT_NEAR(least_squares_slope(season), 0.004173, 1e-5);
  EXPECT_NEAR(least_squares_slope(season, kYearDays), 0.0, 1e-9);
  // A real rise under the same season is still found, at its rate.
  for (std::size_t t = 0; t < season.size(); ++t) season[t] += 0.05 * static_cast<double>(t);
  EXPECT_NEAR(least_squares_slope(season, kYearDays), 0.05, 1e-9);
}

TEST(trend_test, replications_whose_slopes_are_all_positive_show_a_rise) {
  const std::vector<double> rising{1.0, 1.1, 0.9, 1.05, 0.95};
  const auto test = trend_from_replications(rising, 100, 10);
  EXPECT_TRUE(test.rising);
  EXPECT_DOUBLE_EQ(test.slope, 1.0);
  EXPECT_EQ(test.degrees_of_freedom, 4U);
  // The one-sided 99% bound with 4 degrees of freedom: t = 3.746947.
  RunningStats s;
  for (double x : rising) s.add(x);
  EXPECT_NEAR(test.lower, 1.0 - 3.746947 * s.standard_error(), 1e-5);
}

TEST(trend_test, slopes_around_zero_or_a_rise_too_small_to_matter_are_not_flagged) {
  EXPECT_FALSE(trend_from_replications(std::vector<double>{0.2, -0.1, 0.05, -0.2, 0.1}, 100, 1).rising);
  // Clearly above zero, but 0.001 a day over 100 days is less than the 1 that matters.
  EXPECT_FALSE(trend_from_replications(std::vector<double>{0.001, 0.001, 0.001}, 100, 1).rising);
  // One replication: no interval across replications.
  EXPECT_FALSE(trend_from_replications(std::vector<double>{5.0}, 100, 1).rising);
}

TEST(trend_test, replications_that_all_grow_at_very_different_rates_show_a_rise) {
  // Near saturation: every replication grows, but at rates so spread that the t bound is below 0.
  const std::vector<double> spread{0.2, 2.6, 0.35, 0.12, 0.24, 1.7, 0.18, 1.35, 0.19, 0.27};
  const auto test = trend_from_replications(spread, 1000, 35);
  EXPECT_LT(test.lower, 0.0);
  EXPECT_EQ(test.replications_rising, 10U);
  EXPECT_NEAR(test.sign_p_value, 1.0 / 1024.0, 1e-12);
  EXPECT_TRUE(test.rising);
  // Nine of ten: P(X >= 9) = 11/1024, above 1%: the sign test alone does not flag it.
  auto nine = spread;
  nine[3] = 0.01;
  const auto weaker = trend_from_replications(nine, 1000, 35);
  EXPECT_NEAR(weaker.sign_p_value, 11.0 / 1024.0, 1e-12);
  EXPECT_FALSE(weaker.rising);
}

TEST(trend_test, batch_means_find_a_rise_in_one_noisy_series_and_not_in_noise) {
  auto series = noise(365, 3.0, 1);
  EXPECT_FALSE(trend_from_batches(series, 1.0).rising);
  for (std::size_t t = 0; t < series.size(); ++t) series[t] += 0.05 * static_cast<double>(t);
  const auto test = trend_from_batches(series, 1.0);
  EXPECT_TRUE(test.rising);
  EXPECT_NEAR(test.slope, 0.05, 0.01);
  EXPECT_EQ(test.degrees_of_freedom, 8U);
  EXPECT_FALSE(trend_from_batches(std::vector<double>(10, 1.0), 0.0).rising) << "too short to test";
}

TEST(trend_test, mser5_cuts_an_initial_transient) {
  auto series = noise(1000, 1.0, 2);
  for (std::size_t t = 0; t < 100; ++t) series[t] += 20.0 * (1.0 - static_cast<double>(t) / 100.0);
  const auto cut = mser5_truncation(series);
  EXPECT_TRUE(cut.settled);
  EXPECT_EQ(cut.observations % 5, 0U);
  EXPECT_GE(cut.observations, 60U);
  EXPECT_LE(cut.observations, 120U);
}

TEST(trend_test, mser5_keeps_a_stationary_series_and_rejects_one_that_never_settles) {
  EXPECT_LE(mser5_truncation(noise(1000, 1.0, 3)).observations, 100U);
  std::vector<double> ramp;
  for (int t = 0; t < 500; ++t) ramp.push_back(0.1 * t);
  EXPECT_FALSE(mser5_truncation(ramp).settled);
}

}  // namespace
}  // namespace careflow::stats
