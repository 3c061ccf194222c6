#include "engine/parallelism.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <stdexcept>
#include <vector>
#include <thread>

#include "engine/random_stream.hpp"

namespace careflow::engine {
namespace {

std::uint64_t replication_work(std::size_t r) {
  RandomStream stream({.seed = 11, .replication = r});
  std::uint64_t x = 0;
  for (int i = 0; i < 10'000; ++i) x ^= stream();
  return x;
}

TEST(parallelism_test, replications_return_in_order_and_match_sequential_runs) {
  ThreadScope scope(4);
  const auto parallel = scope.run(
      [] { return run_replications<std::uint64_t>(32, [](std::size_t r) { return replication_work(r); }); });
  ASSERT_EQ(parallel.size(), 32U);
  for (std::size_t r = 0; r < parallel.size(); ++r) EXPECT_EQ(parallel[r], replication_work(r));
}

TEST(parallelism_test, results_are_consumed_in_order_one_at_a_time_on_any_thread_count) {
  for (unsigned threads : {1U, 2U, 4U}) {
    ThreadScope scope(threads);
    std::vector<std::size_t> order;
    std::vector<std::uint64_t> values;
    std::atomic<int> consuming{0};
    bool overlapped = false;
    scope.run([&] {
      run_replications_in_order<std::uint64_t>(
          40, [](std::size_t r) { return replication_work(r); },
          [&](std::size_t r, std::uint64_t value) {
            if (consuming.fetch_add(1) != 0) overlapped = true;
            order.push_back(r);
            values.push_back(value);
            consuming.fetch_sub(1);
          });
    });
    EXPECT_FALSE(overlapped) << threads << " threads";
    ASSERT_EQ(order.size(), 40U);
    for (std::size_t r = 0; r < order.size(); ++r) {
      EXPECT_EQ(order[r], r);
      EXPECT_EQ(values[r], replication_work(r));
    }
  }
}

TEST(parallelism_test, a_failing_task_stops_the_ordered_run_with_its_error) {
  ThreadScope scope(2);
  std::size_t consumed = 0;
  EXPECT_THROW(scope.run([&] {
                 run_replications_in_order<int>(
                     20,
                     [](std::size_t r) {
                       if (r == 7) throw std::runtime_error("task 7 failed");
                       return static_cast<int>(r);
                     },
                     [&](std::size_t, int) { ++consumed; });
               }),
               std::runtime_error);
  EXPECT_LE(consumed, 7U);
}

TEST(parallelism_test, a_scope_of_one_thread_runs_everything_on_the_caller) {
  ThreadScope scope(1);
  std::set<std::thread::id> seen;
  std::mutex mutex;
  scope.run([&] {
    run_replications<int>(64, [&](std::size_t) {
      const std::lock_guard<std::mutex> lock(mutex);
      seen.insert(std::this_thread::get_id());
      return 0;
    });
  });
  EXPECT_EQ(seen.size(), 1U);
  EXPECT_EQ(scope.threads(), 1U);
}

TEST(parallelism_test, zero_threads_is_refused) {
  EXPECT_THROW(ThreadScope(0), std::invalid_argument);
}

}  // namespace
}  // namespace careflow::engine
