#include "scenario/care_network_dot.hpp"

#include <gtest/gtest.h>

#include "scenario/scenario_loader.hpp"

namespace careflow::scenario {
namespace {

TEST(care_network_dot_test, blocking_is_drawn_with_its_flows_and_loads) {
  const auto s = load_scenario(std::string(CAREFLOW_SOURCE_DIR) + "/scenarios/blocking.toml");
  const auto dot = care_network_dot(s, offered_loads(s));
  // 30 admissions a day: 45% (13.5) to the community service, which sends everyone home; the
  // rest (16.5) go home from the acute unit. 13.5 x 14 days = 189 of 199 places.
  EXPECT_NE(dot.find("0[label=\"acute\\n400 beds, utilisation 0."), std::string::npos) << dot;
  EXPECT_NE(dot.find("[label=\"community (P1)\\n199 people, utilisation 0.95\", shape=box];"), std::string::npos) << dot;
  EXPECT_NE(dot.find("0->5 [label=\"13.50/day\"];"), std::string::npos) << dot;
  EXPECT_NE(dot.find("0->1 [label=\"16.50/day\"];"), std::string::npos) << dot;
  EXPECT_NE(dot.find("5->1 [label=\"13.50/day\"];"), std::string::npos) << dot;
  EXPECT_TRUE(dot.starts_with("digraph G {"));
}

TEST(care_network_dot_test, readmissions_run_back_to_the_acute_unit) {
  const auto s = load_scenario(std::string(CAREFLOW_SOURCE_DIR) + "/scenarios/baseline.toml");
  const auto loads = offered_loads(s);
  const auto dot = care_network_dot(s, loads);
  // Vertices: acute, the four exits, then the services in order; 16% of the three quarters of
  // p1_central's leavers who do not move on to a package return.
  std::size_t unit = 1;
  while (loads[unit].unit != "p1_central") ++unit;
  const double back = loads[unit].arrivals_per_day * 0.75 * 0.16;
  char expected[64];
  std::snprintf(expected, sizeof expected, "%zu->0 [label=\"%.2f/day\"];", unit + 4, back);
  EXPECT_NE(dot.find(expected), std::string::npos) << dot;
}

TEST(care_network_dot_test, step_up_referrals_come_from_home_not_from_the_acute_unit) {
  const auto s = load_scenario(std::string(CAREFLOW_SOURCE_DIR) + "/scenarios/three_unit_pathway.toml");
  const auto dot = care_network_dot(s, offered_loads(s));
  // Vertices: acute 0, four exits, the three units (5 community_rehab_beds, 6 early supported
  // discharge, 7 stroke_rehab_unit), then the source of step-up referrals.
  EXPECT_NE(dot.find("8[label=\"referred from home (step-up)\", shape=ellipse];"), std::string::npos) << dot;
  EXPECT_NE(dot.find("8->5 [label=\"1.00/day\"];"), std::string::npos) << dot;
  EXPECT_EQ(dot.find("0->5 "), std::string::npos) << "the acute unit sends no one to a pathway-none unit";
}

}  // namespace
}  // namespace careflow::scenario
