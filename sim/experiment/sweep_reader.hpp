#pragma once
// Reads a sweep's HDF5 file back (for `careflow sensitivity` and `careflow report`): the design,
// the factors' values and each measure's values by point and replication. Throws OutputError
// naming the file for anything that is not a whole careflow sweep of this format version.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace careflow::experiment {

struct SweepData {
  std::string path;
  std::string name;
  std::string design;
  std::size_t points = 0;
  std::size_t replications = 0;
  double morris_delta = 0;
  std::vector<std::string> factor_names, factor_labels;
  /// factor_values[factor][point]: numbers, switches as 0/1, words as their level's index
  std::vector<std::vector<double>> factor_values;
  std::vector<bool> factor_is_text;
  std::map<std::string, std::vector<std::int64_t>> design_columns;
  std::vector<std::string> measure_names, measure_units;
  std::vector<std::uint8_t> steady;  ///< per point
  std::string steady_state_warning;  ///< "" when every point was steady

  /// values[point][replication] of the measure; throws OutputError for a damaged column.
  std::vector<std::vector<double>> measure(std::size_t index) const;
  /// The index of the measure called `name`; throws std::invalid_argument listing the known ones.
  std::size_t measure_index(const std::string& name) const;
};

SweepData read_sweep(const std::string& path);
/// The file is a sweep (format attribute), not a run trace.
bool is_sweep_file(const std::string& path);

}  // namespace careflow::experiment
