#include "output/hdf5_sink.hpp"

#include <array>
#include <cmath>
#include <ctime>
#include <limits>

#include "output/hdf5_file.hpp"
#include "output/output_error.hpp"
#include "output/timestamp.hpp"
#include "output/temporary_path.hpp"
#include "output/trace_format.hpp"

namespace careflow::output {
namespace {

constexpr double kNever = std::numeric_limits<double>::quiet_NaN();

double days_or_never(engine::Tick t) { return t < 0 ? kNever : engine::days_from_ticks(t); }

const std::vector<std::string> kOutcomeNames{
    "waiting admission", "in acute", "in community", "home", "long-term care", "care home", "died",
    "turned away", "waiting at home", "moved to home system", "moved to neighbour"};

// Writes ticks as days (NaN for never) through one scratch buffer.
void write_days(const h5::Handle& group, const std::string& name, const std::vector<engine::Tick>& ticks,
                std::vector<double>& scratch) {
  scratch.resize(ticks.size());
  for (std::size_t i = 0; i < ticks.size(); ++i) scratch[i] = days_or_never(ticks[i]);
  h5::write_column(group, name, scratch, h5::Storage::plain);
}

// Every column as the model kept it, stored plain: deflate would cost more CPU than the run
// (docs/trace-format.md).
void write_patients(const h5::Handle& parent, const model::PatientTable& t) {
  using h5::Storage;
  const h5::Handle group = h5::create_group(parent, "patients");
  h5::write_column(group, "group", t.group, Storage::plain);
  h5::write_column(group, "locality", t.locality, Storage::plain);
  h5::write_column(group, "pathway", t.pathway, Storage::plain);
  h5::write_column(group, "frailty", t.frailty, Storage::plain);
  static_assert(sizeof(model::Outcome) == 1);
  h5::write_column(group, "outcome",
                   std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(t.outcome.data()),
                                                 t.outcome.size()),
                   Storage::plain);
  std::vector<double> scratch;
  write_days(group, "arrival_day", t.arrival, scratch);
  write_days(group, "admitted_day", t.admitted, scratch);
  write_days(group, "ready_day", t.ready, scratch);
  write_days(group, "left_acute_day", t.left_acute, scratch);
  write_days(group, "left_service_day", t.left_service, scratch);
  // The same arithmetic as the model's delay measures, so that sums agree to the last bit.
  for (std::size_t i = 0; i < t.size(); ++i) {
    scratch[i] = (t.ready[i] >= 0 && t.left_acute[i] >= 0) ? engine::days_from_ticks(t.left_acute[i] - t.ready[i])
                                                           : kNever;
  }
  h5::write_column(group, "delay_days", scratch, Storage::plain);
  h5::write_column(group, "episodes", t.episodes, Storage::plain);
}

void write_daily(const h5::Handle& parent, const model::DailySeries& daily) {
  const h5::Handle group = h5::create_group(parent, "daily");
  h5::write_column(group, "day", daily.day);
  h5::write_column(group, "unit", daily.unit);
  h5::write_column(group, "occupied", daily.occupied);
  h5::write_column(group, "capacity", daily.capacity);
  h5::write_column(group, "queue", daily.queue);
  h5::write_column(group, "nctr", daily.nctr);
  h5::write_column(group, "reserved_idle", daily.reserved_idle);
}

void write_events(const h5::Handle& parent, const model::EventLog& log) {
  const h5::Handle group = h5::create_group(parent, "events");
  std::vector<double> time(log.rows());
  std::vector<std::uint8_t> place(log.rows());
  for (std::size_t i = 0; i < log.rows(); ++i) {
    time[i] = engine::days_from_ticks(log.time[i]);
    place[i] = static_cast<std::uint8_t>(log.place[i]);
  }
  h5::write_column(group, "time_day", time, h5::Storage::plain);
  h5::write_column(group, "kind", log.kind);
  h5::write_column(group, "patient", log.patient);
  h5::write_column(group, "place", place);
  h5::write_column(group, "unit", log.unit);
}

// HDF5 names the file it failed on, which is the temporary one: the user knows the final name.
template <class Error>
Error naming_final_path(const Error& error, const TemporaryPath& path) {
  std::string message = error.what();
  const std::string temporary = path.temporary().string();
  if (const auto at = message.find(temporary); at != std::string::npos) {
    message.replace(at, temporary.size(), path.final_path().string());
  }
  return Error(message);
}

h5::Handle create_trace_file(const TemporaryPath& path) {
  try {
    return h5::create_file(path.temporary().string());
  } catch (const OutputError& e) {
    throw naming_final_path(e, path);
  } catch (const WriteFailure& e) {
    throw naming_final_path(e, path);
  }
}

}  // namespace

