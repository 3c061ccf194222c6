#pragma once
// Closed forms over a duration distribution, for the offered-load check: the survival function
// P(S > t) and its integral, from which follow E[min(S, t)], E[max(0, t - S)] and the expected
// care visits over a tapering schedule.

#include <functional>
#include <span>

#include "scenario/scenario.hpp"

namespace careflow::scenario {

/// P(S > t) for a duration S drawn from `d` (days).
double survival(const Distribution& d, double t);

/// The integral of P(S + shift > t) over t from `from` to `to`: the expected part of [from, to)
/// that a stay of S + shift days covers. With from = 0 it is E[min(S + shift, to)].
double covered_days(const Distribution& d, double from, double to, double shift = 0.0);

/// E[max(0, t - S)]: how long, on average, something due t days after the stay began still waits
/// once the stay is over.
double expected_shortfall(const Distribution& d, double t);

/// E[g(S); S >= from]: the expectation of g over the stays of at least `from` days (midpoint rule
/// in probability, so long tails cost nothing extra).
double expectation(const Distribution& d, const std::function<double(double)>& g, double from = 0.0);

/// Expected care visits over a stay of S + shift days on a weekly schedule `visits_per_day`
/// (the last week's rate holds for the rest of the stay).
double expected_visits(const Distribution& d, std::span<const double> visits_per_day, double shift = 0.0);

}  // namespace careflow::scenario
