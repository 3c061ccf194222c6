#include "engine/simulator.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <stdexcept>
#include <string>

namespace careflow::engine {
namespace {

// Runs body(i) for every i in [0, n): in parallel when the current arena has more than one thread.
template <class Body>
void for_each_index(std::size_t n, const Body& body) {
  if (n == 1 || tbb::this_task_arena::max_concurrency() == 1) {
    for (std::size_t i = 0; i < n; ++i) body(i);
    return;
  }
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n), [&](const auto& range) {
    for (std::size_t i = range.begin(); i != range.end(); ++i) body(i);
  });
}

}  // namespace

std::uint32_t LpContext::lp_count() const { return simulator_->lp_count(); }
Tick LpContext::lookahead() const { return simulator_->lookahead(); }

void LpContext::schedule_at(Tick time, EventKind kind, std::uint64_t payload, Priority priority) {
  if (time < now_) {
    throw std::logic_error("LP " + std::to_string(self_) + " scheduled an event in the past");
  }
  queue_.push(make_event(time, kind, payload, priority));
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
  Event event = make_event(now_ + delay, kind, payload, priority);
  event.target = target;
  earliest_sent_ = std::min(earliest_sent_, event.time);
  simulator_->deliver(*simulator_->contexts_[target], event);
}

Simulator::Simulator(Tick lookahead) : lookahead_(lookahead) {
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

void Simulator::deliver(LpContext& to, const Event& event) {
  const std::lock_guard<std::mutex> lock(to.inbox_mutex_);
  to.inbox_[send_parity_].push_back(event);
}

void Simulator::initialize_all() {
  if (lps_.size() > 1 && lookahead_ < 1) {
    throw std::invalid_argument("a simulator with several LPs needs a lookahead of at least 1 tick");
  }
  initialized_ = true;
  for_each_index(lps_.size(), [&](std::size_t i) { lps_[i]->initialize(*contexts_[i]); });
  send_parity_ ^= 1U;
}

// Messages reach the queue sorted into the global event order, so the queue is built the same
// way whatever order the senders' threads appended them in.
void Simulator::take_inbox(LpContext& context, unsigned parity) {
  auto& inbox = context.inbox_[parity];
  if (inbox.empty()) return;
  std::sort(inbox.begin(), inbox.end(), precedes);
  for (const Event& event : inbox) context.queue_.push(event);
  inbox.clear();
}

void Simulator::run_window(LpContext& context, Tick window_end, unsigned inbox_parity) {
  context.earliest_sent_ = kTickInfinity;
  take_inbox(context, inbox_parity);
  LogicalProcess& lp = *lps_[context.self_];
  auto& queue = context.queue_;
  while (!queue.empty() && queue.top().time < window_end) {
    const Event event = queue.pop();
    context.now_ = event.time;
    lp.handle(event, context);
    ++context.events_handled_;
  }
}

Tick Simulator::earliest_pending() const {
  Tick earliest = kTickInfinity;
  for (const auto& context : contexts_) {
    earliest = std::min(earliest, context->earliest_sent_);
    if (!context->queue_.empty()) earliest = std::min(earliest, context->queue_.top().time);
  }
  return earliest;
}

RunStats Simulator::run_until(Tick end) {
  if (!initialized_) initialize_all();
  const RunStats before = stats_;
  const bool one_window = lps_.size() <= 1;
  for (;;) {
    const Tick start = earliest_pending();
    if (start >= end) break;
    const Tick window_end = (one_window || lookahead_ >= end - start) ? end : start + lookahead_;
    const unsigned inbox_parity = send_parity_ ^ 1U;
    for_each_index(contexts_.size(),
                   [&](std::size_t i) { run_window(*contexts_[i], window_end, inbox_parity); });
    send_parity_ ^= 1U;
    ++stats_.windows;
  }
  now_ = std::max(now_, end);
  stats_.events = 0;
  for (const auto& context : contexts_) stats_.events += context->events_handled_;
  return RunStats{stats_.events - before.events, stats_.windows - before.windows};
}

}  // namespace careflow::engine
