#include "model/care_system.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "engine/parallelism.hpp"
#include "model/simulate.hpp"
#include "scenario/scenario_loader.hpp"
#include "stats/erlang.hpp"
#include "stats/summary.hpp"

namespace careflow::model {
namespace {

using engine::Tick;

const std::string kScenarios = (std::filesystem::path(CAREFLOW_SOURCE_DIR) / "scenarios").string();
const std::string kBlocking = kScenarios + "/blocking.toml";

scenario::Scenario blocking(std::vector<std::string> overrides = {}) {
  return scenario::load_scenario(kBlocking, overrides);
}

std::vector<ReplicationResult> replications(const scenario::Scenario& s, unsigned threads,
                                            bool records = false) {
  engine::ThreadScope scope(threads);
  return scope.run([&] {
    return engine::run_replications<ReplicationResult>(
        static_cast<std::size_t>(s.run.replications), [&](std::size_t r) {
          ModelOptions options;
          options.keep_patient_records = records;
          return simulate_replication(s, r, options);
        });
  });
}

TEST(care_system_test, patients_are_conserved_and_capacity_holds_after_every_event) {
  // A small, busy system: 40 beds, a community service at 95% utilisation.
  const auto s = blocking({"run.days=400", "run.warmup_days=0", "acute.beds=40",
                           "groups.all.admissions_per_day=3.0", "services.community.capacity=20"});
  std::uint64_t checked = 0, waited_for_service = 0;
  ModelOptions options;
  options.after_event = [&](const CareSystem& system) {
    const auto census = system.census();
    ASSERT_TRUE(census.balanced());
    ASSERT_EQ(census.in_acute, static_cast<std::uint64_t>(system.beds_in_use()));
    ASSERT_LE(system.beds_in_use(), 40);
    ASSERT_LE(system.service_in_use(0), system.service_committed(0));
    ASSERT_LE(system.service_committed(0), 20);
    ASSERT_GE(system.service_in_use(0), 0);
    ASSERT_EQ(census.in_community, static_cast<std::uint64_t>(system.service_in_use(0)));
    // Nobody waits while there is room: queues exist only in front of full units.
    if (system.admission_queue() > 0) {
      ASSERT_EQ(system.beds_in_use(), 40);
    }
    if (system.service_queue(0) > 0) {
      ASSERT_EQ(system.service_committed(0), 20);
      ++waited_for_service;
    }
    ++checked;
  };
  const auto result = simulate_replication(s, 0, options);
  EXPECT_EQ(checked, result.events);
  EXPECT_GT(checked, 2'000U);
  EXPECT_GT(waited_for_service, 0U);  // the check above was exercised
  EXPECT_TRUE(result.census.balanced());
  EXPECT_GT(result.census.home, 500U);
}

// L = lambda W on the acute unit, the community service and the NCTR "unit" (medically ready
// patients waiting in acute beds), from the patient records of one long run.
TEST(care_system_test, littles_law_holds_on_every_unit) {
  const auto s = blocking({"run.days=3000", "run.warmup_days=300", "run.replications=1"});
  ModelOptions options;
  options.keep_patient_records = true;
  const auto r = simulate_replication(s, 0, options);
  const Tick start = engine::ticks_from_days(300), end = engine::ticks_from_days(3300);
  const double days = 3000;
  double acute_area = 0, service_area = 0, delay_area = 0;
  double admitted = 0, started = 0, ready = 0;
  double stay_sum = 0, service_sum = 0, delay_sum = 0;
  auto overlap = [&](Tick a, Tick b) {
    if (a < 0) return 0.0;
    if (b < 0) b = end;
    return engine::days_from_ticks(std::max<Tick>(0, std::min(b, end) - std::max(a, start)));
  };
  for (const auto& p : r.patients) {
    acute_area += overlap(p.admitted, p.left_acute);
    if (p.pathway == 1) {
      delay_area += overlap(p.ready, p.left_acute);
      if (p.left_acute >= 0) service_area += overlap(p.left_acute, p.left_service);
    }
    if (p.admitted >= start && p.left_acute >= 0) {
      ++admitted;
      stay_sum += engine::days_from_ticks(p.left_acute - p.admitted);
    }
    if (p.pathway == 1 && p.ready >= start && p.left_acute >= 0) {
      ++ready;
      delay_sum += engine::days_from_ticks(p.left_acute - p.ready);
    }
    if (p.pathway == 1 && p.left_acute >= start && p.left_service >= 0) {
      ++started;
      service_sum += engine::days_from_ticks(p.left_service - p.left_acute);
    }
  }
  const double beds_mean = r.value("acute occupancy") * 400;
  const double service_mean = r.value("utilisation community") * 199;
  const double nctr_mean = r.value("NCTR patients in acute beds");
  // The time averages the model measured equal the areas the records imply (an identity).
  EXPECT_NEAR(beds_mean, acute_area / days, 1e-6 * beds_mean);
  EXPECT_NEAR(service_mean, service_area / days, 1e-6 * service_mean);
  EXPECT_NEAR(nctr_mean, delay_area / days, 1e-6 * nctr_mean + 1e-9);
  // Little's law: L = lambda W, up to the patients straddling the ends of the window (about a
  // month's worth of stays at each end of 3,000 days: 1-2%).
  EXPECT_NEAR(beds_mean, admitted / days * (stay_sum / admitted), 0.025 * beds_mean);
  EXPECT_NEAR(service_mean, started / days * (service_sum / started), 0.025 * service_mean);
  EXPECT_NEAR(nctr_mean, ready / days * (delay_sum / ready), 0.025 * nctr_mean);
  EXPECT_GT(nctr_mean, 1.0);  // the blocking scenario really does block
}

// M/G/infinity (scenarios/mg_infinity.toml): with beds to spare, occupancy is Poisson with mean
// lambda x mean stay, whatever the stay distribution (lognormal, median 3, mean 5, at 20 a day:
// mean 100).
TEST(care_system_test, ample_beds_give_poisson_occupancy) {
  const auto s = scenario::load_scenario(kScenarios + "/mg_infinity.toml");
  std::vector<double> means, dispersion;
  for (std::uint64_t rep = 0; rep < 8; ++rep) {
    double area = 0, area_sq = 0, last_level = 0;
    Tick last = engine::ticks_from_days(60);
    const Tick start = last;
    ModelOptions options;
    options.after_event = [&](const CareSystem& system) {
      if (system.now() <= start) {
        last_level = system.beds_in_use();
        return;
      }
      const double dt = static_cast<double>(system.now() - last);
      area += last_level * dt;
      area_sq += last_level * last_level * dt;
      last = system.now();
      last_level = system.beds_in_use();
    };
    const auto r = simulate_replication(s, rep, options);
    const double total = static_cast<double>(last - start);
    const double mean = area / total;
    means.push_back(mean);
    dispersion.push_back((area_sq / total - mean * mean) / mean);  // variance / mean: 1 if Poisson
    EXPECT_NEAR(r.value("acute occupancy") * 100000, mean, 0.01 * mean);
  }
  const auto mean_ci = stats::mean_interval(means, 0.999);
  EXPECT_NEAR(mean_ci.mean, 100.0, std::max(mean_ci.half_width, 0.5));
  EXPECT_LT(mean_ci.half_width, 3.0);
  const auto dispersion_ci = stats::mean_interval(dispersion, 0.999);
  EXPECT_NEAR(dispersion_ci.mean, 1.0, std::max(dispersion_ci.half_width, 0.03));
}

// M/M/c/c (scenarios/erlang_b_loss.toml): 5 beds, turned away when full, 8 a day staying half a
// day on average: Erlang B(5, 4).
TEST(care_system_test, loss_unit_matches_erlang_b) {
  const auto s = scenario::load_scenario(kScenarios + "/erlang_b_loss.toml");
  std::vector<double> blocked;
  for (const auto& r : replications(s, 2)) {
    blocked.push_back(r.value("turned away"));
    EXPECT_EQ(r.value("ED wait"), 0.0);
    EXPECT_TRUE(r.census.balanced());
  }
  stats::RunningStats st;
  for (double b : blocked) st.add(b);
  EXPECT_NEAR(st.mean(), stats::erlang_b(5, 4.0), 4 * st.standard_error());
  EXPECT_LT(st.standard_error(), 0.01);
}

TEST(care_system_test, ample_community_capacity_means_no_delays) {
  const auto s = blocking({"services.community.capacity=10000", "run.days=1000",
                           "run.replications=2"});
  for (const auto& r : replications(s, 1)) {
    EXPECT_EQ(r.value("delay days"), 0.0);
    EXPECT_EQ(r.value("NCTR patients in acute beds"), 0.0);
    EXPECT_EQ(r.value("queue community"), 0.0);
    EXPECT_GT(r.value("utilisation community"), 0.0);
  }
}

TEST(care_system_test, results_are_identical_on_one_and_two_threads) {
  const auto s = blocking({"run.days=500", "run.replications=4"});
  const auto one = replications(s, 1);
  const auto two = replications(s, 2);
  ASSERT_EQ(one.size(), two.size());
  for (std::size_t r = 0; r < one.size(); ++r) {
    ASSERT_EQ(one[r].measures.size(), two[r].measures.size());
    for (std::size_t m = 0; m < one[r].measures.size(); ++m) {
      EXPECT_EQ(one[r].measures[m].value, two[r].measures[m].value) << one[r].measures[m].name;
    }
    EXPECT_EQ(one[r].events, two[r].events);
  }
  EXPECT_NE(one[0].value("delay days"), one[1].value("delay days"));
}

}  // namespace
}  // namespace careflow::model
