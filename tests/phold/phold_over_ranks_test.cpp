// PHOLD spread over ranks (threads standing in for MPI processes: tests/engine/thread_ranks.hpp)
// gives one process's events, windows and checksum. tests/mpi runs the same over real MPI ranks.

#include <gtest/gtest.h>

#include <stdexcept>

#include "engine/parallelism.hpp"
#include "engine/simulator.hpp"
#include "engine/thread_ranks.hpp"
#include "phold/phold_model.hpp"

namespace careflow::phold {
namespace {

void expect_same_over_ranks(const PholdConfig& config, int rank_count, unsigned threads_per_rank) {
  const auto alone = run_phold(config);
  std::vector<PholdResult> results(static_cast<std::size_t>(rank_count));
  testing::ThreadRanks ranks(rank_count);
  ranks.run([&](engine::RankExchange& mine) {
    engine::ThreadScope scope(threads_per_rank);
    results[static_cast<std::size_t>(mine.rank())] = scope.run([&] { return run_phold(config, &mine); });
  });
  for (const auto& r : results) {
    EXPECT_EQ(r.events, alone.events);
    EXPECT_EQ(r.windows, alone.windows);
    EXPECT_EQ(r.ranks, rank_count);
  }
  EXPECT_EQ(results[0].checksum, alone.checksum) << rank_count << " ranks x " << threads_per_rank << " threads";
  if (rank_count > 1 && config.remote > 0) {
    EXPECT_GT(results[0].messages_between_ranks, 0U);
  }
}

TEST(PholdOverRanks, two_and_three_ranks_give_one_process_answer) {
  const PholdConfig config{.lps = 48, .events_per_lp = 4, .remote = 0.2, .end = 120.0, .seed = 5};
  for (int ranks : {1, 2, 3}) expect_same_over_ranks(config, ranks, 1);
  expect_same_over_ranks(config, 2, 2);
}

TEST(PholdOverRanks, more_ranks_than_lps) {
  expect_same_over_ranks({.lps = 2, .events_per_lp = 3, .remote = 0.5, .end = 60.0}, 3, 1);
}

TEST(PholdOverRanks, every_event_remote) {
  expect_same_over_ranks({.lps = 16, .events_per_lp = 2, .remote = 1.0, .end = 80.0}, 3, 1);
}

TEST(PholdOverRanks, an_lp_elsewhere_needs_ranks_and_another_rank) {
  engine::Simulator alone(10);
  EXPECT_THROW(alone.add_elsewhere(1), std::logic_error);
  testing::ThreadRanks ranks(2);
  ranks.run([&](engine::RankExchange& mine) {
    engine::Simulator spread(10, &mine);
    EXPECT_THROW(spread.add_elsewhere(mine.rank()), std::invalid_argument);
    EXPECT_THROW(spread.add_elsewhere(2), std::invalid_argument);
    const auto other = spread.add_elsewhere(1 - mine.rank());
    EXPECT_FALSE(spread.runs_here(other));
    EXPECT_THROW(spread.context(other), std::out_of_range);
  });
}

}  // namespace
}  // namespace careflow::phold
