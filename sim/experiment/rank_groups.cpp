#include "experiment/rank_groups.hpp"

#include <cstring>
#include <stdexcept>
#include <string>

namespace careflow::experiment {

void RankGroups::check(int ranks, int ranks_per_group) {
  if (ranks_per_group < 1 || ranks % ranks_per_group != 0) {
    throw std::invalid_argument(std::to_string(ranks) + " ranks cannot be split into groups of " +
                                std::to_string(ranks_per_group) + " ranks per replication: launch a multiple of " +
                                std::to_string(ranks_per_group) + " ranks");
  }
}

int RankGroups::group_size_for(std::optional<int> asked, const scenario::Scenario& scenario, int ranks) {
  if (asked) return *asked;
  return scenario.systems.empty() ? 1 : ranks;
}

RankGroups::RankGroups(engine::RankExchange& world, int ranks_per_group) : world_(&world) {
  check(world.ranks(), ranks_per_group);
  const int ranks = world.ranks();
  group_size_ = ranks_per_group;
  groups_ = ranks / ranks_per_group;
  group_index_ = world.rank() / ranks_per_group;
  rank_in_group_ = world.rank() % ranks_per_group;
  if (ranks_per_group > 1) group_ = world.split(group_index_);
}

std::vector<double> RankGroups::from_rank_zero(std::vector<double> values) const {
  if (!world_) return values;
  std::string bytes(values.size() * sizeof(double), '\0');
  if (!values.empty()) std::memcpy(bytes.data(), values.data(), bytes.size());
  bytes = world_->broadcast(bytes);
  values.resize(bytes.size() / sizeof(double));
  if (!values.empty()) std::memcpy(values.data(), bytes.data(), bytes.size());
  return values;
}

}  // namespace careflow::experiment
