#pragma once
// Ranks in one process, for tests: each rank is a thread of its own, and each collective call of
// engine::RankExchange waits for every rank (a mutex and condition variable, which sanitizers
// see into). The simulator's multi-rank paths are then tested without MPI, and under TSan.
//
//   ThreadRanks ranks(3);
//   ranks.run([&](engine::RankExchange& mine) { ... every rank's part ... });

#include <algorithm>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "engine/rank_exchange.hpp"

namespace careflow::testing {

class ThreadRanks {
 public:
  explicit ThreadRanks(int ranks) : ranks_(ranks), posted_(static_cast<std::size_t>(ranks)),
                                    ticks_(static_cast<std::size_t>(ranks)), counts_(static_cast<std::size_t>(ranks)),
                                    bytes_(static_cast<std::size_t>(ranks)) {}

  /// Runs part(rank's exchange) on one thread per rank and waits for them all.
  void run(const std::function<void(engine::RankExchange&)>& part) {
    std::vector<Rank> exchanges;
    for (int r = 0; r < ranks_; ++r) exchanges.emplace_back(*this, r);
    std::vector<std::thread> threads;
    for (int r = 0; r < ranks_; ++r) threads.emplace_back([&, r] { part(exchanges[static_cast<std::size_t>(r)]); });
    for (auto& thread : threads) thread.join();
  }

 private:
  class Rank final : public engine::RankExchange {
   public:
    Rank(ThreadRanks& all, int rank) : all_(all), rank_(rank) {}
    int rank() const override { return rank_; }
    int ranks() const override { return all_.ranks_; }
    void exchange(const std::vector<std::vector<engine::Event>>& outgoing,
                  std::vector<engine::Event>& incoming) override {
      all_.posted_[me()] = outgoing;
      all_.wait_for_every_rank();
      for (const auto& from : all_.posted_) incoming.insert(incoming.end(), from[me()].begin(), from[me()].end());
      all_.wait_for_every_rank();
    }
    engine::Tick earliest(engine::Tick local) override {
      all_.ticks_[me()] = local;
      all_.wait_for_every_rank();
      const auto least = *std::min_element(all_.ticks_.begin(), all_.ticks_.end());
      all_.wait_for_every_rank();
      return least;
    }
    std::uint64_t total(std::uint64_t local) override {
      all_.counts_[me()] = local;
      all_.wait_for_every_rank();
      std::uint64_t sum = 0;
      for (auto n : all_.counts_) sum += n;
      all_.wait_for_every_rank();
      return sum;
    }
    std::vector<std::string> gather(const std::string& bytes) override {
      all_.bytes_[me()] = bytes;
      all_.wait_for_every_rank();
      std::vector<std::string> parts;
      if (rank_ == 0) parts = all_.bytes_;
      all_.wait_for_every_rank();
      return parts;
    }
    std::string broadcast(const std::string& bytes) override {
      if (rank_ == 0) all_.bytes_[0] = bytes;
      all_.wait_for_every_rank();
      std::string copy = all_.bytes_[0];
      all_.wait_for_every_rank();
      return copy;
    }
    std::unique_ptr<engine::RankExchange> split(int) override {
      throw std::logic_error("ranks on threads do not split into groups (tests/mpi does)");
    }

   private:
    std::size_t me() const { return static_cast<std::size_t>(rank_); }
    ThreadRanks& all_;
    int rank_;
  };

  void wait_for_every_rank() {
    std::unique_lock lock(mutex_);
    const auto generation = generation_;
    if (++arrived_ == ranks_) {
      arrived_ = 0;
      ++generation_;
      all_arrived_.notify_all();
      return;
    }
    all_arrived_.wait(lock, [&] { return generation_ != generation; });
  }

  int ranks_;
  std::vector<std::vector<std::vector<engine::Event>>> posted_;
  std::vector<engine::Tick> ticks_;
  std::vector<std::uint64_t> counts_;
  std::vector<std::string> bytes_;
  std::mutex mutex_;
  std::condition_variable all_arrived_;
  int arrived_ = 0;
  std::uint64_t generation_ = 0;
};

}  // namespace careflow::testing
