#pragma once
// Draws durations (in days) from a scenario distribution with a random stream.

#include "engine/random_stream.hpp"
#include "scenario/scenario.hpp"

namespace careflow::model {

double sample_days(const scenario::Distribution& distribution, engine::RandomStream& stream);

}  // namespace careflow::model
