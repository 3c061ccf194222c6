// Social care packages: a provider counted in care hours a week, packages sized per person,
// brokerage that lengthens as the provider fills, and the pull levers on moving between units.
// Known answers: with room to spare the hours in use are arrivals x stay x mean package (an
// M/G/infinity system carrying a mark); W working days take 7W/5 calendar days on average.

#include <gtest/gtest.h>

#include <string>

#include "replications.hpp"

namespace careflow::model {
namespace {

using test_support::interval_of;
using test_support::paired_difference;

struct Packages {
  int hours = 5000;         // the provider's care hours a week
  double mean_hours = 10;   // mean package, hours a week (gamma, sd 4)
  double assessment = 0;    // the provider's own assessment, working days
  double brokerage = 0;
  std::string curve;        // brokerage_curve, TOML, or none
  bool seven_days = true;
  bool trusted = false;
  int days = 1500;
};

// 4 admissions a day, half to reablement (exponential, 5 days, room to spare), all of whose
// leavers need a package (exponential, 20 days): 2 packages start a day.
std::string scenario_text(const Packages& p) {
  std::string text = R"(
[run]
days = )" + std::to_string(p.days) + R"(
warmup_days = 150
replications = 6
seed = 5
[acute]
beds = 1000
[groups.g]
admissions_per_day = 4.0
stay = { distribution = "exponential", mean = 2.0 }
pathway = { P0 = 0.5, P1 = 0.5 }
[services.reablement]
pathway = "P1"
capacity = 300
stay = { distribution = "exponential", mean = 5.0 }
next = { packages = 1.0 }
[services.packages]
pathway = "none"
capacity = )" + std::to_string(p.hours) + R"(
stay = { distribution = "exponential", mean = 20.0 }
package_hours = { distribution = "gamma", mean = )" + std::to_string(p.mean_hours) + R"(, sd = 4 }
assessment_days = )" + std::to_string(p.assessment) + R"(
brokerage_days = )" + std::to_string(p.brokerage) + "\n";
  if (!p.curve.empty()) text += "brokerage_curve = " + p.curve + "\n";
  text += R"(
)" + std::string(test_support::kNoDischargeLags) + R"([levers]
seven_day_working = )" + std::string(p.seven_days ? "true" : "false") + R"(
trusted_assessor = )" + std::string(p.trusted ? "true" : "false") + "\n";
  return text;
}

std::vector<ReplicationResult> run_all(const Packages& p, ModelOptions options = {}) {
  return test_support::run_all(scenario_text(p), std::move(options));
}

TEST(packages_test, hours_in_use_are_arrivals_times_stay_times_the_mean_package) {
  // 2 a day x 20 days = 40 people; x 10 hours = 400 hours a week of the 5000.
  const auto runs = run_all(Packages{});
  const auto people = interval_of(runs, "people supported packages");
  const auto hours = interval_of(runs, "utilisation packages", 5000);
  EXPECT_NEAR(people.mean, 40.0, std::max(people.half_width, 1.0));
  EXPECT_NEAR(hours.mean, 400.0, std::max(hours.half_width, 12.0));
  EXPECT_LT(hours.half_width, 40.0);
  for (const auto& r : runs) EXPECT_EQ(r.value("waiting to move on from reablement"), 0.0);
}

