#pragma once
// Where run results go. The command line runs replications (in parallel) and hands their results
// to one sink in replication order, so every back-end writes the same bytes whatever the thread
// count. Back-ends: CSV of the measures (csv_sink), HDF5 traces (hdf5_sink).

#include <cstdint>
#include <string>

#include "model/replication_result.hpp"
#include "model/steady_state.hpp"
#include "scenario/scenario.hpp"

namespace careflow::output {

struct RunInfo {
  std::string careflow_version;
  std::string command_line;
  std::uint64_t seed = 0;
  int replications = 0;
};

/// What a sink needs the model to record beyond the measures.
struct RecordsWanted {
  bool patients = false;
  bool daily = false;
  bool events = false;
};

class ResultSink {
 public:
  virtual ~ResultSink() = default;
  virtual RecordsWanted records_wanted() const { return {}; }
  virtual void begin(const scenario::Scenario& scenario, const RunInfo& info) = 0;
  /// Called for replications 0, 1, 2, ... in that order, after begin().
  virtual void replication(std::size_t index, const model::ReplicationResult& result) = 0;
  /// The steady-state test of the whole run, after the last replication and before commit().
  virtual void steady_state(const model::SteadyState&) {}
  /// Completes the output; until then nothing is visible at the output path.
  virtual void commit() = 0;
};

}  // namespace careflow::output
