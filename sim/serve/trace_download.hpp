#pragma once
// One run of a request as an HDF5 trace (the summary level: every measure of every replication
// and the steady-state test), for an analyst to read from Python or R or to `careflow compare`.
// Written in a private temporary folder, read back and removed: a request never names a path.

#include <atomic>
#include <string>

#include "engine/parallelism.hpp"
#include "scenario/scenario.hpp"

namespace careflow::serve {

std::string trace_bytes(const scenario::Scenario& scenario, engine::ThreadScope& scope, const std::atomic<bool>& stop);

}  // namespace careflow::serve
