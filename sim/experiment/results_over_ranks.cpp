#include "experiment/results_over_ranks.hpp"

#include <tbb/task_arena.h>

#include <algorithm>

#include "engine/parallelism.hpp"
#include "model/replication_result_bytes.hpp"

namespace careflow::experiment {

void run_results_over_ranks(const RankGroups& ranks, std::size_t count,
                            const std::function<model::ReplicationResult(std::size_t, engine::RankExchange*)>& task,
                            const std::function<void(std::size_t, model::ReplicationResult)>& consume) {
  engine::RankExchange* world = ranks.world();
  if (!world) {
    engine::run_replications_in_order<model::ReplicationResult>(
        count, [&](std::size_t t) { return task(t, nullptr); }, consume);
    return;
  }
  // A group of several ranks runs one task at a time, all its ranks in it; a group of one rank
  // runs as many at once as it has threads.
  const auto per_group = ranks.group_size() > 1
                             ? std::size_t{1}
                             : static_cast<std::size_t>(std::max(1, tbb::this_task_arena::max_concurrency()));
  const auto groups = static_cast<std::size_t>(ranks.groups());
  const auto mine = static_cast<std::size_t>(ranks.group_index());
  for (std::size_t round = 0; round < count; round += groups * per_group) {
    const std::size_t first = std::min(count, round + mine * per_group);
    const std::size_t last = std::min(count, first + per_group);
    auto results = engine::run_replications<model::ReplicationResult>(
        last - first, [&](std::size_t i) { return task(first + i, ranks.group()); });
    // Each group's first rank holds its results (the others' are empty: gathered there).
    const auto parts = world->gather(ranks.leads_group() ? model::to_bytes(results) : std::string());
    results.clear();
    if (!ranks.writes()) continue;
    std::size_t t = round;
    for (std::size_t g = 0; g < groups; ++g) {
      for (auto& result : model::results_from_bytes(parts[g * static_cast<std::size_t>(ranks.group_size())])) {
        consume(t++, std::move(result));
      }
    }
  }
}

}  // namespace careflow::experiment
