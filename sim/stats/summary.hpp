#pragma once
// Running mean and variance (Welford) and the confidence interval of a mean across replications.

#include <cstdint>
#include <span>

namespace careflow::stats {

class RunningStats {
 public:
  void add(double x);
  std::uint64_t count() const { return count_; }
  double mean() const { return mean_; }
  /// Sample variance (n - 1 in the denominator); 0 with fewer than two values.
  double variance() const;
  double standard_error() const;

 private:
  std::uint64_t count_ = 0;
  double mean_ = 0.0;
  double m2_ = 0.0;
};

struct Interval {
  double mean = 0.0;
  double half_width = 0.0;  ///< infinite with fewer than two values
  double low() const { return mean - half_width; }
  double high() const { return mean + half_width; }
};

/// The p-quantile (0 <= p <= 1) by linear interpolation between order statistics (the usual
/// "type 7" definition, as numpy and R use by default). `values` is reordered; must not be empty.
double quantile(std::span<double> values, double p);

/// Student-t confidence interval of the mean of `values` at `level` (e.g. 0.95).
Interval mean_interval(std::span<const double> values, double level = 0.95);

}  // namespace careflow::stats
