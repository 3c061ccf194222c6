#pragma once
// `careflow run SCENARIO`: replications in parallel, a summary table of every measure (mean and
// 95% confidence interval), and with --out the results through a result sink: an HDF5 trace
// (.h5, at the --trace level) or a CSV of the measures (.csv).

#include <CLI/CLI.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/rank_exchange.hpp"

namespace careflow::cli {

struct RunOptions {
  std::string scenario;
  std::optional<int> replications;
  std::optional<std::uint64_t> seed;
  std::optional<double> days;
  unsigned threads = 0;  // 0: every core
  std::vector<std::string> sets;
  std::string out;
  std::string trace = "patients";
  bool by_system = false;  // --by-ics: a row per care system too
  bool blocks_by_region = false;  // --partition region: one block of logical processes per region
  std::optional<int> ranks_per_replication;  // under mpirun: ranks sharing one replication
};

void add_run_command(CLI::App& app, RunOptions& options);
/// `trace_given`: --trace was on the command line (it only applies to HDF5 output). `world`: the
/// ranks of an MPI launch (null: one process); rank 0 prints and writes.
int run_scenario(const RunOptions& options, const std::string& command_line, bool trace_given,
                 engine::RankExchange* world = nullptr);

}  // namespace careflow::cli
