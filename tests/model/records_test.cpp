// The records a trace keeps (daily series, event log, patient records) agree with the measures,
// and keeping them changes nothing about the run.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "model/simulate.hpp"
#include "scenario/scenario_loader.hpp"

namespace careflow::model {
namespace {

const std::string kScenarios = (std::filesystem::path(CAREFLOW_SOURCE_DIR) / "scenarios").string();

ModelOptions everything() {
  ModelOptions options;
  options.keep_patient_records = true;
  options.keep_daily_series = true;
  options.keep_event_log = true;
  return options;
}

TEST(records_test, keeping_records_changes_no_measure) {
  const auto s = scenario::load_scenario(kScenarios + "/pull.toml", {"run.days=60"});
  const auto plain = simulate_replication(s, 0);
  const auto recorded = simulate_replication(s, 0, everything());
  ASSERT_EQ(plain.measures.size(), recorded.measures.size());
  for (std::size_t i = 0; i < plain.measures.size(); ++i) {
    EXPECT_EQ(plain.measures[i].value, recorded.measures[i].value) << plain.measures[i].name;
  }
  EXPECT_EQ(plain.events, recorded.events);
  EXPECT_TRUE(plain.patients.empty());
  EXPECT_TRUE(plain.daily.day.empty());
  EXPECT_TRUE(plain.event_log.time.empty());
}

TEST(records_test, daily_means_over_the_measured_days_give_the_measures) {
  // Whole warm-up and run days: the measured period is exactly the last `days` daily rows.
  const auto s = scenario::load_scenario(kScenarios + "/baseline.toml", {"run.days=40", "run.warmup_days=10"});
  const auto r = simulate_replication(s, 3, everything());
  const auto& d = r.daily;
  const std::size_t units = 1 + s.services.size();  // no hub in the baseline
  ASSERT_EQ(d.units.size(), units);
  ASSERT_EQ(d.rows(), units * 50);
  double beds = 0, nctr = 0, queue = 0;
  std::vector<double> service_occupied(s.services.size(), 0.0), service_queue(s.services.size(), 0.0);
  for (std::size_t row = 0; row < d.rows(); ++row) {
    EXPECT_EQ(d.day[row], row / units);
    EXPECT_EQ(d.unit[row], row % units);
    if (d.day[row] < 10) continue;
    if (d.unit[row] == 0) {
      beds += d.occupied[row];
      nctr += d.nctr[row];
      queue += d.queue[row];
      EXPECT_EQ(d.capacity[row], s.acute_units[0].beds);
      EXPECT_TRUE(std::isnan(d.reserved_idle[row]));
    } else {
      service_occupied[d.unit[row] - 1] += d.occupied[row];
      service_queue[d.unit[row] - 1] += d.queue[row];
      EXPECT_TRUE(std::isnan(d.nctr[row]));
    }
  }
  EXPECT_NEAR(beds / 40 / s.acute_units[0].beds, r.value("acute occupancy"), 1e-12);
  EXPECT_NEAR(nctr / 40, r.value("NCTR patients in acute beds"), 1e-9);
  EXPECT_NEAR(queue / 40, r.value("admission queue"), 1e-9);
  for (std::size_t i = 0; i < s.services.size(); ++i) {
    const auto& spec = s.services[i];
    if (spec.counts_people()) {
      EXPECT_NEAR(service_occupied[i] / 40 / spec.capacity, r.value("utilisation " + spec.name), 1e-12)
          << spec.name;
    } else {  // utilisation counts visits or hours; the daily series counts people
      EXPECT_NEAR(service_occupied[i] / 40, r.value("people supported " + spec.name), 1e-9) << spec.name;
    }
    EXPECT_NEAR(service_queue[i] / 40, r.value("queue " + spec.name), 1e-9) << spec.name;
  }
}

TEST(records_test, with_a_hub_the_queue_is_the_hubs) {
  const auto s = scenario::load_scenario(kScenarios + "/lever_transfer_of_care_hub.toml", {"run.days=20"});
  const auto r = simulate_replication(s, 0, everything());
  const auto& d = r.daily;
  ASSERT_GT(d.units.size(), 1 + s.services.size());
  EXPECT_NE(d.units.back().find("hub"), std::string::npos);
  for (std::size_t row = 0; row < d.rows(); ++row) {
    // A service in a hub has no queue of its own; a package provider or care home keeps its own.
    const bool pooled = d.unit[row] >= 1 && d.unit[row] <= s.services.size() &&
                        s.services[d.unit[row] - 1u].from_hospital;
    EXPECT_EQ(std::isnan(d.queue[row]), pooled);
  }
}

TEST(records_test, the_event_log_holds_every_event_in_order) {
  const auto s = scenario::load_scenario(kScenarios + "/blocking.toml", {"run.days=100", "run.warmup_days=0"});
  const auto r = simulate_replication(s, 1, everything());
  const auto& log = r.event_log;
  ASSERT_EQ(log.rows(), r.events);
  EXPECT_TRUE(std::is_sorted(log.time.begin(), log.time.end()));
  EXPECT_EQ(log.kinds.front(), "arrival");
  // Every arrival names the patient it created, in order; no initial occupants in blocking.toml.
  std::int64_t next_patient = 0;
  for (std::size_t i = 0; i < log.rows(); ++i) {
    if (log.kind[i] != 0) continue;
    EXPECT_EQ(log.patient[i], next_patient++);
    EXPECT_EQ(log.time[i], r.patients[static_cast<std::size_t>(log.patient[i])].arrival);
  }
  EXPECT_EQ(static_cast<std::uint64_t>(next_patient), r.census.arrived);
}

}  // namespace
}  // namespace careflow::model
