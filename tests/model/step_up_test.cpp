// Step-up: referrals from home straight into a community unit, competing for its places with
// patients leaving hospital. Known answers: with room to spare a unit fed only from home is
// M/M/infinity (mean occupancy = rate x stay); arrivals directly into the second of two units in
// series add to the traffic there; people are conserved while some wait at home.

#include <gtest/gtest.h>

#include <string>

#include "replications.hpp"

namespace careflow::model {
namespace {

using test_support::interval_of;
using test_support::paired_difference;
using test_support::run_all;

// 4 admissions a day; `p1` of them to reablement (capacity `places`, exponential 6 days), which
// also takes `step_up` referrals a day from home.
std::string scenario_text(int places, double step_up, double p1 = 0.25, int days = 1500) {
  return R"(
[run]
days = )" + std::to_string(days) + R"(
warmup_days = 100
replications = 6
seed = 21
[acute]
beds = 1000
[groups.g]
admissions_per_day = 4.0
stay = { distribution = "exponential", mean = 2.0 }
pathway = { P0 = )" + std::to_string(1 - p1) + ", P1 = " + std::to_string(p1) + R"( }
[services.reablement]
pathway = "P1"
capacity = )" + std::to_string(places) + R"(
stay = { distribution = "exponential", mean = 6.0 }
step_up_per_day = )" + std::to_string(step_up) + R"(
)" + std::string(test_support::kNoDischargeLags) + R"([levers]
seven_day_working = true
)";
}

TEST(step_up_test, a_unit_fed_from_home_with_room_to_spare_is_m_m_infinity) {
  // No hospital patients: 3 a day x 6 days = 18 people.
  const auto runs = run_all(scenario_text(400, 3.0, 0.0));
  const auto occupied = interval_of(runs, "utilisation reablement", 400);
  EXPECT_NEAR(occupied.mean, 18.0, std::max(occupied.half_width, 0.5));
  const auto rate = interval_of(runs, "step-up referrals per day reablement");
  EXPECT_NEAR(rate.mean, 3.0, std::max(rate.half_width, 0.05));
  for (const auto& r : runs) {
    EXPECT_EQ(r.value("step-up wait reablement"), 0.0);
    EXPECT_TRUE(r.census.balanced());
  }
  // Step-up referrals are not admissions.
  const auto admissions = interval_of(runs, "admissions per day");
  EXPECT_NEAR(admissions.mean, 4.0, std::max(admissions.half_width, 0.05));
}

TEST(step_up_test, referrals_from_home_lengthen_hospital_delays_for_the_same_places) {
  // 1 a day from hospital + 0, 1 or 2 a day from home, into 20 places (offered 6, 12, 18):
  // every step-up rate lengthens the P1 delay in hospital, paired by replication.
  std::vector<std::vector<ReplicationResult>> runs;
  for (double step_up : {0.0, 1.0, 2.0}) runs.push_back(run_all(scenario_text(20, step_up)));
  for (std::size_t k = 1; k < runs.size(); ++k) {
    std::vector<double> d;
    for (std::size_t r = 0; r < runs[k].size(); ++r) {
      d.push_back(runs[k][r].value("delay days P1 mean") - runs[k - 1][r].value("delay days P1 mean"));
    }
    EXPECT_GT(stats::mean_interval(d, 0.95).low(), 0.0) << "step-up level " << k;
  }
  EXPECT_GT(interval_of(runs.back(), "step-up wait reablement").mean, 0.1);
}

TEST(step_up_test, people_waiting_at_home_are_counted_and_no_place_is_overfilled) {
  const auto s = scenario::load_scenario_text(scenario_text(12, 1.5, 0.25, 300), "step_up.toml");
  ModelOptions options;
  std::uint64_t at_home = 0, checked = 0;
  options.after_event = [&](const CareSystem& system) {
    const auto census = system.census();
    ASSERT_TRUE(census.balanced());
    ASSERT_LE(system.service_committed(0), 12);
    ASSERT_EQ(census.in_community, static_cast<std::uint64_t>(system.service_in_use(0)));
    // Everyone waiting for reablement is in an acute bed (ready) or at home.
    ASSERT_LE(census.waiting_at_home, system.service_queue(0));
    if (census.waiting_at_home > 0) ++at_home;
    ++checked;
  };
  const auto r = simulate_replication(s, 0, options);
  EXPECT_EQ(checked, r.events);
  EXPECT_GT(at_home, 100U);
}

// Two bedded units in series and a community team; direct admissions into the second unit.
TEST(step_up_test, direct_admissions_to_the_second_unit_add_to_its_traffic) {
  const std::string text = R"(
[run]
days = 1500
warmup_days = 100
replications = 6
seed = 3
[acute]
beds = 1000
[groups.g]
admissions_per_day = 4.0
stay = { distribution = "exponential", mean = 2.0 }
pathway = { P0 = 0.5, P2 = 0.5 }
[services.acute_rehab]
pathway = "P2"
capacity = 100
stay = { distribution = "exponential", mean = 5.0 }
next = { community_rehab = 1.0 }
[services.community_rehab]
pathway = "none"
capacity = 200
stay = { distribution = "exponential", mean = 10.0 }
step_up_per_day = 1.0
next = { community_team = 0.5 }
[services.community_team]
pathway = "none"
capacity = 200
stay = { distribution = "exponential", mean = 8.0 }
)" + std::string(test_support::kNoDischargeLags) + R"([levers]
seven_day_working = true
)";
  // Arrival rates 2, 2 + 1 = 3, 1.5 a day: occupancies 10, 30 and 12.
  const auto runs = run_all(text);
  const auto first = interval_of(runs, "utilisation acute_rehab", 100);
  const auto second = interval_of(runs, "utilisation community_rehab", 200);
  const auto third = interval_of(runs, "utilisation community_team", 200);
  EXPECT_NEAR(first.mean, 10.0, std::max(first.half_width, 0.4));
  EXPECT_NEAR(second.mean, 30.0, std::max(second.half_width, 1.0));
  EXPECT_NEAR(third.mean, 12.0, std::max(third.half_width, 0.5));
}

}  // namespace
}  // namespace careflow::model
