#pragma once
// Runs one replication of a scenario on the engine and returns its measures.

#include <cstdint>

#include "model/care_system.hpp"
#include "model/replication_result.hpp"
#include "scenario/scenario.hpp"

namespace careflow::model {

/// The engine's lookahead for a run of several care systems: the least delay of a crossing
/// (transfer, handover, referral home; docs/population.md), or a day when no one crosses.
engine::Tick lookahead_of(const scenario::Scenario& scenario);

ReplicationResult simulate_replication(const scenario::Scenario& scenario,
                                       std::uint64_t replication, ModelOptions options = {});

}  // namespace careflow::model
