#pragma once
// `careflow sweep SWEEP.toml --out sweep.h5`: every point of a sweep's design, each with its
// replications, in parallel on all cores; one HDF5 file for the whole sweep; resumable after any
// interruption with --resume (docs/sweeps.md). Under mpirun the replications spread over the
// ranks and rank 0 keeps the journal and writes (docs/cluster.md).

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "engine/rank_exchange.hpp"

namespace careflow::cli {

struct SweepOptions {
  std::string sweep;
  std::string out;
  bool resume = false;
  unsigned threads = 0;  // 0: every core
  std::string point_traces;
  std::optional<int> ranks_per_replication;  // under mpirun: ranks sharing one replication
};

void add_sweep_command(CLI::App& app, SweepOptions& options);
/// `world`: the ranks of an MPI launch (null: one process).
int run_sweep_command(const SweepOptions& options, const std::string& command_line,
                      engine::RankExchange* world = nullptr);

}  // namespace careflow::cli
