// Arrival profiles, capacity changes, the initial state, discharge hours and service outcomes.

#include <gtest/gtest.h>

#include <array>
#include <cmath>

#include "model/simulate.hpp"
#include "scenario/scenario_loader.hpp"

namespace careflow::model {
namespace {

using engine::Tick;

const char* kBase = R"(
[run]
days = 700
warmup_days = 0
replications = 1
seed = 21
[acute]
beds = 100000
[groups.g]
admissions_per_day = 40.0
stay = { distribution = "fixed", value = 1 }
[discharge]
referral_lag_days = 0
assessment_days = 0
provider_assessment_days = 0
brokerage_days = 0
)";

ReplicationResult run(const std::string& text, std::vector<std::string> overrides = {}) {
  const auto s = scenario::load_scenario_text(text, "t.toml", overrides);
  ModelOptions options;
  options.keep_patient_records = true;
  return simulate_replication(s, 0, options);
}

TEST(time_varying_test, admissions_follow_the_day_of_week_profile) {
  const auto r = run(std::string(kBase) + "[arrivals]\nday_of_week = [2, 1, 1, 1, 1, 0, 1]\n");
  std::array<double, 7> counts{};
  for (const auto& p : r.patients) counts[static_cast<std::size_t>((p.arrival / engine::kTicksPerDay) % 7)]++;
  EXPECT_EQ(counts[5], 0.0);  // no Saturday admissions at all
  // The profile is scaled to mean 1: Monday 2 x 7/7 = 2, Tuesday 1: Monday has twice the count.
  const double ratio = counts[0] / counts[1];
  EXPECT_NEAR(ratio, 2.0, 4 * 2.0 * std::sqrt(1 / counts[0] + 1 / counts[1]));
  double total = 0;
  for (double c : counts) total += c;
  EXPECT_NEAR(total / 700, 40.0, 4 * std::sqrt(40.0 / 700));  // the daily rate keeps its meaning
}

TEST(time_varying_test, a_surge_raises_admissions_only_while_it_lasts) {
  const auto r = run(std::string(kBase) +
                     "[arrivals]\nsurges = [ { from_day = 100, to_day = 200, multiplier = 1.5 } ]\n");
  double inside = 0, before = 0;
  for (const auto& p : r.patients) {
    const double day = engine::days_from_ticks(p.arrival);
    if (day >= 100 && day < 200) ++inside;
    if (day < 100) ++before;
  }
  EXPECT_NEAR(inside / before, 1.5, 4 * 1.5 * std::sqrt(1 / inside + 1 / before));
}

TEST(time_varying_test, admissions_peak_in_the_afternoon_with_an_hour_profile) {
  std::string hours = "[arrivals]\nhour_of_day = [";
  for (int h = 0; h < 24; ++h) hours += (h ? ", " : "") + std::string(h >= 12 && h < 18 ? "3" : "1");
  const auto r = run(std::string(kBase) + hours + "]\n");
  double afternoon = 0, total = 0;
  for (const auto& p : r.patients) {
    const auto hour = (p.arrival % engine::kTicksPerDay) / engine::kTicksPerHour;
    if (hour >= 12 && hour < 18) ++afternoon;
    ++total;
  }
  const double expected = 18.0 / 36.0;  // 6 hours x 3 out of 6 x 3 + 18 x 1
  EXPECT_NEAR(afternoon / total, expected, 4 * std::sqrt(expected * (1 - expected) / total));
}

TEST(time_varying_test, discharges_wait_for_discharge_hours) {
  const auto r = run(std::string(kBase), {"discharge.first_hour=8", "discharge.last_hour=18",
                                          "groups.g.stay.value=0.3"});
  int moved = 0;
  for (const auto& p : r.patients) {
    if (p.left_acute < 0) continue;
    const double hour = static_cast<double>(p.left_acute % engine::kTicksPerDay) / engine::kTicksPerHour;
    ASSERT_GE(hour, 8.0);
    ASSERT_LT(hour, 18.0);
    if (p.left_acute != p.ready) ++moved;
  }
  EXPECT_GT(moved, 1000);
}

TEST(time_varying_test, a_closed_service_builds_a_queue_that_clears_after_reopening) {
  const std::string text = std::string(kBase) + R"(
[groups.g.pathway]
P0 = 0.9
P3 = 0.1
[services.care_home]
pathway = "P3"
capacity = 100
stay = { distribution = "fixed", value = 10 }
changes = [ { from_day = 300, to_day = 314, capacity = 0 } ]
[levers]
seven_day_working = true
)";
  const auto r = run(text);
  double waited_inside = 0, waited_outside = 0;
  for (const auto& p : r.patients) {
    if (p.pathway != 3 || p.left_acute < 0) continue;
    const double ready = engine::days_from_ticks(p.ready);
    const double delay = engine::days_from_ticks(p.left_acute - p.ready);
    if (ready >= 300 && ready < 314) waited_inside = std::max(waited_inside, delay);
    if (ready < 290 || ready > 330) waited_outside = std::max(waited_outside, delay);
    // Nobody enters the home while it is closed.
    const double entered = engine::days_from_ticks(p.left_acute);
    ASSERT_FALSE(entered >= 300 && entered < 314);
  }
  EXPECT_GT(waited_inside, 5.0);
  EXPECT_EQ(waited_outside, 0.0);  // 4 a day x 10 days = 40 of 100 places: no queue otherwise
}

