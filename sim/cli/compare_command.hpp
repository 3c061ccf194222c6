#pragma once
// `careflow compare A.h5 B.h5 ...`: every measure per scenario with its mean and 95% CI, and each
// scenario's difference from the first with its CI, paired by replication where the runs share a
// seed. As a table, CSV or JSON.

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace careflow::cli {

struct CompareOptions {
  std::vector<std::string> traces;
  std::string format = "table";
};

void add_compare_command(CLI::App& app, CompareOptions& options);
int compare_traces(const CompareOptions& options);

}  // namespace careflow::cli
