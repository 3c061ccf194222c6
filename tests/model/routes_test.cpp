// Units in series: a service's leavers moving on to the next unit (`next`), keeping their place
// until the next has room (blocking after service). Known answers: with ample capacity a tandem
// of M/M/infinity units is a Jackson network, each unit's occupancy Poisson with mean arrival
// rate x mean stay; with a finite second unit, blocking of the first grows as the second shrinks.

#include <gtest/gtest.h>

#include <string>

#include "replications.hpp"

namespace careflow::model {
namespace {

using test_support::interval_of;
using test_support::paired_difference;
using test_support::run_all;

// 4 admissions a day, exponential 2-day acute stays; 50% go to `first` (exponential, mean 5 days),
// of whom `share` move on to `second` (pathway "none", exponential, mean 8 days).
std::string tandem(int second_capacity, double share = 1.0, int days = 2000) {
  return R"(
[run]
days = )" + std::to_string(days) + R"(
warmup_days = 100
replications = 6
seed = 11
[acute]
beds = 1000
[groups.g]
admissions_per_day = 4.0
stay = { distribution = "exponential", mean = 2.0 }
pathway = { P0 = 0.5, P1 = 0.5 }
[services.first]
pathway = "P1"
capacity = 200
stay = { distribution = "exponential", mean = 5.0 }
next = { second = )" + std::to_string(share) + R"( }
[services.second]
pathway = "none"
capacity = )" + std::to_string(second_capacity) + R"(
stay = { distribution = "exponential", mean = 8.0 }
cost_per_day = 90
)" + std::string(test_support::kNoDischargeLags) + R"([levers]
seven_day_working = true
)";
}

TEST(routes_test, an_ample_tandem_is_a_jackson_network) {
  // Arrivals at both services 2 a day: mean occupancy 2 x 5 = 10 and 2 x 8 = 16 (Poisson).
  const auto runs = run_all(tandem(400));
  const auto first = interval_of(runs, "utilisation first", 200);
  const auto second = interval_of(runs, "utilisation second", 400);
  EXPECT_NEAR(first.mean, 10.0, std::max(first.half_width, 0.3));
  EXPECT_NEAR(second.mean, 16.0, std::max(second.half_width, 0.5));
  EXPECT_LT(second.half_width, 1.5);
  for (const auto& r : runs) {
    EXPECT_EQ(r.value("waiting to move on from first"), 0.0) << "room to spare: nobody waits";
    EXPECT_TRUE(r.census.balanced());
  }
}

TEST(routes_test, only_the_share_routed_on_reaches_the_next_unit) {
  // 30% of 2 a day move on: 0.6 a day x 8 days = 4.8 people in the second unit.
  const auto runs = run_all(tandem(400, 0.3));
  const auto second = interval_of(runs, "utilisation second", 400);
  EXPECT_NEAR(second.mean, 4.8, std::max(second.half_width, 0.25));
}

TEST(routes_test, a_smaller_next_unit_blocks_the_first_more) {
  // Offered load on the second unit: 16 places. Fewer places: more people finished at the first
  // unit but still holding its places, paired by replication (common random numbers).
  const std::vector<int> capacities{30, 20, 18, 17};
  std::vector<std::vector<double>> waiting;
  for (int c : capacities) {
    std::vector<double> w;
    for (const auto& r : run_all(tandem(c))) w.push_back(r.value("waiting to move on from first"));
    waiting.push_back(w);
  }
  for (std::size_t k = 1; k < capacities.size(); ++k) {
    std::vector<double> difference;
    for (std::size_t r = 0; r < waiting[k].size(); ++r) difference.push_back(waiting[k][r] - waiting[k - 1][r]);
    const auto d = stats::mean_interval(difference, 0.95);
    EXPECT_GT(d.low(), 0.0) << "capacity " << capacities[k] << " against " << capacities[k - 1];
  }
  EXPECT_LT(stats::mean_interval(waiting.front()).mean, 0.05);
  EXPECT_GT(stats::mean_interval(waiting.back()).mean, 1.0);
}

TEST(routes_test, patients_are_conserved_and_no_unit_exceeds_its_capacity) {
  const auto s = scenario::load_scenario_text(tandem(12, 0.7, 300), "routes.toml");
  ModelOptions options;
  std::uint64_t checked = 0, blocked = 0;
  options.after_event = [&](const CareSystem& system) {
    const auto census = system.census();
    ASSERT_TRUE(census.balanced());
    // Everyone queueing is in an acute bed or waiting to move on from the first unit.
    ASSERT_LE(system.service_queue(1), census.in_acute + census.in_community);
    ASSERT_LE(system.service_queue(0), census.in_acute);
    ASSERT_LE(system.service_committed(1), 12);
    ASSERT_LE(system.service_in_use(1), system.service_committed(1));
    ASSERT_LE(system.service_committed(0), 200);
    ASSERT_EQ(system.census().in_community,
              static_cast<std::uint64_t>(system.service_in_use(0) + system.service_in_use(1)));
    if (system.service_queue(1) > 0) {
      ASSERT_EQ(system.service_committed(1), 12);  // nobody waits while there is room
      ++blocked;
    }
    ++checked;
  };
  const auto r = simulate_replication(s, 0, options);
  EXPECT_EQ(checked, r.events);
  EXPECT_GT(blocked, 100U);
}

TEST(routes_test, blocking_is_measured_per_route) {
  // Four fifths of the first unit's leavers move on to the second unit (12.8 of 14 places:
  // blocked often), a fifth to a third with room to spare: the routes' waits add up to the
  // unit's, all of it on the route to the full unit.
  std::string text = tandem(14, 0.8);
  text.replace(text.find("next = { second = "), 18, "next = { third = 0.2, second = ");
  text += R"(
[services.third]
pathway = "none"
capacity = 400
stay = { distribution = "exponential", mean = 8.0 }
)";
  for (const auto& r : run_all(text)) {
    const double all = r.value("waiting to move on from first");
    const double to_second = r.value("waiting to move on from first to second");
    const double to_third = r.value("waiting to move on from first to third");
    EXPECT_NEAR(to_second + to_third, all, 1e-9 * std::max(1.0, all));
    EXPECT_EQ(to_third, 0.0) << "room to spare and no brokerage: nobody waits on that route";
    EXPECT_GT(to_second, 0.1);
  }
}

TEST(routes_test, littles_law_holds_at_the_blocked_unit) {
  // The first unit's occupants = its arrivals a day x (stay + time waiting to move on): the
  // waiting part is measured directly, so occupancy - waiting = arrivals x 5 days.
  const auto runs = run_all(tandem(17));
  std::vector<double> excess;
  for (const auto& r : runs) {
    const double occupied = r.value("utilisation first") * 200;
    excess.push_back(occupied - r.value("waiting to move on from first"));
  }
  const auto e = stats::mean_interval(excess, 0.99);
  EXPECT_NEAR(e.mean, 10.0, std::max(e.half_width, 0.3));
}

}  // namespace
}  // namespace careflow::model
