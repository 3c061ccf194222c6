#pragma once
// PHOLD, the standard benchmark of parallel discrete-event simulation.
//
// N LPs each start with `events_per_lp` events. Handling an event at time t creates exactly one
// new event at t + lookahead + Exp(mean), sent with probability `remote` to an LP drawn uniformly
// from all LPs, otherwise to the handling LP itself; no event is created at or past `end`.
// Times are in abstract units of one second (1000 ticks).

#include <cstdint>

#include "engine/rank_exchange.hpp"
#include "engine/rank_partition.hpp"
#include "engine/time.hpp"

namespace careflow::phold {

struct PholdConfig {
  std::uint32_t lps = 1024;
  std::uint32_t events_per_lp = 16;
  double remote = 0.1;
  double lookahead = 1.0;
  double mean = 1.0;
  double end = 1000.0;
  std::uint64_t seed = 1;
};

struct PholdResult {
  std::uint64_t events = 0;
  std::uint64_t windows = 0;
  /// A hash of every LP's final state (the order-sensitive hash of the events it handled) and
  /// its event count, combined in LP order.
  /// Over several ranks, rank 0's alone.
  std::uint64_t checksum = 0;
  int ranks = 1;
  std::uint64_t messages_between_ranks = 0;
};

namespace detail {
inline constexpr engine::Tick kTicksPerUnit = engine::kTicksPerSecond;
engine::Tick ticks_from_units(double units);
/// Order-sensitive hash step used for LP states and the checksum.
std::uint64_t mix(std::uint64_t hash, std::uint64_t value);
enum Purpose : std::uint32_t { kDelayStream, kRemoteStream, kTargetStream };
}  // namespace detail

/// Runs PHOLD in the current TBB arena (see engine::ThreadScope for the thread count); with
/// `ranks`, this rank's block of the LPs (engine::block_owner), every rank calling it alike.
PholdResult run_phold(const PholdConfig& config, engine::RankExchange* ranks = nullptr);

}  // namespace careflow::phold
