#pragma once
// Compare runs of several care systems (England) care system by care system: each one's
// measures from its own rows of the traces (by_system/value), with the same statistics as the
// national comparison, and its own steady-state warning.

#include <cstdio>
#include <string>
#include <vector>

#include "output/trace_reader.hpp"
#include "stats/comparison.hpp"

namespace careflow::cli {

struct SystemComparison {
  std::string code, name, region;
  std::vector<std::string> warnings;  ///< by run: its steady-state warning for this care system
  std::vector<stats::MeasureComparison> rows;
};

/// Each care system's comparison, in the runs' order of care systems, when every trace holds
/// the same care systems (by code, in the same order); else empty, and `why_not` says why.
std::vector<SystemComparison> compare_by_system(const std::vector<output::TraceSummary>& traces,
                                                const std::vector<std::string>& labels, std::string& why_not);

/// The measures a per-care-system table shows by default.
std::vector<std::string> default_system_measures();

/// One row per care system: each measure in the first run and each other run's difference.
void print_systems_table(std::FILE* out, const std::vector<std::string>& labels,
                         const std::vector<SystemComparison>& systems, const std::vector<std::string>& measures);

/// Every measure of every care system, in the national CSV's columns after a `system` column.
void print_systems_csv(std::FILE* out, const std::vector<std::string>& labels,
                       const std::vector<SystemComparison>& systems);

/// The "systems" member of `compare --format json` (for `report`): each care system's code,
/// name, region, warnings and measures, in the national measures' layout.
void print_systems_json(std::FILE* out, const std::vector<SystemComparison>& systems);

}  // namespace careflow::cli
