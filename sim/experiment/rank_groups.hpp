#pragma once
// The ranks (processes) of a launch in groups of consecutive ranks. Each group runs one task at a
// time on all its ranks together (a replication of several care systems, spread over them), or,
// in groups of one rank, several at a time on the rank's threads. World rank 0 writes.

#include <memory>
#include <optional>
#include <vector>

#include "engine/rank_exchange.hpp"
#include "scenario/scenario.hpp"

namespace careflow::experiment {

class RankGroups {
 public:
  /// One process: no ranks.
  RankGroups() = default;
  /// Groups of `ranks_per_group` of the world's ranks (collective; a whole number of groups).
  RankGroups(engine::RankExchange& world, int ranks_per_group);
  /// Throws std::invalid_argument unless `ranks` split into groups of `ranks_per_group` (not
  /// collective: a check every rank makes alike before any of them splits).
  static void check(int ranks, int ranks_per_group);
  /// The ranks per replication: as `asked` (--ranks-per-replication), else every rank for a
  /// scenario of several care systems (spread over them) and one otherwise (replications spread).
  static int group_size_for(std::optional<int> asked, const scenario::Scenario& scenario, int ranks);

  engine::RankExchange* world() const { return world_; }
  /// The ranks of this rank's group, for a simulator spread over them; null in groups of one.
  engine::RankExchange* group() const { return group_.get(); }
  int groups() const { return groups_; }
  int group_size() const { return group_size_; }
  int group_index() const { return group_index_; }
  /// This rank is its group's first, the one that holds the group's results.
  bool leads_group() const { return rank_in_group_ == 0; }
  /// Rank 0's `values` on every rank, bit for bit (unchanged with one process).
  std::vector<double> from_rank_zero(std::vector<double> values) const;
  /// World rank 0 (or the one process): the rank that prints and writes.
  bool writes() const { return !world_ || world_->rank() == 0; }

 private:
  engine::RankExchange* world_ = nullptr;
  std::unique_ptr<engine::RankExchange> group_;
  int groups_ = 1;
  int group_size_ = 1;
  int group_index_ = 0;
  int rank_in_group_ = 0;
};

}  // namespace careflow::experiment
