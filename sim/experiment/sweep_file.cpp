#include "experiment/sweep_file.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <fmt/core.h>
#include <toml++/toml.h>

#include "experiment/design.hpp"
#include "scenario/table_reader.hpp"

namespace careflow::experiment {
namespace {

namespace fs = std::filesystem;
using scenario::Range;
using scenario::ScenarioError;
using scenario::TableReader;

constexpr std::int64_t kMaxPoints = 1'000'000;

bool is_column_name(const std::string& name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

Design design_named(TableReader& sweep) {
  const std::string name = sweep.text("design");
  if (name == "grid") return Design::grid;
  if (name == "lhs") return Design::lhs;
  if (name == "sobol") return Design::sobol;
  if (name == "morris") return Design::morris;
  sweep.fail("design", "must be one of \"grid\", \"lhs\", \"sobol\", \"morris\", got \"" + name + "\"");
}

// A key that belongs to another design is a mistake worth naming, not an "unknown key".
void only_for(TableReader& sweep, const char* key, Design wanted, Design design) {
  if (sweep.has(key) && wanted != design) {
    sweep.fail(key, std::string("applies to design = \"") + design_name(wanted) + "\" only; this sweep's design is \"" +
                        design_name(design) + "\"");
  }
}

std::vector<Level> read_levels(TableReader& factor, const toml::node& node) {
  const auto* array = node.as_array();
  if (!array) factor.fail("levels", "must be a list of values, got " + TableReader::type_name(node));
  if (array->empty()) factor.fail("levels", "is empty: give at least one level");
  std::vector<Level> levels;
  const toml::node_type first = array->get(0)->type();
  const bool first_number = first == toml::node_type::integer || first == toml::node_type::floating_point;
  for (const auto& item : *array) {
    const bool number = item.is_integer() || item.is_floating_point();
    if (number != first_number || (!number && item.type() != first)) {
      factor.fail("levels", "mixes kinds of value: every level must be a number, every level true or false, "
                            "or every level text; got " + TableReader::type_name(item) + " after " +
                            TableReader::type_name(*array->get(0)));
    }
    if (const auto* i = item.as_integer()) {
      levels.emplace_back(static_cast<double>(i->get()));
    } else if (const auto* f = item.as_floating_point()) {
      if (!std::isfinite(f->get())) factor.fail("levels", "every level must be a finite number");
      levels.emplace_back(f->get());
    } else if (const auto* b = item.as_boolean()) {
      levels.emplace_back(b->get());
    } else if (const auto* s = item.as_string()) {
      levels.emplace_back(s->get());
    } else {
      factor.fail("levels", "must hold numbers, true/false or text, got " + TableReader::type_name(item));
    }
  }
  for (std::size_t i = 0; i < levels.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (levels[i] == levels[j]) factor.fail("levels", "holds " + shown(levels[i]) + " twice");
    }
  }
  return levels;
}

Distribution distribution_named(TableReader& factor) {
  const auto name = factor.optional_text("distribution");
  if (!name || *name == "uniform") return Distribution::uniform;
  if (*name == "integer") return Distribution::integer;
  if (*name == "log-uniform") return Distribution::log_uniform;
  factor.fail("distribution", "must be \"uniform\", \"integer\" or \"log-uniform\", got \"" + *name + "\"");
}

Factor read_factor(TableReader factor, const std::string& name, long line, Design design) {
  Factor f;
  f.name = name;
  f.line = line;
  if (!is_column_name(name)) {
    factor.fail_table("a factor's name must be letters, digits and _ (it names a column), got \"" + name + "\"");
  }
  f.label = factor.optional_text("label").value_or(name);
  const bool has_key = factor.has("key"), has_keys = factor.has("keys");
  if (has_key == has_keys) factor.fail_table("give the scenario key it sets: key = \"...\" (or keys = [...] for several)");
  if (has_key) {
    f.keys.push_back(factor.text("key"));
  } else {
    f.keys = *factor.optional_text_list("keys");
    if (f.keys.empty()) factor.fail("keys", "is empty: name at least one scenario key");
  }
  for (const auto& key : f.keys) {
    if (key.empty() || key.front() == '.' || key.back() == '.' || key.find("..") != std::string::npos) {
      factor.fail(has_key ? "key" : "keys", "\"" + key + "\" is not a scenario key (e.g. services.p1_north.capacity)");
    }
  }
  f.scales = factor.boolean("scale", false);

  const toml::node* levels = factor.raw("levels");
  const bool has_range = factor.has("min") || factor.has("max") || factor.has("distribution");
  if (levels && has_range) factor.fail("levels", "give levels or a range (min, max, distribution), not both");
  if (levels) {
    f.distribution = Distribution::levels;
    f.levels = read_levels(factor, *levels);
    if (f.scales && !f.numeric()) factor.fail("levels", "a factor with scale = true multiplies: its levels must be numbers");
  } else {
    if (design == Design::grid) {
      factor.fail_table("a grid runs each factor's levels: give levels = [...] (ranges are for lhs, sobol and morris)");
    }
    f.distribution = distribution_named(factor);
    f.low = factor.number("min", Range{});
    f.high = factor.number("max", Range{});
    if (!(f.low < f.high)) {
      factor.fail("max", "the range is empty: max must be above min (" + shown(f.low) + ")");
    }
    if (f.distribution == Distribution::integer &&
        (f.low != std::floor(f.low) || f.high != std::floor(f.high))) {
      factor.fail("min", "an integer range needs whole-number min and max");
    }
    if (f.distribution == Distribution::log_uniform && f.low <= 0) {
      factor.fail("min", "a log-uniform range needs min > 0, got " + shown(f.low));
    }
  }
  factor.reject_unknown_keys();
  return f;
}

std::string read_text_file(const std::string& path) {
  if (!fs::exists(path)) throw ScenarioError(path, 0, "", "no such file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ScenarioError(path, 0, "", "cannot open the file");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

SweepSpec load_sweep(const std::string& path) { return load_sweep_text(read_text_file(path), path); }

SweepSpec load_sweep_text(const std::string& text, const std::string& path) {
  toml::table root;
  try {
    root = toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    throw ScenarioError(path, static_cast<long>(e.source().begin.line), "",
                        "not valid TOML: " + std::string(e.description()));
  }
  TableReader top(root, "", path);
  SweepSpec spec;
  spec.file = path;
  spec.text = text;
  auto sweep = top.table("sweep");
  spec.name = sweep.optional_text("name").value_or(fs::path(path).stem().string());
  spec.description = sweep.optional_text("description").value_or("");
  const std::string scenario = sweep.text("scenario");
  spec.scenario_file = (fs::path(path).parent_path() / scenario).lexically_normal().string();
  if (!fs::exists(spec.scenario_file)) sweep.fail("scenario", "no such file: " + spec.scenario_file);
  spec.design = design_named(sweep);
  if (sweep.has("replications")) spec.replications = static_cast<int>(sweep.integer("replications", 1, 100'000));
  if (sweep.has("seed")) {
    spec.seed = static_cast<std::uint64_t>(sweep.integer("seed", 0, std::numeric_limits<std::int64_t>::max()));
  }
  only_for(sweep, "points", Design::lhs, spec.design);
  only_for(sweep, "base_samples", Design::sobol, spec.design);
  only_for(sweep, "trajectories", Design::morris, spec.design);
  only_for(sweep, "levels", Design::morris, spec.design);
  switch (spec.design) {
    case Design::grid: break;
    case Design::lhs: spec.samples = static_cast<std::size_t>(sweep.integer("points", 2, kMaxPoints)); break;
    case Design::sobol: spec.samples = static_cast<std::size_t>(sweep.integer("base_samples", 2, kMaxPoints)); break;
    case Design::morris:
      spec.samples = static_cast<std::size_t>(sweep.integer("trajectories", 2, kMaxPoints));
      spec.morris_levels = static_cast<int>(sweep.integer("levels", 2, 1000, 4));
      if (spec.morris_levels % 2 != 0) {
        sweep.fail("levels", "must be even (Morris's step is half the levels), got " + std::to_string(spec.morris_levels));
      }
      break;
  }
  if (const auto* node = sweep.raw("measures")) {
    spec.measures_line = static_cast<long>(node->source().begin.line);
    spec.measures = *sweep.optional_text_list("measures");
    if (spec.measures.empty()) sweep.fail("measures", "is empty: leave it out to keep every measure");
  }
  spec.sets = sweep.optional_text_list("set").value_or(std::vector<std::string>{});
  for (const auto& s : spec.sets) {
    if (s.find('=') == std::string::npos) sweep.fail("set", "\"" + s + "\" is not key=value");
  }
  sweep.reject_unknown_keys();

  auto factors = top.table("factors");
  const toml::table& factor_tables = *root["factors"].as_table();
  if (factor_tables.empty()) factors.fail_table("declares no factor: add [factors.NAME] tables");
  // In the order the file declares them (a TOML table itself is unordered).
  std::vector<std::pair<long, std::string>> declared;
  for (const auto& [name, node] : factor_tables) {
    declared.emplace_back(static_cast<long>(node.source().begin.line), std::string(name.str()));
  }
  std::sort(declared.begin(), declared.end());
  std::set<std::string> keys;
  for (const auto& [line, factor_name] : declared) {
    const toml::node& node = *factor_tables.get(factor_name);
    if (!node.is_table()) factors.fail(factor_name.c_str(), "must be a table ([factors." + factor_name + "])");
    auto reader = factors.table(factor_name.c_str());
    auto factor = read_factor(reader, factor_name, line, spec.design);
    for (const auto& key : factor.keys) {
      if (!keys.insert(key).second) {
        reader.fail(factor.keys.size() == 1 && reader.has("key") ? "key" : "keys",
                    "\"" + key + "\" is already set by another factor");
      }
    }
    spec.factors.push_back(std::move(factor));
  }
  if (spec.design == Design::grid) {
    double combinations = 1;
    for (const auto& f : spec.factors) combinations *= static_cast<double>(f.levels.size());
    if (combinations > static_cast<double>(kMaxPoints)) {
      factors.fail_table(fmt::format("the grid has {:.0f} points, more than 1,000,000", combinations));
    }
  } else if (spec.design == Design::sobol || spec.design == Design::morris) {
    // Checked before anything is allocated (samples and factors are small enough not to overflow).
    const std::size_t points = design_size(spec);
    const std::size_t per_sample = points / spec.samples;  // Sobol: factors + 2; Morris: factors + 1
    if (points > static_cast<std::size_t>(kMaxPoints)) {
      sweep.fail(spec.design == Design::sobol ? "base_samples" : "trajectories",
                 fmt::format("{} x ({} factors + {}) = {} points, more than 1,000,000: ask for at most {}",
                             spec.samples, spec.factors.size(), per_sample - spec.factors.size(), points,
                             static_cast<std::size_t>(kMaxPoints) / per_sample));
    }
  }
  top.reject_unknown_keys();
  return spec;
}

}  // namespace careflow::experiment
