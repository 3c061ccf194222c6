#include "scenario/distribution_reader.hpp"

#include <cmath>
#include <sstream>

namespace careflow::scenario {
namespace {

constexpr double kWeightTolerance = 1e-6;
// Beyond this a gamma is a fixed value to every purpose, and sampling it gains nothing.
constexpr double kMaxGammaShape = 1e6;

Distribution read_lognormal(TableReader& t) {
  Distribution d;
  d.kind = Distribution::Kind::lognormal;
  const bool median = t.has("median");
  const bool sd = t.has("sd");
  if (median == sd) t.fail("distribution", "lognormal needs mean with either median or sd");
  d.mean = t.number("mean", Range::days());
  if (median) {
    const double m = t.number("median", Range::days());
    if (!(d.mean > m)) t.fail("mean", "a lognormal's mean must exceed its median");
    d.log_mu = std::log(m);
    d.log_sigma = std::sqrt(2.0 * std::log(d.mean / m));
  } else {
    const double s = t.number("sd", Range::days());
    const double variance_of_log = std::log(1.0 + (s * s) / (d.mean * d.mean));
    d.log_sigma = std::sqrt(variance_of_log);
    d.log_mu = std::log(d.mean) - variance_of_log / 2.0;
  }
  return d;
}

Distribution read_gamma(TableReader& t) {
  Distribution d;
  d.kind = Distribution::Kind::gamma;
  if (t.has("shape") || t.has("scale")) {
    d.shape = t.number("shape", {0.0, kMaxGammaShape, true, "a shape > 0 and at most 1e6"});
    d.scale = t.number("scale", Range::days());
    d.mean = d.shape * d.scale;
  } else {
    d.mean = t.number("mean", Range::days());
    const double s = t.number("sd", Range::days());
    d.shape = (d.mean * d.mean) / (s * s);
    d.scale = (s * s) / d.mean;
    if (d.shape > kMaxGammaShape) {
      t.fail("sd", "is too small for its mean (a gamma shape above 1e6): use distribution = \"fixed\"");
    }
  }
  return d;
}

Distribution read_empirical(TableReader& t) {
  Distribution d;
  d.kind = Distribution::Kind::empirical;
  auto values = t.optional_number_list("values", Range::days_or_zero());
  auto weights = t.optional_number_list("weights", Range::probability());
  if (!values || values->empty()) t.fail("values", "is required (a non-empty list of days)");
  if (!weights) t.fail("weights", "is required (a list of probabilities)");
  if (weights->size() != values->size()) {
    t.fail("weights", "has " + std::to_string(weights->size()) + " entries but values has " +
                          std::to_string(values->size()));
  }
  double total = 0, mean = 0;
  for (std::size_t i = 0; i < values->size(); ++i) {
    total += (*weights)[i];
    mean += (*weights)[i] * (*values)[i];
  }
  if (std::abs(total - 1.0) > kWeightTolerance) {
    std::ostringstream reason;
    reason << "weights must sum to 1, they sum to " << total;
    t.fail("weights", reason.str());
  }
  d.values = std::move(*values);
  d.weights = std::move(*weights);
  d.mean = mean;
  return d;
}

}  // namespace

Distribution read_distribution(TableReader& parent, const char* key) {
  auto t = parent.table(key);
  const std::string kind = t.text("distribution");
  Distribution d;
  if (kind == "exponential") {
    d.kind = Distribution::Kind::exponential;
    d.mean = t.number("mean", Range::days());
  } else if (kind == "lognormal") {
    d = read_lognormal(t);
  } else if (kind == "gamma") {
    d = read_gamma(t);
  } else if (kind == "fixed") {
    d.kind = Distribution::Kind::fixed;
    d.mean = t.number("value", Range::days_or_zero());
  } else if (kind == "empirical") {
    d = read_empirical(t);
  } else {
    t.fail("distribution",
           "must be exponential, lognormal, gamma, fixed or empirical, got \"" + kind + "\"");
  }
  t.reject_unknown_keys();
  return d;
}

}  // namespace careflow::scenario
