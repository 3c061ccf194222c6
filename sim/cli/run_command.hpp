#pragma once
// `careflow run SCENARIO`: replications in parallel, a summary table of every measure (mean and
// 95% confidence interval), and with --out the per-replication results through a result sink.

#include <CLI/CLI.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace careflow::cli {

struct RunOptions {
  std::string scenario;
  std::optional<int> replications;
  std::optional<std::uint64_t> seed;
  std::optional<double> days;
  unsigned threads = 0;  // 0: every core
  std::vector<std::string> sets;
  std::string out;
};

void add_run_command(CLI::App& app, RunOptions& options);
int run_scenario(const RunOptions& options, const std::string& command_line);

}  // namespace careflow::cli
