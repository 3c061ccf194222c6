#pragma once
// Draws durations (in days) from a scenario distribution with a random stream.

#include "engine/random_stream.hpp"
#include "scenario/scenario.hpp"

namespace careflow::model {

double sample_days(const scenario::Distribution& distribution, engine::RandomStream& stream);

/// The whole stay of someone found part way through it at a random moment of a steady state:
/// the length-biased distribution, whose density is proportional to x f(x) (longer stays are
/// more often caught). Times a uniform draw, it gives the time that person still has to stay, as
/// a renewal process in equilibrium has it; a plain draw times a uniform would end the stays of
/// a long-tailed start too soon and bias the first months of a run.
double sample_length_biased_days(const scenario::Distribution& distribution, engine::RandomStream& stream);

}  // namespace careflow::model
