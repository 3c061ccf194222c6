#include "serve/run_service.hpp"

#include <fmt/core.h>

#include "serve/comparison_json.hpp"
#include "serve/trace_download.hpp"

namespace careflow::serve {
namespace {

constexpr std::size_t kKeptRuns = 16;

nlohmann::json field_json(const EditableField& f) {
  nlohmann::json j{{"key", f.key},     {"label", f.label}, {"kind", f.kind}, {"unit", f.unit},
                   {"group", f.group}, {"meaning", f.meaning}, {"min", f.min}, {"max", f.max}};
  if (f.kind == "switch") {
    j["value"] = f.value != 0;
  } else {
    j["value"] = f.value;
  }
  if (!f.depends_on.empty()) j["depends_on"] = f.depends_on;
  return j;
}

}  // namespace

std::string unchanged_key(const PreparedRun& run) {
  const auto& r = run.unchanged.run;
  return fmt::format("{}|{:.17g}|{}|{}", run.entry->id, r.days, r.replications, r.seed);
}

RunService::RunService(ScenarioCatalogue catalogue, ServeLimits limits, unsigned threads)
    : catalogue_(std::move(catalogue)),
      limits_(limits),
      slots_(limits.max_running, limits.max_queued),
      scope_(engine::threads_or_all_cores(threads)) {}

nlohmann::json RunService::scenarios_json() const {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& e : catalogue_.entries()) {
    list.push_back({{"id", e.id}, {"name", e.name}, {"description", e.description}, {"group", e.group}});
  }
  return {{"scenarios", std::move(list)},
          {"limits",
           {{"max_days", limits_.max_days},
            {"max_replications", limits_.max_replications},
            {"max_replication_days", limits_.max_replication_days}}}};
}

nlohmann::json RunService::scenario_json(const std::string& id) const {
  const auto* entry = catalogue_.find(id);
  if (!entry) throw RequestError(404, "scenario", "scenario: no bundled scenario called \"" + id + "\"");
  const auto s = load_bundled(*entry);
  nlohmann::json fields = nlohmann::json::array();
  for (const auto& f : editable_fields(s)) fields.push_back(field_json(f));
  return {{"id", entry->id},
          {"name", entry->name},
          {"description", entry->description},
          {"run", {{"days", s.run.days}, {"replications", s.run.replications}, {"seed", s.run.seed},
                   {"warmup_days", s.run.warmup_auto ? nlohmann::json("auto") : nlohmann::json(s.run.warmup_days)}}},
          {"fields", std::move(fields)}};
}

std::shared_ptr<const ScenarioOutcome> RunService::kept_unchanged(const std::string& key) const {
  const std::lock_guard<std::mutex> lock(kept_mutex_);
  for (auto at = kept_.begin(); at != kept_.end(); ++at) {
    if (at->first == key) {
      kept_.splice(kept_.begin(), kept_, at);  // the latest used first
      return kept_.front().second;
    }
  }
  return nullptr;
}

void RunService::keep_unchanged(const std::string& key, std::shared_ptr<const ScenarioOutcome> outcome) {
  const std::lock_guard<std::mutex> lock(kept_mutex_);
  for (const auto& [k, o] : kept_) {
    if (k == key) return;  // another request ran it meanwhile: the same results
  }
  kept_.emplace_front(key, std::move(outcome));
  if (kept_.size() > kKeptRuns) kept_.pop_back();
}

int RunService::replications_to_run(const PreparedRun& run) const {
  const int each = run.changed.run.replications;
  const bool unchanged_needed = !kept_unchanged(unchanged_key(run));
  const bool changed_needed = !run.changes.empty();
  return each * ((unchanged_needed ? 1 : 0) + (changed_needed ? 1 : 0));
}

nlohmann::json RunService::run(const PreparedRun& run, const std::atomic<bool>& stop,
                               const std::function<void(int, int)>& progress) {
  const int total = std::max(1, replications_to_run(run));
  std::atomic<int> done{0};
  const auto one_done = [&] { progress(++done, total); };
  const auto key = unchanged_key(run);
  auto unchanged = kept_unchanged(key);
  if (!unchanged) {
    unchanged = std::make_shared<const ScenarioOutcome>(run_scenario_outcome(run.unchanged, scope_, stop, one_done));
    keep_unchanged(key, unchanged);
  }
  if (run.changes.empty()) return comparison_json(run, *unchanged, *unchanged);
  const auto changed = run_scenario_outcome(run.changed, scope_, stop, one_done);
  return comparison_json(run, *unchanged, changed);
}

std::string RunService::trace(const PreparedRun& run, bool changed, const std::atomic<bool>& stop) {
  return trace_bytes(changed ? run.changed : run.unchanged, scope_, stop);
}

std::string RunService::changed_toml(const PreparedRun& run) {
  std::string header = fmt::format(
      "# careflow: the bundled scenario \"{}\" ({}) as changed on careflow serve's page.\n", run.entry->id,
      run.entry->file);
  if (run.changes.empty()) header += "# No changes.\n";
  for (const auto& [key, value] : run.changes) header += fmt::format("#   {} = {}\n", key, value);
  header += "# Run it with: careflow run <this file>\n\n";
  return header + run.changed.source_text;
}

}  // namespace careflow::serve
