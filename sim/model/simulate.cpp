#include "model/simulate.hpp"

#include <algorithm>
#include <memory>

#include "engine/simulator.hpp"
#include "model/combined_result.hpp"

namespace careflow::model {
namespace {

engine::Tick run_end(const scenario::Scenario& scenario) {
  return engine::ticks_from_days(scenario.run.warmup_days) + engine::ticks_from_days(scenario.run.days);
}

}  // namespace

engine::Tick lookahead_of(const scenario::Scenario& scenario) {
  const auto& c = scenario.crossings;
  if (!(c.share > 0)) return engine::kTicksPerDay;  // no messages: any window will do
  return std::min({engine::ticks_from_hours(c.transfer_hours), engine::ticks_from_hours(c.handover_hours),
                   engine::ticks_from_days(scenario.discharge.referral_lag_days)});
}

namespace {

// Several care systems, one logical process each, run together in the engine's windows; the
// lookahead is the least delay of a message between them.
ReplicationResult simulate_systems(const scenario::Scenario& scenario, std::uint64_t replication,
                                   const ModelOptions& options) {
  std::vector<std::unique_ptr<CareSystem>> systems;
  engine::Simulator simulator(lookahead_of(scenario));
  for (std::size_t i = 0; i < scenario.systems.size(); ++i) {
    systems.push_back(std::make_unique<CareSystem>(scenario.systems[i], replication, options,
                                                   static_cast<std::uint32_t>(i)));
    simulator.add(*systems.back());
  }
  if (options.block_by_region) {
    std::vector<std::vector<engine::LpId>> blocks;
    std::vector<std::string> regions;
    for (std::size_t i = 0; i < scenario.systems.size(); ++i) {
      const auto at = std::find(regions.begin(), regions.end(), scenario.systems[i].region);
      const auto b = static_cast<std::size_t>(at - regions.begin());
      if (at == regions.end()) {
        regions.push_back(scenario.systems[i].region);
        blocks.emplace_back();
      }
      blocks[b].push_back(static_cast<engine::LpId>(i));
    }
    simulator.set_blocks(std::move(blocks));
  }
  const engine::Tick end = run_end(scenario);
  // In steps of a few days, to report progress; the steps change nothing in the run.
  constexpr int kSteps = 40;
  engine::RunStats stats;
  for (int step = 1; step <= kSteps; ++step) {
    const engine::Tick until = step == kSteps ? end : end / kSteps * step;
    const auto part = simulator.run_until(until);
    stats.events += part.events;
    stats.windows += part.windows;
    if (options.progress) options.progress(1.0 / kSteps);
  }
  std::vector<ReplicationResult> parts;
  for (std::size_t i = 0; i < systems.size(); ++i) {
    parts.push_back(systems[i]->finish(end));
    parts.back().events = simulator.context(static_cast<engine::LpId>(i)).events_handled();
    systems[i].reset();  // its patients and residents, freed as soon as its result is out
  }
  ReplicationResult result = combine_systems(std::move(parts), scenario.systems);
  result.events = stats.events;
  result.windows = stats.windows;
  return result;
}

}  // namespace

ReplicationResult simulate_replication(const scenario::Scenario& scenario,
                                       std::uint64_t replication, ModelOptions options) {
  if (!scenario.systems.empty()) return simulate_systems(scenario, replication, options);
  CareSystem system(scenario, replication, std::move(options));
  engine::Simulator simulator(engine::kTicksPerDay);
  simulator.add(system);
  const engine::Tick end = run_end(scenario);
  const auto stats = simulator.run_until(end);
  ReplicationResult result = system.finish(end);
  result.events = stats.events;
  result.windows = stats.windows;
  return result;
}

}  // namespace careflow::model
