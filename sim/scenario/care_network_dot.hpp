#pragma once
// The care network as Graphviz DOT (`careflow check --graph`), from the same units and routes
// whose graph care_network.cpp checks: the acute unit and every service
// as boxes labelled with their capacity and utilisation from the offered load, the exits (home,
// long-term care, a care home, death) as ellipses, and each route with its flow in patients a
// day from the traffic equations (readmissions run back to the acute unit).
//
//   dot -Tpng network.dot -o network.png

#include <string>
#include <vector>

#include "scenario/care_network.hpp"
#include "scenario/scenario.hpp"

namespace careflow::scenario {

/// `loads` is offered_loads(scenario).
std::string care_network_dot(const Scenario& scenario, const std::vector<UnitLoad>& loads);

}  // namespace careflow::scenario
