#pragma once
// The answer to a run request as JSON: both runs' means with their 95% CIs, each difference
// with its paired 95% CI, the steady-state warnings, daily means for the charts and the
// board-paper line. docs/api.md describes every member.

#include <nlohmann/json.hpp>

#include "serve/board_summary.hpp"
#include "serve/run_request.hpp"
#include "serve/scenario_outcome.hpp"

namespace careflow::serve {

nlohmann::json comparison_json(const PreparedRun& run, const ScenarioOutcome& unchanged, const ScenarioOutcome& changed);

/// The request's changes as a person reads them ("P2 rehabilitation beds, north", "102", "120").
std::vector<ChangeDescription> describe_changes(const PreparedRun& run);

}  // namespace careflow::serve
