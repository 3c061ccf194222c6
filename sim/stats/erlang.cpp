#include "stats/erlang.hpp"

#include <stdexcept>

namespace careflow::stats {

double erlang_b(int servers, double load) {
  if (servers < 0 || load < 0) throw std::invalid_argument("erlang_b: negative argument");
  // The stable recurrence B(0) = 1, B(k) = a B(k-1) / (k + a B(k-1)).
  double b = 1.0;
  for (int k = 1; k <= servers; ++k) b = load * b / (k + load * b);
  return b;
}

double erlang_c(int servers, double load) {
  if (servers < 1 || load < 0) throw std::invalid_argument("erlang_c: bad argument");
  if (load >= servers) throw std::invalid_argument("erlang_c: load must be below the servers");
  const double b = erlang_b(servers, load);
  return servers * b / (servers - load * (1.0 - b));
}

double mmc_mean_wait(int servers, double arrival_rate, double service_rate) {
  const double load = arrival_rate / service_rate;
  return erlang_c(servers, load) / (servers * service_rate - arrival_rate);
}

}  // namespace careflow::stats
