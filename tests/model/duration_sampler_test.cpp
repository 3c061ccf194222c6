#include "model/duration_sampler.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "stats/summary.hpp"

namespace careflow::model {
namespace {

using scenario::Distribution;

// Sample mean within 5 standard errors of the distribution's mean.
void expect_mean(const Distribution& d, double sd, std::uint32_t purpose) {
  engine::RandomStream stream({.seed = 5, .purpose = purpose});
  constexpr int kDraws = 200'000;
  stats::RunningStats s;
  for (int i = 0; i < kDraws; ++i) {
    const double x = sample_days(d, stream);
    ASSERT_GE(x, 0.0);
    s.add(x);
  }
  EXPECT_NEAR(s.mean(), d.mean, 5.0 * sd / std::sqrt(double{kDraws}));
  EXPECT_NEAR(std::sqrt(s.variance()), sd, 0.05 * sd);
}

TEST(duration_sampler_test, exponential) {
  Distribution d;
  d.kind = Distribution::Kind::exponential;
  d.mean = 4.0;
  expect_mean(d, 4.0, 1);
}

TEST(duration_sampler_test, lognormal) {
  Distribution d;
  d.kind = Distribution::Kind::lognormal;
  d.log_mu = std::log(3.0);
  d.log_sigma = std::sqrt(2 * std::log(5.0 / 3.0));
  d.mean = 5.0;
  const double sd = std::sqrt((std::exp(d.log_sigma * d.log_sigma) - 1)) * d.mean;
  expect_mean(d, sd, 2);
}

TEST(duration_sampler_test, gamma) {
  Distribution d;
  d.kind = Distribution::Kind::gamma;
  d.shape = 4.0;
  d.scale = 1.5;
  d.mean = 6.0;
  expect_mean(d, std::sqrt(4.0) * 1.5, 3);
}

TEST(duration_sampler_test, fixed_and_empirical) {
  Distribution fixed;
  fixed.kind = Distribution::Kind::fixed;
  fixed.mean = 2.5;
  engine::RandomStream stream({.seed = 1});
  EXPECT_EQ(sample_days(fixed, stream), 2.5);

  Distribution table;
  table.kind = Distribution::Kind::empirical;
  table.values = {1.0, 2.0, 7.0};
  table.weights = {0.5, 0.3, 0.2};
  int counts[3] = {0, 0, 0};
  constexpr int kDraws = 100'000;
  for (int i = 0; i < kDraws; ++i) {
    const double x = sample_days(table, stream);
    counts[x == 1.0 ? 0 : x == 2.0 ? 1 : 2]++;
    ASSERT_TRUE(x == 1.0 || x == 2.0 || x == 7.0);
  }
  for (int k = 0; k < 3; ++k) {
    const double p = table.weights[static_cast<std::size_t>(k)];
    EXPECT_NEAR(counts[k] / double{kDraws}, p, 5 * std::sqrt(p * (1 - p) / kDraws));
  }
}

}  // namespace
}  // namespace careflow::model
