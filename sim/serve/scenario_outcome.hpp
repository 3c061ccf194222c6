#pragma once
// One scenario's replications, as a page needs them: every measure of every replication (for
// the paired comparison), the steady-state warning, and daily means over the replications for
// the charts. A run stops early, throwing model::RunStopped, when its stop flag is set.

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "engine/parallelism.hpp"
#include "model/warmup.hpp"
#include "output/result_sink.hpp"
#include "scenario/scenario.hpp"
#include "stats/comparison.hpp"

namespace careflow::serve {

/// Means over the replications, day by day from the start of the run (warm-up included).
struct DailyMeans {
  std::vector<double> occupancy;           ///< acute beds in use, share of the acute beds
  std::vector<double> nctr;                ///< medically ready patients in acute beds
  std::vector<double> admission_queue;     ///< waiting for an acute bed (the ED)
  std::vector<double> community_waiting;   ///< waiting for a place in any community service
};

struct ScenarioOutcome {
  stats::ScenarioRuns runs;  ///< measures by replication, and the steady-state warning
  DailyMeans daily;
  double warmup_days = 0;
  std::optional<model::WarmupChoice> warmup;  ///< warmup_days = "auto": how it was chosen
  std::uint64_t events = 0;
};

/// `one_done` is called after each replication, from the thread that ran it. With a sink, each
/// replication goes to it in order too, and the sink is committed at the end.
ScenarioOutcome run_scenario_outcome(scenario::Scenario scenario, engine::ThreadScope& scope,
                                     const std::atomic<bool>& stop, const std::function<void()>& one_done,
                                     output::ResultSink* sink = nullptr);

}  // namespace careflow::serve
