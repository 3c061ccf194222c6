#include "scenario/distribution_moments.hpp"

#include <boost/math/distributions/exponential.hpp>
#include <boost/math/distributions/gamma.hpp>
#include <boost/math/distributions/lognormal.hpp>

#include <algorithm>
#include <cmath>

namespace careflow::scenario {
namespace {

constexpr double kDaysPerWeek = 7.0;
constexpr int kSimpsonSteps = 256;  // even; the survival functions are smooth but for "fixed"
constexpr int kQuantilePoints = 2048;
constexpr double kSimpsonRange = 64.0;  // days: Simpson's steps stay under a quarter of a day

}  // namespace

double survival(const Distribution& d, double t) {
  using Kind = Distribution::Kind;
  if (t < 0) return 1.0;
  switch (d.kind) {
    case Kind::exponential:
      return boost::math::cdf(boost::math::complement(boost::math::exponential_distribution<>(1.0 / d.mean), t));
    case Kind::lognormal:
      if (t == 0) return 1.0;
      return boost::math::cdf(boost::math::complement(boost::math::lognormal_distribution<>(d.log_mu, d.log_sigma), t));
    case Kind::gamma:
      return boost::math::cdf(boost::math::complement(boost::math::gamma_distribution<>(d.shape, d.scale), t));
    case Kind::fixed:
      return d.mean > t ? 1.0 : 0.0;
    case Kind::empirical: {
      double above = 0;
      for (std::size_t i = 0; i < d.values.size(); ++i) above += d.values[i] > t ? d.weights[i] : 0.0;
      return above;
    }
  }
  return 0.0;
}

double covered_days(const Distribution& d, double from, double to, double shift) {
  if (!(to > from)) return 0.0;
  using Kind = Distribution::Kind;
  // Piecewise-constant survival functions integrate exactly.
  if (d.kind == Kind::fixed) return std::clamp(d.mean + shift, from, to) - from;
  if (d.kind == Kind::empirical) {
    double total = 0;
    for (std::size_t i = 0; i < d.values.size(); ++i) {
      total += d.weights[i] * (std::clamp(d.values[i] + shift, from, to) - from);
    }
    return total;
  }
  // A wide range (a long tail's mean): the expectation of the clamped stay over its quantiles.
  if (to - from > kSimpsonRange) {
    return expectation(d, [&](double stay) { return std::clamp(stay + shift, from, to) - from; });
  }
  // Simpson's rule on the smooth part, exact for the flat part before the shift.
  double total = 0;
  const double flat_end = std::clamp(shift, from, to);
  total += flat_end - from;
  const double a = flat_end, b = to;
  if (b > a) {
    const double h = (b - a) / kSimpsonSteps;
    double sum = survival(d, a - shift) + survival(d, b - shift);
    for (int i = 1; i < kSimpsonSteps; ++i) sum += (i % 2 ? 4.0 : 2.0) * survival(d, a + i * h - shift);
    total += sum * h / 3.0;
  }
  return total;
}

double expected_shortfall(const Distribution& d, double t) {
  if (t <= 0) return 0.0;
  return t - covered_days(d, 0.0, t);  // E[t - min(S, t)]
}

double expectation(const Distribution& d, const std::function<double(double)>& g, double from) {
  using Kind = Distribution::Kind;
  if (d.kind == Kind::fixed) return d.mean >= from ? g(d.mean) : 0.0;
  if (d.kind == Kind::empirical) {
    double total = 0;
    for (std::size_t i = 0; i < d.values.size(); ++i) total += d.values[i] >= from ? d.weights[i] * g(d.values[i]) : 0.0;
    return total;
  }
  const double low = 1.0 - survival(d, from);
  if (low >= 1.0) return 0.0;
  auto quantile = [&](double u) {
    switch (d.kind) {
      case Kind::exponential: return boost::math::quantile(boost::math::exponential_distribution<>(1.0 / d.mean), u);
      case Kind::lognormal: return boost::math::quantile(boost::math::lognormal_distribution<>(d.log_mu, d.log_sigma), u);
      default: return boost::math::quantile(boost::math::gamma_distribution<>(d.shape, d.scale), u);
    }
  };
  const double width = (1.0 - low) / kQuantilePoints;
  double total = 0;
  for (int i = 0; i < kQuantilePoints; ++i) total += g(quantile(low + (i + 0.5) * width));
  return total * width;
}

double expected_visits(const Distribution& d, std::span<const double> visits_per_day, double shift) {
  if (visits_per_day.empty()) return 0.0;
  double total = 0;
  const std::size_t last = visits_per_day.size() - 1;
  for (std::size_t w = 0; w < last; ++w) {
    total += visits_per_day[w] *
             covered_days(d, kDaysPerWeek * static_cast<double>(w), kDaysPerWeek * static_cast<double>(w + 1), shift);
  }
  // From the last week on, the rate holds: E[S + shift] minus the part before it.
  const double before = covered_days(d, 0.0, kDaysPerWeek * static_cast<double>(last), shift);
  total += visits_per_day[last] * std::max(0.0, d.mean + shift - before);
  return total;
}

}  // namespace careflow::scenario
