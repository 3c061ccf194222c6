#pragma once
// What a model writes against: a logical process (LP) owns its state and reacts to events; its
// LpContext is its only window onto time, its own event queue and the other LPs.
//
// An LP may schedule events for itself at any delay >= 0, and may send events to another LP only
// with a delay of at least the simulator's lookahead. That promise is what lets LPs run in
// parallel (see docs/engine.md).

#include <cstdint>
#include <vector>

#include "engine/event.hpp"
#include "engine/dary_heap.hpp"

namespace careflow::engine {

class LpContext;
class Simulator;

class LogicalProcess {
 public:
  virtual ~LogicalProcess() = default;
  /// Called once, at time 0, before any event: schedule the first events here.
  virtual void initialize(LpContext& context) = 0;
  /// Called for every event addressed to this LP, in the global event order.
  virtual void handle(const Event& event, LpContext& context) = 0;
};

class alignas(64) LpContext {
 public:
  LpContext(Simulator& simulator, LpId self) : simulator_(&simulator), self_(self) {}
  LpContext(const LpContext&) = delete;
  LpContext& operator=(const LpContext&) = delete;

  Tick now() const { return now_; }
  LpId self() const { return self_; }
  std::uint32_t lp_count() const;
  Tick lookahead() const;

  /// Schedules an event for this LP `delay` ticks from now (delay >= 0); a time past kTickNever
  /// is capped there.
  void schedule(Tick delay, EventKind kind, std::uint64_t payload = 0, Priority priority = 0) {
    schedule_at(later_by(now_, delay), kind, payload, priority);
  }

  /// Schedules an event for this LP at an absolute time no earlier than now.
  void schedule_at(Tick time, EventKind kind, std::uint64_t payload = 0, Priority priority = 0);

  /// Sends an event to `target`, arriving `delay` ticks from now. Unless `target` is this LP,
  /// `delay` must be at least the lookahead: a shorter delay throws std::logic_error.
  void send(LpId target, Tick delay, EventKind kind, std::uint64_t payload = 0,
            Priority priority = 0);

  /// Events this LP has handled so far.
  std::uint64_t events_handled() const { return events_handled_; }
  /// Events now waiting in this LP's own queue.
  std::size_t pending() const { return queue_.size(); }

 private:
  friend class Simulator;

  Event make_event(Tick time, EventKind kind, std::uint64_t payload, Priority priority) {
    return Event{time, make_order(priority, self_, next_sequence_++), self_, kind, payload};
  }

  Simulator* simulator_;
  LpId self_;
  Tick now_ = 0;
  std::uint64_t next_sequence_ = 0;
  std::uint64_t events_handled_ = 0;
  QuaternaryHeap queue_;
  // While an event is handled it stays on top of the queue; the first event its handler
  // schedules for this LP then replaces it in one pass (see QuaternaryHeap::replace_top).
  bool top_is_handled_ = false;

  Tick earliest_sent_ = kTickInfinity;  // earliest message this LP sent in the current window

  // Messages from other LPs, double-buffered by window parity and split by sending thread:
  // during a window each thread appends only to its own slot of buffer [parity] (no lock, no
  // cache line shared with another writer), while the owner drains buffer [parity ^ 1].
  struct alignas(64) InboxSlot {
    std::vector<Event> events;
  };
  std::vector<InboxSlot> inbox_[2];
  std::vector<Event> arrivals_;  // scratch: one window's messages, sorted before they are queued
  std::size_t sending_slot_ = 0;  // the slot this LP's messages use in the current window
};

}  // namespace careflow::engine
