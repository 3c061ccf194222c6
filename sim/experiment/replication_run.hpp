#pragma once
// A scenario's replications as `careflow run` and `careflow serve` run them: each one run (spread
// over the ranks of a launch when there are several), then, in replication order, handed to the
// steady-state test, the result sink and the caller.

#include <cstddef>
#include <functional>

#include "experiment/rank_groups.hpp"
#include "model/care_system.hpp"
#include "model/steady_state.hpp"
#include "output/result_sink.hpp"
#include "scenario/scenario.hpp"

namespace careflow::experiment {

struct ReplicationHooks {
  /// Before each replication starts, on the thread that runs it (e.g. to stop between them).
  std::function<void()> starting;
  /// Each result, in replication order, one at a time, after the sink has had it.
  std::function<void(std::size_t, model::ReplicationResult)> each;
};

/// Runs the scenario's replications in the current TBB arena. The sink (may be null) is begun
/// with `info`, its records kept, every replication written, the steady-state test written, and
/// committed. Over ranks every rank calls this alike; rank 0 alone has a sink and hears `each`.
/// Returns the steady-state test of every replication's daily series (rank 0's is the answer).
model::SteadyState run_replications(const scenario::Scenario& scenario, model::ModelOptions options,
                                    output::ResultSink* sink, const output::RunInfo& info, const RankGroups& ranks,
                                    const ReplicationHooks& hooks);

}  // namespace careflow::experiment
