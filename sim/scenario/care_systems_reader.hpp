#pragma once
// Reads a scenario's [systems] table: one care system for each row of a table of areas (England's
// ICBs in scenarios/data/england_icbs.csv), each the scenario itself scaled to its row.

#include <vector>

#include "scenario/scenario.hpp"
#include "scenario/table_reader.hpp"

namespace careflow::scenario {

/// Each area's care system: the template's network with the area's residents, emergency
/// admissions and acute beds; acute stays stretched to its region's beds per admission; each
/// group's admissions from its residents' hazards; community capacity in proportion to the people
/// aged 65 and over (the template's capacity per person 65+), raised where that leaves a service
/// busier than the template's busiest (unless raise_short_capacity = false); services starting at
/// their offered loads, nobody waiting; with mutual aid, the region's other care systems as
/// neighbours.
std::vector<Scenario> read_systems(TableReader& table, const Scenario& template_scenario);

}  // namespace careflow::scenario
