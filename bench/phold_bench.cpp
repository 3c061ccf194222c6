// PHOLD on the engine: 1,024 LPs, remote 0.1, lookahead 1, mean 1, on 1 and 2 threads.
// Items per second is events per second; compare the two thread counts for the speed-up.

#include <benchmark/benchmark.h>

#include "engine/parallelism.hpp"
#include "phold/phold_model.hpp"

namespace {

void phold(benchmark::State& state) {
  careflow::phold::PholdConfig config;
  config.lps = 1024;
  config.events_per_lp = 16;
  config.remote = 0.1;
  config.lookahead = 1.0;
  config.mean = 1.0;
  config.end = 200.0;
  const auto threads = static_cast<unsigned>(state.range(0));
  careflow::engine::ThreadScope scope(threads);
  std::uint64_t events = 0;
  for (auto _ : state) {
    const auto result = scope.run([&] { return careflow::phold::run_phold(config); });
    events += result.events;
    benchmark::DoNotOptimize(result.checksum);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(events));
  state.counters["threads"] = threads;
}

}  // namespace

BENCHMARK(phold)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime();

BENCHMARK_MAIN();
