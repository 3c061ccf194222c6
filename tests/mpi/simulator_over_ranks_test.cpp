// The engine spread over the ranks of the launch gives what one process gives: PHOLD's events,
// windows and checksum (a hash of every event every LP handled, in order) are equal.

#include <gtest/gtest.h>

#include <stdexcept>

#include "engine/parallelism.hpp"
#include "engine/simulator.hpp"
#include "mpi/mpi_test_ranks.hpp"
#include "phold/phold_model.hpp"

namespace careflow::engine {
namespace {

using careflow::testing::test_ranks;
using phold::PholdConfig;

void expect_same_as_one_process(const PholdConfig& config, unsigned threads) {
  RankExchange& ranks = test_ranks();
  ThreadScope scope(threads);
  const auto alone = scope.run([&] { return phold::run_phold(config, nullptr); });
  const auto spread = scope.run([&] { return phold::run_phold(config, &ranks); });
  EXPECT_EQ(spread.events, alone.events);
  EXPECT_EQ(spread.windows, alone.windows);
  EXPECT_EQ(spread.ranks, ranks.ranks());
  if (ranks.rank() == 0) {
    EXPECT_EQ(spread.checksum, alone.checksum) << config.lps << " LPs, " << threads << " threads";
  }
}

TEST(SimulatorOverRanks, phold_gives_one_process_answer_on_one_and_two_threads) {
  for (unsigned threads : {1U, 2U}) {
    expect_same_as_one_process({.lps = 64, .events_per_lp = 4, .remote = 0.1, .end = 200.0}, threads);
  }
}

TEST(SimulatorOverRanks, every_message_remote_or_none) {
  expect_same_as_one_process({.lps = 30, .events_per_lp = 3, .remote = 1.0, .end = 100.0}, 1);
  expect_same_as_one_process({.lps = 30, .events_per_lp = 3, .remote = 0.0, .end = 100.0}, 2);
}

TEST(SimulatorOverRanks, lps_not_divisible_by_ranks_and_ranks_with_no_lp) {
  expect_same_as_one_process({.lps = 7, .events_per_lp = 5, .remote = 0.5, .end = 150.0}, 2);
  // One LP: every other rank runs none, yet joins every window.
  expect_same_as_one_process({.lps = 1, .events_per_lp = 5, .remote = 0.5, .end = 50.0}, 1);
}

TEST(SimulatorOverRanks, lookahead_longer_than_the_mean_delay) {
  expect_same_as_one_process({.lps = 40, .events_per_lp = 2, .remote = 0.3, .lookahead = 5.0, .mean = 0.5,
                              .end = 300.0},
                             2);
}

TEST(SimulatorOverRanks, messages_between_ranks_are_counted_over_every_rank) {
  RankExchange& ranks = test_ranks();
  const auto none = phold::run_phold({.lps = 20, .events_per_lp = 2, .remote = 0.0, .end = 50.0}, &ranks);
  EXPECT_EQ(none.messages_between_ranks, 0U);
  const auto all = phold::run_phold({.lps = 20, .events_per_lp = 2, .remote = 1.0, .end = 50.0}, &ranks);
  EXPECT_GT(all.messages_between_ranks, 0U);
  EXPECT_LT(all.messages_between_ranks, all.events);
}

class Idle final : public LogicalProcess {
 public:
  void initialize(LpContext&) override {}
  void handle(const Event&, LpContext&) override {}
};

TEST(SimulatorOverRanks, an_lp_is_added_elsewhere_only_for_another_rank) {
  RankExchange& ranks = test_ranks();
  Simulator simulator(10, &ranks);
  Idle idle;
  const LpId mine = simulator.add(idle);
  EXPECT_THROW(simulator.add_elsewhere(ranks.rank()), std::invalid_argument);
  EXPECT_THROW(simulator.add_elsewhere(ranks.ranks()), std::invalid_argument);
  const LpId other = simulator.add_elsewhere((ranks.rank() + 1) % ranks.ranks());
  EXPECT_TRUE(simulator.runs_here(mine));
  EXPECT_FALSE(simulator.runs_here(other));
  EXPECT_THROW(simulator.context(other), std::out_of_range);
  EXPECT_EQ(simulator.lp_count(), 2U);
}

}  // namespace
}  // namespace careflow::engine
