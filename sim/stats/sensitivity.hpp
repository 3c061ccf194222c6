#pragma once
// Sensitivity indices from a sweep's point means, with bootstrap confidence intervals.
//   Sobol (Saltelli's A, B, AB_i design): first-order S_i by Saltelli et al. (2010),
//     S_i = mean_j[ (f(B)_j - m) (f(AB_i)_j - f(A)_j) ] / V, and total ST_i by Jansen (1999),
//     ST_i = mean_j[ (f(A)_j - f(AB_i)_j)^2 ] / (2 V), with m and V the mean and variance of f(A)
//     and f(B) pooled. Subtracting m changes nothing in expectation (f(AB_i) and f(A) have the same
//     mean) but removes a term whose noise grows with the mean: a measure such as occupancy, near
//     0.9 with a small spread, is otherwise swamped.
//   Morris elementary effects: mu, mu* (mean of |EE|) and sigma per factor (Campolongo et al. 2007).
//   Standardized regression coefficients: OLS of the standardized response on the standardized
//     factors, with R^2 (how much of the variance a linear model explains).
//   Main effects: the mean response at each level (or bin) of a factor, with its t interval over
//     replications and the paired difference from the level before.
// Bootstrap intervals resample base samples (Sobol), elementary effects (Morris) or points (SRC)
// with replacement and take percentiles; `seed` makes them reproducible.
//
//   auto s = sobol_indices(ya, yb, yab, {.resamples = 1000, .seed = 1});
//   s.first[0].value, s.first[0].low, s.first[0].high

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "stats/summary.hpp"

namespace careflow::stats {

struct Estimate {
  double value = 0;
  double low = 0;   ///< bootstrap percentile interval
  double high = 0;
};

struct BootstrapOptions {
  std::size_t resamples = 1000;
  std::uint64_t seed = 1;
  double level = 0.95;
};

struct SobolIndices {
  std::vector<Estimate> first;  ///< per factor
  std::vector<Estimate> total;  ///< per factor
  Estimate first_sum;           ///< sum of the first-order indices: at most 1 (within error)
  double variance = 0;          ///< V, pooled over f(A) and f(B)
};

/// `a[j]`, `b[j]`: the response at rows A_j and B_j; `ab[i][j]` at AB_j^(i). Throws
/// std::invalid_argument when sizes disagree or there are fewer than two base samples.
SobolIndices sobol_indices(std::span<const double> a, std::span<const double> b,
                           const std::vector<std::vector<double>>& ab, const BootstrapOptions& options = {});

struct MorrisEffects {
  double mu = 0;
  Estimate mu_star;
  double sigma = 0;  ///< sample standard deviation of the effects (0 with one)
  std::size_t effects = 0;
};

/// One list of elementary effects per factor.
std::vector<MorrisEffects> morris_effects(const std::vector<std::vector<double>>& effects,
                                          const BootstrapOptions& options = {});

struct Regression {
  std::vector<Estimate> coefficients;  ///< standardized, per factor (NaN for a constant factor)
  double r_squared = 0;
};

/// `x[point][factor]` and `y[point]`.
Regression standardized_regression(const std::vector<std::vector<double>>& x, std::span<const double> y,
                                   const BootstrapOptions& options = {});

struct GroupEffect {
  Interval mean;  ///< over replications of the group's mean response
  std::optional<Interval> difference;  ///< from the group before, paired by replication
  std::size_t points = 0;
};

/// `values[point][replication]`; `group[point]` in 0 .. groups - 1. A group with no point has
/// a NaN mean.
std::vector<GroupEffect> group_effects(const std::vector<std::vector<double>>& values,
                                       std::span<const std::size_t> group, std::size_t groups,
                                       double level = 0.95);

}  // namespace careflow::stats
