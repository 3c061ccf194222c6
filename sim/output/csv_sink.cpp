#include "output/csv_sink.hpp"

#include <fmt/format.h>

namespace careflow::output {
namespace {

// Quotes a CSV field when it holds a comma or a quote.
std::string field(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

CsvSink::CsvSink(const std::filesystem::path& path) : file_(path) {}

void CsvSink::begin(const scenario::Scenario& scenario, const RunInfo& info) {
  auto& out = file_.stream();
  out << "# careflow " << info.careflow_version << "\n";
  out << "# scenario " << scenario.name << " (" << scenario.file << ")\n";
  out << "# command " << info.command_line << "\n";
  out << "# seed " << info.seed << ", replications " << info.replications << "\n";
  out << "replication,measure,unit,value\n";
}

void CsvSink::replication(std::size_t index, const model::ReplicationResult& result) {
  auto& out = file_.stream();
  for (const auto& m : result.measures) {
    out << index << ',' << field(m.name) << ',' << field(m.unit) << ','
        << fmt::format("{:.17g}", m.value) << '\n';
  }
}

void CsvSink::commit() { file_.commit(); }

}  // namespace careflow::output
