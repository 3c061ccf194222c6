#include "output/trace_reader.hpp"


#include "model/steady_state.hpp"
#include "output/hdf5_file.hpp"
#include "output/output_error.hpp"
#include "output/trace_format.hpp"

namespace careflow::output {
namespace {

// A level of the steady-state test belongs to care system `code` when it names it: "<code> acute
// occupancy", "queue <code> p1_north" (units are named "<code> <unit>" in such a run).
bool names_system(const std::string& level, const std::string& code) {
  return level.starts_with(code + " ") || level.find(" " + code + " ") != std::string::npos;
}

void read_system_warnings(const h5::Handle& file, TraceSummary& t) {
  t.system_warnings.assign(t.systems.size(), "");
  if (!h5::has_link(file, "steady_state")) return;
  const h5::Handle group = h5::open_group(file, "steady_state");
  const auto levels = h5::read_strings(group, "level");
  const auto rising = h5::read_column<std::uint8_t>(group, "rising");
  const auto slope = h5::read_column<double>(group, "slope_per_day");
  if (rising.size() != levels.size() || slope.size() != levels.size()) {
    throw OutputError(t.path + ": steady_state's columns differ in length");
  }
  for (std::size_t i = 0; i < t.systems.size(); ++i) {
    model::SteadyState own;  // the care system's rising levels, worded as the run words them
    for (std::size_t l = 0; l < levels.size(); ++l) {
      if (rising[l] && names_system(levels[l], t.systems[i])) {
        model::LevelTrend trend;
        trend.level = levels[l];
        trend.slope_per_day = slope[l];
        trend.rising = true;
        own.levels.push_back(std::move(trend));
      }
    }
    t.system_warnings[i] = own.warning();
  }
}

// Each care system's measures in one replication: by_system/value, system-major.
std::vector<std::vector<double>> read_system_values(const h5::Handle& run, const std::string& name,
                                                    const TraceSummary& t) {
  if (!h5::has_link(run, "by_system")) throw OutputError(t.path + ": replication " + name + " has no by_system group");
  const auto flat = h5::read_column<double>(h5::open_group(run, "by_system"), "value");
  const std::size_t measures = t.measure_names.size();
  if (flat.size() != t.systems.size() * measures) {
    throw OutputError(t.path + ": replication " + name + " holds " + std::to_string(flat.size()) +
                      " care-system values, not " + std::to_string(t.systems.size()) + " care systems x " +
                      std::to_string(measures) + " measures");
  }
  std::vector<std::vector<double>> values(t.systems.size());
  for (std::size_t i = 0; i < t.systems.size(); ++i) {
    values[i].assign(flat.begin() + static_cast<std::ptrdiff_t>(i * measures),
                     flat.begin() + static_cast<std::ptrdiff_t>((i + 1) * measures));
  }
  return values;
}

}  // namespace

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
  if (h5::has_link(file, "codes") && h5::has_link(h5::open_group(file, "codes"), "system")) {
    const h5::Handle codes = h5::open_group(file, "codes");
    t.systems = h5::read_strings(codes, "system");
    t.system_names = h5::read_strings(codes, "system_name");
    t.system_regions = h5::read_strings(codes, "system_region");
    if (t.system_names.size() != t.systems.size() || t.system_regions.size() != t.systems.size()) {
      throw OutputError(path + ": codes/system, system_name and system_region differ in length");
    }
    read_system_warnings(file, t);
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
    if (!t.systems.empty()) t.system_values.push_back(read_system_values(run, name, t));
  }
  return t;
}

}  // namespace careflow::output
