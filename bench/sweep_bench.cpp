// A sweep against the same runs done one by one in one process: 16 points of blocking.toml (a
// year each after a 30-day warm-up) x 8 replications, on 1 and 2 threads. "one_by_one" runs each
// point's replications in parallel and waits for them, as `careflow run` does for one scenario;
// "sweep" runs every point x replication through one ordered pipeline, as `careflow sweep` does
// (journal and file writing excluded: both write the same bytes per point). Reports
// replications per second; the ratio of the two times is the sweep's overhead (or gain).

#include <benchmark/benchmark.h>

#include <string>

#include "engine/parallelism.hpp"
#include "engine/process_memory.hpp"
#include "experiment/sweep_file.hpp"
#include "experiment/sweep_plan.hpp"
#include "experiment/sweep_runner.hpp"
#include "model/simulate.hpp"
#include "model/steady_state.hpp"

namespace {

using namespace careflow;

const experiment::SweepPlan& plan() {
  static const experiment::SweepPlan p = experiment::plan_sweep(experiment::load_sweep_text(R"(
[sweep]
scenario = "../blocking.toml"
design = "grid"
replications = 8
seed = 1
set = ["run.days=365", "run.warmup_days=30"]
[factors.capacity]
key = "services.community.capacity"
levels = [190, 193, 196, 199, 202, 205, 208, 211, 214, 217, 220, 223, 226, 229, 232, 235]
)", std::string(CAREFLOW_SOURCE_DIR) + "/scenarios/sweeps/bench.toml"));
  return p;
}

void count(benchmark::State& state) {
  const auto& p = plan();
  state.counters["replications_per_second"] = benchmark::Counter(
      static_cast<double>(state.iterations() * p.points() * static_cast<std::size_t>(p.replications())),
      benchmark::Counter::kIsRate);
}

void sweep(benchmark::State& state) {
  const auto& p = plan();
  engine::ThreadScope scope(static_cast<unsigned>(state.range(0)));
  for (auto _ : state) {
    double sum = 0;
    scope.run([&] {
      experiment::run_sweep(p, 0, {.replication_done = {}, .point_done = [&](const experiment::PointResult& r) {
                                     sum += r.values.front();
                                   }});
    });
    benchmark::DoNotOptimize(sum);
  }
  count(state);
}

void one_by_one(benchmark::State& state) {
  const auto& p = plan();
  engine::ThreadScope scope(static_cast<unsigned>(state.range(0)));
  model::ModelOptions options;
  options.keep_daily_series = true;
  for (auto _ : state) {
    double sum = 0;
    for (std::size_t point = 0; point < p.points(); ++point) {
      const auto scenario = p.scenario(point);
      model::SteadyStateMonitor monitor(scenario.run.warmup_days);
      scope.run([&] {
        engine::run_replications_in_order<model::ReplicationResult>(
            static_cast<std::size_t>(scenario.run.replications),
            [&](std::size_t r) { return model::simulate_replication(scenario, r, options); },
            [&](std::size_t r, model::ReplicationResult result) {
              monitor.add(r, result.daily);
              sum += result.measures.front().value;
            });
      });
      benchmark::DoNotOptimize(monitor.result());
    }
    benchmark::DoNotOptimize(sum);
  }
  count(state);
}

}  // namespace

BENCHMARK(sweep)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->MinTime(3.0)->UseRealTime();
BENCHMARK(one_by_one)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->MinTime(3.0)->UseRealTime();

int main(int argc, char** argv) {
  careflow::engine::retain_freed_memory();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
