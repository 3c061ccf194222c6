// Routes and outcomes by patient group (services.<unit>.by_group.<group>): after the same unit,
// frail people move on to a further unit and fit people do not; fit people are readmitted more.
// Known answers from the traffic equations solved group by group (a readmitted person keeps
// their group): fit arrivals at the acute unit 2 / (1 - 0.5 x 0.5); every unit M/M/infinity.

#include <gtest/gtest.h>

#include <string>

#include "replications.hpp"
#include "scenario/care_network.hpp"
#include "scenario/care_network_dot.hpp"

namespace careflow::model {
namespace {

using test_support::interval_of;
using test_support::run_all;

// Two groups of 2 admissions a day; half of each go to reablement (room to spare, 5 days).
// Frail leavers all move on to a community team (8 days); half of fit leavers are readmitted.
std::string by_group() {
  return R"(
[run]
days = 1500
warmup_days = 100
replications = 6
seed = 29
[acute]
beds = 1000
[groups.frail]
admissions_per_day = 2.0
stay = { distribution = "exponential", mean = 2.0 }
pathway = { P0 = 0.5, P1 = 0.5 }
[groups.fit]
admissions_per_day = 2.0
stay = { distribution = "exponential", mean = 2.0 }
pathway = { P0 = 0.5, P1 = 0.5 }
[services.reablement]
pathway = "P1"
capacity = 300
stay = { distribution = "exponential", mean = 5.0 }
[services.reablement.by_group.frail]
next = { community_team = 1.0 }
[services.reablement.by_group.fit]
outcomes = { home = 0.5, readmission = 0.5 }
[services.community_team]
pathway = "none"
capacity = 300
stay = { distribution = "exponential", mean = 8.0 }
)" + std::string(test_support::kNoDischargeLags) + R"(
[levers]
seven_day_working = true
)";
}

TEST(group_routes_test, the_traffic_equations_are_solved_group_by_group) {
  const auto s = scenario::load_scenario_text(by_group(), "groups.toml");
  const auto loads = scenario::offered_loads(s);
  // Fit: lambda = 2 + 0.5 (reablement) x 0.5 (readmitted) x lambda; frail: 2, never readmitted.
  const double fit = 2.0 / (1.0 - 0.25);
  EXPECT_NEAR(loads[0].arrivals_per_day, 2.0 + fit, 1e-9);
  const auto& team = loads[1];  // units in key order: community_team, reablement
  const auto& reablement = loads[2];
  EXPECT_EQ(team.unit, "community_team");
  EXPECT_NEAR(reablement.arrivals_per_day, 1.0 + 0.5 * fit, 1e-9);
  EXPECT_NEAR(team.arrivals_per_day, 1.0, 1e-9);
  ASSERT_EQ(reablement.moves_per_day.size(), 1U);
  EXPECT_NEAR(reablement.moves_per_day[0].second, 1.0, 1e-9);
  EXPECT_NEAR(reablement.leaves_per_day[3], 0.5 * 0.5 * fit, 1e-9);  // readmission
  const auto dot = scenario::care_network_dot(s, loads);
  EXPECT_NE(dot.find("6->5 [label=\"1.00/day\"];"), std::string::npos) << dot;
}

TEST(group_routes_test, only_the_group_routed_on_reaches_the_next_unit) {
  const auto runs = run_all(by_group());
  const double fit = 2.0 / (1.0 - 0.25);
  const auto reablement = interval_of(runs, "utilisation reablement", 300);
  const auto team = interval_of(runs, "utilisation community_team", 300);
  EXPECT_NEAR(reablement.mean, (1.0 + 0.5 * fit) * 5.0, std::max(reablement.half_width, 0.4));  // 11.67
  EXPECT_NEAR(team.mean, 8.0, std::max(team.half_width, 0.4));
  for (const auto& r : runs) EXPECT_TRUE(r.census.balanced());
  // Leavers by outcomes: the frail from the team (1 a day, home) and the fit from reablement
  // (half of them readmitted): 0.5 x 1.33 / (1 + 1.33) = 0.286 of all readmitted.
  const auto readmitted = interval_of(runs, "after service: readmitted");
  const double expected = 0.5 * 0.5 * fit / (1.0 + 0.5 * fit);
  EXPECT_NEAR(readmitted.mean, expected, std::max(readmitted.half_width, 0.01));
}

}  // namespace
}  // namespace careflow::model
