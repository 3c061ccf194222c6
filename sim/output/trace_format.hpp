#pragma once
// The names and version of careflow's HDF5 trace layout, shared by the writer and the readers.
// docs/trace-format.md describes the layout; change both together, and raise the version when a
// reader of the old layout would misread the new one.

#include <cstdint>
#include <string>

namespace careflow::output {

inline constexpr const char* kTraceFormat = "careflow-trace";
inline constexpr std::int64_t kTraceFormatVersion = 1;
/// A sweep's file (docs/sweeps.md), written by sim/experiment: named here so that a reader of
/// traces can tell a user who hands it a sweep what the file is.
inline constexpr const char* kSweepFormat = "careflow-sweep";
inline constexpr std::int64_t kSweepFormatVersion = 1;

/// The group of replication `index`: "replications/00000" and so on.
inline std::string replication_group_name(std::size_t index) {
  std::string digits = std::to_string(index);
  if (digits.size() < 5) digits.insert(0, 5 - digits.size(), '0');
  return digits;
}

}  // namespace careflow::output
