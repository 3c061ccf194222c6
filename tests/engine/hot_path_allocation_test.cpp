// The event hot path must not allocate: handling, scheduling and sending events touches the heap
// only when a queue or inbox outgrows its largest size so far (a doubling, so a handful of times
// in a run), never per event. Counted by replacing operator new.

#include <gtest/gtest.h>

#include <atomic>
#include <boost/random/exponential_distribution.hpp>
#include <cstdio>
#include <cstdlib>
#include <new>
#include <vector>

#include "engine/random_stream.hpp"
#include "engine/simulator.hpp"

namespace {
std::atomic<bool> counting{false};
std::atomic<std::uint64_t> allocations{0};
}  // namespace

// noinline: once inlined, GCC pairs free() with `new` and warns of a mismatch that is not there.
__attribute__((noinline)) void* operator new(std::size_t size) {
  if (counting.load(std::memory_order_relaxed)) allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
__attribute__((noinline)) void operator delete(void* p) noexcept { std::free(p); }
__attribute__((noinline)) void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace careflow::engine {
namespace {

// Tokens hop between LPs after exponential delays; a quarter of hops cross to another LP.
class HoppingLp final : public LogicalProcess {
 public:
  explicit HoppingLp(std::uint32_t id) : rng_({.seed = 1, .lp = id}) {}
  void initialize(LpContext& c) override {
    for (int i = 0; i < 50; ++i) c.schedule(delay(), 0);
  }
  void handle(const Event&, LpContext& c) override {
    if (rng_.uniform01() < 0.25) {
      c.send(static_cast<LpId>((c.self() + 1) % c.lp_count()), 100 + delay(), 0);
    } else {
      c.schedule(delay(), 0);
    }
  }

 private:
  Tick delay() { return static_cast<Tick>(gap_(rng_)); }
  RandomStream rng_;
  boost::random::exponential_distribution<double> gap_{1.0 / 500.0};
};

TEST(hot_path_allocation_test, steady_state_event_handling_does_not_allocate) {
  std::vector<HoppingLp> lps;
  lps.reserve(8);
  Simulator sim(100);
  for (std::uint32_t i = 0; i < 8; ++i) {
    lps.emplace_back(i);
    sim.add(lps.back());
  }
  sim.run_until(500'000);  // warm-up: containers grow to about their working size
  counting = true;
  const auto stats = sim.run_until(3'000'000);
  counting = false;
  EXPECT_GT(stats.events, 1'000'000U);
  std::printf("%llu allocations in %llu events\n", static_cast<unsigned long long>(allocations.load()),
              static_cast<unsigned long long>(stats.events));
  // Each of the 8 LPs has 5 growable arrays (queue keys and bodies, two inbox buffers, the
  // arrivals scratch); each might still double once or twice as its peak creeps up. One
  // allocation per thousand events would already be 20 times this bound.
  EXPECT_LE(allocations.load(), 80U) << "allocations in " << stats.events << " events";
}

}  // namespace
}  // namespace careflow::engine
