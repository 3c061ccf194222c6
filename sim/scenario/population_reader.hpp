#pragma once
// Reads a scenario's [population] table: the residents (from a CSV of people by area, sex and
// single year of age) and the hazards, with published defaults for every rate.

#include <string>
#include <vector>

#include "scenario/population_spec.hpp"
#include "scenario/scenario.hpp"
#include "scenario/table_reader.hpp"

namespace careflow::scenario {

PopulationSpec read_population(TableReader& table, const std::vector<std::string>& localities);

/// Stores in scenario.population the shares of admissions its care model readmits and loses
/// (scenario::admission_fates), for the calibration; after every value is final.
void set_admission_fates(Scenario& scenario);

/// Fills spec.residents with `area`'s people from spec.residents_file, scaled to `people` in all
/// (0: as they are), split over the localities by spec.locality_shares and rounded to whole
/// people. A problem fails on `where`'s `file_key` (the file) or `area_key` (the area).
void load_residents(PopulationSpec& spec, const std::string& area, double people, TableReader& where,
                    const char* file_key, const char* area_key);

}  // namespace careflow::scenario
