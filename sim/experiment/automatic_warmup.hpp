#pragma once
// run.warmup_days = "auto": a first pass of every replication with no warm-up, whose daily
// series choose one (MSER-5). The measured run then repeats the replications with the same
// seeds, so its first days are the same days. Shared by `careflow run` and `careflow serve`.

#include "engine/parallelism.hpp"
#include "model/warmup.hpp"
#include "scenario/scenario.hpp"

namespace careflow::experiment {

model::WarmupChoice choose_warmup(const scenario::Scenario& scenario, engine::ThreadScope& scope);

}  // namespace careflow::experiment
