#pragma once
// A starting state that fits the capacities. A scenario's initially_occupied figures describe
// the system as it stands; a leader asking "what if we had fewer beds?" cuts the capacity below
// them. Rather than refuse, the start is trimmed: people beyond a community unit's places wait
// for it in acute beds (or, for a unit not entered from hospital, are left out), and patients
// beyond an acute unit's beds wait in its admission queue (or, where it turns patients away,
// are treated elsewhere). Each move is recorded so that check and the run can say so.

#include <string>
#include <vector>

#include "scenario/scenario.hpp"

namespace careflow::scenario {

/// Trims `s`'s starting state to its capacities at day 0 and records each move in
/// s.start_trims. A scenario that fits is left as it is.
void trim_start_to_capacity(Scenario& s);

/// One line for a person: "services.p2_south.initially_occupied = 61, more than the 60 that
/// fit: 1 moved to wait for it in acute beds".
std::string describe(const StartTrim& trim);

}  // namespace careflow::scenario
