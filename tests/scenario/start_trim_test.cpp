// A capacity cut below the starting state: the start is trimmed to fit and every move recorded.

#include "scenario/start_trim.hpp"

#include <gtest/gtest.h>

#include "scenario/scenario_loader.hpp"

namespace careflow::scenario {
namespace {

const std::string kBaseline = CAREFLOW_SOURCE_DIR "/scenarios/baseline.toml";

const Service& service(const Scenario& s, const std::string& name) {
  for (const auto& x : s.services) {
    if (x.name == name) return x;
  }
  throw std::runtime_error("no service " + name);
}

int waiting(const Scenario& s) {
  int n = 0;
  for (const auto& x : s.services) n += x.initially_waiting;
  return n;
}

TEST(start_trim, a_scenario_that_fits_is_left_as_it_is) {
  const auto s = load_scenario(kBaseline);
  EXPECT_TRUE(s.start_trims.empty());
  EXPECT_EQ(s.acute_units[0].initially_occupied, 1350);
  EXPECT_EQ(s.acute_units[0].initially_queued, 0);
}

TEST(start_trim, people_beyond_a_units_places_wait_for_it_in_acute_beds) {
  const auto before = load_scenario(kBaseline);
  const auto s = load_scenario(kBaseline, {"services.p2_south.capacity=60"});
  ASSERT_EQ(s.start_trims.size(), 1U);
  const auto& trim = s.start_trims[0];
  EXPECT_EQ(trim.key, "services.p2_south.initially_occupied");
  EXPECT_EQ(trim.before, 61);
  EXPECT_EQ(trim.capacity, 60);
  EXPECT_EQ(trim.moved, 1);
  EXPECT_EQ(service(s, "p2_south").initially_occupied, 60);
  EXPECT_EQ(service(s, "p2_south").initially_waiting, service(before, "p2_south").initially_waiting + 1);
  EXPECT_EQ(describe(trim),
            "services.p2_south.initially_occupied = 61, more than the 60 that fit: 1 moved to wait for it in acute "
            "beds");
}

TEST(start_trim, patients_beyond_the_acute_beds_wait_for_admission) {
  const auto s = load_scenario(kBaseline, {"acute.beds=1300"});
  const int ready = waiting(s);
  ASSERT_EQ(s.start_trims.size(), 1U);
  EXPECT_EQ(s.start_trims[0].key, "acute.initially_occupied");
  EXPECT_EQ(s.start_trims[0].moved, 1350 + ready - 1300);
  EXPECT_EQ(s.acute_units[0].initially_occupied + ready, 1300) << "the beds exactly full";
  EXPECT_EQ(s.acute_units[0].initially_queued, 1350 + ready - 1300);
  EXPECT_EQ(s.acute_units[0].initially_occupied + s.acute_units[0].initially_queued, 1350) << "nobody lost";
}

TEST(start_trim, more_ready_patients_than_beds_leaves_the_last_out) {
  const auto s = load_scenario(kBaseline, {"acute.beds=100"});
  EXPECT_EQ(s.acute_units[0].initially_occupied, 0);
  EXPECT_EQ(s.acute_units[0].initially_queued, 1350);
  EXPECT_EQ(waiting(s), 100);
  ASSERT_GE(s.start_trims.size(), 2U);
  EXPECT_EQ(s.start_trims.back().where, "left out of the start (more than the acute beds hold)");
}

TEST(start_trim, a_unit_that_turns_patients_away_sends_them_elsewhere) {
  const auto s = load_scenario(kBaseline, {"acute.beds=1300", "acute.when_full=\"turn_away\""});
  ASSERT_EQ(s.start_trims.size(), 1U);
  EXPECT_EQ(s.acute_units[0].initially_queued, 0);
  EXPECT_NE(s.start_trims[0].where.find("treated elsewhere"), std::string::npos);
}

TEST(start_trim, hours_of_care_fit_by_the_mean_package) {
  // packages_north counts care hours a week: a place is a package's mean hours.
  const auto before = load_scenario(kBaseline);
  const auto& packages = service(before, "packages_north");
  const double hours = packages.mean_place_size();
  ASSERT_GT(hours, 1.0);
  const int cut = static_cast<int>(packages.initially_occupied * hours * 0.5);
  const auto s = load_scenario(kBaseline, {"services.packages_north.capacity=" + std::to_string(cut)});
  ASSERT_EQ(s.start_trims.size(), 1U);
  EXPECT_EQ(service(s, "packages_north").initially_occupied, static_cast<int>(cut / hours + 1e-9));
  EXPECT_EQ(s.start_trims[0].where, "left out of the start (no one waits in hospital for it)");
  EXPECT_EQ(service(s, "packages_north").initially_waiting, 0);
}

}  // namespace
}  // namespace careflow::scenario
