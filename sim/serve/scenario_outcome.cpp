#include "serve/scenario_outcome.hpp"

#include <cmath>

#include "experiment/automatic_warmup.hpp"
#include "experiment/replication_run.hpp"
#include "model/steady_state.hpp"

namespace careflow::serve {
namespace {

// Adds one replication's daily series to the running sums (acute units are those with an NCTR).
class DailySums {
 public:
  void add(const model::DailySeries& d) {
    ++replications_;
    for (std::size_t row = 0; row < d.rows(); ++row) {
      const std::size_t day = d.day[row];
      if (day >= occupied_.size()) grow(day + 1);
      if (std::isnan(d.nctr[row])) {
        waiting_[day] += d.queue[row];
      } else {
        occupied_[day] += d.occupied[row];
        beds_[day] += d.capacity[row];
        nctr_[day] += d.nctr[row];
        admission_queue_[day] += d.queue[row];
      }
    }
  }
  DailyMeans means() const {
    DailyMeans m;
    const auto n = static_cast<double>(replications_);
    for (std::size_t day = 0; day < occupied_.size(); ++day) {
      m.occupancy.push_back(beds_[day] > 0 ? occupied_[day] / beds_[day] : 0.0);
      m.nctr.push_back(nctr_[day] / n);
      m.admission_queue.push_back(admission_queue_[day] / n);
      m.community_waiting.push_back(waiting_[day] / n);
    }
    return m;
  }

 private:
  void grow(std::size_t days) {
    for (auto* v : {&occupied_, &beds_, &nctr_, &admission_queue_, &waiting_}) v->resize(days, 0.0);
  }
  std::size_t replications_ = 0;
  std::vector<double> occupied_, beds_, nctr_, admission_queue_, waiting_;
};

}  // namespace

ScenarioOutcome run_scenario_outcome(scenario::Scenario scenario, engine::ThreadScope& scope,
                                     const std::atomic<bool>& stop, const std::function<void()>& one_done,
                                     output::ResultSink* sink) {
  ScenarioOutcome outcome;
  if (scenario.run.warmup_auto) {
    outcome.warmup = experiment::choose_warmup(scenario, scope);
    scenario.run.warmup_days = outcome.warmup->days;
  }
  if (stop.load()) throw model::RunStopped();
  outcome.warmup_days = scenario.run.warmup_days;

  model::ModelOptions options;
  options.stop_requested = [&stop] { return stop.load(std::memory_order_relaxed); };
  DailySums daily;
  auto& runs = outcome.runs;
  runs.label = scenario.name;
  runs.seed = scenario.run.seed;
  runs.values.resize(static_cast<std::size_t>(scenario.run.replications));
  const auto state = scope.run([&] {
    return experiment::run_replications(
        scenario, options, sink, {CAREFLOW_VERSION, "careflow serve", scenario.run.seed, scenario.run.replications},
        experiment::RankGroups(),
        {.starting = [&] { if (stop.load(std::memory_order_relaxed)) throw model::RunStopped(); },
         .each = [&](std::size_t r, model::ReplicationResult result) {
           one_done();
           daily.add(result.daily);
           if (runs.measure_names.empty()) {
             for (const auto& m : result.measures) {
               runs.measure_names.push_back(m.name);
               runs.measure_units.push_back(m.unit);
             }
           }
           for (const auto& m : result.measures) runs.values[r].push_back(m.value);
           outcome.events += result.events;
         }});
  });
  runs.steady_state_warning = state.warning();
  outcome.daily = daily.means();
  return outcome;
}

}  // namespace careflow::serve