TEST(time_varying_test, the_initial_state_starts_with_people_in_beds_and_waiting) {
  const std::string text = std::string(kBase) + R"(
[groups.g.pathway]
P0 = 0.9
P1 = 0.1
[services.p1]
pathway = "P1"
capacity = 10
stay = { distribution = "fixed", value = 5 }
initially_occupied = 10
initially_waiting = 7
)";
  std::uint64_t first_census_checked = 0;
  ModelOptions options;
  options.after_event = [&](const CareSystem& system) {
    if (first_census_checked++ > 0) return;
    EXPECT_EQ(system.service_in_use(0), 10);
    EXPECT_EQ(system.service_queue(0), 7U);
    EXPECT_EQ(system.medically_ready_in_acute(), 7U);
    EXPECT_EQ(system.beds_in_use(), 7 + 30);
    EXPECT_TRUE(system.census().balanced());
  };
  const auto s = scenario::load_scenario_text(text, "t.toml", {"acute.initially_occupied=30", "run.days=30"});
  const auto r = simulate_replication(s, 0, options);
  EXPECT_GT(first_census_checked, 0U);
  EXPECT_TRUE(r.census.balanced());
}

TEST(time_varying_test, service_outcomes_follow_their_shares_and_readmissions_return) {
  const std::string text = std::string(kBase) + R"(
[groups.g.pathway]
P0 = 0.5
P2 = 0.5
[services.rehab]
pathway = "P2"
capacity = 10000
stay = { distribution = "fixed", value = 5 }
outcomes = { home = 0.6, long_term_care = 0.1, care_home = 0.1, readmission = 0.1, death = 0.1 }
)";
  const auto r = run(text);
  EXPECT_NEAR(r.value("after service: home"), 0.6, 0.03);
  EXPECT_NEAR(r.value("after service: died"), 0.1, 0.02);
  EXPECT_NEAR(r.value("after service: readmitted"), 0.1, 0.02);
  // Readmission after an exponential delay with mean 10 days: within 30 days for 1 - e^-3.
  EXPECT_NEAR(r.value("readmitted within 30 days of service") / r.value("after service: readmitted"),
              1 - std::exp(-3.0), 0.05);
  int readmitted = 0;
  for (const auto& p : r.patients) readmitted += p.episodes > 1 ? 1 : 0;
  EXPECT_GT(readmitted, 300);
  EXPECT_TRUE(r.census.balanced());
  EXPECT_GT(r.census.dead, 500U);
}

}  // namespace
}  // namespace careflow::model

