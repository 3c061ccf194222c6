#pragma once
// The engine's parallel loops over indices, on TBB.
//
// ThreadSanitizer cannot see the synchronisation inside the (uninstrumented) TBB library, so in a
// TSan build each loop states its fork and join explicitly: tasks acquire what the caller
// released before the loop, and the caller acquires what each task released at its end. Tasks do
// not synchronise with one another through these annotations, so a race between two tasks is
// still reported.

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_pipeline.h>
#include <tbb/parallel_reduce.h>
#include <tbb/partitioner.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cstddef>
#include <optional>
#include <vector>

#if defined(__SANITIZE_THREAD__)  // GCC
#define CAREFLOW_TSAN 1
#elif defined(__has_feature)  // clang
#if __has_feature(thread_sanitizer)
#define CAREFLOW_TSAN 1
#endif
#endif

#if defined(CAREFLOW_TSAN)
extern "C" void __tsan_acquire(void* address);
extern "C" void __tsan_release(void* address);
#endif

namespace careflow::engine::detail {

// A happens-before edge stated to ThreadSanitizer: what one thread did before release(x) is
// visible to another after acquire(x). No-ops in other builds.
#if defined(CAREFLOW_TSAN)
inline void tsan_acquire(const void* address) { __tsan_acquire(const_cast<void*>(address)); }
inline void tsan_release(const void* address) { __tsan_release(const_cast<void*>(address)); }
#else
inline void tsan_acquire(const void*) {}
inline void tsan_release(const void*) {}
#endif

// Where ThreadScope::run states its hand-over of work to an arena's thread, and the work's
// return (one pair of addresses for every scope: an edge too many is harmless, one too few a
// false report).
inline char arena_hand_over = 0;
inline char arena_hand_back = 0;

// One parallel loop's fork and join, stated to ThreadSanitizer (no-ops in other builds). The
// caller's side forks on construction and joins on destruction; each task holds a Task for its
// whole run. Both sides are scoped, so a task that throws still synchronises.
class ForkJoinAnnotation {
 public:
  ForkJoinAnnotation() { release(&fork_); }
  ~ForkJoinAnnotation() { acquire(&join_); }
  ForkJoinAnnotation(const ForkJoinAnnotation&) = delete;
  ForkJoinAnnotation& operator=(const ForkJoinAnnotation&) = delete;

  class Task {
   public:
    explicit Task(ForkJoinAnnotation& loop) : loop_(loop) { acquire(&loop_.fork_); }
    ~Task() { release(&loop_.join_); }
    Task(const Task&) = delete;
    Task& operator=(const Task&) = delete;

   private:
    ForkJoinAnnotation& loop_;
  };

 private:
  static void acquire(const void* address) { tsan_acquire(address); }
  static void release(const void* address) { tsan_release(address); }
  char fork_ = 0;
  char join_ = 0;
};

inline bool runs_sequentially(std::size_t n) {
  return n <= 1 || tbb::this_task_arena::max_concurrency() == 1;
}

/// Runs body(i) for every i in [0, n): in parallel when the current arena has several threads.
template <class Body>
void for_each_index(std::size_t n, const Body& body) {
  if (runs_sequentially(n)) {
    for (std::size_t i = 0; i < n; ++i) body(i);
    return;
  }
  ForkJoinAnnotation annotation;
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n), [&](const auto& range) {
    const ForkJoinAnnotation::Task task(annotation);
    for (std::size_t i = range.begin(); i != range.end(); ++i) body(i);
  });
}

