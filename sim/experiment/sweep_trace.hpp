#pragma once
// A finished sweep as one HDF5 file (layout: docs/sweeps.md#the-output-file), written from its
// journal under a temporary name and renamed into place when whole. Plain 1-D columns, as in
// run traces: a points table (factors and design columns), every kept measure per point and
// replication, per-point means and CIs, and the steady-state test of every point.

#include <cstdint>
#include <filesystem>
#include <string>

#include "experiment/sweep_journal.hpp"
#include "experiment/sweep_plan.hpp"
#include "output/trace_format.hpp"

namespace careflow::experiment {

using output::kSweepFormat;
using output::kSweepFormatVersion;

/// One line for the points not in steady state ("" when every point is steady).
std::string sweep_steady_state_warning(std::size_t rising_points, std::size_t points,
                                       const std::vector<std::size_t>& first_few);

void write_sweep_trace(const std::filesystem::path& out, const SweepPlan& plan, const SweepJournal& journal,
                       const std::string& careflow_version);

}  // namespace careflow::experiment
