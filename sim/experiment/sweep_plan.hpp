#pragma once
// A sweep ready to run: its design, each point's factor values and scenario overrides, and the
// measures it keeps. plan_sweep checks every point's scenario through the scenario loader before
// anything runs, so a bad value names the factor, the point and the reason.

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "experiment/design.hpp"
#include "experiment/sweep_spec.hpp"
#include "scenario/scenario.hpp"

namespace careflow::experiment {

struct SweepPlan {
  SweepSpec spec;
  DesignPoints design;
  std::vector<std::vector<Level>> values;  ///< values[point][factor], as applied
  std::vector<std::string> base_sets;      ///< the sweep's `set`, its replications and seed
  scenario::Scenario base;                 ///< the base scenario with base_sets
  std::vector<std::string> measure_names;  ///< kept, in the model's order (every point's union)
  std::vector<std::string> measure_units;

  std::size_t points() const { return values.size(); }
  int replications() const { return base.run.replications; }
  /// base_sets, then the point's factor values, as --set takes them.
  std::vector<std::string> overrides(std::size_t point) const;
  /// The point's scenario (loaded afresh: plans hold overrides, not thousands of scenarios).
  scenario::Scenario scenario(std::size_t point) const;
  /// What a resumed sweep must match: the sweep file and the base scenario, as text.
  std::string identity() const;

  /// For scale factors: each key's base value, and whether it is a whole number.
  struct ScaledKey {
    double base = 0;
    bool whole = false;
  };
  std::vector<std::vector<ScaledKey>> scaled;  ///< scaled[factor][key]; empty for a set factor
};

/// Builds and checks the plan; throws ScenarioError naming the sweep file, the factor's line,
/// the point and the reason when a point's scenario is invalid. `checked(done, total)` after
/// each point's scenario is checked (about a millisecond each: minutes for a large design).
SweepPlan plan_sweep(SweepSpec spec, const std::function<void(std::size_t, std::size_t)>& checked = {});

}  // namespace careflow::experiment
