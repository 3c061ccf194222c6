// The hold model (Jones 1986) for each event-queue design: with N events pending, repeatedly pop
// the first and push it back at its time plus an exponential increment. Reports events per second
// at 10^3 to 10^6 pending events; docs/engine.md records which design the engine keeps and why.

#include <benchmark/benchmark.h>

#include <boost/random/exponential_distribution.hpp>
#include <functional>
#include <queue>
#include <vector>

#include "engine/calendar_queue.hpp"
#include "engine/event.hpp"
#include "engine/dary_heap.hpp"
#include "engine/radix_heap.hpp"
#include "engine/random_stream.hpp"

namespace {

using careflow::engine::Event;
using careflow::engine::Tick;

// std::priority_queue (a binary heap) as the reference point.
class BinaryHeap {
 public:
  bool empty() const { return heap_.empty(); }
  void push(const Event& e) { heap_.push(e); }
  Event pop() {
    Event e = heap_.top();
    heap_.pop();
    return e;
  }

 private:
  struct Later {
    bool operator()(const Event& a, const Event& b) const { return careflow::engine::precedes(b, a); }
  };
  std::priority_queue<Event, std::vector<Event>, Later> heap_;
};

constexpr double kMeanIncrement = 1'000'000.0;  // ticks

using Increment = boost::random::exponential_distribution<double>;

// Fills `queue` with `pending` events at exponential times; returns the next sequence number.
template <class Queue>
std::uint64_t fill(Queue& queue, std::size_t pending, careflow::engine::RandomStream& rng,
                   Increment& increment) {
  std::uint64_t sequence = 0;
  for (std::size_t i = 0; i < pending; ++i) {
    queue.push(Event{static_cast<Tick>(increment(rng)), sequence++, 0, 0, 0});
  }
  return sequence;
}

template <class Queue>
void hold(benchmark::State& state) {
  careflow::engine::RandomStream rng({.seed = 7});
  Increment increment(1.0 / kMeanIncrement);
  Queue queue;
  std::uint64_t sequence = fill(queue, static_cast<std::size_t>(state.range(0)), rng, increment);
  for (auto _ : state) {
    Event e = queue.pop();
    e.time += static_cast<Tick>(increment(rng));
    e.order = sequence++;
    queue.push(e);
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["pending"] = static_cast<double>(state.range(0));
}

// The engine's own step: the handled event stays on top while its handler runs, and the first
// event the handler schedules takes its place in one pass (QuaternaryHeap::replace_top).
template <class Heap>
void hold_replace_top(benchmark::State& state) {
  careflow::engine::RandomStream rng({.seed = 7});
  Increment increment(1.0 / kMeanIncrement);
  Heap queue;
  std::uint64_t sequence = fill(queue, static_cast<std::size_t>(state.range(0)), rng, increment);
  for (auto _ : state) {
    Event e = queue.top();
    e.time += static_cast<Tick>(increment(rng));
    e.order = sequence++;
    queue.replace_top(e);
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["pending"] = static_cast<double>(state.range(0));
}

// A floor for this machine: the simplest possible queue (a binary heap of bare 64-bit times,
// std::priority_queue) with increments drawn in advance. No event queue holding real events and
// drawing real random numbers can expect to beat this by much.
void hold_floor_bare_times(benchmark::State& state) {
  const auto pending = static_cast<std::size_t>(state.range(0));
  careflow::engine::RandomStream rng({.seed = 7});
  boost::random::exponential_distribution<double> increment(1.0 / kMeanIncrement);
  std::priority_queue<std::uint64_t, std::vector<std::uint64_t>, std::greater<>> queue;
  for (std::size_t i = 0; i < pending; ++i) queue.push(static_cast<std::uint64_t>(increment(rng)));
  std::vector<std::uint64_t> increments(1 << 16);
  for (auto& x : increments) x = static_cast<std::uint64_t>(increment(rng));
  std::size_t k = 0;
  for (auto _ : state) {
    const std::uint64_t t = queue.top();
    queue.pop();
    queue.push(t + increments[k++ & 0xffff]);
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["pending"] = static_cast<double>(pending);
}

void hold_random_draw_only(benchmark::State& state) {
  careflow::engine::RandomStream rng({.seed = 7});
  boost::random::exponential_distribution<double> increment(1.0 / kMeanIncrement);
  for (auto _ : state) benchmark::DoNotOptimize(increment(rng));
  state.SetItemsProcessed(state.iterations());
}

}  // namespace

BENCHMARK(hold<careflow::engine::QuaternaryHeap>)->RangeMultiplier(10)->Range(1'000, 1'000'000);
BENCHMARK(hold<careflow::engine::OctonaryHeap>)->RangeMultiplier(10)->Range(1'000, 1'000'000);
BENCHMARK(hold<careflow::engine::RadixHeap>)->RangeMultiplier(10)->Range(1'000, 1'000'000);
BENCHMARK(hold<careflow::engine::CalendarQueue>)->RangeMultiplier(10)->Range(1'000, 1'000'000);
BENCHMARK(hold<BinaryHeap>)->RangeMultiplier(10)->Range(1'000, 1'000'000);
BENCHMARK(hold_replace_top<careflow::engine::QuaternaryHeap>)->RangeMultiplier(10)->Range(1'000, 1'000'000);
BENCHMARK(hold_replace_top<careflow::engine::OctonaryHeap>)->RangeMultiplier(10)->Range(1'000, 1'000'000);
BENCHMARK(hold_floor_bare_times)->RangeMultiplier(10)->Range(1'000, 1'000'000);
BENCHMARK(hold_random_draw_only);

BENCHMARK_MAIN();
