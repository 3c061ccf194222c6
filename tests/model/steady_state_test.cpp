#include "model/steady_state.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "model/simulate.hpp"
#include "scenario/scenario_loader.hpp"

namespace careflow::model {
namespace {

const std::string kScenarios = (std::filesystem::path(CAREFLOW_SOURCE_DIR) / "scenarios").string();

// An M/M/c queue as a care system: 20 beds, exponential stays of a day, Poisson admissions that
// wait for a bed; offered load rho = admissions / 20.
scenario::Scenario mmc(double rho, std::uint64_t seed, int replications) {
  const std::string text = "[run]\ndays = 365\nwarmup_days = 30\nreplications = " +
                           std::to_string(replications) + "\nseed = " + std::to_string(seed) +
                           "\n[acute]\nbeds = 20\n[groups.all]\nadmissions_per_day = " +
                           std::to_string(20.0 * rho) +
                           "\nstay = { distribution = \"exponential\", mean = 1.0 }\n";
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
