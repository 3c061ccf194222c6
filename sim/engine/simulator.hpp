#pragma once
// Conservative parallel execution of logical processes in time windows.
//
// Each window starts at T, the earliest pending event or message anywhere, and ends at
// T + lookahead. No message sent inside a window can arrive before its end, so every LP handles
// its own events in the window independently, in parallel on TBB. Between windows each LP takes in
// its messages, sorted into the global event order. Results do not depend on the thread count.
//
// Spread over several processes (ranks, through a RankExchange), each rank runs its own LPs the
// same way; between windows the ranks swap the messages that cross between them and agree on the
// next window's start (the least over all ranks). The order of events is the same, so results
// do not depend on the number of ranks either.
//
//   Simulator sim(lookahead);               // or Simulator sim(lookahead, &exchange)
//   for (auto& lp : my_lps) sim.add(lp);    // and sim.add_elsewhere(rank) for another rank's LP
//   sim.run_until(end);   // handles every event with time < end

#include <cstdint>
#include <memory>
#include <vector>

#include "engine/logical_process.hpp"
#include "engine/rank_exchange.hpp"

namespace careflow::engine {

struct RunStats {
  std::uint64_t events = 0;   ///< events handled, all LPs (of every rank) together
  std::uint64_t windows = 0;  ///< synchronisation windows executed
  std::uint64_t messages_between_ranks = 0;  ///< messages that crossed from one rank to another
};

class Simulator {
 public:
  /// `lookahead` is the least delay of any message between two LPs (at least one tick when
  /// there is more than one LP).
  /// `ranks`, when given (kept alive by the caller), spreads the LPs over several processes.
  explicit Simulator(Tick lookahead, RankExchange* ranks = nullptr);
  ~Simulator();
  Simulator(const Simulator&) = delete;
  Simulator& operator=(const Simulator&) = delete;

  /// Adds an LP (owned by the caller, who keeps it alive) and returns its id: 0, 1, 2, ...
  LpId add(LogicalProcess& lp);
  /// Adds an LP that rank `rank` runs (and adds there with add) and returns its id. Every rank
  /// adds the same LPs in the same order, each its own with add and the others' with this.
  LpId add_elsewhere(int rank);
  bool runs_here(LpId id) const { return contexts_[id] != nullptr; }

  /// Groups the LPs into blocks, each run on one thread in turn within a window (e.g. LPs that
  /// message each other most); every LP in exactly one block. Empty (the default): each LP is a
  /// block of its own. Results do not depend on the blocks. Over several ranks, each rank's blocks
  /// hold its own LPs.
  void set_blocks(std::vector<std::vector<LpId>> blocks);

  /// Handles, in order, every event with time < end. Can be called again with a later end.
  /// Over several ranks, every rank calls it with the same end.
  RunStats run_until(Tick end);

  std::uint32_t lp_count() const { return static_cast<std::uint32_t>(lps_.size()); }
  Tick lookahead() const { return lookahead_; }
  /// The context of an LP this rank runs.
  const LpContext& context(LpId id) const;
  /// Time up to which all events have been handled.
  Tick now() const { return now_; }

 private:
  friend class LpContext;

  void initialize_all();
  void deliver(LpContext& to, const Event& event, std::size_t slot);
  void post_elsewhere(const Event& event, std::size_t slot);
  void exchange_between_ranks();
  void ensure_inbox_slots();
  std::size_t current_slot() const;
  void take_inbox(LpContext& context, unsigned parity);
  Tick run_window(LpContext& context, Tick window_end, unsigned inbox_parity);
  Tick earliest_pending() const;

  Tick lookahead_;
  Tick now_ = 0;
  bool initialized_ = false;
  unsigned send_parity_ = 0;  // inbox that messages go to in the current window
  std::size_t inbox_slots_ = 0;
  RunStats stats_;
  RankExchange* ranks_;
  std::vector<LogicalProcess*> lps_;                  // by id; null for another rank's LP
  std::vector<std::unique_ptr<LpContext>> contexts_;  // by id; null for another rank's LP
  std::vector<int> owner_;                            // by id: the rank that runs it
  std::vector<LpId> local_;                           // the LPs this rank runs
  std::vector<std::vector<LpId>> blocks_;
  // Messages for other ranks' LPs, by sending thread, then by rank; sent between windows.
  std::vector<std::vector<std::vector<Event>>> outbox_;
  std::vector<std::vector<Event>> outgoing_;  // scratch: one window's messages, by rank
  std::vector<Event> incoming_;               // scratch: those that came to this rank
  struct WindowLoop;
  std::unique_ptr<WindowLoop> window_loop_;
};

}  // namespace careflow::engine
