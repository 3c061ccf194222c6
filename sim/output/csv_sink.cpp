#include "output/csv_sink.hpp"

#include <fmt/format.h>

#include "output/csv_field.hpp"

namespace careflow::output {

CsvSink::CsvSink(const std::filesystem::path& path) : file_(path) {}

void CsvSink::begin(const scenario::Scenario& scenario, const RunInfo& info) {
  auto& out = file_.stream();
  out << "# careflow " << info.careflow_version << "\n";
  out << "# scenario " << scenario.name << " (" << scenario.file << ")\n";
  out << "# command " << info.command_line << "\n";
  out << "# seed " << info.seed << ", replications " << info.replications << "\n";
  out << "# warm-up " << scenario.run.warmup_days << " days"
      << (scenario.run.warmup_auto ? ", chosen by MSER-5" : "") << "\n";
  out << "replication,measure,unit,value\n";
  file_.check();
}

void CsvSink::replication(std::size_t index, const model::ReplicationResult& result) {
  auto& out = file_.stream();
  for (const auto& m : result.measures) {
    out << index << ',' << csv_field(m.name) << ',' << csv_field(m.unit) << ','
        << fmt::format("{:.17g}", m.value) << '\n';
  }
  file_.check();
}

// A comment line after the rows, so that a reader skipping comments still sees plain rows.
void CsvSink::steady_state(const model::SteadyState& state) {
  const auto warning = state.warning();
  if (warning.empty()) return;
  file_.stream() << "# " << warning << "\n";
  file_.check();
}

void CsvSink::commit() { file_.commit(); }

}  // namespace careflow::output
