#pragma once
// Sweep files (TOML; docs/sweeps.md) to a checked SweepSpec, or a ScenarioError naming the file,
// line, key and reason. The file itself is checked here; whether each point makes a valid
// scenario is sweep_plan.hpp's question.
//
//   auto spec = load_sweep("scenarios/sweeps/blocking_capacity.toml");

#include <string>

#include "experiment/sweep_spec.hpp"

namespace careflow::experiment {

SweepSpec load_sweep(const std::string& path);
/// The same from text; `path` stands for the file in errors and resolves the scenario's path.
SweepSpec load_sweep_text(const std::string& text, const std::string& path);

}  // namespace careflow::experiment
