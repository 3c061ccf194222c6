#pragma once
// Scenario against scenario: each measure's mean and confidence interval per scenario, and each
// scenario's difference from the first. Runs that share seeds used common random numbers, so
// replication r of one is paired with replication r of the other and the interval is that of
// the paired differences, far narrower than two independent intervals when the runs correlate.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "stats/summary.hpp"

namespace careflow::stats {

struct ScenarioRuns {
  std::string label;
  std::uint64_t seed = 0;
  std::vector<std::string> measure_names;
  std::vector<std::string> measure_units;
  std::vector<std::vector<double>> values;  ///< values[replication][measure]
  /// "" when the run reached a steady state; else why its means depend on the run length.
  std::string steady_state_warning;
  bool in_steady_state() const { return steady_state_warning.empty(); }
};

struct Difference {
  Interval interval;  ///< this scenario minus the first
  bool paired = false;
  std::size_t pairs = 0;  ///< replications paired (0 unless paired)
  /// Either run was not in steady state: the difference would change with the run length.
  bool depends_on_run_length = false;
};

struct MeasureComparison {
  std::string name;
  std::string unit;
  /// Per scenario; empty where a scenario has no such measure, or where one of its values is
  /// not a finite number (a damaged trace: then not_finite is set too).
  std::vector<std::optional<Interval>> scenarios;
  std::vector<bool> not_finite;
  std::vector<std::size_t> replications;
  /// Per scenario (the first's is empty): the difference from the first, where both have it.
  std::vector<std::optional<Difference>> differences;
};

/// Every measure of any scenario, in the order first met. A measure with a value that is not a
/// finite number (NaN, infinite) in some replication of a scenario has no interval there, and
/// no difference involving that scenario. Throws std::invalid_argument when the
/// runs cannot be compared: none given, no measure common to all, or one measure in two units.
std::vector<MeasureComparison> compare_scenarios(const std::vector<ScenarioRuns>& runs,
                                                 double level = 0.95);

/// The Welch confidence interval of mean(b) - mean(a) for independent samples.
Interval welch_difference(std::span<const double> a, std::span<const double> b, double level = 0.95);

}  // namespace careflow::stats
