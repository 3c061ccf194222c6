#pragma once
// A sweep, as its file declares it (docs/sweeps.md): a base scenario, the factors that vary, the
// design that chooses their values, and how many replications each point runs. Built and checked
// by load_sweep (sweep_file.hpp); nothing downstream re-validates.

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace careflow::experiment {

enum class Design { grid, lhs, sobol, morris };
const char* design_name(Design design);

/// A factor's value as it goes into the scenario: a number, a switch or a word.
using Level = std::variant<double, bool, std::string>;
/// As TOML text, for a `--set`-style override ("190", "true", "\"queue\"").
std::string toml_literal(const Level& level);
/// As a person reads it in a table ("190", "true", "queue").
std::string shown(const Level& level);

/// How a factor's values are chosen: one of its levels, or a number from a range.
enum class Distribution { levels, uniform, integer, log_uniform };
const char* distribution_name(Distribution distribution);

struct Factor {
  std::string name;               ///< [factors.NAME]: a column name in the output
  std::string label;              ///< for tables and charts (the name when not given)
  std::vector<std::string> keys;  ///< scenario keys the value goes to
  bool scales = false;            ///< the value multiplies each key's base value instead
  Distribution distribution = Distribution::levels;
  std::vector<Level> levels;      ///< Distribution::levels
  double low = 0, high = 0;       ///< a range's bounds (inclusive)
  long line = 0;                  ///< where the factor is declared

  /// The value at unit coordinate u in [0, 1]: the range mapped linearly (log-linearly), or the
  /// level whose equal share of [0, 1] holds u. at(1) is the highest value.
  Level at(double u) const;
  std::size_t level_count() const { return levels.size(); }
  /// Its values are numbers (a range, or levels that are all numbers or switches).
  bool numeric() const;
};

struct SweepSpec {
  std::string file;             ///< as given on the command line
  std::string text;             ///< the sweep file's text, kept in the output
  std::string name;
  std::string description;
  std::string scenario_file;    ///< the base scenario, resolved against the sweep file's folder
  std::vector<std::string> sets;  ///< overrides applied at every point, as --set takes them
  Design design = Design::grid;
  std::optional<int> replications;     ///< per point; the scenario's run.replications when absent
  std::optional<std::uint64_t> seed;   ///< the scenario's run.seed when absent
  std::size_t samples = 0;      ///< lhs: points; sobol: base samples N; morris: trajectories
  int morris_levels = 4;
  std::vector<std::string> measures;  ///< what to keep; empty: every measure
  long measures_line = 0;
  std::vector<Factor> factors;
};

}  // namespace careflow::experiment