/// The minimum of body(i) over [0, n), or `none` when n is 0. Min is associative and commutative,
/// so the result does not depend on how the range is split among threads. Passing the same
/// affinity partitioner on every call sends each index back to the thread (and cache) that ran
/// it last time.
template <class T, class Body>
T min_over_indices(std::size_t n, T none, const Body& body, tbb::affinity_partitioner& affinity) {
  if (runs_sequentially(n)) {
    T result = none;
    for (std::size_t i = 0; i < n; ++i) result = std::min(result, body(i));
    return result;
  }
  ForkJoinAnnotation annotation;
  return tbb::parallel_reduce(
      tbb::blocked_range<std::size_t>(0, n), none,
      [&](const auto& range, T partial) {
        const ForkJoinAnnotation::Task task(annotation);
        for (std::size_t i = range.begin(); i != range.end(); ++i) {
          partial = std::min(partial, body(i));
        }
        return partial;
      },
      [&](T a, T b) {
        const ForkJoinAnnotation::Task task(annotation);
        return std::min(a, b);
      },
      affinity);
}

/// Runs produce(i) for every i in [0, n) in parallel and hands each result to consume(i, result)
/// in index order, one call at a time, while later indices are still being produced. At most
/// four results per thread are alive at once (enough that a slow consumer rarely leaves a thread
/// without work), so memory stays bounded however large n is.
template <class Result, class Produce, class Consume>
void produce_in_parallel_consume_in_order(std::size_t n, const Produce& produce, const Consume& consume) {
  if (runs_sequentially(n)) {
    for (std::size_t i = 0; i < n; ++i) consume(i, produce(i));
    return;
  }
  const auto tokens = static_cast<std::size_t>(4 * tbb::this_task_arena::max_concurrency());
  // Items leave the pipeline in index order and at most `tokens` are inside it, so the items in
  // flight always lie within `tokens` consecutive indices: index % tokens names a free slot.
  std::vector<std::optional<Result>> slots(tokens);
  std::size_t next = 0;
  // For ThreadSanitizer: `fork` orders everything before the pipeline before every stage; the
  // serial stages chain through their own variables, and each item through its slot.
  char fork = 0, input_order = 0, output_order = 0;
  tsan_release(&fork);
  // Releases on leaving a stage, also by an exception (whose object the caller then handles).
  struct ReleaseOnExit {
    const void* address;
    ~ReleaseOnExit() { tsan_release(address); }
  };
  // The join, also when a stage throws and the pipeline stops with items still in their slots:
  // the caller then sees everything every stage did, whatever the slots still hold.
  struct Join {
    const char* input;
    const char* output;
    const std::vector<std::optional<Result>>* slots;
    ~Join() {
      tsan_acquire(input);
      tsan_acquire(output);
      for (const auto& slot : *slots) tsan_acquire(&slot);
    }
  } join{&input_order, &output_order, &slots};
  tbb::parallel_pipeline(
      tokens,
      tbb::make_filter<void, std::size_t>(tbb::filter_mode::serial_in_order,
                                          [&](tbb::flow_control& control) -> std::size_t {
                                            // Every access to shared state happens between the
                                            // acquire and the release, so the join sees it all.
                                            tsan_acquire(&fork);
                                            tsan_acquire(&input_order);
                                            const std::size_t i = next;
                                            if (i == n) {
                                              control.stop();
                                            } else {
                                              ++next;
                                              tsan_release(&slots[i % tokens]);
                                            }
                                            tsan_release(&input_order);
                                            return i;
                                          }) &
          tbb::make_filter<std::size_t, std::size_t>(tbb::filter_mode::parallel,
                                                     [&](std::size_t i) {
                                                       tsan_acquire(&fork);
                                                       auto& slot = slots[i % tokens];
                                                       tsan_acquire(&slot);
                                                       const ReleaseOnExit done{&slot};
                                                       slot.emplace(produce(i));
                                                       return i;
                                                     }) &
          tbb::make_filter<std::size_t, void>(tbb::filter_mode::serial_in_order, [&](std::size_t i) {
            tsan_acquire(&fork);
            auto& slot = slots[i % tokens];
            tsan_acquire(&slot);
            tsan_acquire(&output_order);
            const ReleaseOnExit slot_done{&slot}, order_done{&output_order};
            Result result = std::move(*slot);
            slot.reset();
            consume(i, std::move(result));
          }));
}

}  // namespace careflow::engine::detail
