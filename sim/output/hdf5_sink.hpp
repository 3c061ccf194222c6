#pragma once
// Writes a run to an HDF5 trace (layout: docs/trace-format.md), under a temporary name until
// commit() renames it into place.

#include <filesystem>
#include <memory>

#include "output/result_sink.hpp"
#include "output/trace_level.hpp"

namespace careflow::output {

class Hdf5Sink final : public ResultSink {
 public:
  /// Creates the file (under its temporary name) at once: a bad path fails before the run.
  Hdf5Sink(const std::filesystem::path& path, TraceLevel level);
  ~Hdf5Sink() override;

  RecordsWanted records_wanted() const override;
  void begin(const scenario::Scenario& scenario, const RunInfo& info) override;
  void replication(std::size_t index, const model::ReplicationResult& result) override;
  void steady_state(const model::SteadyState& state) override;
  void commit() override;

 private:
  void write_header(const scenario::Scenario& scenario, const RunInfo& info);
  void write_replication(std::size_t index, const model::ReplicationResult& result);
  template <class Write>
  void naming_the_output(const Write& write);

  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace careflow::output
