#pragma once
// A request to run: a bundled scenario by id, the changes to its editable fields, and the run's
// days, replications and seed. It comes as JSON (POST /api/run) or as a query string (the
// page's address and the download links: scenario=baseline&days=365&levers.home_first=true).
// Preparing it loads both scenarios through the scenario loader, so every value is checked
// there, and applies the server's limits.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "scenario/scenario.hpp"
#include "serve/request_error.hpp"
#include "serve/scenario_catalogue.hpp"
#include "serve/serve_limits.hpp"

namespace careflow::serve {

struct RunRequest {
  std::string scenario = "baseline";
  std::vector<std::pair<std::string, std::string>> changes;  ///< key, value as TOML text
  std::optional<std::string> days, replications, seed;       ///< as TOML text; none: the scenario's
};

/// {"scenario": "baseline", "changes": {"levers.home_first": true, ...}, "days": 365,
/// "replications": 10, "seed": 1}; every member optional. Throws RequestError (400).
RunRequest run_request_from_json(std::string_view body);

/// scenario=, days=, replications=, seed=; every other parameter is a change. Throws
/// RequestError (400).
RunRequest run_request_from_query(const std::multimap<std::string, std::string>& parameters);

/// The request as a query string (the inverse of run_request_from_query).
std::string query_string(const RunRequest& request);

struct PreparedRun {
  const CatalogueEntry* entry = nullptr;
  scenario::Scenario unchanged;  ///< the bundled scenario with the request's days, replications, seed
  scenario::Scenario changed;    ///< and with its changes
  std::vector<std::pair<std::string, std::string>> changes;
  std::vector<EditableField> fields;  ///< of the unchanged scenario, with their bundled values
};

/// The entry's scenario with its own overrides and then `overrides`; throws RequestError (400,
/// naming the field) when the loader refuses them.
scenario::Scenario load_bundled(const CatalogueEntry& entry, const std::vector<std::string>& overrides = {});

/// Throws RequestError: 404 for an unknown scenario, 400 for a field that cannot be changed or a
/// value the loader refuses (its message, naming the field), 413 for a run above the limits.
PreparedRun prepare_run(const ScenarioCatalogue& catalogue, const RunRequest& request, const ServeLimits& limits);

}  // namespace careflow::serve
