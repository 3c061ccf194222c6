#pragma once
// The plain-language line for a board paper: what was changed, and what it did to the measures
// a leader reads first (delayed patients, delays, occupancy, ED waits, cost), each change with
// its paired 95% CI, or "no clear change" when the interval spans zero; and a caution when the
// answer depends on the run length.

#include <string>
#include <vector>

#include "stats/comparison.hpp"

namespace careflow::serve {

struct ChangeDescription {
  std::string label;          ///< "P2 rehabilitation beds, north (p2_north)"
  std::string from, to;       ///< as a person reads them: "102", "on"
};

/// `measures` from stats::compare_scenarios of {unchanged, changed}; `warnings` the two runs'
/// steady-state warnings ("" when in steady state).
std::string board_summary(const std::vector<ChangeDescription>& changes,
                          const std::vector<stats::MeasureComparison>& measures, int replications, double days,
                          const std::string& unchanged_warning, const std::string& changed_warning);

/// A value for a person, by its unit: shares as percentages, money in pounds, counts to the
/// digits that matter.
std::string readable(double value, const std::string& unit);

}  // namespace careflow::serve
