#include "model/simulate.hpp"

#include <algorithm>
#include <memory>
#include <stdexcept>

#include "engine/rank_partition.hpp"
#include "engine/simulator.hpp"
#include "model/combined_result.hpp"
#include "model/replication_result_bytes.hpp"

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

// Which rank runs each care system: spread by acute beds, which the work follows.
std::vector<int> owners_of_systems(const scenario::Scenario& scenario, const engine::RankExchange* ranks) {
  if (!ranks) return std::vector<int>(scenario.systems.size(), 0);
  std::vector<double> beds;
  for (const auto& system : scenario.systems) beds.push_back(1.0 + system.acute_beds());
  return engine::balanced_owners(beds, ranks->ranks());
}

// Every care system's result in the scenario's order, on rank 0: each rank's own, gathered.
std::vector<ReplicationResult> gather_parts(std::vector<ReplicationResult> mine, const std::vector<int>& owner,
                                            engine::RankExchange* ranks) {
  if (!ranks) return mine;
  const auto bytes = ranks->gather(to_bytes(mine));
  mine.clear();
  if (ranks->rank() != 0) return {};
  std::vector<ReplicationResult> parts(owner.size());
  for (std::size_t r = 0; r < bytes.size(); ++r) {
    auto theirs = results_from_bytes(bytes[r]);
    std::size_t next = 0;
    for (std::size_t i = 0; i < owner.size(); ++i) {
      if (static_cast<std::size_t>(owner[i]) != r) continue;
      if (next == theirs.size()) throw std::logic_error("a rank sent fewer care systems than it runs");
      parts[i] = std::move(theirs[next++]);
    }
  }
  return parts;
}

// Several care systems, one logical process each, run together in the engine's windows; the
// lookahead is the least delay of a message between them. Spread over ranks, each rank runs its
// own care systems and rank 0 combines them all.
ReplicationResult simulate_systems(const scenario::Scenario& scenario, std::uint64_t replication,
                                   const ModelOptions& options) {
  const std::vector<int> owner = owners_of_systems(scenario, options.ranks);
  const int rank = options.ranks ? options.ranks->rank() : 0;
  std::vector<std::unique_ptr<CareSystem>> systems(scenario.systems.size());
  engine::Simulator simulator(lookahead_of(scenario), options.ranks);
  for (std::size_t i = 0; i < scenario.systems.size(); ++i) {
    if (owner[i] != rank) {
      simulator.add_elsewhere(owner[i]);
      continue;
    }
    systems[i] = std::make_unique<CareSystem>(scenario.systems[i], replication, options, static_cast<std::uint32_t>(i));
    simulator.add(*systems[i]);
  }
  if (options.block_by_region) {
    std::vector<std::vector<engine::LpId>> blocks;
    std::vector<std::string> regions;
    for (std::size_t i = 0; i < scenario.systems.size(); ++i) {
      if (!systems[i]) continue;
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
    stats.messages_between_ranks += part.messages_between_ranks;
    if (options.progress) options.progress(1.0 / kSteps);
  }
  std::vector<ReplicationResult> mine;
  for (std::size_t i = 0; i < systems.size(); ++i) {
    if (!systems[i]) continue;
    mine.push_back(systems[i]->finish(end));
    mine.back().events = simulator.context(static_cast<engine::LpId>(i)).events_handled();
    systems[i].reset();  // its patients and residents, freed as soon as its result is out
  }
  auto parts = gather_parts(std::move(mine), owner, options.ranks);
  if (parts.empty()) return {};  // another rank than 0: its care systems' results are gathered there
  ReplicationResult result = combine_systems(std::move(parts), scenario.systems);
  result.events = stats.events;
  result.windows = stats.windows;
  result.messages_between_ranks = stats.messages_between_ranks;
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
