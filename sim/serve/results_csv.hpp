#pragma once
// A run's answer (comparison_json) as CSV for a spreadsheet: one row per measure, both runs'
// means and 95% CI half-widths, and the difference with its paired CI.

#include <nlohmann/json.hpp>
#include <string>

namespace careflow::serve {

std::string results_csv(const nlohmann::json& comparison);

}  // namespace careflow::serve
