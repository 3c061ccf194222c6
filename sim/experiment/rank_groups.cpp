#include "experiment/rank_groups.hpp"

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

RankGroups::RankGroups(engine::RankExchange& world, int ranks_per_group) : world_(&world) {
  check(world.ranks(), ranks_per_group);
  const int ranks = world.ranks();
  group_size_ = ranks_per_group;
  groups_ = ranks / ranks_per_group;
  group_index_ = world.rank() / ranks_per_group;
  rank_in_group_ = world.rank() % ranks_per_group;
  if (ranks_per_group > 1) group_ = world.split(group_index_);
}

}  // namespace careflow::experiment
