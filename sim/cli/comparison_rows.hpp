#pragma once
// A comparison's measures as CSV rows and as JSON, shared by the national comparison and the
// per-care-system one (`compare --by-ics`, `report`).

#include <cstdio>
#include <string>
#include <vector>

#include "stats/comparison.hpp"

namespace careflow::cli {

/// "mean ± half-width" for a person, or the mean alone when there is no interval (one replication).
std::string plus_minus(const stats::Interval& interval);

/// One CSV row per measure and run: `prefix` (e.g. a care system's code and a comma) then
/// measure, unit, scenario, file, replications, mean, CI, difference, its CI, paired,
/// depends_on_run_length.
void print_csv_rows(std::FILE* out, const std::vector<std::string>& labels,
                    const std::vector<stats::MeasureComparison>& rows, const std::string& prefix);

/// The measures as a JSON array's members, each line indented by `indent`.
void print_measures_json(std::FILE* out, const std::vector<stats::MeasureComparison>& rows, std::size_t runs,
                         const std::string& indent);

}  // namespace careflow::cli
