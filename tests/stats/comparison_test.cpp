#include "stats/comparison.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace careflow::stats {
namespace {

ScenarioRuns runs(std::string label, std::uint64_t seed, std::vector<std::vector<double>> values,
                  std::vector<std::string> names = {"delay days", "cost"},
                  std::vector<std::string> units = {"days", "GBP/day"}) {
  return {std::move(label), seed, std::move(names), std::move(units), std::move(values), {}};
}

TEST(comparison_test, runs_sharing_a_seed_are_paired_by_replication) {
  // Replication effects shared by both runs (common random numbers): the difference is 1 exactly.
  const auto a = runs("push", 7, {{10, 1}, {20, 2}, {30, 3}, {40, 4}});
  const auto b = runs("pull", 7, {{9, 1}, {19, 2}, {29, 3}, {39, 4}});
  const auto rows = compare_scenarios({a, b});
  ASSERT_EQ(rows.size(), 2U);
  const auto& d = *rows[0].differences[1];
  EXPECT_TRUE(d.paired);
  EXPECT_EQ(d.pairs, 4U);
  EXPECT_DOUBLE_EQ(d.interval.mean, -1.0);
  EXPECT_EQ(d.interval.half_width, 0.0);  // the same shift in every replication
  // Each run alone is far wider: sd 12.91 over 4 replications, t(3) = 3.182.
  EXPECT_NEAR(rows[0].scenarios[0]->half_width, 3.182446305284263 * 12.909944487358056 / 2, 1e-9);
  EXPECT_FALSE(rows[0].differences[0].has_value());
}

TEST(comparison_test, runs_with_other_seeds_use_welchs_interval) {
  const auto a = runs("a", 1, {{1, 0}, {2, 0}, {3, 0}, {4, 0}});
  const auto b = runs("b", 2, {{2, 0}, {4, 0}, {6, 0}, {8, 0}});
  const auto d = *compare_scenarios({a, b})[0].differences[1];
  EXPECT_FALSE(d.paired);
  EXPECT_DOUBLE_EQ(d.interval.mean, 2.5);
  // Welch: standard error sqrt(5/12 + 5/3), 4.4118 degrees of freedom, t quantile 2.677174
  // (integrated independently of Boost); R's t.test(c(2,4,6,8), c(1,2,3,4)) gives the same.
  EXPECT_NEAR(d.interval.low(), -1.364167, 1e-6);
  EXPECT_NEAR(d.interval.high(), 6.364167, 1e-6);
}

TEST(comparison_test, a_measure_missing_from_one_run_is_shown_where_it_exists) {
  const auto a = runs("push", 7, {{10, 1}, {20, 2}});
  const auto b = runs("pull", 7, {{9, 1, 5}, {19, 2, 6}}, {"delay days", "cost", "held idle"},
                      {"days", "GBP/day", "places"});
  const auto rows = compare_scenarios({a, b});
  ASSERT_EQ(rows.size(), 3U);
  EXPECT_EQ(rows[2].name, "held idle");
  EXPECT_FALSE(rows[2].scenarios[0].has_value());
  EXPECT_DOUBLE_EQ(rows[2].scenarios[1]->mean, 5.5);
  EXPECT_FALSE(rows[2].differences[1].has_value());
}

TEST(comparison_test, runs_that_cannot_be_compared_are_refused) {
  const auto a = runs("a", 1, {{1, 2}});
  EXPECT_THROW(compare_scenarios({a, runs("b", 1, {{1}}, {"other"}, {"days"})}), std::invalid_argument);
  EXPECT_THROW(compare_scenarios({a, runs("b", 1, {{1, 2}}, {"delay days", "cost"}, {"hours", "GBP/day"})}),
               std::invalid_argument);
  EXPECT_THROW(compare_scenarios({}), std::invalid_argument);
}

TEST(comparison_test, a_difference_with_a_run_not_in_steady_state_is_marked) {
  auto steady = runs("a", 1, {{1.0}, {2.0}, {3.0}}, {"queue"}, {"patients"});
  auto growing = runs("b", 1, {{2.0}, {3.5}, {4.0}}, {"queue"}, {"patients"});
  growing.steady_state_warning = "not in steady state: queue x grows";
  auto rows = compare_scenarios({steady, growing});
  EXPECT_TRUE(rows[0].differences[1]->depends_on_run_length);
  rows = compare_scenarios({growing, steady});
  EXPECT_TRUE(rows[0].differences[1]->depends_on_run_length) << "either side counts";
  rows = compare_scenarios({steady, runs("c", 1, {{1.5}, {2.5}, {3.5}}, {"queue"}, {"patients"})});
  EXPECT_FALSE(rows[0].differences[1]->depends_on_run_length);
}

}  // namespace
}  // namespace careflow::stats
