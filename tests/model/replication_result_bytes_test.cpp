// A replication's result survives the trip to bytes and back whole: every field of every part,
// a care system's own results within it, and NaN where a column does not apply.

#include "model/replication_result_bytes.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "model/simulate.hpp"
#include "scenario/scenario_loader.hpp"

namespace careflow::model {
namespace {

// Equal, or both NaN (a column that does not apply).
void expect_same_value(double a, double b) {
  EXPECT_EQ(std::isnan(a), std::isnan(b));
  if (!std::isnan(a)) {
    EXPECT_EQ(a, b);
  }
}

void expect_same(const ReplicationResult& a, const ReplicationResult& b) {
  ASSERT_EQ(a.measures.size(), b.measures.size());
  for (std::size_t i = 0; i < a.measures.size(); ++i) {
    EXPECT_EQ(a.measures[i].name, b.measures[i].name);
    EXPECT_EQ(a.measures[i].unit, b.measures[i].unit);
    expect_same_value(a.measures[i].value, b.measures[i].value);
  }
  EXPECT_EQ(a.patients.group, b.patients.group);
  EXPECT_EQ(a.patients.outcome, b.patients.outcome);
  EXPECT_EQ(a.patients.arrival, b.patients.arrival);
  EXPECT_EQ(a.patients.left_service, b.patients.left_service);
  EXPECT_EQ(a.patients.episodes, b.patients.episodes);
  EXPECT_EQ(a.daily.units, b.daily.units);
  EXPECT_EQ(a.daily.day, b.daily.day);
  ASSERT_EQ(a.daily.nctr.size(), b.daily.nctr.size());
  for (std::size_t i = 0; i < a.daily.nctr.size(); ++i) expect_same_value(a.daily.nctr[i], b.daily.nctr[i]);
  EXPECT_EQ(a.daily.occupied, b.daily.occupied);
  EXPECT_EQ(a.event_log.kinds, b.event_log.kinds);
  EXPECT_EQ(a.event_log.time, b.event_log.time);
  EXPECT_EQ(a.event_log.patient, b.event_log.patient);
  EXPECT_EQ(a.event_log.place, b.event_log.place);
  EXPECT_EQ(a.event_log.unit, b.event_log.unit);
  EXPECT_EQ(a.census.arrived, b.census.arrived);
  EXPECT_EQ(a.census.moved_to_neighbour, b.census.moved_to_neighbour);
  EXPECT_EQ(a.events, b.events);
  EXPECT_EQ(a.windows, b.windows);
  EXPECT_EQ(a.messages_between_ranks, b.messages_between_ranks);
  EXPECT_EQ(a.crossings.sent, b.crossings.sent);
  EXPECT_EQ(a.crossings.received, b.crossings.received);
  EXPECT_EQ(a.residents, b.residents);
  EXPECT_EQ(a.resident_bytes, b.resident_bytes);
  ASSERT_EQ(a.systems.size(), b.systems.size());
  for (std::size_t i = 0; i < a.systems.size(); ++i) expect_same(a.systems[i], b.systems[i]);
}

TEST(ReplicationResultBytes, a_run_with_every_record_comes_back_whole) {
  auto scenario = scenario::load_scenario(CAREFLOW_SOURCE_DIR "/scenarios/blocking.toml", {"run.days=30"});
  ModelOptions options;
  options.keep_patient_records = options.keep_daily_series = options.keep_event_log = true;
  auto result = simulate_replication(scenario, 1, options);
  ASSERT_FALSE(result.patients.empty());
  ASSERT_FALSE(result.event_log.time.empty());
  result.crossings.sent[3] = 7;
  result.residents = 12345;
  result.messages_between_ranks = 4242;
  result.resident_bytes = 14.5;
  ReplicationResult inner = result;
  inner.measures.front().value = std::numeric_limits<double>::quiet_NaN();
  result.systems = {inner, ReplicationResult{}};

  const auto back = results_from_bytes(to_bytes({result, ReplicationResult{}}));
  ASSERT_EQ(back.size(), 2U);
  expect_same(result, back[0]);
  expect_same(ReplicationResult{}, back[1]);
  EXPECT_TRUE(std::isnan(back[0].systems[0].measures.front().value));
}

TEST(ReplicationResultBytes, no_results_is_a_valid_list) {
  EXPECT_TRUE(results_from_bytes(to_bytes({})).empty());
}

}  // namespace
}  // namespace careflow::model
