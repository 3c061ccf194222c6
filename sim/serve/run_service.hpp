#pragma once
// What the server does, with no HTTP in it: the catalogue's scenarios and their fields, and a
// request run against the unchanged scenario, answered as JSON. The unchanged scenario's runs
// are kept (a few, the latest used), so moving a slider reruns only the changed scenario.

#include <atomic>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "engine/parallelism.hpp"
#include "serve/run_request.hpp"
#include "serve/run_slots.hpp"
#include "serve/scenario_catalogue.hpp"
#include "serve/scenario_outcome.hpp"
#include "serve/serve_limits.hpp"

namespace careflow::serve {

class RunService {
 public:
  /// `threads`: what every run together may use (0: every core).
  RunService(ScenarioCatalogue catalogue, ServeLimits limits, unsigned threads);

  const ScenarioCatalogue& catalogue() const { return catalogue_; }
  const ServeLimits& limits() const { return limits_; }
  RunSlots& slots() { return slots_; }
  unsigned threads() const { return scope_.threads(); }

  /// GET /api/scenarios and /api/scenarios/<id> (throws RequestError 404).
  nlohmann::json scenarios_json() const;
  nlohmann::json scenario_json(const std::string& id) const;

  PreparedRun prepare(const RunRequest& request) const { return prepare_run(catalogue_, request, limits_); }

  /// Replications the run will do (for progress): the changed scenario's, and the unchanged
  /// one's unless it is kept.
  int replications_to_run(const PreparedRun& run) const;

  /// Runs `run` (call with a running ticket). `progress(done, total)` after each replication,
  /// from any thread. Throws model::RunStopped when `stop` is set.
  nlohmann::json run(const PreparedRun& run, const std::atomic<bool>& stop,
                     const std::function<void(int, int)>& progress);

  /// One of the run's two scenarios as an HDF5 trace at the summary level (call with a running
  /// ticket).
  std::string trace(const PreparedRun& run, bool changed, const std::atomic<bool>& stop);

  /// Runs stopped before their end (their client went away) since the server started.
  int stopped_runs() const { return stopped_runs_.load(); }
  void count_stopped_run() { ++stopped_runs_; }

  /// The changed scenario as TOML, with a header saying where it came from.
  static std::string changed_toml(const PreparedRun& run);

 private:
  std::shared_ptr<const ScenarioOutcome> kept_unchanged(const std::string& key) const;
  void keep_unchanged(const std::string& key, std::shared_ptr<const ScenarioOutcome> outcome);

  ScenarioCatalogue catalogue_;
  ServeLimits limits_;
  RunSlots slots_;
  engine::ThreadScope scope_;
  std::atomic<int> stopped_runs_{0};
  mutable std::mutex kept_mutex_;
  mutable std::list<std::pair<std::string, std::shared_ptr<const ScenarioOutcome>>> kept_;  ///< latest first
};

/// The key of an unchanged run: the scenario, days, replications and seed.
std::string unchanged_key(const PreparedRun& run);

}  // namespace careflow::serve
