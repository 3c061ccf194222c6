#include "serve/run_slots.hpp"

#include <algorithm>
#include <chrono>
#include <stdexcept>

namespace careflow::serve {

RunSlots::RunSlots(int running, int queued) : max_running_(running), max_queued_(queued) {
  if (running < 1 || queued < 0) throw std::invalid_argument("at least one run at once, and a queue of 0 or more");
}

std::optional<RunSlots::Ticket> RunSlots::join() {
  const std::lock_guard<std::mutex> lock(mutex_);
  // A request may start at once when a place is free; otherwise it needs room in the queue.
  const bool starts_now = waiting_.empty() && running_ < max_running_;
  if (!starts_now && static_cast<int>(waiting_.size()) >= max_queued_) return std::nullopt;
  const std::uint64_t id = next_id_++;
  waiting_.push_back(id);
  return Ticket(this, id);
}

bool RunSlots::Ticket::wait_for_turn(const std::function<bool()>& cancelled) {
  std::unique_lock<std::mutex> lock(slots_->mutex_);
  for (;;) {
    if (running_) return true;
    if (slots_->waiting_.front() == id_ && slots_->running_ < slots_->max_running_) {
      slots_->waiting_.pop_front();
      ++slots_->running_;
      running_ = true;
      slots_->changed_.notify_all();
      return true;
    }
    if (cancelled()) return false;
    slots_->changed_.wait_for(lock, std::chrono::milliseconds(50));
  }
}

int RunSlots::Ticket::ahead() const {
  const std::lock_guard<std::mutex> lock(slots_->mutex_);
  if (running_) return 0;
  const auto at = std::find(slots_->waiting_.begin(), slots_->waiting_.end(), id_);
  return static_cast<int>(at - slots_->waiting_.begin());
}

RunSlots::Ticket::~Ticket() {
  if (slots_) slots_->leave(*this);
}

void RunSlots::leave(Ticket& ticket) {
  const std::lock_guard<std::mutex> lock(mutex_);
  if (ticket.running_) {
    --running_;
  } else {
    const auto at = std::find(waiting_.begin(), waiting_.end(), ticket.id_);
    if (at != waiting_.end()) waiting_.erase(at);
  }
  changed_.notify_all();
}

RunSlots::Status RunSlots::status() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return {running_, static_cast<int>(waiting_.size()), max_running_, max_queued_};
}

}  // namespace careflow::serve
