#include "experiment/automatic_warmup.hpp"

#include "experiment/results_over_ranks.hpp"
#include "model/simulate.hpp"

namespace careflow::experiment {

model::WarmupChoice choose_warmup(const scenario::Scenario& scenario, engine::ThreadScope& scope,
                                  const RankGroups& ranks) {
  model::ModelOptions options;
  options.keep_daily_series = true;
  model::WarmupChooser chooser;
  scope.run([&] {
    run_results_over_ranks(
        ranks, static_cast<std::size_t>(scenario.run.replications),
        [&](std::size_t r, engine::RankExchange* group) {
          auto run_options = options;
          run_options.ranks = group;
          model::ReplicationResult daily_only;
          daily_only.daily = model::simulate_replication(scenario, r, run_options).daily;
          return daily_only;
        },
        [&](std::size_t, model::ReplicationResult result) { chooser.add(result.daily); });
  });
  model::WarmupChoice choice;
  if (ranks.writes()) choice = chooser.choose();
  choice.days = ranks.from_rank_zero({choice.days}).at(0);
  return choice;
}

}  // namespace careflow::experiment
