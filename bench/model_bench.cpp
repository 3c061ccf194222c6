// Whole-model benchmarks on one thread: one replication of a year of baseline.toml, and ten
// years of blocking.toml. Reports model events and patients per second, and the process's peak
// resident memory (run one benchmark per process, with --benchmark_filter, to read it for one).

#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <filesystem>

#include "engine/process_memory.hpp"
#include "model/simulate.hpp"
#include "scenario/scenario_loader.hpp"

namespace {

void run_scenario(benchmark::State& state, const char* file) {
  const auto path = std::filesystem::path(CAREFLOW_SOURCE_DIR) / "scenarios" / file;
  const auto scenario = careflow::scenario::load_scenario(path.string());
  std::uint64_t events = 0, patients = 0, replication = 0;
  for (auto _ : state) {
    const auto result = careflow::model::simulate_replication(scenario, replication++);
    events += result.events;
    patients += result.census.arrived;
    benchmark::DoNotOptimize(result.measures.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(events));
  state.counters["patients_per_second"] =
      benchmark::Counter(static_cast<double>(patients), benchmark::Counter::kIsRate);
  state.counters["events_per_replication"] =
      static_cast<double>(events) / static_cast<double>(state.iterations());
  state.counters["patients_per_replication"] =
      static_cast<double>(patients) / static_cast<double>(state.iterations());
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  state.counters["peak_rss_MiB"] = static_cast<double>(usage.ru_maxrss) / 1024.0;
}

void baseline_one_year(benchmark::State& state) { run_scenario(state, "baseline.toml"); }
void blocking_ten_years(benchmark::State& state) { run_scenario(state, "blocking.toml"); }

}  // namespace

BENCHMARK(baseline_one_year)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(blocking_ten_years)->Unit(benchmark::kMillisecond)->MinTime(2.0);

// As careflow's own main does, so that the figures are those a user sees.
int main(int argc, char** argv) {
  careflow::engine::retain_freed_memory();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
