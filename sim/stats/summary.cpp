#include "stats/summary.hpp"

#include <boost/math/distributions/students_t.hpp>
#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace careflow::stats {

void RunningStats::add(double x) {
  ++count_;
  const double delta = x - mean_;
  mean_ += delta / static_cast<double>(count_);
  m2_ += delta * (x - mean_);
}

double RunningStats::variance() const {
  return count_ < 2 ? 0.0 : m2_ / static_cast<double>(count_ - 1);
}

double RunningStats::standard_error() const {
  return count_ < 2 ? 0.0 : std::sqrt(variance() / static_cast<double>(count_));
}

double quantile(std::span<double> values, double p) {
  if (values.empty()) throw std::invalid_argument("quantile of no values");
  if (!(p >= 0.0 && p <= 1.0)) throw std::invalid_argument("quantile: p must be in [0, 1]");
  const double position = p * static_cast<double>(values.size() - 1);
  const auto below = static_cast<std::size_t>(position);
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(below), values.end());
  const double low = values[below];
  if (below + 1 >= values.size()) return low;
  const double high = *std::min_element(values.begin() + static_cast<std::ptrdiff_t>(below) + 1, values.end());
  return low + (position - static_cast<double>(below)) * (high - low);
}

Interval mean_interval(std::span<const double> values, double level) {
  if (!(level > 0.0 && level < 1.0)) throw std::invalid_argument("level must be in (0, 1)");
  RunningStats s;
  for (double v : values) s.add(v);
  if (s.count() < 2) return {s.mean(), std::numeric_limits<double>::infinity()};
  const boost::math::students_t t(static_cast<double>(s.count() - 1));
  const double quantile = boost::math::quantile(t, 0.5 + level / 2.0);
  return {s.mean(), quantile * s.standard_error()};
}

}  // namespace careflow::stats
