#pragma once
// What the simulator needs from a run spread over several processes (ranks), each running some of
// the LPs: a way to hand each window's messages to the ranks that own their targets, and to agree
// on the next window. The engine knows no transport; sim/engine_mpi implements this over MPI.
//
// Every call is collective: every rank makes the same calls in the same order.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/event.hpp"

namespace careflow::engine {

class RankExchange {
 public:
  virtual ~RankExchange() = default;

  virtual int rank() const = 0;
  virtual int ranks() const = 0;

  /// Sends `outgoing[r]` to rank r (outgoing has one list per rank) and appends to `incoming`
  /// every event the other ranks sent to this one, in no particular order.
  virtual void exchange(const std::vector<std::vector<Event>>& outgoing, std::vector<Event>& incoming) = 0;
  /// The least of every rank's `local`.
  virtual Tick earliest(Tick local) = 0;
  /// The sum of every rank's `local`.
  virtual std::uint64_t total(std::uint64_t local) = 0;
  /// Every rank's `bytes`, in rank order, on rank 0; an empty list on the others.
  virtual std::vector<std::string> gather(const std::string& bytes) = 0;
  /// `bytes` as rank 0 has it, on every rank.
  virtual std::string broadcast(const std::string& bytes) = 0;
  /// The ranks that gave the same `group`, as an exchange of their own (ranked as they are here).
  virtual std::unique_ptr<RankExchange> split(int group) = 0;
};

}  // namespace careflow::engine
