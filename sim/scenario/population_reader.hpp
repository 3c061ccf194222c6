#pragma once
// Reads a scenario's [population] table: the residents (from a CSV of people by area, sex and
// single year of age) and the hazards, with published defaults for every rate.

#include <string>
#include <vector>

#include "scenario/population_spec.hpp"
#include "scenario/table_reader.hpp"

namespace careflow::scenario {

PopulationSpec read_population(TableReader& table, const std::vector<std::string>& localities);

}  // namespace careflow::scenario
