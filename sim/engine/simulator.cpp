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
  if (LpContext* to = simulator_->contexts_[target].get()) {
    simulator_->deliver(*to, event, sending_slot_);
  } else {
    simulator_->post_elsewhere(event, sending_slot_);
  }
}

Simulator::Simulator(Tick lookahead, RankExchange* ranks)
    : lookahead_(lookahead), ranks_(ranks), window_loop_(std::make_unique<WindowLoop>()) {
  if (lookahead < 0) throw std::invalid_argument("lookahead must not be negative");
}

Simulator::~Simulator() = default;

LpId Simulator::add(LogicalProcess& lp) {
  if (initialized_) throw std::logic_error("LPs must be added before the simulation starts");
  if (lps_.size() >= order_bits::kMaxLps) throw std::length_error("too many logical processes");
  const auto id = static_cast<LpId>(lps_.size());
  lps_.push_back(&lp);
  contexts_.push_back(std::make_unique<LpContext>(*this, id));
  owner_.push_back(ranks_ ? ranks_->rank() : 0);
  local_.push_back(id);
  return id;
}

LpId Simulator::add_elsewhere(int rank) {
  if (initialized_) throw std::logic_error("LPs must be added before the simulation starts");
  if (!ranks_) throw std::logic_error("an LP on another rank needs a simulator spread over ranks");
  if (rank < 0 || rank >= ranks_->ranks() || rank == ranks_->rank()) {
    throw std::invalid_argument("no other rank " + std::to_string(rank) + " to run an LP");
  }
  if (lps_.size() >= order_bits::kMaxLps) throw std::length_error("too many logical processes");
  const auto id = static_cast<LpId>(lps_.size());
  lps_.push_back(nullptr);
  contexts_.push_back(nullptr);
  owner_.push_back(rank);
  return id;
}

const LpContext& Simulator::context(LpId id) const {
  if (id >= contexts_.size() || !contexts_[id]) {
    throw std::out_of_range("LP " + std::to_string(id) + " is not run by this rank");
  }
  return *contexts_[id];
}

void Simulator::deliver(LpContext& to, const Event& event, std::size_t slot) {
  to.inbox_[send_parity_][slot].events.push_back(event);
}

void Simulator::post_elsewhere(const Event& event, std::size_t slot) {
  outbox_[slot][static_cast<std::size_t>(owner_[event.target])].push_back(event);
}

// Between windows, on one thread: each rank's messages go to it, and those that come here join
// their targets' inboxes for the next window (which sorts them, so their order here is free).
void Simulator::exchange_between_ranks() {
  if (!ranks_) return;
  for (auto& list : outgoing_) list.clear();
  for (auto& by_rank : outbox_) {
    for (std::size_t r = 0; r < by_rank.size(); ++r) {
      stats_.messages_between_ranks += by_rank[r].size();
      outgoing_[r].insert(outgoing_[r].end(), by_rank[r].begin(), by_rank[r].end());
      by_rank[r].clear();
    }
  }
  incoming_.clear();
  ranks_->exchange(outgoing_, incoming_);
  for (const Event& event : incoming_) {
    if (event.target >= contexts_.size() || !contexts_[event.target]) {
      throw std::logic_error("a message came to rank " + std::to_string(ranks_->rank()) + " for LP " +
                             std::to_string(event.target) + ", which it does not run");
    }
    deliver(*contexts_[event.target], event, 0);
  }
}

// Every thread that may run an LP gets an inbox slot of its own in every LP.
void Simulator::ensure_inbox_slots() {
  const auto slots = static_cast<std::size_t>(std::max(1, tbb::this_task_arena::max_concurrency()));
  if (slots <= inbox_slots_) return;
  for (LpId id : local_) {
    for (auto& inbox : contexts_[id]->inbox_) inbox.resize(slots);
  }
  const auto ranks = static_cast<std::size_t>(ranks_ ? ranks_->ranks() : 1);
  outbox_.resize(slots, std::vector<std::vector<Event>>(ranks));
  outgoing_.resize(ranks);
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
  for_each_index(local_.size(), [&](std::size_t i) {
    LpContext& context = *contexts_[local_[i]];
    context.sending_slot_ = current_slot();
    lps_[local_[i]]->initialize(context);
  });
  exchange_between_ranks();
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
  for (LpId id : local_) {
    const LpContext& context = *contexts_[id];
    earliest = std::min(earliest, context.earliest_sent_);
    if (!context.queue_.empty()) earliest = std::min(earliest, context.queue_.top_time());
  }
  return ranks_ ? ranks_->earliest(earliest) : earliest;
}

void Simulator::set_blocks(std::vector<std::vector<LpId>> blocks) {
  std::vector<int> seen(lps_.size(), 0);
  for (const auto& block : blocks) {
    for (LpId lp : block) {
      if (lp >= lps_.size() || !contexts_[lp] || seen[lp]++) {
        throw std::invalid_argument("blocks must hold every LP of this rank exactly once");
      }
    }
  }
  for (LpId lp : local_) {
    if (seen[lp] != 1 && !blocks.empty()) {
      throw std::invalid_argument("blocks must hold every LP of this rank exactly once");
    }
  }
  blocks_ = std::move(blocks);
}

RunStats Simulator::run_until(Tick end) {
  const RunStats before = stats_;  // messages sent by initialize() count in the first call
  if (!initialized_) initialize_all();
  ensure_inbox_slots();
  const bool one_window = lps_.size() <= 1;
  Tick start = earliest_pending();
  while (start < end) {
    const Tick window_end = (one_window || lookahead_ >= end - start) ? end : start + lookahead_;
    const unsigned inbox_parity = send_parity_ ^ 1U;
    if (blocks_.empty()) {
      start = min_over_indices(local_.size(), kTickInfinity, [&](std::size_t i) {
            return run_window(*contexts_[local_[i]], window_end, inbox_parity);
          }, window_loop_->affinity);
    } else {
      start = min_over_indices(blocks_.size(), kTickInfinity, [&](std::size_t b) {
            Tick earliest = kTickInfinity;
            for (LpId lp : blocks_[b]) earliest = std::min(earliest, run_window(*contexts_[lp], window_end, inbox_parity));
            return earliest;
          }, window_loop_->affinity);
    }
    if (ranks_) {
      exchange_between_ranks();
      start = ranks_->earliest(start);
    }
    send_parity_ ^= 1U;
    ++stats_.windows;
  }
  now_ = std::max(now_, end);
  std::uint64_t events = 0;
  for (LpId id : local_) events += contexts_[id]->events_handled_;
  stats_.events = ranks_ ? ranks_->total(events) : events;
  const std::uint64_t crossed = stats_.messages_between_ranks - before.messages_between_ranks;
  return RunStats{stats_.events - before.events, stats_.windows - before.windows,
                  ranks_ ? ranks_->total(crossed) : 0};
}

}  // namespace careflow::engine
