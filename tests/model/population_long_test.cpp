// The million-resident scenario against the arrival-stream baseline it is calibrated to: the same
// admissions and acute occupancy within the replications' confidence intervals, and admissions
// within 2% of the calibration target. Labelled `long` (ten replications of a year each, twice).

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "model/simulate.hpp"
#include "scenario/scenario_loader.hpp"
#include "stats/summary.hpp"

namespace careflow::model {
namespace {

const std::string kScenarios = (std::filesystem::path(CAREFLOW_SOURCE_DIR) / "scenarios").string();

std::vector<ReplicationResult> run(const scenario::Scenario& s) {
  std::vector<ReplicationResult> out;
  for (std::uint64_t r = 0; r < static_cast<std::uint64_t>(s.run.replications); ++r) {
    out.push_back(simulate_replication(s, r));
  }
  return out;
}

stats::Interval interval(const std::vector<ReplicationResult>& runs, const std::string& measure) {
  std::vector<double> values;
  for (const auto& r : runs) values.push_back(r.value(measure));
  return stats::mean_interval(values, 0.95);
}

TEST(population_long_test, a_million_residents_agree_with_the_arrival_stream_baseline) {
  const auto baseline = scenario::load_scenario(kScenarios + "/baseline.toml");
  const auto residents = scenario::load_scenario(kScenarios + "/population_1m.toml");
  ASSERT_TRUE(residents.population);
  const auto a = run(baseline);
  const auto b = run(residents);
  for (const char* measure : {"admissions per day", "acute occupancy", "NCTR patients in acute beds"}) {
    const auto x = interval(a, measure);
    const auto y = interval(b, measure);
    const double allowed = std::hypot(x.half_width, y.half_width);
    EXPECT_LT(std::abs(x.mean - y.mean), allowed) << measure << ": " << x.mean << " against " << y.mean;
  }
  // Admissions as calibrated: the target less the readmissions the care model makes itself
  // (which "admissions per day" counts once per patient).
  const double target =
      residents.population->admissions_per_year / 365.0 * (1 - residents.population->readmitted_share);
  EXPECT_LT(std::abs(interval(b, "admissions per day").mean / target - 1), 0.02) << target;
}

}  // namespace
}  // namespace careflow::model
