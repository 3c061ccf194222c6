#pragma once
// Reads a duration distribution given as an inline table, e.g.
//   stay = { distribution = "lognormal", median = 9, mean = 18 }
// and converts the published parameterisations (lognormal by median and mean, or mean and sd;
// gamma by mean and sd, or shape and scale) to one form.

#include "scenario/scenario.hpp"
#include "scenario/table_reader.hpp"

namespace careflow::scenario {

Distribution read_distribution(TableReader& parent, const char* key);

}  // namespace careflow::scenario
