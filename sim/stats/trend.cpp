#include "stats/trend.hpp"

#include <boost/math/distributions/students_t.hpp>
#include <boost/math/special_functions/beta.hpp>

#include <algorithm>
#include <array>
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

struct SlopeFit {
  double slope = 0;
  double error = 0;
  std::size_t degrees_of_freedom = 0;
};

// The slope of y against x by least squares, with its standard error. With `period` > 0 and x
// spanning at least one period, a sine and a cosine of that period are fitted too, so that a
// seasonal cycle (winter pressure) is not taken for a trend when the run does not cover whole
// years from the same point of the season.
SlopeFit fit_slope(std::span<const double> x, std::span<const double> y, double period) {
  const std::size_t n = y.size();
  const bool seasonal = period > 0 && n > 6 && x.back() - x.front() >= period;
  const std::size_t k = seasonal ? 4 : 2;
  SlopeFit fit;
  if (n <= k) return fit;
  const double two_pi = 6.283185307179586;
  auto regressor = [&](std::size_t i, std::size_t j) {
    switch (j) {
      case 0: return 1.0;
      case 1: return x[i];
      case 2: return std::sin(two_pi * x[i] / period);
      default: return std::cos(two_pi * x[i] / period);
    }
  };
  // Normal equations (X'X) b = X'y, solved by Gauss-Jordan elimination with partial pivoting on
  // the augmented matrix [X'X | X'y | I], which also yields (X'X)^-1 for the standard error.
  std::array<std::array<double, 9>, 4> m{};
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t a = 0; a < k; ++a) {
      for (std::size_t b = 0; b < k; ++b) m[a][b] += regressor(i, a) * regressor(i, b);
      m[a][k] += regressor(i, a) * y[i];
    }
  }
  for (std::size_t a = 0; a < k; ++a) m[a][k + 1 + a] = 1.0;
  const std::size_t width = 2 * k + 1;
  for (std::size_t c = 0; c < k; ++c) {
    std::size_t pivot = c;
    for (std::size_t r = c + 1; r < k; ++r) {
      if (std::abs(m[r][c]) > std::abs(m[pivot][c])) pivot = r;
    }
    if (std::abs(m[pivot][c]) < 1e-300) return fit;  // degenerate: no slope to estimate
    std::swap(m[c], m[pivot]);
    const double p = m[c][c];
    for (std::size_t j = 0; j < width; ++j) m[c][j] /= p;
    for (std::size_t r = 0; r < k; ++r) {
      if (r == c) continue;
      const double f = m[r][c];
      for (std::size_t j = 0; j < width; ++j) m[r][j] -= f * m[c][j];
    }
  }
  std::array<double, 4> b{};
  for (std::size_t a = 0; a < k; ++a) b[a] = m[a][k];
  double residual = 0;
  for (std::size_t i = 0; i < n; ++i) {
    double e = y[i];
    for (std::size_t a = 0; a < k; ++a) e -= b[a] * regressor(i, a);
    residual += e * e;
  }
  fit.slope = b[1];
  fit.degrees_of_freedom = n - k;
  const double variance = residual / static_cast<double>(fit.degrees_of_freedom);
  fit.error = std::sqrt(std::max(0.0, variance * m[1][k + 1 + 1]));
  return fit;
}

}  // namespace

double least_squares_slope(std::span<const double> values, double period) {
  if (values.size() < 2) return 0.0;
  std::vector<double> x(values.size());
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<double>(i);
  return fit_slope(x, values, period).slope;
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

TrendTest trend_from_batches(std::span<const double> values, double material_growth, double level,
                             double period) {
  TrendTest test;
  if (values.size() < 2 * kBatches) {
    test.slope = least_squares_slope(values, period);
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
  const auto fit = fit_slope(x, y, period);
  test.slope = fit.slope;
  test.degrees_of_freedom = fit.degrees_of_freedom;
  if (fit.degrees_of_freedom == 0) {
    test.lower = -std::numeric_limits<double>::infinity();
    return test;
  }
  test.lower = fit.slope - t_quantile(test.degrees_of_freedom, level) * fit.error;
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
  // The search covers the first half only: further on, few batches remain and the statistic of
  // a stationary series dips by chance. A minimum at the end of the first half means the series
  // was still changing there.
  const std::size_t last = batches / 2;
  for (std::size_t d = 0; d <= last; ++d) {
    if (statistic[d] < best) {
      best = statistic[d];
      best_d = d;
    }
  }
  result.observations = best_d * kMserBatch;
  result.settled = best_d + 1 < last;
  return result;
}

}  // namespace careflow::stats
