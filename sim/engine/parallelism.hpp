#pragma once
// Thread control and independent replications.
//
// `ThreadScope` fixes how many threads the work run through it may use; `run_replications` runs
// independent tasks in parallel and returns their results in task order. Because every task draws
// only from its own random streams, each result is bit-identical to a sequential run.
//
//   ThreadScope threads(4);
//   auto results = threads.run([&] {
//     return run_replications<double>(10, [&](std::size_t r) { return simulate(seed, r); });
//   });

#include <tbb/global_control.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <type_traits>
#include <utility>
#include <vector>

#include "engine/parallel_loops.hpp"

namespace careflow::engine {

class ThreadScope {
 public:
  explicit ThreadScope(unsigned threads)
      : limit_(tbb::global_control::max_allowed_parallelism, checked(threads)),
        arena_(static_cast<int>(threads)) {}

  /// Runs `work` with at most the scope's threads and returns its result. Several threads may
  /// run work through one scope at once (a server's requests); then the arena may hand `work` to
  /// one of its own threads. That hand-over and its return are stated to ThreadSanitizer on fixed
  /// addresses, which the arena's thread can reach before it reads anything of the caller's.
  template <class Work>
  auto run(Work&& work) {
    using Result = decltype(work());
    if constexpr (std::is_void_v<Result>) {
      auto task = [&] {
        detail::tsan_acquire(&detail::arena_hand_over);
        work();
        detail::tsan_release(&detail::arena_hand_back);
      };
      detail::tsan_release(&detail::arena_hand_over);
      arena_.execute(task);
      detail::tsan_acquire(&detail::arena_hand_back);
    } else {
      std::optional<Result> result;
      auto task = [&] {
        detail::tsan_acquire(&detail::arena_hand_over);
        result.emplace(work());
        detail::tsan_release(&detail::arena_hand_back);
      };
      detail::tsan_release(&detail::arena_hand_over);
      arena_.execute(task);
      detail::tsan_acquire(&detail::arena_hand_back);
      return std::move(*result);
    }
  }

  unsigned threads() const { return static_cast<unsigned>(arena_.max_concurrency()); }

 private:
  static std::size_t checked(unsigned threads) {
    if (threads == 0) throw std::invalid_argument("thread count must be at least 1");
    return threads;
  }
  tbb::global_control limit_;
  tbb::task_arena arena_;
};

/// The thread count a command asked for, with 0 meaning every core of the machine.
inline unsigned threads_or_all_cores(unsigned requested) {
  if (requested > 0) return requested;
  return static_cast<unsigned>(std::max(1, tbb::this_task_arena::max_concurrency()));
}

/// Runs task(0) ... task(count - 1) in parallel; result r is task(r)'s.
template <class Result, class Task>
std::vector<Result> run_replications(std::size_t count, const Task& task) {
  std::vector<Result> results(count);
  detail::for_each_index(count, [&](std::size_t r) { results[r] = task(r); });
  return results;
}

/// Runs task(0) ... task(count - 1) in parallel and hands each result to consume(r, result) in
/// task order, on one thread at a time, while later tasks still run (a sink writing results as
/// they come, with memory bounded by the thread count).
template <class Result, class Task, class Consume>
void run_replications_in_order(std::size_t count, const Task& task, const Consume& consume) {
  detail::produce_in_parallel_consume_in_order<Result>(count, task, consume);
}

}  // namespace careflow::engine
