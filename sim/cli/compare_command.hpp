#pragma once
// `careflow compare A.h5 B.h5 ...`: every measure per scenario with its mean and 95% CI, and each
// scenario's difference from the first with its CI, paired by replication where the runs share a
// seed. As a table, CSV or JSON.

#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>
#include <vector>

#include "cli/compare_by_system.hpp"
#include "stats/comparison.hpp"

namespace careflow::cli {

struct CompareOptions {
  std::vector<std::string> traces;
  std::string format = "table";
  bool by_system = false;                   ///< --by-ics
  std::vector<std::string> system_measures;  ///< --measure
};

void add_compare_command(CLI::App& app, CompareOptions& options);
int compare_traces(const CompareOptions& options);

/// The traces read and compared (throws OutputError or std::invalid_argument on bad input).
struct ComparedRuns {
  std::vector<stats::ScenarioRuns> runs;
  std::vector<stats::MeasureComparison> rows;
  std::vector<SystemComparison> systems;  ///< runs of several care systems: each one's comparison
  std::string why_not_by_system;          ///< when `systems` is empty
};
ComparedRuns compare_trace_files(const std::vector<std::string>& paths);
void print_comparison_json(std::FILE* out, const ComparedRuns& compared, const std::vector<std::string>& paths);

}  // namespace careflow::cli
