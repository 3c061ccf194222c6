#include "phold/phold_model.hpp"

#include <boost/random/exponential_distribution.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <cmath>
#include <cstring>
#include <string>
#include <memory>
#include <stdexcept>
#include <vector>

#include "engine/random_stream.hpp"
#include "engine/simulator.hpp"

namespace careflow::phold {
namespace detail {

engine::Tick ticks_from_units(double units) {
  return static_cast<engine::Tick>(std::llround(units * static_cast<double>(kTicksPerUnit)));
}

namespace {
std::uint64_t splitmix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}
}  // namespace

std::uint64_t mix(std::uint64_t hash, std::uint64_t value) {
  return splitmix(hash ^ splitmix(value));
}

}  // namespace detail

namespace {

using engine::Tick;
using detail::mix;
using detail::ticks_from_units;
using namespace detail;  // stream purposes

class PholdLp final : public engine::LogicalProcess {
 public:
  PholdLp(const PholdConfig& config, std::uint32_t id)
      : config_(config),
        id_(id),
        lookahead_(ticks_from_units(config.lookahead)),
        end_(ticks_from_units(config.end)),
        delay_(1.0 / static_cast<double>(ticks_from_units(config.mean))),
        target_(0, config.lps - 1),
        delays_({.seed = config.seed, .lp = id, .purpose = kDelayStream}),
        remotes_({.seed = config.seed, .lp = id, .purpose = kRemoteStream}),
        targets_({.seed = config.seed, .lp = id, .purpose = kTargetStream}) {}

  void initialize(engine::LpContext& context) override {
    for (std::uint32_t i = 0; i < config_.events_per_lp; ++i) create_next(context);
  }

  void handle(const engine::Event& event, engine::LpContext& context) override {
    state_ = mix(state_, static_cast<std::uint64_t>(event.time));
    state_ = mix(state_, event.order);
    create_next(context);
  }

  std::uint64_t state() const { return state_; }
  engine::LpId id() const { return id_; }

 private:
  void create_next(engine::LpContext& context) {
    const Tick delay = lookahead_ + static_cast<Tick>(delay_(delays_));
    if (context.now() + delay >= end_) return;
    const bool remote = remotes_.uniform01() < config_.remote;
    const engine::LpId target = remote ? target_(targets_) : context.self();
    context.send(target, delay, 0);
  }

  const PholdConfig& config_;
  engine::LpId id_;
  Tick lookahead_;
  Tick end_;
  boost::random::exponential_distribution<double> delay_;
  boost::random::uniform_int_distribution<std::uint32_t> target_;
  engine::RandomStream delays_;
  engine::RandomStream remotes_;
  engine::RandomStream targets_;
  std::uint64_t state_ = 0;
};

}  // namespace

namespace {

// Each LP's final state and event count, in LP order, on rank 0 (every rank holds a block).
std::vector<std::uint64_t> lp_summaries(const std::vector<std::uint64_t>& mine, engine::RankExchange* ranks) {
  if (!ranks) return mine;
  std::string bytes(mine.size() * sizeof(std::uint64_t), '\0');
  if (!mine.empty()) std::memcpy(bytes.data(), mine.data(), bytes.size());  // a rank may run no LP
  std::vector<std::uint64_t> all;
  for (const std::string& part : ranks->gather(bytes)) {
    const std::size_t first = all.size();
    all.resize(first + part.size() / sizeof(std::uint64_t));
    if (!part.empty()) std::memcpy(all.data() + first, part.data(), part.size());
  }
  return all;
}

}  // namespace

PholdResult run_phold(const PholdConfig& config, engine::RankExchange* ranks) {
  if (config.lps == 0) throw std::invalid_argument("PHOLD needs at least one LP");
  if (!(config.remote >= 0.0 && config.remote <= 1.0)) {
    throw std::invalid_argument("remote must be a probability");
  }
  if (!(config.mean > 0.0)) throw std::invalid_argument("mean must be positive");
  if (!(config.lookahead > 0.0)) throw std::invalid_argument("lookahead must be positive");
  if (ticks_from_units(config.lookahead) < 1) throw std::invalid_argument("lookahead below one tick");

  engine::Simulator simulator(ticks_from_units(config.lookahead), ranks);
  const int rank = ranks ? ranks->rank() : 0;
  const int rank_count = ranks ? ranks->ranks() : 1;
  std::vector<std::unique_ptr<PholdLp>> lps;
  for (std::uint32_t i = 0; i < config.lps; ++i) {
    const int owner = engine::block_owner(i, config.lps, rank_count);
    if (owner != rank) {
      simulator.add_elsewhere(owner);
      continue;
    }
    lps.push_back(std::make_unique<PholdLp>(config, i));
    simulator.add(*lps.back());
  }
  const auto stats = simulator.run_until(ticks_from_units(config.end));

  std::vector<std::uint64_t> mine;
  for (const auto& lp : lps) {
    mine.push_back(lp->state());
    mine.push_back(simulator.context(lp->id()).events_handled());
  }
  PholdResult result{stats.events, stats.windows, 0, rank_count, stats.messages_between_ranks};
  const auto all = lp_summaries(mine, ranks);
  for (std::uint64_t value : all) result.checksum = mix(result.checksum, value);
  return result;
}

}  // namespace careflow::phold
