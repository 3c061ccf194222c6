#include "model/warmup.hpp"

#include <gtest/gtest.h>

#include <string>

#include "model/simulate.hpp"
#include "scenario/scenario_loader.hpp"
#include "stats/summary.hpp"

namespace careflow::model {
namespace {

// 60 beds, 10 admissions a day, exponential stays of 4 days: 40 beds occupied on average in the
// steady state (the offered load), so occupancy 2/3 exactly. The run starts with every bed empty.
scenario::Scenario started_empty(const std::string& warmup) {
  return scenario::load_scenario_text("[run]\ndays = 120\nwarmup_days = " + warmup +
                                          "\nreplications = 20\nseed = 5\n[acute]\nbeds = 60\n"
                                          "[groups.all]\nadmissions_per_day = 10.0\n"
                                          "stay = { distribution = \"exponential\", mean = 4.0 }\n",
                                      "empty.toml");
}

stats::Interval occupancy(const scenario::Scenario& s) {
  std::vector<double> values;
  for (int r = 0; r < s.run.replications; ++r) {
    values.push_back(simulate_replication(s, static_cast<std::uint64_t>(r)).value("acute occupancy"));
  }
  return stats::mean_interval(values);
}

WarmupChoice choose(const scenario::Scenario& s) {
  ModelOptions options;
  options.keep_daily_series = true;
  WarmupChooser chooser;
  for (int r = 0; r < s.run.replications; ++r) {
    chooser.add(simulate_replication(s, static_cast<std::uint64_t>(r), options).daily);
  }
  return chooser.choose();
}

TEST(warmup_test, auto_is_read_as_a_first_pass_without_warm_up) {
  const auto s = started_empty("\"auto\"");
  EXPECT_TRUE(s.run.warmup_auto);
  EXPECT_EQ(s.run.warmup_days, 0.0);
}

TEST(warmup_test, the_chosen_warm_up_removes_the_bias_of_an_empty_start) {
  const double exact = 40.0 / 60.0;
  // Without a warm-up the empty start pulls the mean down, beyond its interval.
  const auto biased = occupancy(started_empty("0"));
  EXPECT_LT(biased.high(), exact);

  auto s = started_empty("\"auto\"");
  const auto choice = choose(s);
  EXPECT_EQ(choice.longest_level, "acute occupancy");
  EXPECT_TRUE(choice.unsettled.empty());
  // The start decays as exp(-t / 4): a few stays' worth of days, not the whole first half.
  EXPECT_GE(choice.days, 5.0);
  EXPECT_LE(choice.days, 40.0);
  s.run.warmup_days = choice.days;
  const auto settled = occupancy(s);
  EXPECT_LE(settled.low(), exact);
  EXPECT_GE(settled.high(), exact);
}

}  // namespace
}  // namespace careflow::model
