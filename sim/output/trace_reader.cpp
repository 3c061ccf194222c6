#include "output/trace_reader.hpp"

#include "output/hdf5_file.hpp"
#include "output/output_error.hpp"
#include "output/trace_format.hpp"

namespace careflow::output {

TraceSummary read_trace_summary(const std::string& path) {
  const h5::Handle file = h5::open_file(path);
  if (h5::has_attribute(file, "format") && h5::string_attribute(file, "format") == kSweepFormat) {
    throw OutputError(path + ": a careflow sweep, not a run's trace: read it with careflow sensitivity or "
                      "careflow report");
  }
  if (!h5::has_attribute(file, "format") || h5::string_attribute(file, "format") != kTraceFormat) {
    throw OutputError(path + ": not a careflow trace (no format attribute '" +
                      std::string(kTraceFormat) + "')");
  }
  const auto version = h5::integer_attribute(file, "format_version");
  if (version != kTraceFormatVersion) {
    throw OutputError(path + ": trace format version " + std::to_string(version) +
                      "; this careflow reads version " + std::to_string(kTraceFormatVersion));
  }
  TraceSummary t;
  t.path = path;
  t.scenario_name = h5::string_attribute(file, "scenario_name");
  t.seed = static_cast<std::uint64_t>(h5::integer_attribute(file, "seed"));
  t.days = h5::double_attribute(file, "days");
  t.warmup_days = h5::double_attribute(file, "warmup_days");
  const auto replications = h5::integer_attribute(file, "replications");
  t.tested_steady_state = h5::has_attribute(file, "steady_state_warning");
  if (t.tested_steady_state) t.steady_state_warning = h5::string_attribute(file, "steady_state_warning");
  const h5::Handle measures = h5::open_group(file, "measures");
  t.measure_names = h5::read_strings(measures, "name");
  t.measure_units = h5::read_strings(measures, "unit");
  if (t.measure_units.size() != t.measure_names.size()) {
    throw OutputError(path + ": measures/name and measures/unit differ in length");
  }
  const h5::Handle runs = h5::open_group(file, "replications");
  const auto held = h5::link_count(runs);
  if (replications < 1 || held != static_cast<std::size_t>(replications)) {
    throw OutputError(path + ": the file says " + std::to_string(replications) +
                      " replications but holds " + std::to_string(held));
  }
  for (std::int64_t r = 0; r < replications; ++r) {
    const auto name = replication_group_name(static_cast<std::size_t>(r));
    if (!h5::has_link(runs, name)) {
      throw OutputError(path + ": replication " + name + " is missing (incomplete trace)");
    }
    const h5::Handle run = h5::open_group(runs, name);
    const h5::Handle summary = h5::open_group(run, "summary");
    auto values = h5::read_column<double>(summary, "value");
    if (values.size() != t.measure_names.size()) {
      throw OutputError(path + ": replication " + name + " has " + std::to_string(values.size()) +
                        " measures, the file lists " + std::to_string(t.measure_names.size()));
    }
    t.values.push_back(std::move(values));
  }
  return t;
}

}  // namespace careflow::output