TEST(packages_test, committed_hours_never_exceed_the_capacity_and_patients_are_conserved) {
  // 400 hours a week offered to 420: the provider is often full, and people wait in reablement.
  Packages p;
  p.hours = 420;
  p.days = 400;
  const auto s = scenario::load_scenario_text(scenario_text(p), "packages.toml");
  ModelOptions options;
  std::uint64_t full = 0, checked = 0;
  options.after_event = [&](const CareSystem& system) {
    ASSERT_TRUE(system.census().balanced());
    // Units in key order: packages is unit 0, reablement unit 1.
    ASSERT_LE(system.service_load(0), 420.0 + 1e-6);
    ASSERT_GE(system.service_load(0), -1e-6);
    ASSERT_LE(system.service_in_use(0), system.service_committed(0));
    ASSERT_EQ(system.service_load(1), 0.0) << "reablement counts people";
    // First come first served: someone waits only when the head's package does not fit, so
    // the provider is within one package's hours (at most the 420) of full.
    if (system.service_queue(0) > 0) ++full;
    ++checked;
  };
  const auto r = simulate_replication(s, 0, options);
  EXPECT_EQ(checked, r.events);
  EXPECT_GT(full, 1000U);
  EXPECT_GT(r.value("waiting to move on from reablement"), 0.5);
}

TEST(packages_test, larger_packages_in_the_same_hours_block_reablement_more) {
  Packages small, large;
  small.hours = large.hours = 460;
  large.mean_hours = 11;
  const auto a = run_all(small), b = run_all(large);
  const auto d = paired_difference(a, b, "waiting to move on from reablement");
  EXPECT_GT(d.low(), 0.0);
}

TEST(packages_test, a_flat_curve_at_one_changes_nothing) {
  Packages plain, flat;
  plain.hours = flat.hours = 450;
  plain.brokerage = flat.brokerage = 2;
  flat.curve = "[ { committed = 0.5, multiplier = 1 }, { committed = 1, multiplier = 1 } ]";
  const auto a = run_all(plain), b = run_all(flat);
  for (std::size_t r = 0; r < a.size(); ++r) {
    ASSERT_EQ(a[r].measures.size(), b[r].measures.size());
    for (std::size_t m = 0; m < a[r].measures.size(); ++m) {
      EXPECT_EQ(a[r].measures[m].value, b[r].measures[m].value) << a[r].measures[m].name;
    }
  }
}

TEST(packages_test, brokerage_that_lengthens_as_the_provider_fills_blocks_reablement_more) {
  Packages plain, curved;
  plain.hours = curved.hours = 600;  // about two-thirds committed on average
  plain.brokerage = curved.brokerage = 2;
  curved.curve = "[ { committed = 0.5, multiplier = 1 }, { committed = 0.9, multiplier = 4 } ]";
  const auto a = run_all(plain), b = run_all(curved);
  EXPECT_GT(paired_difference(a, b, "waiting to move on from reablement").low(), 0.5);
}

TEST(packages_test, the_providers_assessment_takes_working_days_and_a_trusted_assessor_removes_it) {
  // 3 working days are 4.2 calendar days on average: 2 a day x 4.2 = 8.4 people waiting to move
  // on, with room to spare; none with the trusted assessor.
  Packages assessed, trusted;
  assessed.assessment = trusted.assessment = 3;
  trusted.trusted = true;
  const auto waiting = interval_of(run_all(assessed), "waiting to move on from reablement");
  EXPECT_NEAR(waiting.mean, 8.4, std::max(waiting.half_width, 0.3));
  for (const auto& r : run_all(trusted)) EXPECT_EQ(r.value("waiting to move on from reablement"), 0.0);
}

TEST(packages_test, without_seven_day_working_packages_start_on_weekdays) {
  // Push: a move due at a weekend waits for Monday 10:00 (but for weekend_discharge_share):
  // people wait at reablement even with room to spare; with seven-day working nobody does.
  Packages push;
  push.seven_days = false;
  const auto waiting = interval_of(run_all(push), "waiting to move on from reablement");
  // 2 a day; were 2/7 due at a weekend, 90% of those would wait a day and 10 hours on average:
  // 2 x 2/7 x 0.9 x (1 + 10/24) = 0.729 people. Reablement itself starts on weekdays (the same
  // lever), so fewer than 2/7 of its stays end at a weekend: a little less.
  EXPECT_GT(waiting.mean - waiting.half_width, 0.55);
  EXPECT_LT(waiting.mean + waiting.half_width, 0.729);
}

}  // namespace
}  // namespace careflow::model
