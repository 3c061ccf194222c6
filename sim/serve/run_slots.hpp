#pragma once
// How many requests run at once: up to `running` run, up to `queued` more wait their turn in the
// order they came, and any beyond are refused (the server answers 429). A place is held by a
// Ticket and given up when the ticket goes, whether the run finished, failed or was cancelled.

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>

namespace careflow::serve {

class RunSlots {
 public:
  RunSlots(int running, int queued);

  class Ticket {
   public:
    Ticket(Ticket&& other) noexcept : slots_(std::exchange(other.slots_, nullptr)), id_(other.id_), running_(other.running_) {}
    Ticket& operator=(Ticket&&) = delete;
    Ticket(const Ticket&) = delete;
    ~Ticket();

    /// Waits until this ticket may run; false when `cancelled()` came true first (checked at
    /// least every 50 ms).
    bool wait_for_turn(const std::function<bool()>& cancelled);
    /// Requests ahead of this one in the queue (0 once running).
    int ahead() const;

   private:
    friend class RunSlots;
    Ticket(RunSlots* slots, std::uint64_t id) : slots_(slots), id_(id) {}
    RunSlots* slots_;
    std::uint64_t id_;
    bool running_ = false;
  };

  /// A place in the queue, or none when the queue is full.
  std::optional<Ticket> join();

  struct Status {
    int running = 0, queued = 0, max_running = 0, max_queued = 0;
  };
  Status status() const;

 private:
  void leave(Ticket& ticket);
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  int max_running_, max_queued_;
  int running_ = 0;
  std::deque<std::uint64_t> waiting_;
  std::uint64_t next_id_ = 0;
};

}  // namespace careflow::serve
