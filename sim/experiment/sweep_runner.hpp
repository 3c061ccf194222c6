#pragma once
// Runs a sweep's points x replications in parallel (the engine's ordered pipeline, on the
// caller's threads), with common random numbers: replication r of every point draws from the
// same streams (seed, r, ...), so differences between points are paired. Points are handed back
// in order, each once all its replications are done.

#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "experiment/point_result.hpp"
#include "experiment/rank_groups.hpp"
#include "experiment/sweep_plan.hpp"

namespace careflow::experiment {

struct SweepCallbacks {
  /// After each replication, from any worker thread (over ranks: on rank 0 as results arrive).
  std::function<void()> replication_done;
  /// Each point, in point order, one at a time (over ranks: on rank 0 alone).
  std::function<void(const PointResult&)> point_done;
};

/// Patient-level traces per point, when asked for: FOLDER/point_00042.h5, one HDF5 trace each.
struct PointTraces {
  std::filesystem::path folder;
  std::string careflow_version;
  std::string command_line;
};

/// Runs points first_point, first_point + 1, ... of the plan. A scenario whose warm-up is "auto"
/// chooses each point's warm-up from a first pass of that point (MSER-5), as `careflow run` does.
/// Over `ranks` (every rank calling it alike), the replications spread over them and rank 0 alone
/// gets the points and writes the traces.
void run_sweep(const SweepPlan& plan, std::size_t first_point, const SweepCallbacks& callbacks,
               const std::optional<PointTraces>& traces = std::nullopt, const RankGroups& ranks = RankGroups());

/// The trace file of one point.
std::filesystem::path point_trace_path(const std::filesystem::path& folder, std::size_t point);

}  // namespace careflow::experiment
