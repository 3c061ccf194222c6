// Each pull lever, in a small scenario with fixed durations, changes exactly what it should.

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "model/simulate.hpp"
#include "scenario/scenario_loader.hpp"

namespace careflow::model {
namespace {

using engine::Tick;

// One group, 4 admissions a day, fixed stays; P1 only; a P1 service with room for everyone;
// every discharge-process lag zero unless a test sets it.
std::string scenario_text(const std::string& extra, double acute_stay = 3.0) {  // NOLINT
  return R"(
[run]
days = 140
warmup_days = 14
replications = 1
seed = 5
[acute]
beds = 1000
[groups.g]
admissions_per_day = 4.0
stay = { distribution = "fixed", value = )" +
         std::to_string(acute_stay) + R"( }
pathway = { P1 = 1.0 }
[services.p1]
pathway = "P1"
capacity = 1000
stay = { distribution = "fixed", value = 10 }
)" + extra;
}

ReplicationResult run(const std::string& text, std::vector<std::string> overrides = {}) {
  const auto s = scenario::load_scenario_text(text, "levers.toml", overrides);
  ModelOptions options;
  options.keep_patient_records = true;
  return simulate_replication(s, 0, options);
}

const std::string kNoLags = R"(
[discharge]
referral_lag_days = 0
assessment_days = 0
provider_assessment_days = 0
brokerage_days = 0
weekend_discharge_share = 0
)";

std::vector<double> delays(const ReplicationResult& r) {
  std::vector<double> out;
  for (const auto& p : r.patients) {
    if (p.ready >= 0 && p.left_acute >= 0) out.push_back(engine::days_from_ticks(p.left_acute - p.ready));
  }
  return out;
}

bool weekend(Tick t) { return (t / engine::kTicksPerDay) % 7 >= 5; }

TEST(levers_test, seven_day_working_removes_the_weekend_discharge_gap) {
  const auto push = run(scenario_text(kNoLags));
  int weekend_ready = 0;
  for (const auto& p : push.patients) {
    if (p.ready < 0 || p.left_acute < 0) continue;
    const double delay = engine::days_from_ticks(p.left_acute - p.ready);
    if (weekend(p.ready)) {
      ++weekend_ready;
      EXPECT_GT(delay, 0.0);  // waits for Monday (weekend share 0)
      EXPECT_FALSE(weekend(p.left_acute));
      EXPECT_LE(delay, 2.0 + 10.0 / 24.0);
    } else {
      EXPECT_EQ(delay, 0.0);
    }
  }
  EXPECT_GT(weekend_ready, 50);
  const auto pull = run(scenario_text(std::string(kNoLags) + "[levers]\nseven_day_working = true\n"));
  for (double d : delays(pull)) ASSERT_EQ(d, 0.0);
}

TEST(levers_test, discharge_to_assess_moves_assessment_out_of_the_acute_stay) {
  const std::string seven = "[levers]\nseven_day_working = true\n";
  const auto push = run(scenario_text(kNoLags + seven), {"discharge.assessment_days=2"});
  const auto d2a = run(scenario_text(kNoLags + seven + "discharge_to_assess = true\n"),
                       {"discharge.assessment_days=2"});
  for (double d : delays(push)) ASSERT_DOUBLE_EQ(d, 2.0);
  for (double d : delays(d2a)) ASSERT_DOUBLE_EQ(d, 0.0);
  // ... and into the service stay: 10 days of service plus the 2 days of assessment.
  int checked = 0;
  for (const auto& p : d2a.patients) {
    if (p.left_service < 0) continue;
    ASSERT_EQ(p.left_service - p.left_acute, engine::ticks_from_days(12.0));
    ++checked;
  }
  EXPECT_GT(checked, 300);
  // Little's law: medically ready patients in beds = admissions per day x 2 days.
  const double nctr = push.value("admissions per day") * 2.0;
  EXPECT_NEAR(push.value("NCTR patients in acute beds"), nctr, 0.02 * nctr);
  EXPECT_EQ(d2a.value("NCTR patients in acute beds"), 0.0);
}

