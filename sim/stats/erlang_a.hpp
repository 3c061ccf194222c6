#pragma once
// The M/M/c+M queue (Erlang A; Palm 1957, Garnett, Mandelbaum and Reiman 2002): Poisson
// arrivals, c servers with exponential service, and customers who leave the queue unserved at
// rate theta each while they wait. With theta > 0 it has a steady state at any load: beyond
// capacity the queue levels off where as many leave it a day as arrive beyond what is served.
// Exact, from the birth-death chain (death rate min(n, c) mu + max(0, n - c) theta).

#include <cstddef>
#include <vector>

namespace careflow::stats {

class ErlangA {
 public:
  /// `abandon_rate` > 0, or 0 with arrival_rate < servers x service_rate (then it is M/M/c).
  /// Throws std::invalid_argument otherwise, or for servers < 1 or negative rates.
  ErlangA(double arrival_rate, double service_rate, int servers, double abandon_rate);

  double wait_chance() const { return wait_chance_; }    ///< P(an arrival finds every server busy)
  double queue_length() const { return queue_length_; }  ///< mean number waiting
  double busy_servers() const { return busy_servers_; }  ///< mean number being served
  /// Mean time in the queue of every arrival, served or not (Little: queue_length / arrivals).
  double mean_wait() const;
  /// P(an arrival leaves unserved) = theta x queue_length / arrivals.
  double abandon_chance() const;

  /// The same two for an arrival whose own patience is exponential at `rate` (a class of
  /// customers that leaves faster or slower than the mix whose mean rate the chain uses): from
  /// the state it finds, its offered wait is a sum of exponentials at c mu + j theta for the j
  /// still ahead of it, whose Laplace transform gives both exactly.
  double abandon_chance(double rate) const;
  double mean_wait(double rate) const;

 private:
  double arrival_rate_, service_rate_, abandon_rate_;
  int servers_;
  double wait_chance_ = 0, queue_length_ = 0, busy_servers_ = 0;
  std::vector<double> waiting_;  ///< P(N = c + k), k = 0, 1, ... while it matters
};

}  // namespace careflow::stats
