// Several care systems as logical processes exchanging patients (scenarios/england.toml, three
// of its South West care systems for a short run): the same results, bit for bit, on one thread,
// on two, and with the care systems blocked by region; every crossing counted out by one care
// system and in by another; every care system's patients conserved.

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/parallelism.hpp"
#include "model/simulate.hpp"
#include "scenario/scenario_loader.hpp"

namespace careflow::model {
namespace {

scenario::Scenario three_systems() {
  const auto file = (std::filesystem::path(CAREFLOW_SOURCE_DIR) / "scenarios" / "england.toml").string();
  return scenario::load_scenario(file, {"systems.only=[\"QSL\", \"QOX\", \"QUY\"]", "run.days=40",
                                        "run.warmup_days=5", "crossings.share=0.1", "crossings.mutual_aid=true",
                                        "crossings.aid_after_days=0"});
}

ReplicationResult run_on(const scenario::Scenario& s, unsigned threads, bool by_region) {
  ModelOptions options;
  options.keep_daily_series = true;
  options.block_by_region = by_region;
  engine::ThreadScope scope(threads);
  return scope.run([&] { return simulate_replication(s, 0, options); });
}

void expect_identical(const ReplicationResult& a, const ReplicationResult& b) {
  ASSERT_EQ(a.systems.size(), b.systems.size());
  for (std::size_t i = 0; i < a.systems.size(); ++i) {
    const auto& x = a.systems[i].measures;
    const auto& y = b.systems[i].measures;
    ASSERT_EQ(x.size(), y.size());
    for (std::size_t m = 0; m < x.size(); ++m) EXPECT_EQ(x[m].value, y[m].value) << i << " " << x[m].name;
    EXPECT_EQ(a.systems[i].daily.occupied, b.systems[i].daily.occupied) << i;
    EXPECT_EQ(a.systems[i].events, b.systems[i].events) << i;
  }
  EXPECT_EQ(a.crossings.sent, b.crossings.sent);
  EXPECT_EQ(a.crossings.received, b.crossings.received);
}

TEST(care_systems_test, results_do_not_depend_on_threads_or_blocks) {
  const auto s = three_systems();
  ASSERT_EQ(s.systems.size(), 3U);
  const auto one = run_on(s, 1, false);
  expect_identical(one, run_on(s, 2, false));
  expect_identical(one, run_on(s, 2, true));
}

TEST(care_systems_test, every_crossing_is_counted_out_and_in) {
  const auto s = three_systems();
  const auto result = run_on(s, 2, false);
  const auto& c = result.crossings;
  for (std::size_t k = 0; k < CrossingCounts::kKinds; ++k) EXPECT_EQ(c.sent[k], c.received[k]) << k;
  EXPECT_GT(c.sent[0], 1000U);  // admissions elsewhere: 10% of about 800 a day
  EXPECT_GT(c.sent[1], 20U);    // referrals home
  EXPECT_GT(c.sent[3], 10U);    // arrivals at a place at home
  EXPECT_GT(c.sent[4], 500U);   // home with no service
  // Each care system's own census balances: visitors who left count as moved to their home system.
  std::uint64_t moved = 0;
  for (const auto& system : result.systems) {
    EXPECT_TRUE(system.census.balanced());
    moved += system.census.moved_to_home_system;
  }
  EXPECT_EQ(moved, c.received[2]);  // each visitor leaves when told their place is found
  EXPECT_GE(moved, c.sent[3]);      // and is sent on (unless the run ends on the way)
}

// Two Midlands care systems with community capacity per person 65+ as it comes (not raised):
// Birmingham and Solihull (many admissions per older resident) is short of community beds,
// Herefordshire and Worcestershire has beds free. With mutual aid, Birmingham's patients waiting
// in acute beds take Herefordshire's free beds.
scenario::Scenario midlands(bool mutual_aid) {
  const auto file = (std::filesystem::path(CAREFLOW_SOURCE_DIR) / "scenarios" / "england.toml").string();
  return scenario::load_scenario(file, {"systems.only=[\"QHL\", \"QGH\"]", "systems.raise_short_capacity=false",
                                        "run.days=90", "run.warmup_days=10",
                                        std::string("crossings.mutual_aid=") + (mutual_aid ? "true" : "false")});
}

TEST(care_systems_test, mutual_aid_lends_free_community_beds_to_a_neighbour_short_of_them) {
  const auto with_aid = midlands(true);
  ASSERT_EQ(with_aid.systems.size(), 2U);
  const std::size_t short_of_beds = with_aid.systems[0].code == "QHL" ? 0 : 1;
  const auto aided = run_on(with_aid, 2, false);
  const auto alone = run_on(midlands(false), 2, false);
  expect_identical(aided, run_on(with_aid, 1, false));  // bit for bit on one thread
  const auto& c = aided.crossings;
  for (std::size_t k = 0; k < CrossingCounts::kKinds; ++k) EXPECT_EQ(c.sent[k], c.received[k]) << k;
  constexpr std::size_t kRequest = 5, kGrant = 6, kArrive = 7;
  EXPECT_GT(c.sent[kRequest], 200U);  // most days, for some of the bedded services (6 a day at most)
  EXPECT_GT(c.sent[kArrive], 150U);   // patients moved to a neighbour's bed
  EXPECT_LE(c.sent[kGrant], c.sent[kRequest]);
  std::uint64_t moved = 0;
  for (const auto& system : aided.systems) {
    EXPECT_TRUE(system.census.balanced());
    moved += system.census.moved_to_neighbour;
  }
  // Each one left their acute bed as they were sent (a journey still under way at the end is not counted).
  EXPECT_GE(moved, c.sent[kArrive]);
  EXPECT_LE(moved, c.sent[kArrive] + 10U);
  const auto& short_system = aided.systems[short_of_beds];
  const auto& lender = aided.systems[1 - short_of_beds];
  EXPECT_GT(short_system.value("moved to a neighbour's community bed per day"), 1.0);
  EXPECT_NEAR(lender.value("neighbours' patients taken into community beds per day"),
              short_system.value("moved to a neighbour's community bed per day"), 0.5);
  // The short care system's patients wait less for a community bed.
  EXPECT_LT(short_system.value("NCTR patients in acute beds"),
            0.95 * alone.systems[short_of_beds].value("NCTR patients in acute beds"));
  EXPECT_FALSE(std::isnan(short_system.value("delay days")));
}

}  // namespace
}  // namespace careflow::model
