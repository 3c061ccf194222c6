#include "experiment/sweep_plan.hpp"

#include <cmath>
#include <fmt/core.h>
#include <sstream>
#include <toml++/toml.h>

#include "model/simulate.hpp"
#include "scenario/scenario_loader.hpp"

namespace careflow::experiment {
namespace {

using scenario::ScenarioError;

// The scenario's value at a dotted key, for scale factors.
SweepPlan::ScaledKey base_value(const toml::table& root, const std::string& key, const SweepSpec& spec,
                                const Factor& factor) {
  const toml::node* node = root.at_path(key).node();
  auto fail = [&](const std::string& reason) -> SweepPlan::ScaledKey {
    throw ScenarioError(spec.file, factor.line, "factors." + factor.name, reason);
  };
  if (!node) return fail("scale = true multiplies \"" + key + "\", which the scenario does not set");
  if (const auto* i = node->as_integer()) return {static_cast<double>(i->get()), true};
  if (const auto* f = node->as_floating_point()) return {f->get(), false};
  return fail("scale = true multiplies \"" + key + "\", which is not a number in the scenario");
}

std::string point_values(const SweepPlan& plan, std::size_t point) {
  std::string text;
  for (std::size_t f = 0; f < plan.spec.factors.size(); ++f) {
    text += fmt::format("{}{} = {}", f ? ", " : "", plan.spec.factors[f].name, shown(plan.values[point][f]));
  }
  return text;
}

// The factor a scenario error is about: the one that sets its key (or a key it lies under).
const Factor* factor_of(const SweepSpec& spec, const std::string& key) {
  for (const auto& f : spec.factors) {
    for (const auto& k : f.keys) {
      if (key == k || key.rfind(k + ".", 0) == 0 || k.rfind(key + ".", 0) == 0) return &f;
    }
  }
  return nullptr;
}

std::vector<std::string> factor_overrides(const SweepPlan& plan, std::size_t f, const Level& value) {
  const Factor& factor = plan.spec.factors[f];
  std::vector<std::string> out;
  for (std::size_t k = 0; k < factor.keys.size(); ++k) {
    if (!factor.scales) {
      out.push_back(factor.keys[k] + "=" + toml_literal(value));
      continue;
    }
    const auto& base = plan.scaled[f][k];
    double scaled = base.base * (std::holds_alternative<bool>(value) ? (std::get<bool>(value) ? 1.0 : 0.0)
                                                                     : std::get<double>(value));
    if (base.whole) scaled = std::round(scaled);
    out.push_back(factor.keys[k] + "=" + toml_literal(Level{scaled}));
  }
  return out;
}

// Loads with the overrides; a failure names the sweep file, the factor and what was set.
scenario::Scenario load_checked(const SweepPlan& plan, const std::vector<std::string>& overrides,
                                const std::string& where, const Factor* varied = nullptr) {
  try {
    return scenario::load_scenario(plan.spec.scenario_file, overrides);
  } catch (const ScenarioError& e) {
    const Factor* factor = factor_of(plan.spec, e.key());
    if (!factor) factor = varied;
    const std::string reason = where + " the scenario is invalid: " +
                               (e.key().empty() ? "" : e.key() + ": ") + e.reason();
    if (factor) throw ScenarioError(plan.spec.file, factor->line, "factors." + factor->name, reason);
    throw ScenarioError(plan.spec.file, plan.spec.factors.front().line, "factors", reason);
  }
}

// The model's measure list for a scenario, from one replication of a single day: the list
// depends on the pathways and levers in use, not on how long the run is.
std::vector<model::Measure> measures_of(scenario::Scenario s) {
  s.run.days = 1;
  s.run.warmup_days = 0;
  s.run.warmup_auto = false;
  return model::simulate_replication(s, 0).measures;
}

void keep_measures(SweepPlan& plan, const std::vector<model::Measure>& measures) {
  for (const auto& m : measures) {
    bool known = false;
    for (const auto& name : plan.measure_names) known = known || name == m.name;
    if (known) continue;
    if (!plan.spec.measures.empty()) {
      bool wanted = false;
      for (const auto& name : plan.spec.measures) wanted = wanted || name == m.name;
      if (!wanted) continue;
    }
    plan.measure_names.push_back(m.name);
    plan.measure_units.push_back(m.unit);
  }
}

}  // namespace

std::vector<std::string> SweepPlan::overrides(std::size_t point) const {
  std::vector<std::string> out = base_sets;
  for (std::size_t f = 0; f < spec.factors.size(); ++f) {
    for (auto& o : factor_overrides(*this, f, values[point][f])) out.push_back(std::move(o));
  }
  return out;
}

scenario::Scenario SweepPlan::scenario(std::size_t point) const {
  return scenario::load_scenario(spec.scenario_file, overrides(point));
}

std::string SweepPlan::identity() const { return spec.text + "\n\x1f\n" + base.source_text; }

SweepPlan plan_sweep(SweepSpec spec, const std::function<void(std::size_t, std::size_t)>& checked) {
  SweepPlan plan;
  plan.spec = std::move(spec);
  const auto& s = plan.spec;
  plan.base_sets = s.sets;
  if (s.replications) plan.base_sets.push_back(fmt::format("run.replications={}", *s.replications));
  if (s.seed) plan.base_sets.push_back(fmt::format("run.seed={}", *s.seed));
  try {
    plan.base = scenario::load_scenario(s.scenario_file, plan.base_sets);
  } catch (const ScenarioError& e) {
    // A `set` of the sweep's own is the sweep file's mistake; the base file's are its own.
    if (e.file().rfind("--set", 0) == 0) throw ScenarioError(s.file, 0, "sweep.set", e.what());
    throw;
  }

  const toml::table base_table = toml::parse(plan.base.source_text, s.scenario_file);
  plan.scaled.resize(s.factors.size());
  for (std::size_t f = 0; f < s.factors.size(); ++f) {
    if (!s.factors[f].scales) continue;
    for (const auto& key : s.factors[f].keys) plan.scaled[f].push_back(base_value(base_table, key, s, s.factors[f]));
  }

  // A range whose ends make an invalid scenario is refused whichever points the design draws.
  if (s.design != Design::grid) {
    for (std::size_t f = 0; f < s.factors.size(); ++f) {
      for (const double u : {0.0, 1.0}) {
        const Level value = s.factors[f].at(u);
        auto overrides = plan.base_sets;
        for (auto& o : factor_overrides(plan, f, value)) overrides.push_back(std::move(o));
        load_checked(plan, overrides, fmt::format("at its {} value {},", u == 0 ? "lowest" : "highest", shown(value)),
                     &s.factors[f]);
      }
    }
  }

  plan.design = make_design(s);
  plan.values.resize(plan.design.size());
  for (std::size_t p = 0; p < plan.design.size(); ++p) {
    for (std::size_t f = 0; f < s.factors.size(); ++f) plan.values[p].push_back(s.factors[f].at(plan.design.unit[p][f]));
  }
  for (std::size_t p = 0; p < plan.points(); ++p) {
    const auto scenario = load_checked(plan, plan.overrides(p), fmt::format("at point {} ({}),", p, point_values(plan, p)));
    keep_measures(plan, measures_of(scenario));
    if (checked) checked(p + 1, plan.points());
  }
  for (const auto& wanted : s.measures) {
    bool found = false;
    for (const auto& name : plan.measure_names) found = found || name == wanted;
    if (!found) {
      std::string known;
      for (const auto& m : measures_of(plan.base)) known += (known.empty() ? "" : ", ") + m.name;
      throw ScenarioError(s.file, s.measures_line, "sweep.measures",
                          "no point measures \"" + wanted + "\"; the base scenario's measures are: " + known);
    }
  }
  return plan;
}

}  // namespace careflow::experiment
