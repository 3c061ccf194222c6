#pragma once
// Reads what `careflow compare` needs from an HDF5 trace: the run's identity and every measure
// of every replication. Throws OutputError with the file's name for anything it cannot read: not
// HDF5, truncated, not a careflow trace, or another format version.

#include <cstdint>
#include <string>
#include <vector>

namespace careflow::output {

struct TraceSummary {
  std::string path;
  std::string scenario_name;
  std::uint64_t seed = 0;
  double days = 0;
  double warmup_days = 0;
  std::vector<std::string> measure_names;
  std::vector<std::string> measure_units;
  std::vector<std::vector<double>> values;  ///< values[replication][measure]
  /// The run's steady-state warning ("" when every level was steady); absent from traces written
  /// before careflow tested for it, which `tested_steady_state` then says.
  std::string steady_state_warning;
  bool tested_steady_state = false;
  /// A run of several care systems (England): who they are, each one's measures
  /// (system_values[replication][system][measure], aligned with measure_names), and each one's
  /// own steady-state warning, from the levels of the test that name it ("" when steady).
  std::vector<std::string> systems, system_names, system_regions;
  std::vector<std::vector<std::vector<double>>> system_values;
  std::vector<std::string> system_warnings;
};

TraceSummary read_trace_summary(const std::string& path);

}  // namespace careflow::output
