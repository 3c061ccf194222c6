#include "engine/simulator.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "engine/parallel_loops.hpp"

namespace careflow::engine {

// Loop state kept across windows, behind a pointer so that simulator.hpp needs no TBB header.
struct Simulator::WindowLoop {
  tbb::affinity_partitioner affinity;
};

using detail::for_each_index;
using detail::min_over_indices;

std::uint32_t LpContext::lp_count() const { return simulator_->lp_count(); }
Tick LpContext::lookahead() const { return simulator_->lookahead(); }

void LpContext::schedule_at(Tick time, EventKind kind, std::uint64_t payload, Priority priority) {
  if (time < now_) {
    throw std::logic_error("LP " + std::to_string(self_) + " scheduled an event in the past");
  }
  const Event event = make_event(time, kind, payload, priority);
  if (top_is_handled_) {
    queue_.replace_top(event);
    top_is_handled_ = false;
  } else {
    queue_.push(event);
  }
}

void LpContext::send(LpId target, Tick delay, EventKind kind, std::uint64_t payload,
                     Priority priority) {
  if (target == self_) {
    schedule(delay, kind, payload, priority);
    return;
  }
  if (target >= simulator_->lp_count()) {
    throw std::out_of_range("LP " + std::to_string(self_) + " sent to unknown LP " +
                            std::to_string(target));
  }
  if (delay < simulator_->lookahead()) {
    throw std::logic_error("LP " + std::to_string(self_) + " sent a message with delay " +
                           std::to_string(delay) + " below the lookahead " +
                           std::to_string(simulator_->lookahead()));
  }
  Event event = make_event(later_by(now_, delay), kind, payload, priority);
  event.target = target;
  earliest_sent_ = std::min(earliest_sent_, event.time);
  simulator_->deliver(*simulator_->contexts_[target], event, sending_slot_);
}

Simulator::Simulator(Tick lookahead)
    : lookahead_(lookahead), window_loop_(std::make_unique<WindowLoop>()) {
  if (lookahead < 0) throw std::invalid_argument("lookahead must not be negative");
}

Simulator::~Simulator() = default;

LpId Simulator::add(LogicalProcess& lp) {
  if (initialized_) throw std::logic_error("LPs must be added before the simulation starts");
  if (lps_.size() >= order_bits::kMaxLps) throw std::length_error("too many logical processes");
  const auto id = static_cast<LpId>(lps_.size());
  lps_.push_back(&lp);
  contexts_.push_back(std::make_unique<LpContext>(*this, id));
  return id;
}

void Simulator::deliver(LpContext& to, const Event& event, std::size_t slot) {
  to.inbox_[send_parity_][slot].events.push_back(event);
}

// Every thread that may run an LP gets an inbox slot of its own in every LP.
void Simulator::ensure_inbox_slots() {
  const auto slots = static_cast<std::size_t>(std::max(1, tbb::this_task_arena::max_concurrency()));
  if (slots <= inbox_slots_) return;
  for (auto& context : contexts_) {
    for (auto& inbox : context->inbox_) inbox.resize(slots);
  }
  inbox_slots_ = slots;
}

std::size_t Simulator::current_slot() const {
  const int index = tbb::this_task_arena::current_thread_index();
  if (index < 0) return 0;  // a thread outside any arena: it runs alone
  const auto slot = static_cast<std::size_t>(index);
  if (slot >= inbox_slots_) throw std::logic_error("simulator run on more threads than its arena");
  return slot;
}

void Simulator::initialize_all() {
  if (lps_.size() > 1 && lookahead_ < 1) {
    throw std::invalid_argument("a simulator with several LPs needs a lookahead of at least 1 tick");
  }
  initialized_ = true;
  ensure_inbox_slots();
  for_each_index(lps_.size(), [&](std::size_t i) {
    contexts_[i]->sending_slot_ = current_slot();
    lps_[i]->initialize(*contexts_[i]);
  });
  send_parity_ ^= 1U;
}

// Messages reach the queue sorted into the global event order, so the queue is built the same
// way whatever order the senders' threads appended them in.
void Simulator::take_inbox(LpContext& context, unsigned parity) {
  auto& arrivals = context.arrivals_;
  for (auto& slot : context.inbox_[parity]) {
    arrivals.insert(arrivals.end(), slot.events.begin(), slot.events.end());
    slot.events.clear();
  }
  if (arrivals.empty()) return;
  std::sort(arrivals.begin(), arrivals.end(), precedes);
  for (const Event& event : arrivals) context.queue_.push(event);
  arrivals.clear();
}

Tick Simulator::run_window(LpContext& context, Tick window_end, unsigned inbox_parity) {
  context.earliest_sent_ = kTickInfinity;
  context.sending_slot_ = current_slot();
  take_inbox(context, inbox_parity);
  LogicalProcess& lp = *lps_[context.self_];
  auto& queue = context.queue_;
  while (!queue.empty() && queue.top_time() < window_end) {
    const Event event = queue.top();
    context.now_ = event.time;
    context.top_is_handled_ = true;
    lp.handle(event, context);
    if (context.top_is_handled_) {
      queue.pop();
      context.top_is_handled_ = false;
    }
    ++context.events_handled_;
  }
  // What this LP knows of the next window's start: its own next event, and the earliest message
  // it sent (which sits in another LP's inbox until that LP's next window).
  const Tick next_own = queue.empty() ? kTickInfinity : queue.top_time();
  return std::min(next_own, context.earliest_sent_);
}

Tick Simulator::earliest_pending() const {
  Tick earliest = kTickInfinity;
  for (const auto& context : contexts_) {
    earliest = std::min(earliest, context->earliest_sent_);
    if (!context->queue_.empty()) earliest = std::min(earliest, context->queue_.top_time());
  }
  return earliest;
}

void Simulator::set_blocks(std::vector<std::vector<LpId>> blocks) {
  std::vector<int> seen(lps_.size(), 0);
  for (const auto& block : blocks) {
    for (LpId lp : block) {
      if (lp >= lps_.size() || seen[lp]++) throw std::invalid_argument("blocks must hold every LP exactly once");
    }
  }
  for (int n : seen) {
    if (n != 1 && !blocks.empty()) throw std::invalid_argument("blocks must hold every LP exactly once");
  }
  blocks_ = std::move(blocks);
}

RunStats Simulator::run_until(Tick end) {
  if (!initialized_) initialize_all();
  ensure_inbox_slots();
  const RunStats before = stats_;
  const bool one_window = lps_.size() <= 1;
  Tick start = earliest_pending();
  while (start < end) {
    const Tick window_end = (one_window || lookahead_ >= end - start) ? end : start + lookahead_;
    const unsigned inbox_parity = send_parity_ ^ 1U;
    if (blocks_.empty()) {
      start = min_over_indices(contexts_.size(), kTickInfinity, [&](std::size_t i) {
            return run_window(*contexts_[i], window_end, inbox_parity);
          }, window_loop_->affinity);
    } else {
      start = min_over_indices(blocks_.size(), kTickInfinity, [&](std::size_t b) {
            Tick earliest = kTickInfinity;
            for (LpId lp : blocks_[b]) earliest = std::min(earliest, run_window(*contexts_[lp], window_end, inbox_parity));
            return earliest;
          }, window_loop_->affinity);
    }
    send_parity_ ^= 1U;
    ++stats_.windows;
  }
  now_ = std::max(now_, end);
  stats_.events = 0;
  for (const auto& context : contexts_) stats_.events += context->events_handled_;
  return RunStats{stats_.events - before.events, stats_.windows - before.windows};
}

}  // namespace careflow::engine
