#include "demo/multi_server_queue.hpp"

#include <boost/random/exponential_distribution.hpp>

#include "engine/simulator.hpp"

namespace careflow::demo {
namespace {

enum Kind : engine::EventKind { kArrival, kDeparture };
enum Purpose : std::uint32_t { kArrivalStream, kServiceStream };
// Departures free a server before a simultaneous arrival looks for one.
constexpr engine::Priority kDeparturePriority = 0;
constexpr engine::Priority kArrivalPriority = 1;

}  // namespace

MultiServerQueue::MultiServerQueue(const MultiServerConfig& config, std::uint64_t seed,
                                   std::uint64_t replication)
    : config_(config),
      warmup_(engine::ticks_from_days(config.warmup_days)),
      arrivals_({.seed = seed, .replication = replication, .lp = 0, .purpose = kArrivalStream}),
      services_({.seed = seed, .replication = replication, .lp = 0, .purpose = kServiceStream}) {}

engine::Tick MultiServerQueue::draw_exponential(engine::RandomStream& stream, double mean_days) {
  boost::random::exponential_distribution<double> exponential(1.0 / mean_days);
  return engine::ticks_from_days(exponential(stream));
}

void MultiServerQueue::initialize(engine::LpContext& context) {
  context.schedule(draw_exponential(arrivals_, 1.0 / config_.arrival_rate), kArrival, 0,
                   kArrivalPriority);
}

void MultiServerQueue::start_service(engine::Tick arrived, engine::LpContext& context) {
  ++busy_;
  if (arrived >= warmup_) {
    ++result_.started;
    result_.total_wait_days += engine::days_from_ticks(context.now() - arrived);
  }
  context.schedule(draw_exponential(services_, config_.mean_service), kDeparture, 0,
                   kDeparturePriority);
}

void MultiServerQueue::handle(const engine::Event& event, engine::LpContext& context) {
  ++result_.events;
  const engine::Tick now = context.now();
  if (event.kind == kArrival) {
    context.schedule(draw_exponential(arrivals_, 1.0 / config_.arrival_rate), kArrival, 0,
                     kArrivalPriority);
    const bool measured = now >= warmup_;
    if (measured) ++result_.arrivals;
    if (busy_ < config_.servers) {
      start_service(now, context);
    } else if (!config_.queue_limit || waiting_.size() < *config_.queue_limit) {
      waiting_.push(now);
    } else if (measured) {
      ++result_.blocked;
    }
    return;
  }
  --busy_;
  if (!waiting_.empty()) start_service(waiting_.pop(), context);
}

MultiServerResult simulate_multi_server(const MultiServerConfig& config, std::uint64_t seed,
                                        std::uint64_t replication) {
  MultiServerQueue queue(config, seed, replication);
  engine::Simulator simulator(engine::kTicksPerDay);
  simulator.add(queue);
  simulator.run_until(engine::ticks_from_days(config.horizon_days));
  return queue.result();
}

}  // namespace careflow::demo
