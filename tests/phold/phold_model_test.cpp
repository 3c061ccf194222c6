#include "phold/phold_model.hpp"

#include <gtest/gtest.h>

#include <boost/random/exponential_distribution.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <queue>
#include <vector>

#include "engine/event.hpp"
#include "engine/parallelism.hpp"
#include "engine/random_stream.hpp"

namespace careflow::phold {
namespace {

using engine::Tick;

PholdConfig small_config() {
  PholdConfig config;
  config.lps = 64;
  config.events_per_lp = 8;
  config.remote = 0.25;
  config.lookahead = 1.0;
  config.mean = 1.0;
  config.end = 150.0;
  config.seed = 99;
  return config;
}

PholdResult run_on(const PholdConfig& config, unsigned threads) {
  engine::ThreadScope scope(threads);
  return scope.run([&] { return run_phold(config); });
}

// PHOLD as a plain sequential simulation with one global queue and no windows, drawing from the
// same streams and ordering events by the same (time, priority, source, sequence) rule.
PholdResult sequential_reference(const PholdConfig& config) {
  struct Pending {
    Tick time;
    std::uint64_t order;
    std::uint32_t target;
  };
  auto later = [](const Pending& a, const Pending& b) {
    return a.time != b.time ? a.time > b.time : a.order > b.order;
  };
  std::priority_queue<Pending, std::vector<Pending>, decltype(later)> queue(later);
  const Tick lookahead = detail::ticks_from_units(config.lookahead);
  const Tick end = detail::ticks_from_units(config.end);
  boost::random::exponential_distribution<double> gap(
      1.0 / static_cast<double>(detail::ticks_from_units(config.mean)));
  boost::random::uniform_int_distribution<std::uint32_t> pick(0, config.lps - 1);
  std::vector<engine::RandomStream> delays, remotes, targets;
  for (std::uint32_t lp = 0; lp < config.lps; ++lp) {
    delays.emplace_back(engine::StreamId{.seed = config.seed, .lp = lp, .purpose = detail::kDelayStream});
    remotes.emplace_back(engine::StreamId{.seed = config.seed, .lp = lp, .purpose = detail::kRemoteStream});
    targets.emplace_back(engine::StreamId{.seed = config.seed, .lp = lp, .purpose = detail::kTargetStream});
  }
  std::vector<std::uint64_t> sequence(config.lps, 0), state(config.lps, 0), count(config.lps, 0);
  auto create_next = [&](std::uint32_t lp, Tick now) {
    const Tick delay = lookahead + static_cast<Tick>(gap(delays[lp]));
    if (now + delay >= end) return;
    const bool remote = remotes[lp].uniform01() < config.remote;
    const std::uint32_t target = remote ? pick(targets[lp]) : lp;
    queue.push({now + delay, engine::make_order(0, lp, sequence[lp]++), target});
  };
  for (std::uint32_t lp = 0; lp < config.lps; ++lp) {
    for (std::uint32_t i = 0; i < config.events_per_lp; ++i) create_next(lp, 0);
  }
  PholdResult result;
  while (!queue.empty()) {
    const Pending e = queue.top();
    queue.pop();
    state[e.target] = detail::mix(state[e.target], static_cast<std::uint64_t>(e.time));
    state[e.target] = detail::mix(state[e.target], e.order);
    ++count[e.target];
    ++result.events;
    create_next(e.target, e.time);
  }
  for (std::uint32_t lp = 0; lp < config.lps; ++lp) {
    result.checksum = detail::mix(detail::mix(result.checksum, state[lp]), count[lp]);
  }
  return result;
}

TEST(phold_model_test, checksum_is_identical_on_one_two_and_four_threads) {
  const auto config = small_config();
  const auto one = run_on(config, 1);
  const auto two = run_on(config, 2);
  const auto four = run_on(config, 4);
  EXPECT_GT(one.events, 20'000U);
  EXPECT_EQ(two.events, one.events);
  EXPECT_EQ(two.checksum, one.checksum);
  EXPECT_EQ(four.events, one.events);
  EXPECT_EQ(four.checksum, one.checksum);
}

TEST(phold_model_test, windowed_parallel_run_equals_a_plain_sequential_simulation) {
  for (double remote : {0.0, 0.25, 1.0}) {
    auto config = small_config();
    config.remote = remote;
    const auto reference = sequential_reference(config);
    const auto parallel = run_on(config, 2);
    EXPECT_EQ(parallel.events, reference.events) << "remote " << remote;
    EXPECT_EQ(parallel.checksum, reference.checksum) << "remote " << remote;
  }
}

TEST(phold_model_test, the_seed_changes_the_run) {
  auto config = small_config();
  const auto a = run_on(config, 1);
  config.seed += 1;
  const auto b = run_on(config, 1);
  EXPECT_NE(a.checksum, b.checksum);
}

TEST(phold_model_test, event_count_matches_the_expected_rate) {
  // Each of lps * events_per_lp chains advances by lookahead + mean on average, so about
  // lps * events_per_lp * end / (lookahead + mean) events are handled.
  auto config = small_config();
  config.end = 2'000.0;
  const auto result = run_on(config, 2);
  const double expected = config.lps * config.events_per_lp * config.end / 2.0;
  EXPECT_NEAR(static_cast<double>(result.events), expected, 0.01 * expected);
}

TEST(phold_model_test, bad_configurations_are_refused) {
  auto config = small_config();
  config.remote = 1.5;
  EXPECT_THROW(run_phold(config), std::invalid_argument);
  config = small_config();
  config.lps = 0;
  EXPECT_THROW(run_phold(config), std::invalid_argument);
  config = small_config();
  config.lookahead = 0.0001;  // below one tick
  EXPECT_THROW(run_phold(config), std::invalid_argument);
}

}  // namespace
}  // namespace careflow::phold
