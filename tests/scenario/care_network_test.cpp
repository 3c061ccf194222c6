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
  ASSERT_EQ(loads.size(), s.services.size() + 1);
  for (std::size_t i = 0; i < s.services.size(); ++i) {
    const auto& service = s.services[i];
    const auto p = static_cast<std::size_t>(service.pathway);
    double expected = 0;
    for (const auto& g : s.groups) {
      expected += g.admissions_per_day * g.pathway_shares[p] * g.locality_shares[*service.locality];
    }
    EXPECT_NEAR(loads[i + 1].arrivals_per_day, expected, 1e-9) << service.name;
    EXPECT_NEAR(loads[i + 1].offered_load, expected * service.stay.mean, 1e-9) << service.name;
  }
  // The baseline is calibrated to 85% of every service's capacity.
  for (std::size_t i = 1; i < loads.size(); ++i) EXPECT_NEAR(loads[i].utilisation(), 0.85, 0.01);
}

}  // namespace
}  // namespace careflow::scenario
