#include "stats/sensitivity.hpp"

#include <Eigen/Dense>
#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_int_distribution.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace careflow::stats {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Resampled index lists: draw(n) gives n indices below n, with replacement.
class Resampler {
 public:
  explicit Resampler(std::uint64_t seed) : engine_(seed) {}
  const std::vector<std::size_t>& draw(std::size_t n) {
    boost::random::uniform_int_distribution<std::size_t> pick(0, n - 1);
    indices_.resize(n);
    for (auto& i : indices_) i = pick(engine_);
    return indices_;
  }

 private:
  boost::random::mt19937_64 engine_;
  std::vector<std::size_t> indices_;
};

// The percentile interval of bootstrap replicates (NaNs left out).
Estimate with_interval(double value, std::vector<double> replicates, double level) {
  replicates.erase(std::remove_if(replicates.begin(), replicates.end(), [](double x) { return !std::isfinite(x); }),
                   replicates.end());
  if (replicates.empty()) return {value, kNaN, kNaN};
  const double tail = (1.0 - level) / 2.0;
  const double low = quantile(replicates, tail);
  const double high = quantile(replicates, 1.0 - tail);
  return {value, low, high};
}

std::vector<std::size_t> identity(std::size_t n) {
  std::vector<std::size_t> out(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = i;
  return out;
}

struct SobolPoint {
  std::vector<double> first, total;
};

SobolPoint sobol_from(std::span<const double> a, std::span<const double> b, const std::vector<std::vector<double>>& ab,
                      const std::vector<std::size_t>& rows, double* variance_out = nullptr) {
  const double n = static_cast<double>(rows.size());
  double sum = 0, sum_squares = 0;
  for (std::size_t j : rows) {
    sum += a[j] + b[j];
    sum_squares += a[j] * a[j] + b[j] * b[j];
  }
  const double mean = sum / (2 * n);
  const double variance = sum_squares / (2 * n) - mean * mean;
  if (variance_out) *variance_out = variance;
  SobolPoint s;
  for (const auto& column : ab) {
    double first = 0, total = 0;
    for (std::size_t j : rows) {
      first += (b[j] - mean) * (column[j] - a[j]);
      total += (a[j] - column[j]) * (a[j] - column[j]);
    }
    s.first.push_back(variance > 0 ? first / n / variance : kNaN);
    s.total.push_back(variance > 0 ? total / (2 * n) / variance : kNaN);
  }
  return s;
}

}  // namespace

SobolIndices sobol_indices(std::span<const double> a, std::span<const double> b,
                           const std::vector<std::vector<double>>& ab, const BootstrapOptions& options) {
  const std::size_t n = a.size();
  if (n < 2 || b.size() != n) throw std::invalid_argument("Sobol indices need A and B of one size, at least 2");
  for (const auto& column : ab) {
    if (column.size() != n) throw std::invalid_argument("Sobol indices: an AB column's size differs from A's");
  }
  SobolIndices out;
  const auto point = sobol_from(a, b, ab, identity(n), &out.variance);
  const std::size_t k = ab.size();
  std::vector<std::vector<double>> first(k), total(k);
  std::vector<double> sums;
  Resampler resample(options.seed);
  for (std::size_t r = 0; r < options.resamples; ++r) {
    const auto s = sobol_from(a, b, ab, resample.draw(n));
    double sum = 0;
    for (std::size_t i = 0; i < k; ++i) {
      first[i].push_back(s.first[i]);
      total[i].push_back(s.total[i]);
      sum += s.first[i];
    }
    sums.push_back(sum);
  }
  double sum = 0;
  for (double x : point.first) sum += x;
  out.first_sum = with_interval(sum, std::move(sums), options.level);
  for (std::size_t i = 0; i < k; ++i) {
    out.first.push_back(with_interval(point.first[i], std::move(first[i]), options.level));
    out.total.push_back(with_interval(point.total[i], std::move(total[i]), options.level));
  }
  return out;
}

std::vector<MorrisEffects> morris_effects(const std::vector<std::vector<double>>& effects,
                                          const BootstrapOptions& options) {
  std::vector<MorrisEffects> out;
  Resampler resample(options.seed);
  for (const auto& ee : effects) {
    MorrisEffects m;
    m.effects = ee.size();
    if (ee.empty()) {
      m.mu = m.sigma = kNaN;
      m.mu_star = {kNaN, kNaN, kNaN};
      out.push_back(m);
      continue;
    }
    RunningStats plain;
    double absolute = 0;
    for (double e : ee) {
      plain.add(e);
      absolute += std::abs(e);
    }
    m.mu = plain.mean();
    m.sigma = std::sqrt(plain.variance());
    std::vector<double> replicates;
    for (std::size_t r = 0; r < options.resamples; ++r) {
      double sum = 0;
      for (std::size_t i : resample.draw(ee.size())) sum += std::abs(ee[i]);
      replicates.push_back(sum / static_cast<double>(ee.size()));
    }
    m.mu_star = with_interval(absolute / static_cast<double>(ee.size()), std::move(replicates), options.level);
    out.push_back(m);
  }
  return out;
}

