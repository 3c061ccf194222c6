#pragma once
// The offered-load advice `careflow check` prints in full and `careflow run` repeats for the
// units that need attention: utilisation at or above 0.95 warns, a queue that grows without
// bound flags, each with what raised it (the levers that are on, deconditioning, readmissions).
// A unit asked for beyond capacity whose queue settles (those who wait step up) is "full".

#include <string>
#include <vector>

#include "scenario/care_network.hpp"
#include "scenario/scenario.hpp"

namespace careflow::cli {

/// "over capacity: raised by home first (+0.18), discharge to assess (+0.09)"; "" if neither.
std::string load_remark(const scenario::UnitLoad& load);

/// One line per unit needing attention ("  warning: P1 hub utilisation 1.18: over capacity ..."),
/// then what it means; nothing when every unit is below 0.95.
void print_load_advice(const std::vector<scenario::UnitLoad>& loads);

/// The moves that fitted the starting state to capacities cut below it, one line each; nothing
/// when it fitted.
void print_start_trims(const scenario::Scenario& s);

}  // namespace careflow::cli
