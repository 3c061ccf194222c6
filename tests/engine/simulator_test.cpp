#include "engine/simulator.hpp"
#include "engine/rank_partition.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <vector>

#include "engine/parallelism.hpp"

namespace careflow::engine {
namespace {

struct Seen {
  Tick time;
  LpId source;
  EventKind kind;
  std::uint64_t payload;
  bool operator==(const Seen&) const = default;
};

// An LP whose behaviour is given by lambdas, recording every event it handles.
class ScriptedLp final : public LogicalProcess {
 public:
  std::function<void(LpContext&)> on_start = [](LpContext&) {};
  std::function<void(const Event&, LpContext&)> on_event = [](const Event&, LpContext&) {};
  std::vector<Seen> seen;

  void initialize(LpContext& context) override { on_start(context); }
  void handle(const Event& event, LpContext& context) override {
    seen.push_back({event.time, source_of(event.order), event.kind, event.payload});
    on_event(event, context);
  }
};

TEST(simulator_test, same_time_events_run_by_priority_then_creation_order) {
  Simulator sim(1);
  ScriptedLp lp;
  lp.on_start = [](LpContext& c) {
    c.schedule(5, /*kind=*/1, 0, /*priority=*/2);
    c.schedule(5, 2, 0, 0);
    c.schedule(5, 3, 0, 2);
    c.schedule(5, 4, 0, 1);
    c.schedule(4, 5, 0, 9);
  };
  sim.add(lp);
  sim.run_until(100);
  std::vector<EventKind> kinds;
  for (const auto& s : lp.seen) kinds.push_back(s.kind);
  EXPECT_EQ(kinds, (std::vector<EventKind>{5, 2, 4, 1, 3}));
}

TEST(simulator_test, same_time_messages_run_in_source_lp_order) {
  Simulator sim(10);
  ScriptedLp a, b, sink;
  // Created in the "wrong" order on purpose: LP 1 sends first in its script, LP 0 twice.
  a.on_start = [](LpContext& c) {
    c.send(2, 10, 100);
    c.send(2, 10, 101);
  };
  b.on_start = [](LpContext& c) { c.send(2, 10, 200); };
  sink.on_start = [](LpContext& c) { c.schedule(10, 300); };
  sim.add(a);
  sim.add(b);
  sim.add(sink);
  ThreadScope threads(2);
  threads.run([&] { sim.run_until(1000); });
  ASSERT_EQ(sink.seen.size(), 4U);
  EXPECT_EQ(sink.seen[0], (Seen{10, 0, 100, 0}));
  EXPECT_EQ(sink.seen[1], (Seen{10, 0, 101, 0}));
  EXPECT_EQ(sink.seen[2], (Seen{10, 1, 200, 0}));
  EXPECT_EQ(sink.seen[3], (Seen{10, 2, 300, 0}));
}

TEST(simulator_test, messages_arrive_exactly_after_their_delay) {
  Simulator sim(3);
  ScriptedLp ping, pong;
  ping.on_start = [](LpContext& c) { c.send(1, 3, 0, 1); };
  auto bounce = [](const Event& e, LpContext& c) {
    if (e.payload < 10) c.send(1 - c.self(), 3 + static_cast<Tick>(e.payload), 0, e.payload + 1);
  };
  ping.on_event = bounce;
  pong.on_event = bounce;
  sim.add(ping);
  sim.add(pong);
  const auto stats = sim.run_until(10'000);
  EXPECT_EQ(stats.events, 10U);
  Tick expected = 3;
  for (std::uint64_t hop = 1; hop <= 10; ++hop) {
    const auto& receiver = (hop % 2 == 1) ? pong.seen : ping.seen;
    const auto& s = receiver[(hop - 1) / 2];
    EXPECT_EQ(s.time, expected) << "hop " << hop;
    EXPECT_EQ(s.payload, hop);
    expected += 3 + static_cast<Tick>(hop);
  }
}

TEST(simulator_test, run_until_stops_before_end_and_resumes) {
  auto script = [](ScriptedLp& lp) {
    lp.on_start = [](LpContext& c) { c.schedule(0, 0); };
    lp.on_event = [](const Event&, LpContext& c) { c.schedule(7, 0); };
  };
  ScriptedLp whole_lp, split_lp;
  script(whole_lp);
  script(split_lp);
  Simulator whole(1), split(1);
  whole.add(whole_lp);
  split.add(split_lp);
  whole.run_until(70);
  ASSERT_EQ(whole_lp.seen.size(), 10U);  // 0, 7, ..., 63: 70 itself is not handled
  EXPECT_EQ(whole_lp.seen.back().time, 63);
  split.run_until(30);
  EXPECT_EQ(split_lp.seen.size(), 5U);
  EXPECT_EQ(split.now(), 30);
  split.run_until(70);
  EXPECT_EQ(split_lp.seen, whole_lp.seen);
}

TEST(simulator_test, a_message_below_the_lookahead_is_refused) {
  Simulator sim(5);
  ScriptedLp a, b;
  a.on_start = [](LpContext& c) { c.send(1, 4, 0); };
  sim.add(a);
  sim.add(b);
  EXPECT_THROW(sim.run_until(100), std::logic_error);
}

TEST(simulator_test, an_event_in_the_past_is_refused) {
  Simulator sim(1);
  ScriptedLp a;
  a.on_start = [](LpContext& c) { c.schedule(5, 0); };
  a.on_event = [](const Event&, LpContext& c) { c.schedule_at(c.now() - 1, 0); };
  sim.add(a);
  EXPECT_THROW(sim.run_until(100), std::logic_error);
}

TEST(simulator_test, sending_to_an_unknown_lp_is_refused) {
  Simulator sim(1);
  ScriptedLp a, b;
  a.on_start = [](LpContext& c) { c.send(9, 1, 0); };
  sim.add(a);
  sim.add(b);
  EXPECT_THROW(sim.run_until(100), std::out_of_range);
}

TEST(simulator_test, several_lps_need_a_positive_lookahead) {
  Simulator sim(0);
  ScriptedLp a, b;
  sim.add(a);
  sim.add(b);
  EXPECT_THROW(sim.run_until(10), std::invalid_argument);
  EXPECT_THROW(Simulator(-1), std::invalid_argument);
}

TEST(simulator_test, an_lp_cannot_join_a_running_simulation) {
  Simulator sim(1);
  ScriptedLp a, b;
  sim.add(a);
  sim.run_until(10);
  EXPECT_THROW(sim.add(b), std::logic_error);
}

// A ring of LPs passing tokens with time-dependent routing: every LP's trace must be identical
// whatever the thread count, and windows must never let an event run early.
std::vector<std::vector<Seen>> ring_traces(unsigned threads) {
  constexpr int kLps = 16;
  std::vector<ScriptedLp> lps(kLps);
  Simulator sim(2);
  for (auto& lp : lps) {
    lp.on_start = [](LpContext& c) {
      for (std::uint64_t k = 0; k < 4; ++k) c.schedule(static_cast<Tick>(k), 0, c.self() * 10 + k);
    };
    lp.on_event = [](const Event& e, LpContext& c) {
      const auto hop = (e.payload * 2654435761ULL + static_cast<std::uint64_t>(c.now())) % 7;
      if (hop == 0) {
        c.schedule(1, 0, e.payload + 1);
      } else {
        c.send(static_cast<LpId>((c.self() + hop) % c.lp_count()), 2 + static_cast<Tick>(hop), 0,
               e.payload + 1);
      }
    };
    sim.add(lp);
  }
  ThreadScope scope(threads);
  scope.run([&] { sim.run_until(2'000); });
  std::vector<std::vector<Seen>> traces;
  for (auto& lp : lps) {
    for (std::size_t i = 1; i < lp.seen.size(); ++i) {
      EXPECT_LE(lp.seen[i - 1].time, lp.seen[i].time);
    }
    traces.push_back(lp.seen);
  }
  return traces;
}

TEST(simulator_test, traces_are_identical_on_one_two_and_four_threads) {
  const auto one = ring_traces(1);
  std::size_t events = 0;
  for (const auto& t : one) events += t.size();
  EXPECT_GT(events, 10'000U);
  EXPECT_EQ(ring_traces(2), one);
  EXPECT_EQ(ring_traces(4), one);
}

}  // namespace
}  // namespace careflow::engine

namespace careflow::engine {
namespace {

TEST(rank_partition_test, blocks_are_contiguous_and_in_rank_order) {
  std::vector<int> owners;
  for (std::uint64_t lp = 0; lp < 7; ++lp) owners.push_back(block_owner(lp, 7, 3));
  EXPECT_EQ(owners, (std::vector<int>{0, 0, 0, 1, 1, 2, 2}));
  EXPECT_EQ(block_owner(0, 1, 3), 0);  // one LP: rank 0 has it, the others none
}

TEST(rank_partition_test, balanced_owners_spread_the_weight) {
  // Heaviest first, each to the lightest rank: 9 -> 0, 7 -> 1, 4 -> 1 (7 < 9), 3 -> 0 (9 < 11),
  // 1 -> 1 (11 < 12): 12 and 12.
  EXPECT_EQ(balanced_owners({3, 9, 1, 7, 4}, 2), (std::vector<int>{0, 0, 1, 1, 1}));
  EXPECT_EQ(balanced_owners({5, 5, 5}, 3), (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(balanced_owners({2, 2}, 1), (std::vector<int>{0, 0}));
}

}  // namespace
}  // namespace careflow::engine
