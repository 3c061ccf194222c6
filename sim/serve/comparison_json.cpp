#include "serve/comparison_json.hpp"

#include <cmath>
#include <fmt/core.h>

#include "scenario/start_trim.hpp"
#include "serve/board_summary.hpp"

namespace careflow::serve {
namespace {

nlohmann::json number(double x) { return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(nullptr); }

nlohmann::json interval_json(const std::optional<stats::Interval>& interval) {
  if (!interval) return nullptr;
  return {{"mean", number(interval->mean)}, {"ci_half_width", number(interval->half_width)}};
}

nlohmann::json daily_json(const DailyMeans& d) {
  return {{"occupancy", d.occupancy},
          {"nctr", d.nctr},
          {"admission_queue", d.admission_queue},
          {"community_waiting", d.community_waiting}};
}

nlohmann::json run_json(const ScenarioOutcome& o) {
  nlohmann::json j{{"steady_state_warning", o.runs.steady_state_warning.empty()
                                                ? nlohmann::json(nullptr)
                                                : nlohmann::json(o.runs.steady_state_warning)},
                   {"events", o.events},
                   {"warmup_days", o.warmup_days},
                   {"daily", daily_json(o.daily)}};
  if (o.warmup) j["warmup"] = o.warmup->description();
  return j;
}

std::string shown(const EditableField& field, const std::string& text) {
  if (field.kind == "switch") return text == "true" || text == "1" ? "on" : "off";
  return text;
}

std::string shown_value(const EditableField& field) {
  if (field.kind == "switch") return field.value != 0 ? "on" : "off";
  return fmt::format("{:g}", field.value);
}

}  // namespace

std::vector<ChangeDescription> describe_changes(const PreparedRun& run) {
  std::vector<ChangeDescription> out;
  for (const auto& [key, value] : run.changes) {
    const auto* field = find_field(run.fields, key);
    if (!field) continue;  // prepare_run refuses these
    out.push_back({field->label, shown_value(*field), shown(*field, value)});
  }
  return out;
}

nlohmann::json comparison_json(const PreparedRun& run, const ScenarioOutcome& unchanged, const ScenarioOutcome& changed) {
  const auto measures = stats::compare_scenarios({unchanged.runs, changed.runs});
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& m : measures) {
    nlohmann::json row{{"name", m.name},
                       {"unit", m.unit},
                       {"unchanged", interval_json(m.scenarios[0])},
                       {"changed", interval_json(m.scenarios[1])},
                       {"difference", nullptr}};
    if (const auto& d = m.differences[1]) {
      row["difference"] = {{"mean", number(d->interval.mean)},
                           {"ci_half_width", number(d->interval.half_width)},
                           {"paired", d->paired},
                           {"depends_on_run_length", d->depends_on_run_length}};
    }
    rows.push_back(std::move(row));
  }
  const auto described = describe_changes(run);
  nlohmann::json changes = nlohmann::json::array();
  for (const auto& c : described) changes.push_back({{"label", c.label}, {"from", c.from}, {"to", c.to}});
  nlohmann::json keys = nlohmann::json::object();
  for (const auto& [key, value] : run.changes) keys[key] = value;
  const auto& s = run.changed;
  nlohmann::json trimmed = nlohmann::json::array();
  for (const auto& trim : s.start_trims) trimmed.push_back(scenario::describe(trim));
  return {{"scenario", {{"id", run.entry->id}, {"name", s.name}, {"description", s.description}}},
          {"run", {{"days", s.run.days}, {"replications", s.run.replications}, {"seed", s.run.seed}}},
          {"changes", std::move(keys)},
          {"changes_described", std::move(changes)},
          {"start_trimmed", std::move(trimmed)},
          {"unchanged", run_json(unchanged)},
          {"changed", run_json(changed)},
          {"measures", std::move(rows)},
          {"summary", board_summary(described, measures, s.run.replications, s.run.days,
                                    unchanged.runs.steady_state_warning, changed.runs.steady_state_warning)}};
}

}  // namespace careflow::serve
