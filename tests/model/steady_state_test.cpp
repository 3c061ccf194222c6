#include "model/steady_state.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <random>
#include <string>

#include "model/simulate.hpp"
#include "scenario/scenario_loader.hpp"
#include "stats/summary.hpp"
#include "stats/trend.hpp"

namespace careflow::model {
namespace {

const std::string kScenarios = (std::filesystem::path(CAREFLOW_SOURCE_DIR) / "scenarios").string();

// An M/M/c queue as a care system: 20 beds, exponential stays of a day, Poisson admissions that
// wait for a bed; offered load rho = admissions / 20.
scenario::Scenario mmc(double rho, std::uint64_t seed, int replications,
                       const std::string& stay = "{ distribution = \"exponential\", mean = 1.0 }") {
  const std::string text = "[run]\ndays = 365\nwarmup_days = 30\nreplications = " +
                           std::to_string(replications) + "\nseed = " + std::to_string(seed) +
                           "\n[acute]\nbeds = 20\n[groups.all]\nadmissions_per_day = " +
                           std::to_string(20.0 * rho) + "\nstay = " + stay + "\n";
  return scenario::load_scenario_text(text, "mmc.toml");
}

SteadyState diagnose(const scenario::Scenario& s) {
  ModelOptions options;
  options.keep_daily_series = true;
  SteadyStateMonitor monitor(s.run.warmup_days);
  for (int r = 0; r < s.run.replications; ++r) {
    monitor.add(static_cast<std::size_t>(r),
                simulate_replication(s, static_cast<std::uint64_t>(r), options).daily);
  }
  return monitor.result();
}

bool admission_queue_rises(const SteadyState& state) {
  for (const auto* level : state.rising()) {
    if (level->level == "admission queue") return true;
  }
  return false;
}

TEST(steady_state_test, an_overloaded_mmc_queue_is_flagged_in_nearly_every_seed) {
  int flagged = 0;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) flagged += admission_queue_rises(diagnose(mmc(1.1, seed, 5)));
  EXPECT_GE(flagged, 19);
}

TEST(steady_state_test, a_stable_mmc_queue_is_almost_never_flagged) {
  int flagged = 0;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) flagged += !diagnose(mmc(0.8, seed, 5)).rising().empty();
  EXPECT_LE(flagged, 1);
}

// The same beds with stays far more variable than exponential (lognormal, mean a day, median
// 0.2: squared coefficient of variation 24), as in the care model's community services: a queue
// that near capacity swings between long episodes, so that replications of one scenario grow at
// very different rates, as the admission queue of pull.toml does.
scenario::Scenario swinging(double rho, std::uint64_t seed) {
  auto s = mmc(rho, seed, 10, "{ distribution = \"lognormal\", median = 0.2, mean = 1.0 }");
  s.run.days = 3 * 365;
  return s;
}

// Each replication's own least-squares growth of the admission queue over the measured days.
std::vector<double> admission_queue_growth(const scenario::Scenario& s) {
  ModelOptions options;
  options.keep_daily_series = true;
  std::vector<double> growth;
  for (int r = 0; r < s.run.replications; ++r) {
    const auto daily = simulate_replication(s, static_cast<std::uint64_t>(r), options).daily;
    std::vector<double> queue;
    for (std::size_t row = 0; row < daily.rows(); ++row) {
      if (daily.unit[row] == 0 && daily.day[row] >= s.run.warmup_days) queue.push_back(daily.queue[row]);
    }
    growth.push_back(stats::least_squares_slope(queue, stats::kYearDays) * static_cast<double>(queue.size()));
  }
  return growth;
}

TEST(steady_state_test, a_queue_that_grows_while_swinging_widely_between_replications_is_flagged) {
  // 3% beyond capacity: the queue gains about 0.6 a day on average, but its replications'
  // growth over three years spreads widely (seed 1: from 244 to 2,068 patients, a standard
  // deviation 0.79 of the mean), the case a mean slope's t interval alone is weakest at.
  int flagged = 0;
  double spread = 0;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    const auto s = swinging(1.03, seed);
    flagged += admission_queue_rises(diagnose(s));
    if (seed == 1) {
      const auto growth = admission_queue_growth(s);
      stats::RunningStats g;
      for (double x : growth) g.add(x);
      spread = std::sqrt(g.variance()) / g.mean();
    }
  }
  EXPECT_GT(spread, 0.3);
  EXPECT_GE(flagged, 19);
}

