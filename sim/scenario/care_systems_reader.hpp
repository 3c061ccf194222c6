#pragma once
// Reads a scenario's [systems] table: one care system for each row of a table of areas (England's
// ICBs in scenarios/data/england_icbs.csv), each the scenario itself scaled to its row.

#include <vector>

#include "scenario/scenario.hpp"
#include "scenario/table_reader.hpp"

namespace careflow::scenario {

/// Each area's care system: the template's network with the area's residents, emergency
/// admissions and acute beds; community capacity in proportion to the people aged 65 and over
/// (the template's capacity per person 65+); admission mix and starting occupancy in proportion.
std::vector<Scenario> read_systems(TableReader& table, const Scenario& template_scenario);

}  // namespace careflow::scenario
