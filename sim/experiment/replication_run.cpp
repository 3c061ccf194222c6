#include "experiment/replication_run.hpp"

#include <string>

#include "experiment/results_over_ranks.hpp"
#include "model/simulate.hpp"

namespace careflow::experiment {

model::SteadyState run_replications(const scenario::Scenario& scenario, model::ModelOptions options,
                                    output::ResultSink* sink, const output::RunInfo& info, const RankGroups& ranks,
                                    const ReplicationHooks& hooks) {
  options.keep_daily_series = true;  // the steady-state test reads every replication's daily series
  if (sink) {
    const auto wanted = sink->records_wanted();
    options.keep_patient_records = wanted.patients;
    options.keep_event_log = wanted.events;
    sink->begin(scenario, info);
  }
  // The other ranks keep the records rank 0's sink wants, as they send it what they run.
  if (ranks.world()) {
    const std::string wanted{options.keep_patient_records ? '1' : '0', options.keep_event_log ? '1' : '0'};
    const auto said = ranks.world()->broadcast(wanted);
    options.keep_patient_records = said[0] == '1';
    options.keep_event_log = said[1] == '1';
  }
  model::SteadyStateMonitor steady_state(scenario.run.warmup_days);
  run_results_over_ranks(
      ranks, static_cast<std::size_t>(scenario.run.replications),
      [&](std::size_t r, engine::RankExchange* group) {
        if (hooks.starting) hooks.starting();
        auto run_options = options;
        run_options.ranks = group;
        return model::simulate_replication(scenario, r, run_options);
      },
      [&](std::size_t r, model::ReplicationResult result) {
        steady_state.add(r, result.daily);
        if (sink) sink->replication(r, result);
        if (hooks.each) hooks.each(r, std::move(result));
      });
  auto state = steady_state.result();
  if (sink) {
    sink->steady_state(state);
    sink->commit();
  }
  return state;
}

}  // namespace careflow::experiment
