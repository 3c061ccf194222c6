#pragma once
// `careflow sweep SWEEP.toml --out sweep.h5`: every point of a sweep's design, each with its
// replications, in parallel on all cores; one HDF5 file for the whole sweep; resumable after any
// interruption with --resume (docs/sweeps.md).

#include <CLI/CLI.hpp>
#include <string>

namespace careflow::cli {

struct SweepOptions {
  std::string sweep;
  std::string out;
  bool resume = false;
  unsigned threads = 0;  // 0: every core
  std::string point_traces;
};

void add_sweep_command(CLI::App& app, SweepOptions& options);
int run_sweep_command(const SweepOptions& options, const std::string& command_line);

}  // namespace careflow::cli