TEST(levers_test, trusted_assessor_removes_the_provider_assessment_lag) {
  const std::string seven = "[levers]\nseven_day_working = true\n";
  const std::vector<std::string> lag{"discharge.provider_assessment_days=1"};
  const auto push = run(scenario_text(kNoLags + seven), lag);
  for (const auto& p : push.patients) {
    if (p.ready < 0 || p.left_acute < 0) continue;
    // One working day: readiness on Monday to Thursday waits a day; Friday and the weekend wait
    // until the end of Monday.
    const Tick day = p.ready / engine::kTicksPerDay;
    const Tick expected =
        day % 7 < 4 ? p.ready + engine::kTicksPerDay
                    : (day + (7 - day % 7)) * engine::kTicksPerDay +
                          (day % 7 == 4 ? p.ready % engine::kTicksPerDay : engine::kTicksPerDay);
    ASSERT_EQ(p.left_acute, expected);
  }
  const auto trusted = run(scenario_text(kNoLags + seven + "trusted_assessor = true\n"), lag);
  for (double d : delays(trusted)) ASSERT_EQ(d, 0.0);
}

TEST(levers_test, planning_start_runs_the_discharge_process_during_treatment) {
  // Referral 1 + assessment 2 + brokerage 1 = 4 days of preparation.
  const std::vector<std::string> lags{"discharge.referral_lag_days=1",
                                      "discharge.assessment_days=2", "discharge.brokerage_days=1"};
  const std::string seven = "[levers]\nseven_day_working = true\n";
  for (double d : delays(run(scenario_text(kNoLags + seven, 10.0), lags))) ASSERT_DOUBLE_EQ(d, 4.0);
  // Planning from day 2 of a 10-day stay: prepared by day 6, no delay at all.
  const std::string pull = kNoLags + seven + "planning_start = true\nedd_set_after_days = 2\n";
  for (double d : delays(run(scenario_text(pull, 10.0), lags))) ASSERT_DOUBLE_EQ(d, 0.0);
  // A 5-day stay: prepared on day 6, one day after ready.
  for (double d : delays(run(scenario_text(pull, 5.0), lags))) ASSERT_DOUBLE_EQ(d, 1.0);
}

TEST(levers_test, capacity_reservation_holds_a_place_idle_ahead_of_the_edd) {
  const std::string levers =
      "[levers]\nseven_day_working = true\nplanning_start = true\nedd_set_after_days = 0\n"
      "edd_error_sd_days = 0\ncapacity_reservation = true\nreserve_days_ahead = 2\n";
  const auto r = run(scenario_text(std::string(kNoLags) + levers, 5.0));
  for (double d : delays(r)) ASSERT_EQ(d, 0.0);
  // A perfect forecast: each place idles exactly 2 days before its patient arrives, so by Little's
  // law the idle places average admissions per day x 2 (up to the ends of the run).
  const double idle = r.value("admissions per day") * 2.0;
  EXPECT_NEAR(r.value("held idle p1"), idle, 0.02 * idle);
  EXPECT_NEAR(r.value("cost of idle held places per day"), r.value("held idle p1") * 125.0,
              1e-6);
  EXPECT_THROW(run(scenario_text(std::string(kNoLags) + levers), {"levers.planning_start=false"}),
               scenario::ScenarioError);
}

// Planning events belong to one episode: a patient readmitted soon after a short service stay
// must not receive the last episode's reservation (found by a Sobol sweep: a P0 readmission took
// a place it never released, and indexed past the services). Every place held idle must belong
// to a patient still in acute who needs one.
TEST(levers_test, a_readmitted_patient_gets_no_reservation_of_the_last_episode) {
  const std::string text = R"(
[run]
days = 200
warmup_days = 0
replications = 1
seed = 3
[acute]
beds = 1000
[groups.g]
admissions_per_day = 6.0
stay = { distribution = "fixed", value = 1 }
pathway = { P0 = 0.5, P1 = 0.5 }
[services.p1]
pathway = "P1"
capacity = 6
stay = { distribution = "fixed", value = 0.2 }
outcomes = { readmission = 1.0 }
[discharge]
referral_lag_days = 0
assessment_days = 0
provider_assessment_days = 0
brokerage_days = 0
readmission_mean_days = 0.05
[levers]
seven_day_working = true
planning_start = true
edd_set_after_days = 0
edd_error_sd_days = 4
capacity_reservation = true
reserve_days_ahead = 0.1
)";
  const auto s = scenario::load_scenario_text(text, "levers.toml");
  ModelOptions options;
  options.keep_patient_records = true;
  int committed = 0, in_use = 0;
  options.after_event = [&](const CareSystem& system) {
    ASSERT_LE(system.service_committed(0), 6);
    committed = system.service_committed(0);
    in_use = system.service_in_use(0);
  };
  const auto r = simulate_replication(s, 0, options);
  std::int64_t waiting_with_a_need = 0;
  for (const auto& p : r.patients) {
    if (p.outcome == Outcome::in_acute && p.pathway == 1) ++waiting_with_a_need;
  }
  EXPECT_LE(committed - in_use, waiting_with_a_need);
  EXPECT_GT(r.value("readmitted within 30 days of service"), 0.99);
}

