#pragma once
// Conservative parallel execution of logical processes in time windows.
//
// Each window starts at T, the earliest pending event or message anywhere, and ends at
// T + lookahead. No message sent inside a window can arrive before its end, so every LP handles
// its own events in the window independently, in parallel on TBB. Between windows each LP takes in
// its messages, sorted into the global event order. Results do not depend on the thread count.
//
//   Simulator sim(lookahead);
//   for (auto& lp : my_lps) sim.add(lp);
//   sim.run_until(end);   // handles every event with time < end

#include <cstdint>
#include <memory>
#include <vector>

#include "engine/logical_process.hpp"

namespace careflow::engine {

struct RunStats {
  std::uint64_t events = 0;   ///< events handled, all LPs together
  std::uint64_t windows = 0;  ///< synchronisation windows executed
};

class Simulator {
 public:
  /// `lookahead` is the least delay of any message between two LPs (at least one tick when
  /// there is more than one LP).
  explicit Simulator(Tick lookahead);
  ~Simulator();
  Simulator(const Simulator&) = delete;
  Simulator& operator=(const Simulator&) = delete;

  /// Adds an LP (owned by the caller, who keeps it alive) and returns its id: 0, 1, 2, ...
  LpId add(LogicalProcess& lp);

  /// Groups the LPs into blocks, each run on one thread in turn within a window (e.g. LPs that
  /// message each other most); every LP in exactly one block. Empty (the default): each LP is a
  /// block of its own. Results do not depend on the blocks.
  void set_blocks(std::vector<std::vector<LpId>> blocks);

  /// Handles, in order, every event with time < end. Can be called again with a later end.
  RunStats run_until(Tick end);

  std::uint32_t lp_count() const { return static_cast<std::uint32_t>(lps_.size()); }
  Tick lookahead() const { return lookahead_; }
  const LpContext& context(LpId id) const { return *contexts_[id]; }
  /// Time up to which all events have been handled.
  Tick now() const { return now_; }

 private:
  friend class LpContext;

  void initialize_all();
  void deliver(LpContext& to, const Event& event, std::size_t slot);
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
  std::vector<LogicalProcess*> lps_;
  std::vector<std::vector<LpId>> blocks_;
  std::vector<std::unique_ptr<LpContext>> contexts_;
  struct WindowLoop;
  std::unique_ptr<WindowLoop> window_loop_;
};

}  // namespace careflow::engine
