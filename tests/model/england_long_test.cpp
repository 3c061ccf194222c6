// England for a year: each care system's residents' emergency admissions within 2% of its
// published figure (HES 2024-25, scenarios/data/england_icbs.csv) less the readmissions its care
// model makes itself, which the calibration leaves to the model; and no care system's admission
// queue grows without bound (one that did would hold ever more of its residents out of the risk
// of a new admission, and fall short). Labelled `long`.

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <string>

#include "engine/parallelism.hpp"
#include "model/simulate.hpp"
#include "model/steady_state.hpp"
#include "scenario/scenario_loader.hpp"

namespace careflow::model {
namespace {

TEST(england_long_test, each_care_system_admits_its_published_total) {
  const auto file = (std::filesystem::path(CAREFLOW_SOURCE_DIR) / "scenarios" / "england.toml").string();
  const auto england = scenario::load_scenario(file);
  ASSERT_EQ(england.systems.size(), 42U);
  engine::ThreadScope scope(engine::threads_or_all_cores(0));
  ModelOptions options;
  options.keep_daily_series = true;
  const auto result = scope.run([&] { return simulate_replication(england, 0, options); });
  SteadyStateMonitor monitor(england.run.warmup_days);
  monitor.add(0, result.daily);
  const auto state = monitor.result();
  for (const auto& level : state.levels) {
    EXPECT_FALSE(level.rising && level.level.ends_with(" admission queue"))
        << level.level << " grows by " << level.growth_per_month() << " a month";
  }
  double worst = 0;
  for (std::size_t i = 0; i < england.systems.size(); ++i) {
    const auto& system = england.systems[i];
    const double target = system.population->admissions_per_year * (1 - system.population->readmitted_share);
    const double measured = result.systems[i].value("residents' emergency admissions per day") * 365.0;
    const double error = measured / target - 1;
    worst = std::max(worst, std::abs(error));
    EXPECT_LT(std::abs(error), 0.02) << system.code << ": " << measured << " a year against " << target;
  }
  std::printf("largest calibration error over the 42 care systems: %.2f%%\n", 100 * worst);
}

}  // namespace
}  // namespace careflow::model