struct Hdf5Sink::State {
  TemporaryPath path;
  TraceLevel level;
  h5::Handle file;
  h5::Handle replications;
  h5::Handle codes;
  State(const std::filesystem::path& final_path, TraceLevel trace_level)
      : path(final_path), level(trace_level), file(create_trace_file(path)) {}
};

Hdf5Sink::Hdf5Sink(const std::filesystem::path& path, TraceLevel level)
    : state_(std::make_unique<State>(path, level)) {}

template <class Write>
void Hdf5Sink::naming_the_output(const Write& write) {
  try {
    write();
  } catch (const WriteFailure& e) {
    throw naming_final_path(e, state_->path);
  }
}

Hdf5Sink::~Hdf5Sink() = default;

RecordsWanted Hdf5Sink::records_wanted() const {
  const bool patients = state_->level != TraceLevel::summary;
  return {.patients = patients, .daily = patients, .events = state_->level == TraceLevel::events};
}

void Hdf5Sink::begin(const scenario::Scenario& scenario, const RunInfo& info) {
  naming_the_output([&] { write_header(scenario, info); });
}

void Hdf5Sink::write_header(const scenario::Scenario& scenario, const RunInfo& info) {
  const auto& root = state_->file;
  h5::set_attribute(root, "format", std::string(kTraceFormat));
  h5::set_attribute(root, "format_version", kTraceFormatVersion);
  h5::set_attribute(root, "careflow_version", info.careflow_version);
  h5::set_attribute(root, "command_line", info.command_line);
  h5::set_attribute(root, "created", utc_timestamp());
  h5::set_attribute(root, "trace_level", std::string(trace_level_name(state_->level)));
  h5::set_attribute(root, "scenario_name", scenario.name);
  h5::set_attribute(root, "scenario_description", scenario.description);
  h5::set_attribute(root, "scenario_file", scenario.file);
  h5::set_attribute(root, "scenario_text", scenario.source_text);
  h5::set_attribute(root, "seed", static_cast<std::int64_t>(info.seed));
  h5::set_attribute(root, "replications", static_cast<std::int64_t>(info.replications));
  h5::set_attribute(root, "days", scenario.run.days);
  h5::set_attribute(root, "warmup_days", scenario.run.warmup_days);
  h5::set_attribute(root, "warmup_rule", std::string(scenario.run.warmup_auto ? "MSER-5" : "fixed"));
  h5::set_attribute(root, "acute_beds", static_cast<std::int64_t>(scenario.acute_beds()));

  state_->codes = h5::create_group(root, "codes");
  std::vector<std::string> groups, pathways, frailty{"low", "moderate", "severe"};
  for (const auto& g : scenario.groups) groups.push_back(g.name);
  for (const char* p : scenario::kPathwayNames) pathways.emplace_back(p);
  h5::write_strings(state_->codes, "group", groups);
  h5::write_strings(state_->codes, "locality", scenario.localities);
  h5::write_strings(state_->codes, "pathway", pathways);
  h5::write_strings(state_->codes, "frailty", frailty);
  h5::write_strings(state_->codes, "outcome", kOutcomeNames);
  if (!scenario.systems.empty()) {  // a run of several care systems: who they are
    std::vector<std::string> codes, names, regions;
    for (const auto& system : scenario.systems) {
      codes.push_back(system.code);
      names.push_back(system.description);
      regions.push_back(system.region);
    }
    h5::write_strings(state_->codes, "system", codes);
    h5::write_strings(state_->codes, "system_name", names);
    h5::write_strings(state_->codes, "system_region", regions);
  }
  state_->replications = h5::create_group(root, "replications");
}