namespace {

struct Fit {
  std::vector<double> coefficients;
  double r_squared = kNaN;
};

// OLS of standardized y on the standardized factors that vary among `rows`.
Fit fit_standardized(const std::vector<std::vector<double>>& x, std::span<const double> y,
                     const std::vector<std::size_t>& rows, std::size_t factors) {
  const auto n = static_cast<Eigen::Index>(rows.size());
  auto standardize = [&](auto value_of) {
    Eigen::VectorXd v(n);
    for (Eigen::Index i = 0; i < n; ++i) v(i) = value_of(rows[static_cast<std::size_t>(i)]);
    const double mean = v.mean();
    const double sd = std::sqrt((v.array() - mean).square().sum() / static_cast<double>(n - 1));
    if (!(sd > 0)) return std::optional<Eigen::VectorXd>{};
    return std::optional<Eigen::VectorXd>{(v.array() - mean) / sd};
  };
  Fit fit;
  fit.coefficients.assign(factors, kNaN);
  const auto ys = standardize([&](std::size_t p) { return y[p]; });
  if (!ys || n < 3) return fit;
  std::vector<std::size_t> used;
  std::vector<Eigen::VectorXd> columns;
  for (std::size_t f = 0; f < factors; ++f) {
    if (auto c = standardize([&](std::size_t p) { return x[p][f]; })) {
      used.push_back(f);
      columns.push_back(std::move(*c));
    }
  }
  if (used.empty()) return fit;
  Eigen::MatrixXd design(n, static_cast<Eigen::Index>(used.size()));
  for (std::size_t c = 0; c < used.size(); ++c) design.col(static_cast<Eigen::Index>(c)) = columns[c];
  const Eigen::VectorXd beta = design.colPivHouseholderQr().solve(*ys);
  const Eigen::VectorXd residual = *ys - design * beta;
  fit.r_squared = 1.0 - residual.squaredNorm() / ys->squaredNorm();
  for (std::size_t c = 0; c < used.size(); ++c) fit.coefficients[used[c]] = beta(static_cast<Eigen::Index>(c));
  return fit;
}

}  // namespace

Regression standardized_regression(const std::vector<std::vector<double>>& x, std::span<const double> y,
                                   const BootstrapOptions& options) {
  if (x.size() != y.size()) throw std::invalid_argument("regression: one row of factors per response");
  const std::size_t factors = x.empty() ? 0 : x.front().size();
  const auto fit = fit_standardized(x, y, identity(y.size()), factors);
  std::vector<std::vector<double>> replicates(factors);
  Resampler resample(options.seed);
  if (y.size() >= 3) {
    for (std::size_t r = 0; r < options.resamples; ++r) {
      const auto again = fit_standardized(x, y, resample.draw(y.size()), factors);
      for (std::size_t f = 0; f < factors; ++f) replicates[f].push_back(again.coefficients[f]);
    }
  }
  Regression out;
  out.r_squared = fit.r_squared;
  for (std::size_t f = 0; f < factors; ++f) {
    out.coefficients.push_back(with_interval(fit.coefficients[f], std::move(replicates[f]), options.level));
  }
  return out;
}

std::vector<GroupEffect> group_effects(const std::vector<std::vector<double>>& values,
                                       std::span<const std::size_t> group, std::size_t groups, double level) {
  if (values.size() != group.size()) throw std::invalid_argument("group effects: one group per point");
  const std::size_t replications = values.empty() ? 0 : values.front().size();
  // by_group[g][r]: the mean over the group's points of replication r.
  std::vector<std::vector<double>> by_group(groups, std::vector<double>(replications, 0.0));
  std::vector<std::size_t> count(groups, 0);
  for (std::size_t p = 0; p < values.size(); ++p) {
    ++count[group[p]];
    for (std::size_t r = 0; r < replications; ++r) by_group[group[p]][r] += values[p][r];
  }
  std::vector<GroupEffect> out(groups);
  for (std::size_t g = 0; g < groups; ++g) {
    out[g].points = count[g];
    if (count[g] == 0) {
      out[g].mean = {kNaN, kNaN};
      continue;
    }
    for (auto& v : by_group[g]) v /= static_cast<double>(count[g]);
    out[g].mean = mean_interval(by_group[g], level);
    if (g > 0 && count[g - 1] > 0) {
      std::vector<double> difference(replications);
      for (std::size_t r = 0; r < replications; ++r) difference[r] = by_group[g][r] - by_group[g - 1][r];
      out[g].difference = mean_interval(difference, level);
    }
  }
  return out;
}

}  // namespace careflow::stats
