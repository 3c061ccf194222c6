#include "model/simulate.hpp"

#include "engine/simulator.hpp"

namespace careflow::model {

ReplicationResult simulate_replication(const scenario::Scenario& scenario,
                                       std::uint64_t replication, ModelOptions options) {
  CareSystem system(scenario, replication, std::move(options));
  engine::Simulator simulator(engine::kTicksPerDay);
  simulator.add(system);
  const engine::Tick end =
      engine::ticks_from_days(scenario.run.warmup_days) + engine::ticks_from_days(scenario.run.days);
  const auto stats = simulator.run_until(end);
  ReplicationResult result = system.finish(end);
  result.events = stats.events;
  return result;
}

}  // namespace careflow::model
