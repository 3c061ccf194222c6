#pragma once
// A duration distribution stretched by a factor: every duration multiplied, so the mean and every
// quantile scale with it and the shape (the coefficient of variation) stays.

#include <cmath>

#include "scenario/scenario.hpp"

namespace careflow::scenario {

inline Distribution scaled(Distribution d, double factor) {
  d.mean *= factor;
  d.log_mu += std::log(factor);
  d.scale *= factor;
  for (double& v : d.values) v *= factor;
  return d;
}

}  // namespace careflow::scenario
