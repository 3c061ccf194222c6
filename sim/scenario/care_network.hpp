#pragma once
// The care network of a scenario as a graph (Boost.Graph): units (the acute unit, each service)
// and the exit (home), with the share of each unit's leavers that goes to each next unit. From
// it, the traffic equations lambda = gamma + P^T lambda (solved with Eigen) give each unit's
// arrival rate, and with the mean stay its offered load: a scenario whose demand exceeds
// capacity is seen before it runs.

#include <string>
#include <vector>

#include "scenario/scenario.hpp"

namespace careflow::scenario {

struct UnitLoad {
  std::string unit;
  double arrivals_per_day = 0;
  double mean_stay_days = 0;
  double offered_load = 0;  ///< Erlangs: arrivals x mean stay (the places needed on average)
  double capacity = 0;
  double utilisation() const { return capacity > 0 ? offered_load / capacity : 0.0; }
};

/// Offered load on every unit: first the acute unit (treatment until medically ready, without
/// delays), then each service in scenario order. Throws ScenarioError if some unit has no path
/// to the exit (a unit no patient can leave).
std::vector<UnitLoad> offered_loads(const Scenario& scenario);

}  // namespace careflow::scenario
