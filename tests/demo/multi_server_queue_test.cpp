#include "demo/multi_server_queue.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "engine/parallelism.hpp"
#include "stats/erlang.hpp"
#include "stats/summary.hpp"

namespace careflow::demo {
namespace {

constexpr std::size_t kReplications = 20;

// Replication means are independent and near-normal; with 20 of them, a true mean lies more than
// 4 standard errors away with probability below 0.001 (Student t, 19 degrees of freedom).
void expect_within_four_standard_errors(const std::vector<double>& values, double exact) {
  stats::RunningStats s;
  for (double v : values) s.add(v);
  EXPECT_NEAR(s.mean(), exact, 4.0 * s.standard_error())
      << "standard error " << s.standard_error();
  // And the estimate must be precise enough for the comparison to mean something.
  EXPECT_LT(s.standard_error(), 0.05 * exact);
}

std::vector<MultiServerResult> run(const MultiServerConfig& config, unsigned threads) {
  engine::ThreadScope scope(threads);
  return scope.run([&] {
    return engine::run_replications<MultiServerResult>(
        kReplications, [&](std::size_t r) { return simulate_multi_server(config, 2024, r); });
  });
}

TEST(multi_server_queue_test, mmc_mean_wait_agrees_with_erlang_c) {
  MultiServerConfig config;
  config.servers = 3;
  config.arrival_rate = 2.4;  // load 2.4 Erlangs on 3 servers: utilisation 0.8
  config.mean_service = 1.0;
  config.warmup_days = 500;
  config.horizon_days = 10'500;
  std::vector<double> waits;
  for (const auto& r : run(config, 2)) {
    EXPECT_EQ(r.blocked, 0U);
    waits.push_back(r.mean_wait_days());
  }
  expect_within_four_standard_errors(waits, stats::mmc_mean_wait(3, 2.4, 1.0));
}

TEST(multi_server_queue_test, mmcc_blocking_agrees_with_erlang_b) {
  MultiServerConfig config;
  config.servers = 5;
  config.arrival_rate = 8.0;  // 4 Erlangs
  config.mean_service = 0.5;
  config.queue_limit = 0;
  config.warmup_days = 100;
  config.horizon_days = 5'100;
  std::vector<double> blocking;
  for (const auto& r : run(config, 2)) {
    EXPECT_EQ(r.total_wait_days, 0.0);  // a loss system never queues
    blocking.push_back(r.blocking_probability());
  }
  expect_within_four_standard_errors(blocking, stats::erlang_b(5, 4.0));
}

TEST(multi_server_queue_test, ample_servers_mean_no_waiting) {
  MultiServerConfig config;
  config.servers = 60;
  config.arrival_rate = 2.0;
  config.horizon_days = 2'000;
  config.warmup_days = 0;
  const auto r = simulate_multi_server(config, 1, 0);
  EXPECT_GT(r.started, 3'000U);
  EXPECT_EQ(r.total_wait_days, 0.0);
}

TEST(multi_server_queue_test, results_do_not_depend_on_thread_count) {
  MultiServerConfig config;
  config.horizon_days = 2'000;
  config.warmup_days = 100;
  const auto one = run(config, 1);
  const auto two = run(config, 2);
  for (std::size_t r = 0; r < kReplications; ++r) {
    EXPECT_EQ(one[r].arrivals, two[r].arrivals);
    EXPECT_EQ(one[r].events, two[r].events);
    EXPECT_EQ(one[r].total_wait_days, two[r].total_wait_days);  // bit-identical
  }
  EXPECT_NE(one[0].total_wait_days, one[1].total_wait_days);  // replications differ
}

}  // namespace
}  // namespace careflow::demo
