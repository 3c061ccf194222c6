#pragma once
// The M/M/c queue and the M/M/c/c loss system, written directly on the engine as one logical
// process: the demonstration run of `careflow demo` and the engine's check against Erlang B and C.

#include <cstdint>
#include <optional>

#include "engine/logical_process.hpp"
#include "engine/random_stream.hpp"
#include "engine/ring_queue.hpp"

namespace careflow::demo {

struct MultiServerConfig {
  int servers = 3;
  double arrival_rate = 2.4;      ///< arrivals per day (Poisson)
  double mean_service = 1.0;      ///< days (exponential)
  std::optional<std::size_t> queue_limit;  ///< waiting places; none = unlimited, 0 = loss system
  double warmup_days = 1'000.0;   ///< arrivals before this are not measured
  double horizon_days = 20'000.0; ///< the run stops here
};

struct MultiServerResult {
  std::uint64_t arrivals = 0;  ///< measured arrivals (after warm-up)
  std::uint64_t blocked = 0;   ///< measured arrivals turned away
  std::uint64_t started = 0;   ///< measured arrivals that began service
  double total_wait_days = 0;  ///< summed over `started`
  std::uint64_t events = 0;    ///< engine events handled

  double mean_wait_days() const { return started ? total_wait_days / static_cast<double>(started) : 0; }
  double blocking_probability() const {
    return arrivals ? static_cast<double>(blocked) / static_cast<double>(arrivals) : 0;
  }
};

class MultiServerQueue final : public engine::LogicalProcess {
 public:
  MultiServerQueue(const MultiServerConfig& config, std::uint64_t seed, std::uint64_t replication);

  void initialize(engine::LpContext& context) override;
  void handle(const engine::Event& event, engine::LpContext& context) override;

  const MultiServerResult& result() const { return result_; }

 private:
  void start_service(engine::Tick arrived, engine::LpContext& context);
  engine::Tick draw_exponential(engine::RandomStream& stream, double mean_days);

  MultiServerConfig config_;
  engine::Tick warmup_;
  engine::RandomStream arrivals_;
  engine::RandomStream services_;
  int busy_ = 0;
  engine::RingQueue<engine::Tick> waiting_;  // arrival times, first come first served
  MultiServerResult result_;
};

/// Runs one replication to the horizon and returns its measures.
MultiServerResult simulate_multi_server(const MultiServerConfig& config, std::uint64_t seed,
                                        std::uint64_t replication);

}  // namespace careflow::demo
