#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "mpi/mpi_test_ranks.hpp"

namespace careflow::engine {
namespace {

using careflow::testing::test_ranks;

// (r + 1) * (q + 2) events from rank r to rank q, each naming its sender and its index.
std::size_t count_from_to(int r, int q) { return static_cast<std::size_t>((r + 1) * (q + 2)); }

TEST(MpiRankExchange, each_rank_receives_exactly_what_every_rank_sent_it) {
  RankExchange& ranks = test_ranks();
  ASSERT_GE(ranks.ranks(), 2) << "run under mpirun -np 2 or more";
  const int me = ranks.rank();
  std::vector<std::vector<Event>> outgoing(static_cast<std::size_t>(ranks.ranks()));
  for (int q = 0; q < ranks.ranks(); ++q) {
    for (std::size_t i = 0; i < count_from_to(me, q); ++i) {
      Event event{static_cast<Tick>(i), make_order(0, static_cast<LpId>(me), i), static_cast<LpId>(q), 7,
                  (std::uint64_t(me) << 32) | i};
      outgoing[static_cast<std::size_t>(q)].push_back(event);
    }
  }
  std::vector<Event> incoming{Event{}};  // what was there already is kept
  ranks.exchange(outgoing, incoming);
  std::size_t expected = 1;
  for (int r = 0; r < ranks.ranks(); ++r) expected += count_from_to(r, me);
  ASSERT_EQ(incoming.size(), expected);
  std::vector<std::uint64_t> payloads;
  for (std::size_t i = 1; i < incoming.size(); ++i) {
    EXPECT_EQ(incoming[i].target, static_cast<LpId>(me));
    EXPECT_EQ(incoming[i].kind, 7U);
    EXPECT_EQ(source_of(incoming[i].order), static_cast<LpId>(incoming[i].payload >> 32));
    payloads.push_back(incoming[i].payload);
  }
  std::sort(payloads.begin(), payloads.end());
  std::vector<std::uint64_t> wanted;
  for (int r = 0; r < ranks.ranks(); ++r) {
    for (std::size_t i = 0; i < count_from_to(r, me); ++i) wanted.push_back((std::uint64_t(r) << 32) | i);
  }
  EXPECT_EQ(payloads, wanted);
}

TEST(MpiRankExchange, nothing_to_send_is_a_valid_exchange) {
  RankExchange& ranks = test_ranks();
  std::vector<std::vector<Event>> outgoing(static_cast<std::size_t>(ranks.ranks()));
  std::vector<Event> incoming;
  ranks.exchange(outgoing, incoming);
  EXPECT_TRUE(incoming.empty());
}

TEST(MpiRankExchange, earliest_and_total_reduce_over_every_rank) {
  RankExchange& ranks = test_ranks();
  const int n = ranks.ranks();
  EXPECT_EQ(ranks.earliest(1000 - 10 * ranks.rank()), 1000 - 10 * (n - 1));
  EXPECT_EQ(ranks.earliest(kTickInfinity), kTickInfinity);
  EXPECT_EQ(ranks.total(static_cast<std::uint64_t>(ranks.rank() + 1)), static_cast<std::uint64_t>(n * (n + 1) / 2));
}

TEST(MpiRankExchange, gather_brings_each_ranks_bytes_to_rank_zero_in_rank_order) {
  RankExchange& ranks = test_ranks();
  // Rank r sends r copies of the letter 'a' + r: rank 0's part is empty.
  const std::string mine(static_cast<std::size_t>(ranks.rank()), static_cast<char>('a' + ranks.rank()));
  const auto parts = ranks.gather(mine);
  if (ranks.rank() != 0) {
    EXPECT_TRUE(parts.empty());
    return;
  }
  ASSERT_EQ(parts.size(), static_cast<std::size_t>(ranks.ranks()));
  for (int r = 0; r < ranks.ranks(); ++r) {
    EXPECT_EQ(parts[static_cast<std::size_t>(r)], std::string(static_cast<std::size_t>(r), static_cast<char>('a' + r)));
  }
}

TEST(MpiRankExchange, broadcast_gives_every_rank_rank_zeros_bytes) {
  RankExchange& ranks = test_ranks();
  const std::string said = ranks.rank() == 0 ? std::string("from rank 0\0with a zero", 23) : "ignored";
  EXPECT_EQ(ranks.broadcast(said), std::string("from rank 0\0with a zero", 23));
}

}  // namespace
}  // namespace careflow::engine

namespace careflow::engine {
namespace {

TEST(MpiRankExchange, split_gives_each_group_an_exchange_of_its_own) {
  RankExchange& ranks = careflow::testing::test_ranks();
  // Even and odd ranks, each group ranked as in the world.
  auto group = ranks.split(ranks.rank() % 2);
  const int evens = (ranks.ranks() + 1) / 2;
  EXPECT_EQ(group->ranks(), ranks.rank() % 2 == 0 ? evens : ranks.ranks() - evens);
  EXPECT_EQ(group->rank(), ranks.rank() / 2);
  // A sum within the group counts only its own ranks.
  EXPECT_EQ(group->total(static_cast<std::uint64_t>(ranks.rank())),
            ranks.rank() % 2 == 0 ? static_cast<std::uint64_t>(evens * (evens - 1)) : 
                                    static_cast<std::uint64_t>((ranks.ranks() - evens) * (ranks.ranks() - evens)));
}

}  // namespace
}  // namespace careflow::engine
