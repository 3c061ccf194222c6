#pragma once
// Plain-text results: one CSV row per replication and measure, after comment lines that record
// the careflow version, the command line and the seed.
//   # careflow 0.1.0
//   replication,measure,unit,value
//   0,acute occupancy,share,0.912

#include <memory>

#include "output/atomic_file.hpp"
#include "output/result_sink.hpp"

namespace careflow::output {

class CsvSink final : public ResultSink {
 public:
  explicit CsvSink(const std::filesystem::path& path);
  void begin(const scenario::Scenario& scenario, const RunInfo& info) override;
  void replication(std::size_t index, const model::ReplicationResult& result) override;
  void steady_state(const model::SteadyState& state) override;
  void commit() override;

 private:
  AtomicFile file_;
};

}  // namespace careflow::output