TEST(levers_test, home_first_moves_a_share_of_p2_and_p3_to_p1) {
  const std::string text = scenario_text(std::string(kNoLags) + R"(
[services.p2]
pathway = "P2"
capacity = 1000
stay = { distribution = "fixed", value = 20 }
[levers]
home_first = true
home_first_share = 0.3
)");
  const auto r = run(text, {"groups.g.pathway.P1=0.0", "groups.g.pathway.P2=1.0"});
  int p1 = 0, p2 = 0;
  for (const auto& p : r.patients) {
    if (p.ready < 0) continue;
    (p.pathway == 1 ? p1 : p2)++;
  }
  const double n = p1 + p2;
  EXPECT_NEAR(p1 / n, 0.3, 4 * std::sqrt(0.3 * 0.7 / n));
  EXPECT_GT(r.value("moved to P1 by home first"), 0.0);
}

TEST(levers_test, transfer_of_care_hub_pools_the_queues_of_localities) {
  const std::string text = R"(
localities = ["a", "b"]
[run]
days = 200
warmup_days = 20
replications = 1
seed = 9
[acute]
beds = 1000
[groups.g]
admissions_per_day = 4.0
stay = { distribution = "fixed", value = 3 }
pathway = { P1 = 1.0 }
locality = { a = 0.5, b = 0.5 }
[services.p1_a]
pathway = "P1"
locality = "a"
capacity = 10
stay = { distribution = "fixed", value = 10 }
[services.p1_b]
pathway = "P1"
locality = "b"
capacity = 60
stay = { distribution = "fixed", value = 10 }
[levers]
seven_day_working = true
)" + std::string(kNoLags);
  // Locality a needs 2 a day x 10 days = 20 places and has 10; b has 60 for its 20.
  const auto separate = run(text);
  EXPECT_GT(separate.value("queue p1_a"), 10.0);
  EXPECT_EQ(separate.value("queue p1_b"), 0.0);
  const auto hub = run(text, {"levers.transfer_of_care_hub=true"});
  EXPECT_EQ(hub.value("queue P1 hub"), 0.0);
  for (double d : delays(hub)) ASSERT_EQ(d, 0.0);
}

TEST(levers_test, deconditioning_steps_waiting_patients_up_a_pathway) {
  const std::string text = scenario_text(std::string(kNoLags) + R"(
deconditioning_per_day = 0.1
[services.p2]
pathway = "P2"
capacity = 1000
stay = { distribution = "fixed", value = 20 }
[services.p3]
pathway = "P3"
capacity = 1000
stay = { distribution = "fixed", value = 30 }
[levers]
seven_day_working = true
)");
  const auto none = run(text, {"discharge.deconditioning_per_day=0"});
  EXPECT_THROW(none.value("stepped up by deconditioning"), std::out_of_range);
  // A P1 service far too small: patients wait, and about a tenth a day step up to P2.
  const auto r = run(text, {"services.p1.capacity=20"});
  EXPECT_GT(r.value("stepped up by deconditioning"), 0.2);
  EXPECT_GT(r.value("utilisation p2"), 0.0);
  const auto ample = run(text);
  EXPECT_EQ(ample.value("stepped up by deconditioning"), 0.0);  // nobody waits, nobody declines
}

}  // namespace
}  // namespace careflow::model
