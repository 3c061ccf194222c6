// Sweep plans: every point's scenario checked before anything runs, factor values applied
// (set or scaled), the measures kept, and the runner's common random numbers.
#include "experiment/sweep_plan.hpp"

#include <gtest/gtest.h>

#include "engine/parallelism.hpp"
#include "experiment/sweep_file.hpp"
#include "experiment/sweep_runner.hpp"
#include "scenario/scenario_error.hpp"

namespace careflow::experiment {
namespace {

const std::string kPath = std::string(CAREFLOW_SOURCE_DIR) + "/scenarios/sweeps/test.toml";

SweepPlan plan_of(const std::string& text) { return plan_sweep(load_sweep_text(text, kPath)); }

std::string error_of(const std::string& text) {
  try {
    plan_of(text);
  } catch (const scenario::ScenarioError& e) {
    std::string message = e.what();
    const auto at = message.find(kPath);
    if (at != std::string::npos) message.replace(at, kPath.size(), "test.toml");
    return message;
  }
  return "no error";
}

const std::string kShort = R"(
[sweep]
scenario = "../blocking.toml"
replications = 3
seed = 5
set = ["run.days=60", "run.warmup_days=10"]
)";

TEST(sweep_plan_test, checking_reports_each_point_in_order) {
  std::vector<std::pair<std::size_t, std::size_t>> seen;
  const auto plan = plan_sweep(load_sweep_text(R"(
[sweep]
scenario = "../blocking.toml"
design = "grid"
[factors.c]
key = "services.community.capacity"
levels = [190, 200, 210]
[factors.s]
key = "levers.seven_day_working"
levels = [false, true]
)", kPath),
                               [&](std::size_t done, std::size_t total) { seen.emplace_back(done, total); });
  ASSERT_EQ(seen.size(), 6U);
  for (std::size_t i = 0; i < seen.size(); ++i) EXPECT_EQ(seen[i], std::make_pair(i + 1, std::size_t{6}));
}

TEST(sweep_plan_test, a_capacity_cut_below_the_starting_state_is_a_point_like_any_other) {
  // baseline's p2_south starts with 61 people: a level of 60 is a leader's question, not an error.
  const auto plan = plan_of(R"(
[sweep]
scenario = "../baseline.toml"
design = "grid"
[factors.c]
key = "services.p2_south.capacity"
levels = [50, 61]
)");
  EXPECT_EQ(plan.points(), 2U);
  EXPECT_FALSE(plan.scenario(0).start_trims.empty());
  EXPECT_TRUE(plan.scenario(1).start_trims.empty());
}

TEST(sweep_plan_test, a_level_that_makes_the_scenario_invalid_names_the_factor_and_the_point) {
  EXPECT_EQ(error_of(kShort + "design = \"grid\"\n[factors.places]\nkey = \"services.community.capacity\"\nlevels = [199, -5]\n"),
            "test.toml:8: factors.places: at point 1 (places = -5), the scenario is invalid: "
            "services.community.capacity: must be a whole number from 0 to 10000000, got -5");
}

TEST(sweep_plan_test, a_range_whose_end_is_invalid_is_refused_before_the_design_is_drawn) {
  EXPECT_EQ(error_of(kShort + "design = \"lhs\"\npoints = 4\n[factors.beds]\nkey = \"acute.beds\"\nmin = -10\nmax = 400\n"
                              "distribution = \"integer\"\n"),
            "test.toml:9: factors.beds: at its lowest value -10, the scenario is invalid: acute.beds: must be a whole "
            "number from 0 to 10000000, got -10");
}

TEST(sweep_plan_test, a_continuous_range_on_a_whole_number_key_is_refused_at_the_first_bad_point) {
  const auto message = error_of(kShort + "design = \"lhs\"\npoints = 4\n[factors.places]\n"
                                         "key = \"services.community.capacity\"\nmin = 190\nmax = 230\n");
  EXPECT_TRUE(message.starts_with("test.toml:9: factors.places: at point 0 (places = ")) << message;
  EXPECT_NE(message.find("services.community.capacity: must be a whole number"), std::string::npos) << message;
}

TEST(sweep_plan_test, a_bad_fixed_setting_names_the_sweeps_set) {
  EXPECT_EQ(error_of("[sweep]\nscenario = \"../blocking.toml\"\ndesign = \"grid\"\nset = [\"run.days=-1\"]\n"
                     "[factors.c]\nkey = \"acute.beds\"\nlevels = [400]\n"),
            "test.toml: sweep.set: --set run.days:1: run.days: must be a number of days > 0 and at most 36525 (100 years), "
            "got -1");
}

TEST(sweep_plan_test, scale_factors_multiply_the_base_value_and_keep_whole_numbers_whole) {
  const auto plan = plan_of(kShort + "design = \"grid\"\n[factors.load]\nkeys = [\"groups.all.admissions_per_day\", "
                                     "\"services.community.capacity\"]\nscale = true\nlevels = [1.1, 2]\n");
  ASSERT_EQ(plan.points(), 2U);
  const auto first = plan.scenario(0);
  EXPECT_DOUBLE_EQ(first.groups[0].admissions_per_day, 30.0 * 1.1);
  EXPECT_EQ(first.services[0].capacity, 219);  // 199 x 1.1 = 218.9, rounded
  const auto second = plan.scenario(1);
  EXPECT_DOUBLE_EQ(second.groups[0].admissions_per_day, 60.0);
  EXPECT_EQ(second.services[0].capacity, 398);
  EXPECT_EQ(second.run.replications, 3);
  EXPECT_EQ(second.run.seed, 5U);
  EXPECT_DOUBLE_EQ(second.run.days, 60.0);
}

TEST(sweep_plan_test, keeps_the_measures_asked_for_and_refuses_unknown_ones) {
  const auto plan = plan_of(kShort + "design = \"grid\"\nmeasures = [\"delay days\", \"acute occupancy\"]\n"
                                     "[factors.c]\nkey = \"acute.beds\"\nlevels = [400]\n");
  EXPECT_EQ(plan.measure_names, (std::vector<std::string>{"acute occupancy", "delay days"}));
  const auto message = error_of(kShort + "design = \"grid\"\nmeasures = [\"delay dayz\"]\n"
                                         "[factors.c]\nkey = \"acute.beds\"\nlevels = [400]\n");
  EXPECT_TRUE(message.starts_with("test.toml:8: sweep.measures: no point measures \"delay dayz\"; the base scenario's "
                                  "measures are: admissions per day, turned away"))
      << message;
}

TEST(sweep_plan_test, measures_of_a_lever_some_points_switch_on_are_kept) {
  const auto plan = plan_of(kShort + "design = \"grid\"\n[factors.reserve]\nkey = \"levers.capacity_reservation\"\n"
                                     "levels = [false, true]\n[factors.plan]\nkey = \"levers.planning_start\"\n"
                                     "levels = [true]\n");
  EXPECT_NE(std::find(plan.measure_names.begin(), plan.measure_names.end(), "held idle community"),
            plan.measure_names.end());
}

std::vector<PointResult> run_all(const SweepPlan& plan, unsigned threads) {
  std::vector<PointResult> results;
  engine::ThreadScope scope(threads);
  scope.run([&] { run_sweep(plan, 0, {.replication_done = {}, .point_done = [&](const PointResult& r) { results.push_back(r); }}); });
  return results;
}

std::size_t index_of(const SweepPlan& plan, const std::string& name) {
  return static_cast<std::size_t>(std::find(plan.measure_names.begin(), plan.measure_names.end(), name) -
                                  plan.measure_names.begin());
}

TEST(sweep_plan_test, every_point_sees_the_same_patients_in_replication_r) {
  // Capacity changes what happens after admission, not who arrives: with common random numbers
  // every replication's admissions are the same at both points, and its delays differ.
  const auto plan = plan_of(kShort + "design = \"grid\"\n[factors.places]\nkey = \"services.community.capacity\"\n"
                                     "levels = [100, 199]\n");
  const auto results = run_all(plan, 2);
  ASSERT_EQ(results.size(), 2U);
  const std::size_t m = plan.measure_names.size();
  const auto admissions = index_of(plan, "admissions per day"), delay = index_of(plan, "delay days");
  for (std::size_t r = 0; r < 3; ++r) {
    EXPECT_EQ(results[0].values[r * m + admissions], results[1].values[r * m + admissions]);
    EXPECT_GT(results[0].values[r * m + delay], results[1].values[r * m + delay]);
    if (r > 0) {
      EXPECT_NE(results[0].values[r * m + admissions], results[0].values[admissions]);
    }
  }
  EXPECT_EQ(results[0].point, 0U);
  EXPECT_EQ(results[1].point, 1U);
}

TEST(sweep_plan_test, results_do_not_depend_on_the_thread_count) {
  const auto plan = plan_of(kShort + "design = \"grid\"\n[factors.places]\nkey = \"services.community.capacity\"\n"
                                     "levels = [100, 150, 199]\n");
  const auto one = run_all(plan, 1), two = run_all(plan, 2);
  ASSERT_EQ(one.size(), 3U);
  ASSERT_EQ(two.size(), 3U);
  for (std::size_t p = 0; p < 3; ++p) {
    EXPECT_EQ(one[p].values, two[p].values);
    EXPECT_EQ(one[p].events, two[p].events);
    EXPECT_EQ(one[p].steady_state.warning(), two[p].steady_state.warning());
  }
  // More places, shorter delays, in every replication.
  const std::size_t m = plan.measure_names.size(), delay = index_of(plan, "delay days");
  for (std::size_t r = 0; r < 3; ++r) EXPECT_GT(one[0].values[r * m + delay], one[2].values[r * m + delay]);
}

}  // namespace
}  // namespace careflow::experiment
