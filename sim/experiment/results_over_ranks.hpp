#pragma once
// Replications (or a sweep's point x replication tasks) spread over the ranks of a launch, their
// results handed, in task order, to the rank that writes: the engine's ordered runner made to
// span processes. With one process it is that runner.

#include <cstddef>
#include <functional>

#include "engine/rank_exchange.hpp"
#include "experiment/rank_groups.hpp"
#include "model/replication_result.hpp"

namespace careflow::experiment {

/// Runs task(t, group ranks) for t = 0 .. count - 1, spread over the groups in rounds, and calls
/// consume(t, result) in task order, one at a time, on world rank 0 alone (which also runs its
/// share). `group ranks` is the exchange of the task's group, for a replication of several care
/// systems spread over it (null in groups of one).
void run_results_over_ranks(const RankGroups& ranks, std::size_t count,
                            const std::function<model::ReplicationResult(std::size_t, engine::RankExchange*)>& task,
                            const std::function<void(std::size_t, model::ReplicationResult)>& consume);

}  // namespace careflow::experiment
