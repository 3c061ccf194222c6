#pragma once
// One result for several care systems run together (England): each measure summed over the care
// systems where it is a count or a rate a day, and otherwise averaged, weighted by each care
// system's admissions (acute occupancy by its beds). docs/population.md lists the rules.

#include <vector>

#include "model/replication_result.hpp"
#include "scenario/scenario.hpp"

namespace careflow::model {

/// The whole of `parts` (one per care system of `systems`, the same measures in each).
/// The parts end up in the result's `systems`, moved, not copied (their patient tables can be large).
ReplicationResult combine_systems(std::vector<ReplicationResult> parts,
                                  const std::vector<scenario::Scenario>& systems);

}  // namespace careflow::model
