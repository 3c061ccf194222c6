#pragma once
// run.warmup_days = "auto": a first pass of every replication with no warm-up, whose daily
// series choose one (MSER-5). The measured run then repeats the replications with the same
// seeds, so its first days are the same days. Shared by `careflow run` and `careflow serve`.

#include "engine/parallelism.hpp"
#include "experiment/rank_groups.hpp"
#include "model/warmup.hpp"
#include "scenario/scenario.hpp"

namespace careflow::experiment {

/// Over `ranks` (every rank calling it alike), the first pass spreads over them as the measured
/// run does; rank 0 chooses, and every rank gets the days (the rest of the choice is rank 0's).
model::WarmupChoice choose_warmup(const scenario::Scenario& scenario, engine::ThreadScope& scope,
                                  const RankGroups& ranks = RankGroups());

}  // namespace careflow::experiment