void Hdf5Sink::replication(std::size_t index, const model::ReplicationResult& result) {
  naming_the_output([&] { write_replication(index, result); });
}

void Hdf5Sink::write_replication(std::size_t index, const model::ReplicationResult& result) {
  auto& s = *state_;
  // Replications arrive in order: the first one's lists (the same for every replication of a
  // scenario) name the measures, the daily units and the event kinds.
  if (index == 0) {
    const h5::Handle measures = h5::create_group(s.file, "measures");
    std::vector<std::string> names, units;
    for (const auto& m : result.measures) {
      names.push_back(m.name);
      units.push_back(m.unit);
    }
    h5::write_strings(measures, "name", names);
    h5::write_strings(measures, "unit", units);
    if (!result.daily.units.empty()) h5::write_strings(s.codes, "unit", result.daily.units);
    if (!result.event_log.kinds.empty()) h5::write_strings(s.codes, "event_kind", result.event_log.kinds);
  }
  const h5::Handle group = h5::create_group(s.replications, replication_group_name(index));
  h5::set_attribute(group, "events", static_cast<std::int64_t>(result.events));
  const h5::Handle summary = h5::create_group(group, "summary");
  std::vector<double> values;
  for (const auto& m : result.measures) values.push_back(m.value);
  h5::write_column(summary, "value", values);
  const auto wanted = records_wanted();
  if (!result.systems.empty()) {
    // Each care system's measures, a row per care system and measure (system-major, the
    // measures in /measures/name order), and its patients in a group of its own.
    const h5::Handle by_system = h5::create_group(group, "by_system");
    std::vector<double> system_values;
    std::vector<std::uint16_t> system_index;
    for (std::size_t i = 0; i < result.systems.size(); ++i) {
      for (const auto& m : result.systems[i].measures) {
        system_values.push_back(m.value);
        system_index.push_back(static_cast<std::uint16_t>(i));
      }
    }
    h5::write_column(by_system, "system", system_index);
    h5::write_column(by_system, "value", system_values);
    if (wanted.patients) {
      for (std::size_t i = 0; i < result.systems.size(); ++i) {
        const h5::Handle one = h5::create_group(by_system, "system_" + std::to_string(i));
        write_patients(one, result.systems[i].patients);
      }
    }
  }
  if (wanted.patients) write_patients(group, result.patients);
  if (wanted.daily) write_daily(group, result.daily);
  if (wanted.events) write_events(group, result.event_log);
}

// One row per level tested; the sentence a reader shows, "" when every level is steady.
void Hdf5Sink::steady_state(const model::SteadyState& state) {
  naming_the_output([&] {
    const h5::Handle group = h5::create_group(state_->file, "steady_state");
    std::vector<std::string> names;
    std::vector<double> slope, lower, material;
    std::vector<std::uint8_t> rising;
    for (const auto& level : state.levels) {
      names.push_back(level.level);
      slope.push_back(level.slope_per_day);
      lower.push_back(level.lower_per_day);
      material.push_back(level.material_growth);
      rising.push_back(level.rising ? 1 : 0);
    }
    h5::write_strings(group, "level", names);
    h5::write_column(group, "slope_per_day", slope);
    h5::write_column(group, "lower_per_day", lower);
    h5::write_column(group, "material_growth", material);
    h5::write_column(group, "rising", rising);
    h5::set_attribute(group, "method", state.method);
    h5::set_attribute(state_->file, "steady_state_warning", state.warning());
  });
}

void Hdf5Sink::commit() {
  auto& s = *state_;
  naming_the_output([&] {
    s.replications = {};
    s.codes = {};
    s.file.close(s.path.final_path().string());
  });
  s.path.commit();
}

}  // namespace careflow::output
