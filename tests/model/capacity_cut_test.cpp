// The question a leader asks: "what if we lose a tenth of our beds and places?" The baseline
// with every P1-P3 capacity and the acute beds cut by 10%, below its starting occupancy, runs,
// nobody is lost at the start, and delays rise (paired 95% CI above 0).

#include <gtest/gtest.h>

#include <cmath>
#include <fmt/core.h>

#include "model/simulate.hpp"
#include "replications.hpp"
#include "scenario/scenario_loader.hpp"

namespace careflow::model {
namespace {

const std::string kBaseline = CAREFLOW_SOURCE_DIR "/scenarios/baseline.toml";

std::vector<ReplicationResult> run(const scenario::Scenario& s) {
  std::vector<ReplicationResult> out;
  for (std::uint64_t r = 0; r < static_cast<std::uint64_t>(s.run.replications); ++r) {
    out.push_back(simulate_replication(s, r, {}));
  }
  return out;
}

TEST(capacity_cut, a_tenth_less_of_every_bed_and_place_runs_and_delays_rise) {
  const std::vector<std::string> settings{"run.days=180", "run.warmup_days=0", "run.replications=6"};
  const auto base = scenario::load_scenario(kBaseline, settings);
  auto overrides = settings;
  for (const auto& service : base.services) {
    if (!service.from_hospital) continue;  // P1-P3: the units the hospital discharges to
    overrides.push_back(fmt::format("services.{}.capacity={}", service.name,
                                    static_cast<int>(std::floor(service.capacity * 0.9))));
  }
  overrides.push_back(fmt::format("acute.beds={}", static_cast<int>(std::floor(base.acute_units[0].beds * 0.9))));
  const auto cut = scenario::load_scenario(kBaseline, overrides);
  EXPECT_FALSE(cut.start_trims.empty()) << "the cut is below the starting state";

  const auto before = run(base);
  const auto after = run(cut);
  const auto delay = test_support::paired_difference(before, after, "delay days");
  EXPECT_GT(delay.low(), 0.0) << "mean delay rises by " << delay.mean << " +/- " << delay.half_width;
  const auto waits = test_support::paired_difference(before, after, "NCTR patients in acute beds");
  EXPECT_GT(waits.low(), 0.0);
}

TEST(capacity_cut, patients_beyond_the_beds_at_the_start_are_admitted_from_the_queue) {
  // Beds cut to 1,300: 303 patients start in the admission queue, none is lost.
  const auto s = scenario::load_scenario(kBaseline, {"acute.beds=1300", "run.days=30", "run.warmup_days=0",
                                                     "run.replications=1"});
  ModelOptions options;
  options.keep_patient_records = true;
  const auto r = simulate_replication(s, 0, options);
  int started_waiting = 0;
  for (const auto& p : r.patients) started_waiting += p.arrival == 0 && p.admitted > 0 ? 1 : 0;
  EXPECT_GE(started_waiting, s.acute_units[0].initially_queued / 2) << "the queue at the start is admitted";
}

}  // namespace
}  // namespace careflow::model
