#include "stats/trend.hpp"

#include <boost/math/distributions/students_t.hpp>
#include <boost/math/special_functions/beta.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

#include "stats/summary.hpp"

namespace careflow::stats {
namespace {

constexpr std::size_t kBatches = 10;
constexpr std::size_t kMserBatch = 5;

double t_quantile(std::size_t degrees_of_freedom, double level) {
  return boost::math::quantile(boost::math::students_t(static_cast<double>(degrees_of_freedom)), level);
}

// The slope of y against x and its standard error (n - 2 degrees of freedom).
std::pair<double, double> slope_and_error(std::span<const double> x, std::span<const double> y) {
  const auto n = static_cast<double>(y.size());
  double mx = 0, my = 0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  double sxx = 0, sxy = 0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    sxx += (x[i] - mx) * (x[i] - mx);
    sxy += (x[i] - mx) * (y[i] - my);
  }
  const double slope = sxx > 0 ? sxy / sxx : 0.0;
  double residual = 0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    const double e = y[i] - my - slope * (x[i] - mx);
    residual += e * e;
  }
  const double error = (y.size() > 2 && sxx > 0) ? std::sqrt(residual / (n - 2) / sxx) : 0.0;
  return {slope, error};
}

}  // namespace

double least_squares_slope(std::span<const double> values) {
  if (values.size() < 2) return 0.0;
  std::vector<double> x(values.size());
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<double>(i);
  return slope_and_error(x, values).first;
}

TrendTest trend_from_replications(std::span<const double> slopes, double steps, double material_growth,
                                  double level) {
  TrendTest test;
  RunningStats s;
  for (double slope : slopes) s.add(slope);
  test.slope = s.mean();
  if (slopes.size() < 2) {
    test.lower = -std::numeric_limits<double>::infinity();
    return test;
  }
  test.degrees_of_freedom = slopes.size() - 1;
  test.lower = s.mean() - t_quantile(test.degrees_of_freedom, level) * s.standard_error();
  for (double slope : slopes) test.replications_rising += slope * steps >= material_growth ? 1 : 0;
  // P(X >= k) for X ~ Binomial(R, 1/2): the upper tail, exactly.
  test.sign_p_value = test.replications_rising == 0
                          ? 1.0
                          : boost::math::ibeta(static_cast<double>(test.replications_rising),
                                               static_cast<double>(slopes.size() - test.replications_rising + 1), 0.5);
  test.rising = material_growth >= 0 &&
                (test.lower * steps >= material_growth || test.sign_p_value <= 1.0 - level);
  return test;
}

TrendTest trend_from_batches(std::span<const double> values, double material_growth, double level) {
  TrendTest test;
  if (values.size() < 2 * kBatches) {
    test.slope = least_squares_slope(values);
    test.lower = -std::numeric_limits<double>::infinity();
    return test;
  }
  const std::size_t size = values.size() / kBatches;
  // The last batches take the remainder's first observations: every value but < kBatches is used.
  std::vector<double> x(kBatches), y(kBatches);
  for (std::size_t b = 0; b < kBatches; ++b) {
    double sum = 0;
    for (std::size_t i = b * size; i < (b + 1) * size; ++i) sum += values[i];
    y[b] = sum / static_cast<double>(size);
    x[b] = static_cast<double>(b * size) + static_cast<double>(size - 1) / 2.0;
  }
  const auto [slope, error] = slope_and_error(x, y);
  test.slope = slope;
  test.degrees_of_freedom = kBatches - 2;
  test.lower = slope - t_quantile(test.degrees_of_freedom, level) * error;
  test.rising = test.lower * static_cast<double>(values.size()) >= material_growth;
  return test;
}

Truncation mser5_truncation(std::span<const double> values) {
  const std::size_t batches = values.size() / kMserBatch;
  Truncation result;
  if (batches < 4) return result;
  std::vector<double> means(batches);
  for (std::size_t b = 0; b < batches; ++b) {
    double sum = 0;
    for (std::size_t i = 0; i < kMserBatch; ++i) sum += values[b * kMserBatch + i];
    means[b] = sum / static_cast<double>(kMserBatch);
  }
  // MSER(d) = sum over the kept batches of (mean_i - their mean)^2 / (kept)^2, from the back so
  // that each d costs O(1): a running sum and sum of squares of the kept batches.
  double best = std::numeric_limits<double>::infinity();
  std::size_t best_d = 0;
  double sum = 0, squares = 0;
  std::vector<double> statistic(batches, 0.0);
  for (std::size_t k = batches; k-- > 0;) {
    sum += means[k];
    squares += means[k] * means[k];
    const auto kept = static_cast<double>(batches - k);
    const double spread = std::max(0.0, squares - sum * sum / kept);
    statistic[k] = spread / (kept * kept);
  }
  // Leave at least two batches, as the statistic of one batch is 0 by construction.
  for (std::size_t d = 0; d + 2 <= batches; ++d) {
    if (statistic[d] < best) {
      best = statistic[d];
      best_d = d;
    }
  }
  result.observations = best_d * kMserBatch;
  result.settled = best_d <= batches / 2;
  return result;
}

}  // namespace careflow::stats