TEST(steady_state_test, the_same_swinging_queue_below_capacity_is_almost_never_flagged) {
  int flagged = 0;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) flagged += !diagnose(swinging(0.9, seed)).rising().empty();
  EXPECT_LE(flagged, 1);
}

TEST(steady_state_test, one_replication_is_tested_by_batch_means) {
  int overloaded = 0, stable = 0;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    overloaded += admission_queue_rises(diagnose(mmc(1.1, seed, 1)));
    stable += !diagnose(mmc(0.8, seed, 1)).rising().empty();
  }
  EXPECT_GE(overloaded, 19);
  EXPECT_LE(stable, 1);
}

TEST(steady_state_test, the_overloaded_queue_grows_at_the_rate_of_the_excess_demand) {
  // rho 1.1 on 20 beds of one-day stays: 22 a day arrive, 20 leave, so the queue gains 2 a day.
  const auto state = diagnose(mmc(1.1, 7, 8));
  for (const auto& level : state.levels) {
    if (level.level != "admission queue") continue;
    EXPECT_TRUE(level.rising);
    EXPECT_NEAR(level.slope_per_day, 2.0, 0.25);
    EXPECT_NEAR(level.growth_per_month(), 2.0 * 30.4375, 8.0);
  }
  EXPECT_NE(state.warning().find("admission queue grows by about"), std::string::npos) << state.warning();
  EXPECT_NE(state.warning().find("results depend on the run length"), std::string::npos);
}

TEST(steady_state_test, every_level_of_the_care_system_is_tested) {
  auto s = scenario::load_scenario(kScenarios + "/baseline.toml", {"run.replications=2", "run.days=60"});
  const auto state = diagnose(s);
  std::vector<std::string> names;
  for (const auto& level : state.levels) names.push_back(level.level);
  EXPECT_EQ(names.at(0), "acute occupancy");
  EXPECT_EQ(names.at(1), "admission queue");
  EXPECT_EQ(names.at(2), "NCTR patients");
  EXPECT_NE(std::find(names.begin(), names.end(), "queue p1_north"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "occupancy p3_south"), names.end());
  EXPECT_EQ(names.size(), 3U + 2U * s.services.size());
}

}  // namespace
}  // namespace careflow::model

namespace careflow::model {
namespace {

// `systems` care systems whose acute units report the same queue series, one replication.
DailySeries systems_with_queue(std::size_t systems, const std::vector<double>& queue) {
  DailySeries d;
  for (std::size_t s = 0; s < systems; ++s) d.units.push_back(systems == 1 ? "acute" : "S" + std::to_string(s) + " acute");
  for (std::size_t day = 0; day < queue.size(); ++day) {
    for (std::size_t s = 0; s < systems; ++s) {
      d.day.push_back(static_cast<std::uint32_t>(day));
      d.unit.push_back(static_cast<std::uint16_t>(s));
      d.occupied.push_back(10);
      d.capacity.push_back(20);
      d.queue.push_back(queue[day]);
      d.nctr.push_back(0);
      d.reserved_idle.push_back(0);
    }
  }
  return d;
}

bool first_queue_rises(std::size_t systems, const std::vector<double>& queue) {
  SteadyStateMonitor monitor(0);
  monitor.add(0, systems_with_queue(systems, queue));
  const auto state = monitor.result();
  for (const auto& level : state.levels) {
    if (level.level.ends_with("admission queue")) return level.rising;
  }
  return false;
}

TEST(steady_state_test, a_run_of_many_care_systems_tests_each_at_99_percent_for_its_system) {
  // A trend a single care system's test flags, at 99%, but too weak to stand out among 42 care
  // systems' levels (Bonferroni: 99.976% for each).
  std::mt19937_64 noise(5);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::vector<double> wobble(365);
  for (double& w : wobble) w = 3 * normal(noise);
  bool found = false;
  for (double slope = 0.005; slope < 0.2 && !found; slope += 0.001) {
    std::vector<double> queue(365);
    for (std::size_t d = 0; d < queue.size(); ++d) queue[d] = 5 + slope * static_cast<double>(d) + wobble[d];
    if (first_queue_rises(1, queue) && !first_queue_rises(42, queue)) found = true;
  }
  EXPECT_TRUE(found);
  // A queue that grows without bound stands out whatever the number of care systems.
  std::vector<double> growing(365);
  for (std::size_t d = 0; d < growing.size(); ++d) growing[d] = 0.5 * static_cast<double>(d) + wobble[d];
  EXPECT_TRUE(first_queue_rises(42, growing));
}

}  // namespace
}  // namespace careflow::model
