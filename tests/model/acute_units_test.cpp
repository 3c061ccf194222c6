// Several acute units (medicine and surgery, say), each patient group admitted to one, each with
// its own beds and admission queue. Known answers: with beds to spare each unit is M/M/infinity
// (occupancy = its groups' admissions x stay); one unit's full beds make only its own patients
// wait; one unit written as a named table is the same model as the plain [acute] table.

#include <gtest/gtest.h>

#include <string>

#include "replications.hpp"
#include "scenario/care_network.hpp"

namespace careflow::model {
namespace {

using test_support::interval_of;
using test_support::run_all;

// Medicine: 10 admissions a day, 5-day stays; surgery: 6 a day, 2-day stays; a fifth of
// medicine's patients need reablement.
std::string two_units(int medicine_beds, int surgery_beds) {
  return R"(
[run]
days = 1000
warmup_days = 50
replications = 6
seed = 17
[acute.medicine]
beds = )" + std::to_string(medicine_beds) + R"(
[acute.surgery]
beds = )" + std::to_string(surgery_beds) + R"(
[groups.medical]
admissions_per_day = 10.0
stay = { distribution = "exponential", mean = 5.0 }
pathway = { P0 = 0.8, P1 = 0.2 }
acute_unit = "medicine"
[groups.surgical]
admissions_per_day = 6.0
stay = { distribution = "exponential", mean = 2.0 }
acute_unit = "surgery"
[services.reablement]
pathway = "P1"
capacity = 100
stay = { distribution = "exponential", mean = 10.0 }
)" + std::string(test_support::kNoDischargeLags) + R"([levers]
seven_day_working = true
)";
}

TEST(acute_units_test, each_unit_with_beds_to_spare_holds_its_own_groups_admissions_times_stay) {
  const auto runs = run_all(two_units(300, 100));
  const auto medicine = interval_of(runs, "acute occupancy medicine", 300);
  const auto surgery = interval_of(runs, "acute occupancy surgery", 100);
  EXPECT_NEAR(medicine.mean, 50.0, std::max(medicine.half_width, 1.0));  // 10 a day x 5 days
  EXPECT_NEAR(surgery.mean, 12.0, std::max(surgery.half_width, 0.4));    // 6 a day x 2 days
  const auto all = interval_of(runs, "acute occupancy", 400);
  EXPECT_NEAR(all.mean, medicine.mean + surgery.mean, 1e-6 * all.mean);
  for (const auto& r : runs) EXPECT_EQ(r.value("ED wait"), 0.0);
  // The offered load has a row per unit, with the same answers.
  const auto s = scenario::load_scenario_text(two_units(300, 100), "acute_units.toml");
  const auto loads = scenario::offered_loads(s);
  const auto& medicine_row = loads[loads.size() - 2];
  const auto& surgery_row = loads.back();
  EXPECT_EQ(medicine_row.unit, "acute medicine");
  EXPECT_EQ(surgery_row.unit, "acute surgery");
  EXPECT_NEAR(surgery_row.offered_load, 12.0, 1e-9);
  EXPECT_NEAR(medicine_row.offered_load + surgery_row.offered_load, loads[0].offered_load, 1e-9);
}

TEST(acute_units_test, a_full_unit_makes_only_its_own_patients_wait) {
  // Surgery offered 12 beds' worth on 13 beds: queues; medicine has room to spare.
  const auto runs = run_all(two_units(300, 13));
  for (const auto& r : runs) {
    EXPECT_EQ(r.value("ED wait medicine"), 0.0);
    EXPECT_GT(r.value("ED wait surgery"), 1.0);
    // The whole system's wait is the admission-weighted mean of the units' (6 in 16 surgical).
    EXPECT_NEAR(r.value("ED wait"), r.value("ED wait surgery") * 6.0 / 16.0, 0.05 * r.value("ED wait"));
    EXPECT_NEAR(r.value("admission queue"), r.value("admission queue surgery"), 1e-9);
  }
}

TEST(acute_units_test, beds_and_queues_add_up_and_no_unit_is_overfilled_at_any_event) {
  const auto s = scenario::load_scenario_text(two_units(55, 13), "acute_units.toml");
  ModelOptions options;
  std::uint64_t both_full = 0;
  options.after_event = [&](const CareSystem& system) {
    ASSERT_LE(system.acute_beds_in_use(0), 55);
    ASSERT_LE(system.acute_beds_in_use(1), 13);
    ASSERT_EQ(system.acute_beds_in_use(0) + system.acute_beds_in_use(1), system.beds_in_use());
    const auto census = system.census();
    ASSERT_TRUE(census.balanced());
    ASSERT_EQ(census.in_acute, static_cast<std::uint64_t>(system.beds_in_use()));
    ASSERT_EQ(census.waiting_admission, system.admission_queue());
    if (system.acute_beds_in_use(0) == 55 && system.acute_beds_in_use(1) == 13) ++both_full;
  };
  simulate_replication(s, 0, options);
  EXPECT_GT(both_full, 10U);
}

TEST(acute_units_test, one_named_unit_is_the_plain_acute_table) {
  std::string plain = two_units(300, 100);
  plain.replace(plain.find("[acute.medicine]"), 16, "[acute]");
  plain.erase(plain.find("[acute.surgery]"), plain.find("[groups.medical]") - plain.find("[acute.surgery]"));
  for (const char* line : {"acute_unit = \"medicine\"\n", "acute_unit = \"surgery\"\n"}) {
    plain.erase(plain.find(line), std::string(line).size());
  }
  std::string named = plain;
  named.replace(named.find("[acute]"), 7, "[acute.everything]");
  const auto a = run_all(plain), b = run_all(named);
  for (std::size_t r = 0; r < a.size(); ++r) {
    ASSERT_EQ(a[r].measures.size(), b[r].measures.size());
    for (std::size_t m = 0; m < a[r].measures.size(); ++m) {
      EXPECT_EQ(a[r].measures[m].value, b[r].measures[m].value) << a[r].measures[m].name;
    }
  }
}

}  // namespace
}  // namespace careflow::model
