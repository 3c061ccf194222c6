#pragma once
// Scenario files (TOML) to a validated Scenario, or a ScenarioError naming file, line, key and
// reason. A file may `extends = "other.toml"` (resolved relative to itself) and override any of
// its keys; `overrides` ("key.path=value", as given to --set) apply last.
//
//   auto s = load_scenario("scenarios/pull.toml", {"run.replications=20"});

#include <string>
#include <vector>

#include "scenario/scenario.hpp"
#include "scenario/scenario_error.hpp"

namespace careflow::scenario {

Scenario load_scenario(const std::string& path, const std::vector<std::string>& overrides = {});

/// The same, from text (tests, and files already read); `name` stands for the file in errors.
Scenario load_scenario_text(const std::string& text, const std::string& name,
                            const std::vector<std::string>& overrides = {});

}  // namespace careflow::scenario
