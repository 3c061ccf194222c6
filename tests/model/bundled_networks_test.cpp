// The bundled care networks (the baseline with its package providers and care homes, step-up
// referrals, the three-unit pathway) hold their invariants at every instant: no unit takes more
// than its capacity (people, beds or care hours), nobody queues who is not waiting somewhere, and
// every patient is somewhere (the census, checked every 64th event: it counts every patient).

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "model/simulate.hpp"
#include "scenario/scenario_loader.hpp"

namespace careflow::model {
namespace {

const std::string kScenarios = (std::filesystem::path(CAREFLOW_SOURCE_DIR) / "scenarios").string();

class BundledNetwork : public ::testing::TestWithParam<const char*> {};

TEST_P(BundledNetwork, no_unit_exceeds_its_capacity_and_patients_are_conserved_at_every_event) {
  const auto s = scenario::load_scenario(kScenarios + "/" + GetParam(), {"run.days=40", "run.warmup_days=10"});
  ModelOptions options;
  std::uint64_t events = 0, moving_on = 0;
  options.after_event = [&](const CareSystem& system) {
    ++events;
    for (std::size_t i = 0; i < s.services.size(); ++i) {
      const auto& spec = s.services[i];
      ASSERT_LE(system.service_in_use(i), system.service_committed(i)) << spec.name;
      if (spec.counts_people()) {
        ASSERT_LE(system.service_committed(i), spec.capacity) << spec.name;
      } else {
        ASSERT_LE(system.service_load(i), spec.capacity + 1e-6) << spec.name;
      }
    }
    ASSERT_LE(system.beds_in_use(), s.acute_units[0].beds);
    if (events % 64 != 0) return;
    const auto census = system.census();
    ASSERT_TRUE(census.balanced());
    ASSERT_EQ(census.in_acute, static_cast<std::uint64_t>(system.beds_in_use()));
    std::uint64_t in_services = 0, queued = 0;
    for (std::size_t i = 0; i < s.services.size(); ++i) {
      in_services += static_cast<std::uint64_t>(system.service_in_use(i));
      queued += system.service_queue(i);  // each unit is its own pool here (no hub)
    }
    ASSERT_EQ(census.in_community, in_services);
    // Everyone queueing is in an acute bed, finished at a unit and moving on, or at home.
    ASSERT_LE(queued, census.in_acute + census.in_community + census.waiting_at_home);
    if (census.in_community > 0 && queued > 0) ++moving_on;
  };
  const auto r = simulate_replication(s, 0, options);
  EXPECT_EQ(events, r.events);
  EXPECT_GT(moving_on, 0U) << "some unit had a queue";
}

INSTANTIATE_TEST_SUITE_P(bundled, BundledNetwork,
                         ::testing::Values("baseline.toml", "step_up.toml", "three_unit_pathway.toml"));

}  // namespace
}  // namespace careflow::model
