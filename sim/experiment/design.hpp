#pragma once
// Experimental designs: where in the unit hypercube each point of a sweep lies, and the design's
// own bookkeeping columns. Factor::at maps a unit coordinate to the factor's value.
//   grid    every combination of the factors' levels once (the first factor varies slowest)
//   lhs     Latin hypercube: n points, exactly one in each of n equal strata of every factor
//   sobol   Saltelli's scheme on a Sobol sequence (Boost.Random): per base sample j, the rows
//           A_j, B_j and AB_j^(i) (A_j with factor i taken from B_j), N (k + 2) points in all
//   morris  r trajectories of k + 1 points on a p-level grid, each step moving one factor by
//           delta = p / (2 (p - 1)), up where it can and down where it cannot
// LHS and Morris draw from random streams named by the sweep's seed, so a design is a pure
// function of its file.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "experiment/sweep_spec.hpp"

namespace careflow::experiment {

struct DesignColumn {
  std::string name;
  std::vector<std::int64_t> values;  ///< one per point
};

struct DesignPoints {
  std::vector<std::vector<double>> unit;  ///< unit[point][factor] in [0, 1]
  std::vector<DesignColumn> columns;      ///< e.g. sobol_matrix, sobol_sample, sobol_factor
  std::size_t size() const { return unit.size(); }
  /// The column called `name`; throws std::out_of_range if the design has none.
  const std::vector<std::int64_t>& column(const std::string& name) const;
};

/// Sobol matrix codes in the sobol_matrix column.
enum SobolMatrix : std::int64_t { kSobolA = 0, kSobolB = 1, kSobolAB = 2 };

/// How many points the design has, before making it.
std::size_t design_size(const SweepSpec& spec);
DesignPoints make_design(const SweepSpec& spec);

/// The Morris step in unit coordinates for p levels: p / (2 (p - 1)).
double morris_delta(int levels);

}  // namespace careflow::experiment
