#pragma once
// Exact results for the textbook queues, used to check the engine and the model.

namespace careflow::stats {

/// Erlang B: probability that an arrival finds all `servers` busy in an M/M/c/c loss system
/// offered `load` = arrival rate x mean service time (in Erlangs). erlang_b(1, 1.0) == 0.5.
double erlang_b(int servers, double load);

/// Erlang C: probability that an arrival must wait in an M/M/c queue with offered `load`.
/// Requires load < servers. erlang_c(1, 0.5) == 0.5.
double erlang_c(int servers, double load);

/// Mean wait in queue for M/M/c: C(c, a) / (c mu - lambda).
double mmc_mean_wait(int servers, double arrival_rate, double service_rate);

}  // namespace careflow::stats
