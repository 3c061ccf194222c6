#include "serve/run_request.hpp"

#include <fmt/core.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "scenario/scenario_loader.hpp"
#include "serve/request_gate.hpp"

namespace careflow::serve {
namespace {

constexpr std::size_t kLongestValue = 64;  // a number or a word: anything longer is not a field's value
constexpr std::size_t kMostChanges = 500;

// A JSON value as the TOML text --set takes: numbers in full, true/false, strings as given.
std::string toml_text(const nlohmann::json& value, const std::string& field) {
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  if (value.is_number_integer()) return value.dump();
  if (value.is_number_float()) {
    const double x = value.get<double>();
    if (!std::isfinite(x)) throw RequestError(400, field, field + ": must be a finite number");
    return fmt::format("{}", x);
  }
  if (value.is_string()) return value.get<std::string>();
  throw RequestError(400, field, field + ": must be a number, true or false, got " + value.dump());
}

void check_value(const std::string& field, const std::string& text) {
  if (!is_utf8(field)) throw RequestError(400, "", "a field's name is not UTF-8 text");
  if (!is_utf8(text)) throw RequestError(400, field, field + ": the value is not UTF-8 text");
  if (text.size() > kLongestValue) {
    throw RequestError(400, field, fmt::format("{}: a value of {} characters is too long", field, text.size()));
  }
  for (const char c : text) {
    if (c == '\n' || c == '\r') throw RequestError(400, field, field + ": a value is one line");
  }
}

std::optional<std::string> run_setting(const nlohmann::json& body, const char* name) {
  const auto at = body.find(name);
  if (at == body.end() || at->is_null()) return std::nullopt;
  const std::string field = std::string("run.") + name;
  auto text = toml_text(*at, field);
  check_value(field, text);
  return text;
}

std::string percent_encoded(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += c;
    } else {
      out += fmt::format("%{:02X}", u);
    }
  }
  return out;
}

}  // namespace

RunRequest run_request_from_json(std::string_view body) {
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(body);
  } catch (const nlohmann::json::exception& e) {  // a syntax error, or a number past a double's range
    throw RequestError(400, "", std::string("the request is not JSON that careflow reads: ") + e.what());
  }
  if (!json.is_object()) throw RequestError(400, "", "the request must be a JSON object");
  RunRequest request;
  for (const auto& [key, value] : json.items()) {
    if (key != "scenario" && key != "changes" && key != "days" && key != "replications" && key != "seed") {
      throw RequestError(400, key,
                         key + ": not a member of a run request (scenario, changes, days, replications, seed)");
    }
  }
  if (const auto at = json.find("scenario"); at != json.end()) {
    if (!at->is_string()) throw RequestError(400, "scenario", "scenario: must be a scenario's id (text)");
    request.scenario = at->get<std::string>();
  }
  if (const auto at = json.find("changes"); at != json.end() && !at->is_null()) {
    if (!at->is_object()) throw RequestError(400, "changes", "changes: must be an object of field: value");
    for (const auto& [key, value] : at->items()) {
      auto text = toml_text(value, key);
      check_value(key, text);
      request.changes.emplace_back(key, std::move(text));
    }
  }
  request.days = run_setting(json, "days");
  request.replications = run_setting(json, "replications");
  request.seed = run_setting(json, "seed");
  return request;
}

RunRequest run_request_from_query(const std::multimap<std::string, std::string>& parameters) {
  RunRequest request;
  for (const auto& [key, value] : parameters) {
    check_value(key, value);
    if (key == "scenario") {
      request.scenario = value;
    } else if (key == "days") {
      request.days = value;
    } else if (key == "replications") {
      request.replications = value;
    } else if (key == "seed") {
      request.seed = value;
    } else {
      request.changes.emplace_back(key, value);
    }
  }
  return request;
}

std::string query_string(const RunRequest& request) {
  std::string out = "scenario=" + percent_encoded(request.scenario);
  if (request.days) out += "&days=" + percent_encoded(*request.days);
  if (request.replications) out += "&replications=" + percent_encoded(*request.replications);
  if (request.seed) out += "&seed=" + percent_encoded(*request.seed);
  for (const auto& [key, value] : request.changes) out += "&" + percent_encoded(key) + "=" + percent_encoded(value);
  return out;
}

namespace {

void check_limits(const scenario::Scenario& s, const ServeLimits& limits) {
  if (s.run.replications < 2) {
    throw RequestError(400, "run.replications",
                       fmt::format("run.replications: at least 2, for a confidence interval of each change (got {})",
                                   s.run.replications));
  }
  if (s.run.days > limits.max_days) {
    throw RequestError(413, "run.days", fmt::format("run.days: {:g} days is more than this server runs ({:g})",
                                                    s.run.days, limits.max_days));
  }
  if (s.run.replications > limits.max_replications) {
    throw RequestError(413, "run.replications",
                       fmt::format("run.replications: {} is more than this server runs ({})", s.run.replications,
                                   limits.max_replications));
  }
  const double asked = (s.run.days + s.run.warmup_days) * s.run.replications;
  if (asked > limits.max_replication_days) {
    throw RequestError(413, "run.days",
                       fmt::format("(days + warm-up) x replications = {:g} is more than this server runs in one "
                                   "request ({:g}): ask for fewer days or replications",
                                   asked, limits.max_replication_days));
  }
}

}  // namespace

scenario::Scenario load_bundled(const CatalogueEntry& entry, const std::vector<std::string>& overrides) {
  auto all = entry.base_overrides;
  all.insert(all.end(), overrides.begin(), overrides.end());
  try {
    return scenario::load_scenario(entry.file, all);
  } catch (const scenario::ScenarioError& e) {
    // The message names the field, as the page shows it; the file is the server's business.
    const std::string field = e.key();
    throw RequestError(400, field, field.empty() ? e.reason() : field + ": " + e.reason());
  }
}

PreparedRun prepare_run(const ScenarioCatalogue& catalogue, const RunRequest& request, const ServeLimits& limits) {
  PreparedRun run;
  run.entry = catalogue.find(request.scenario);
  if (!run.entry) throw RequestError(404, "scenario", "scenario: no bundled scenario called \"" + request.scenario + "\"");
  if (request.changes.size() > kMostChanges) throw RequestError(413, "changes", "changes: too many");
  std::vector<std::string> overrides;
  if (request.days) overrides.push_back("run.days=" + *request.days);
  if (request.replications) overrides.push_back("run.replications=" + *request.replications);
  if (request.seed) overrides.push_back("run.seed=" + *request.seed);
  run.unchanged = load_bundled(*run.entry, overrides);
  check_limits(run.unchanged, limits);

  run.fields = editable_fields(run.unchanged);
  for (const auto& [key, value] : request.changes) {
    if (!find_field(run.fields, key)) {
      throw RequestError(400, key,
                         key + ": not a field the page can change in " + run.entry->id +
                             " (GET /api/scenarios/" + run.entry->id + " lists them)");
    }
    overrides.push_back(key + "=" + value);
  }
  run.changes = request.changes;
  run.changed = request.changes.empty() ? run.unchanged : load_bundled(*run.entry, overrides);
  return run;
}

}  // namespace careflow::serve
