// The engine at population scale: one replication of a scenario of several care systems (by
// default scenarios/england.toml, a year) on the given threads, timed from loading to results.
// The last line is JSON: people, admissions, events, windows, seconds, events per second, peak
// memory and bytes per person (docs/benchmarks.md).
//
//   england_bench [scenario] [--threads N] [--set key=value ...]

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <chrono>
#include <fstream>
#include <string>
#include <vector>

#include "engine/parallelism.hpp"
#include "model/simulate.hpp"
#include "scenario/scenario_loader.hpp"

namespace {

// Peak resident memory of this process (VmHWM), in bytes.
double peak_memory_bytes() {
  std::ifstream status("/proc/self/status");
  std::string key;
  while (status >> key) {
    if (key == "VmHWM:") {
      double kb = 0;
      status >> kb;
      return kb * 1024.0;
    }
    std::string rest;
    std::getline(status, rest);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"careflow at population scale: one replication, timed"};
  std::string file = std::string(CAREFLOW_SOURCE_DIR) + "/scenarios/england.toml";
  unsigned threads = 2;
  std::vector<std::string> sets;
  app.add_option("scenario", file, "Scenario file (default: scenarios/england.toml)");
  app.add_option("--threads", threads, "Threads")->check(CLI::Range(1U, 4096U));
  app.add_option("--set", sets, "Override a scenario key (repeatable)");
  CLI11_PARSE(app, argc, argv);

  const auto started = std::chrono::steady_clock::now();
  const auto scenario = careflow::scenario::load_scenario(file, sets);
  careflow::engine::ThreadScope scope(threads);
  const auto result = scope.run([&] { return careflow::model::simulate_replication(scenario, 0); });
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const double people = static_cast<double>(result.residents);
  fmt::print("{} care systems, {:g} days after {:g} warm-up days, {} threads: {:.2f} s\n",
             std::max<std::size_t>(1, scenario.systems.size()), scenario.run.days, scenario.run.warmup_days,
             threads, seconds);
  fmt::print(
      "{{\"scenario\": \"{}\", \"threads\": {}, \"people\": {}, \"admissions\": {}, \"events\": {}, "
      "\"windows\": {}, \"seconds\": {:.3f}, \"events_per_second\": {:.4g}, \"peak_memory_bytes\": {:.0f}, "
      "\"bytes_per_person\": {:.2f}}}\n",
      scenario.name, threads, result.residents, result.resident_admissions, result.events, result.windows, seconds,
      static_cast<double>(result.events) / seconds, peak_memory_bytes(),
      people > 0 ? result.resident_bytes / people : 0.0);
  return 0;
}
