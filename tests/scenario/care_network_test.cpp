#include "scenario/care_network.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "scenario/scenario_loader.hpp"

namespace careflow::scenario {
namespace {

const std::filesystem::path kScenarios = std::filesystem::path(CAREFLOW_SOURCE_DIR) / "scenarios";

TEST(care_network_test, blocking_offered_loads_by_hand) {
  const auto loads = offered_loads(load_scenario((kScenarios / "blocking.toml").string()));
  ASSERT_EQ(loads.size(), 2U);
  EXPECT_EQ(loads[0].unit, "acute");
  EXPECT_NEAR(loads[0].arrivals_per_day, 30.0, 1e-12);
  EXPECT_NEAR(loads[0].offered_load, 300.0, 1e-9);
  EXPECT_NEAR(loads[0].utilisation(), 0.75, 1e-12);
  EXPECT_NEAR(loads[1].arrivals_per_day, 13.5, 1e-12);  // 30 x 0.45
  EXPECT_NEAR(loads[1].offered_load, 189.0, 1e-9);       // x 14 days
  EXPECT_NEAR(loads[1].utilisation(), 189.0 / 199.0, 1e-12);
}

TEST(care_network_test, service_arrivals_split_by_pathway_and_locality) {
  const auto s = load_scenario((kScenarios / "baseline.toml").string());
  const auto loads = offered_loads(s);
  double p1 = 0, p1_north = 0;
  for (std::size_t i = 0; i < s.services.size(); ++i) {
    if (s.services[i].pathway != Pathway::P1) continue;
    p1 += loads[i + 1].arrivals_per_day;
    if (s.services[i].name == "p1_north") p1_north = loads[i + 1].arrivals_per_day;
  }
  double expected_p1 = 0;
  for (const auto& g : s.groups) expected_p1 += g.admissions_per_day * g.pathway_shares[1];
  EXPECT_NEAR(p1, expected_p1, 1e-9);
  EXPECT_NEAR(p1_north, expected_p1 * 0.41, 1e-9);
}

}  // namespace
}  // namespace careflow::scenario
