#pragma once
// Runs one replication of a scenario on the engine and returns its measures.

#include <cstdint>

#include "model/care_system.hpp"
#include "model/replication_result.hpp"
#include "scenario/scenario.hpp"

namespace careflow::model {

ReplicationResult simulate_replication(const scenario::Scenario& scenario,
                                       std::uint64_t replication, ModelOptions options = {});

}  // namespace careflow::model