namespace careflow::model {
namespace {

// P1 counted in care visits: 40 visits a day; a patient needs 4 a day in week 1, 2 in week 2 and
// 1 after. Demand is high, so the service runs full and patients queue.
TEST(time_varying_test, home_care_counted_in_visits_never_exceeds_its_visits) {
  const std::string text = std::string(kBase) + R"(
[groups.g.pathway]
P0 = 0.8
P1 = 0.2
[services.home_care]
pathway = "P1"
capacity = 40
stay = { distribution = "fixed", value = 21 }
visits_per_day = [4, 2, 1]
[levers]
seven_day_working = true
)";
  const auto s = scenario::load_scenario_text(text, "visits.toml", {"run.days=200"});
  int most_people = 0;
  ModelOptions options;
  options.after_event = [&](const CareSystem& system) {
    ASSERT_LE(system.service_load(0), 40.0 + 1e-9);
    ASSERT_GE(system.service_load(0), -1e-9);
    // Nobody waits while a new patient's first-week visits would fit.
    if (system.service_queue(0) > 0) {
      ASSERT_GT(system.service_load(0) + 4.0, 40.0);
    }
    most_people = std::max(most_people, system.service_in_use(0));
  };
  const auto r = simulate_replication(s, 0, options);
  // Tapering lets the service support more people than 40 / 4 = 10 at once: in steady state
  // about 40 visits / (49 visit-days / 21 days) = 17 people.
  EXPECT_GT(most_people, 14);
  EXPECT_NEAR(r.value("people supported home_care"), 40.0 / (49.0 / 21.0), 1.5);
  EXPECT_GT(r.value("utilisation home_care"), 0.9);
  EXPECT_GT(r.value("queue home_care"), 1.0);

  // Without tapering, the same visits support only 10 people.
  const auto flat = scenario::load_scenario_text(text, "visits.toml",
                                                 {"run.days=200", "services.home_care.visits_per_day=[4]"});
  int most_flat = 0;
  ModelOptions flat_options;
  flat_options.after_event = [&](const CareSystem& system) {
    most_flat = std::max(most_flat, system.service_in_use(0));
  };
  simulate_replication(flat, 0, flat_options);
  EXPECT_EQ(most_flat, 10);
}

}  // namespace
}  // namespace careflow::model

namespace careflow::model {
namespace {

TEST(time_varying_test, frailty_lengthens_the_acute_stay_by_its_multiplier) {
  const std::string text = std::string(kBase) + R"(
[frailty]
stay_multiplier = [1.0, 1.5, 3.0]
)";
  const auto r = run(text, {"groups.g.frailty.low=0.5", "groups.g.frailty.severe=0.5",
                            "groups.g.stay.value=2", "run.days=100"});
  double severe = 0, total = 0;
  for (const auto& p : r.patients) {
    if (p.ready < 0) continue;
    ASSERT_EQ(p.ready - p.admitted, engine::ticks_from_days(p.frailty == 2 ? 6.0 : 2.0));
    ASSERT_NE(p.frailty, 1);
    severe += p.frailty == 2 ? 1 : 0;
    ++total;
  }
  EXPECT_NEAR(severe / total, 0.5, 4 * std::sqrt(0.25 / total));
}

}  // namespace
}  // namespace careflow::model

namespace careflow::model {
namespace {

TEST(time_varying_test, at_home_91_days_after_reablement_counts_home_and_care_packages) {
  const std::string text = std::string(kBase) + R"(
[groups.g.pathway]
P0 = 0.5
P1 = 0.5
[services.reablement]
pathway = "P1"
capacity = 10000
stay = { distribution = "fixed", value = 10 }
outcomes = { home = 0.5, long_term_care = 0.2, care_home = 0.1, readmission = 0.1, death = 0.1 }
)";
  const auto r = run(text, {"discharge.readmission_mean_days=100"});
  // home 0.5 + care package 0.2 + readmitted after more than 91 days: 0.1 x e^(-0.91).
  const double expected = 0.7 + 0.1 * std::exp(-0.91);
  EXPECT_NEAR(r.value("at home 91 days after reablement"), expected, 0.025);
}

}  // namespace
}  // namespace careflow::model
