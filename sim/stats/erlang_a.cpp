#include "stats/erlang_a.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace careflow::stats {
namespace {

// States whose weight is below e^-50 of the largest are left out (a relative 2e-22 of the mass).
constexpr double kNegligible = 50.0;
// States summed beyond c at most (M/M/c within 5e-6 of capacity needs more).
constexpr std::size_t kMaxTail = 10'000'000;

}  // namespace

ErlangA::ErlangA(double arrival_rate, double service_rate, int servers, double abandon_rate)
    : arrival_rate_(arrival_rate),
      service_rate_(service_rate),
      abandon_rate_(abandon_rate),
      servers_(servers) {
  if (servers < 1 || arrival_rate < 0 || service_rate <= 0 || abandon_rate < 0 ||
      !std::isfinite(arrival_rate) || !std::isfinite(service_rate) ||
      !std::isfinite(abandon_rate)) {
    throw std::invalid_argument("ErlangA: bad argument");
  }
  const double full = servers * service_rate;
  if (abandon_rate == 0 && arrival_rate >= full) {
    throw std::invalid_argument(
        "ErlangA: with no abandonment the arrivals must be below the servers' rate");
  }
  if (arrival_rate == 0) return;
  // Log weights relative to state c: below it by the ratio n mu / lambda going down, above it by
  // lambda / (c mu + k theta) going up. Logs, as (lambda / mu)^n / n! overflows for large c.
  std::vector<double> below;  // log weight of c - 1, c - 2, ..., 0
  double log_weight = 0;
  for (int n = servers; n >= 1; --n) {
    log_weight += std::log(n * service_rate / arrival_rate);
    below.push_back(log_weight);
  }
  std::vector<double> above{0.0};  // log weight of c, c + 1, ...
  log_weight = 0;
  double peak = 0;
  for (std::size_t k = 1; k < kMaxTail; ++k) {
    const double ratio = arrival_rate / (full + static_cast<double>(k) * abandon_rate);
    log_weight += std::log(ratio);
    above.push_back(log_weight);
    peak = std::max(peak, log_weight);
    if (ratio < 1.0 && log_weight < peak - kNegligible) break;
    if (k + 1 == kMaxTail) throw std::domain_error("ErlangA: too close to capacity to sum");
  }
  for (double w : below) peak = std::max(peak, w);
  double total = 0, busy = 0;
  for (std::size_t i = 0; i < below.size(); ++i) {
    const double p = std::exp(below[i] - peak);
    total += p;
    busy += p * static_cast<double>(servers - 1 - static_cast<int>(i));
  }
  waiting_.resize(above.size());
  double queue = 0, wait = 0;
  for (std::size_t k = 0; k < above.size(); ++k) {
    waiting_[k] = std::exp(above[k] - peak);
    total += waiting_[k];
    wait += waiting_[k];
    queue += waiting_[k] * static_cast<double>(k);
    busy += waiting_[k] * servers;
  }
  for (double& p : waiting_) p /= total;
  wait_chance_ = wait / total;
  queue_length_ = queue / total;
  busy_servers_ = busy / total;
}

double ErlangA::mean_wait() const {
  return arrival_rate_ > 0 ? queue_length_ / arrival_rate_ : 0.0;
}

double ErlangA::abandon_chance() const {
  return arrival_rate_ > 0 ? abandon_rate_ * queue_length_ / arrival_rate_ : 0.0;
}

// An arrival that finds c + k in the system has k ahead in the queue; while j of them remain,
// the next place comes at rate c mu + j theta. Its offered wait V is the sum of those stages,
// and for patience X ~ Exp(rate): P(X < V) = 1 - E[e^{-rate V}] = 1 - prod (c mu + j theta) /
// (c mu + j theta + rate), and E[min(V, X)] = P(X < V) / rate.
double ErlangA::abandon_chance(double rate) const {
  if (rate < 0) throw std::invalid_argument("ErlangA: negative rate");
  const double full = servers_ * service_rate_;
  double chance = 0, served_first = 1.0;
  for (std::size_t k = 0; k < waiting_.size(); ++k) {
    const double stage = full + static_cast<double>(k) * abandon_rate_;
    served_first *= stage / (stage + rate);
    chance += waiting_[k] * (1.0 - served_first);
  }
  return chance;
}

double ErlangA::mean_wait(double rate) const {
  if (rate > 0) return abandon_chance(rate) / rate;
  if (rate < 0) throw std::invalid_argument("ErlangA: negative rate");
  const double full = servers_ * service_rate_;
  double wait = 0, offered = 0;
  for (std::size_t k = 0; k < waiting_.size(); ++k) {
    offered += 1.0 / (full + static_cast<double>(k) * abandon_rate_);
    wait += waiting_[k] * offered;
  }
  return wait;
}

}  // namespace careflow::stats
