#include "scenario/distribution_moments.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "scenario/scenario_loader.hpp"

namespace careflow::scenario {
namespace {

Distribution stay(const std::string& inline_table) {
  const auto s = load_scenario_text("[acute]\nbeds = 10\n[groups.g]\nadmissions_per_day = 1.0\nstay = " +
                                        inline_table + "\n",
                                    "stay.toml");
  return s.groups.front().stay;
}

TEST(distribution_moments_test, exponential_closed_forms) {
  const auto d = stay("{ distribution = \"exponential\", mean = 10.0 }");
  EXPECT_NEAR(survival(d, 10.0), std::exp(-1.0), 1e-12);
  // E[min(S, t)] = mean (1 - exp(-t / mean)); E[max(0, t - S)] = t - that.
  EXPECT_NEAR(covered_days(d, 0.0, 7.0), 10.0 * (1.0 - std::exp(-0.7)), 1e-9);
  EXPECT_NEAR(expected_shortfall(d, 7.0), 7.0 - 10.0 * (1.0 - std::exp(-0.7)), 1e-9);
  EXPECT_NEAR(covered_days(d, 0.0, 1000.0), 10.0, 0.01);  // a wide range: by quantiles
  // A shift adds a flat start: S + 2 covers [0, 2) surely.
  EXPECT_NEAR(covered_days(d, 0.0, 7.0, 2.0), 2.0 + 10.0 * (1.0 - std::exp(-0.5)), 1e-9);
  EXPECT_NEAR(expectation(d, [](double x) { return x; }), 10.0, 0.01);
  EXPECT_NEAR(expectation(d, [](double) { return 1.0; }, 10.0), std::exp(-1.0), 1e-9);
}

TEST(distribution_moments_test, visits_on_a_tapering_schedule) {
  // A fixed 10-day stay on 4 visits a day in week 1, then 2: 7 x 4 + 3 x 2.
  const std::vector<double> taper{4.0, 2.0, 1.0};
  EXPECT_NEAR(expected_visits(stay("{ distribution = \"fixed\", value = 10.0 }"), taper), 34.0, 1e-12);
  // Discharge to assess adds 2 days: 7 x 4 + 5 x 2.
  EXPECT_NEAR(expected_visits(stay("{ distribution = \"fixed\", value = 10.0 }"), taper, 2.0), 38.0, 1e-12);
  // Exponential, mean 7, on [4, 1]: 4 E[min(S, 7)] + 1 (7 - E[min(S, 7)]).
  const double first_week = 7.0 * (1.0 - std::exp(-1.0));
  EXPECT_NEAR(expected_visits(stay("{ distribution = \"exponential\", mean = 7.0 }"), std::vector<double>{4.0, 1.0}),
              4.0 * first_week + (7.0 - first_week), 1e-6);
}

TEST(distribution_moments_test, long_tails_and_empirical_stays) {
  const auto lognormal = stay("{ distribution = \"lognormal\", median = 9.0, mean = 18.0 }");
  EXPECT_NEAR(covered_days(lognormal, 0.0, 1e5), 18.0, 0.05);
  EXPECT_NEAR(expectation(lognormal, [](double x) { return x; }), 18.0, 0.2);
  EXPECT_NEAR(survival(lognormal, 9.0), 0.5, 1e-12);
  const auto empirical = stay("{ distribution = \"empirical\", values = [1, 2, 7], weights = [0.5, 0.3, 0.2] }");
  EXPECT_NEAR(covered_days(empirical, 0.0, 3.0), 0.5 * 1 + 0.3 * 2 + 0.2 * 3, 1e-12);
  EXPECT_NEAR(expected_shortfall(empirical, 3.0), 0.5 * 2 + 0.3 * 1, 1e-12);
  EXPECT_NEAR(expectation(empirical, [](double x) { return x * x; }, 2.0), 0.3 * 4 + 0.2 * 49, 1e-12);
}

}  // namespace
}  // namespace careflow::scenario
