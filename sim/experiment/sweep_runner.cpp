#include "experiment/sweep_runner.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <limits>
#include <memory>
#include <unordered_map>

#include "engine/parallelism.hpp"
#include "experiment/results_over_ranks.hpp"
#include "model/simulate.hpp"
#include "model/warmup.hpp"
#include "output/hdf5_sink.hpp"

namespace careflow::experiment {
namespace {

// Points loaded and run together: enough tasks to keep every thread busy between batches, few
// enough scenarios in memory at once.
constexpr std::size_t kBatchPoints = 32;

// A point while its replications come in.
struct OpenPoint {
  PointResult result;
  std::optional<model::SteadyStateMonitor> monitor;
  std::vector<int> kept;  ///< the plan's index of each of the point's measures (-1: not kept)
  std::unique_ptr<output::Hdf5Sink> trace;
};

model::ReplicationResult run_one(const scenario::Scenario& scenario, std::size_t replication,
                                 model::ModelOptions options, engine::RankExchange* group) {
  options.ranks = group;
  return model::simulate_replication(scenario, replication, options);
}

void choose_warmups(std::vector<scenario::Scenario>& scenarios, const RankGroups& ranks) {
  std::vector<std::size_t> automatic;
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    if (scenarios[i].run.warmup_auto) automatic.push_back(i);
  }
  if (automatic.empty()) return;
  const auto replications = static_cast<std::size_t>(scenarios[automatic.front()].run.replications);
  std::vector<model::WarmupChooser> choosers(automatic.size());
  model::ModelOptions options;
  options.keep_daily_series = true;
  run_results_over_ranks(
      ranks, automatic.size() * replications,
      [&](std::size_t t, engine::RankExchange* group) {
        auto result = run_one(scenarios[automatic[t / replications]], t % replications, options, group);
        model::ReplicationResult daily_only;
        daily_only.daily = std::move(result.daily);
        return daily_only;
      },
      [&](std::size_t t, model::ReplicationResult result) { choosers[t / replications].add(result.daily); });
  // Rank 0 chose them; every rank runs with them.
  std::vector<double> days(automatic.size(), 0.0);
  if (ranks.writes()) {
    for (std::size_t i = 0; i < automatic.size(); ++i) days[i] = choosers[i].choose().days;
  }
  days = ranks.from_rank_zero(std::move(days));
  for (std::size_t i = 0; i < automatic.size(); ++i) scenarios[automatic[i]].run.warmup_days = days[i];
}

}  // namespace

std::filesystem::path point_trace_path(const std::filesystem::path& folder, std::size_t point) {
  return folder / fmt::format("point_{:05}.h5", point);
}

void run_sweep(const SweepPlan& plan, std::size_t first_point, const SweepCallbacks& callbacks,
               const std::optional<PointTraces>& traces, const RankGroups& ranks) {
  const auto replications = static_cast<std::size_t>(plan.replications());
  const std::size_t measures = plan.measure_names.size();
  std::unordered_map<std::string, int> kept_index;
  for (std::size_t m = 0; m < measures; ++m) kept_index.emplace(plan.measure_names[m], static_cast<int>(m));
  model::ModelOptions options;
  options.keep_daily_series = true;  // the steady-state test reads every replication's daily series
  options.keep_patient_records = traces.has_value();

  for (std::size_t batch = first_point; batch < plan.points(); batch += kBatchPoints) {
    const std::size_t end = std::min(plan.points(), batch + kBatchPoints);
    std::vector<scenario::Scenario> scenarios;
    for (std::size_t p = batch; p < end; ++p) scenarios.push_back(plan.scenario(p));
    choose_warmups(scenarios, ranks);
    OpenPoint open;
    const bool over_ranks = ranks.world() != nullptr;
    run_results_over_ranks(
        ranks, (end - batch) * replications,
        [&](std::size_t t, engine::RankExchange* group) {
          auto result = run_one(scenarios[t / replications], t % replications, options, group);
          if (callbacks.replication_done && !over_ranks) callbacks.replication_done();
          return result;
        },
        [&](std::size_t t, model::ReplicationResult result) {
          if (callbacks.replication_done && over_ranks) callbacks.replication_done();
          const std::size_t point = batch + t / replications, r = t % replications;
          const auto& scenario = scenarios[t / replications];
          if (r == 0) {
            open = OpenPoint{};
            open.result.point = point;
            open.result.warmup_days = scenario.run.warmup_days;
            open.result.values.assign(replications * measures, std::numeric_limits<double>::quiet_NaN());
            open.monitor.emplace(scenario.run.warmup_days);
            for (const auto& m : result.measures) {
              const auto found = kept_index.find(m.name);
              open.kept.push_back(found == kept_index.end() ? -1 : found->second);
            }
            if (traces) {
              open.trace = std::make_unique<output::Hdf5Sink>(point_trace_path(traces->folder, point),
                                                              output::TraceLevel::patients);
              open.trace->begin(scenario, {traces->careflow_version, traces->command_line, scenario.run.seed,
                                           scenario.run.replications});
            }
          }
          for (std::size_t i = 0; i < result.measures.size() && i < open.kept.size(); ++i) {
            if (open.kept[i] >= 0) open.result.values[r * measures + static_cast<std::size_t>(open.kept[i])] = result.measures[i].value;
          }
          open.result.events.push_back(result.events);
          open.monitor->add(r, result.daily);
          if (open.trace) open.trace->replication(r, result);
          if (r + 1 == replications) {
            open.result.steady_state = open.monitor->result();
            if (open.trace) {
              open.trace->steady_state(open.result.steady_state);
              open.trace->commit();
              open.trace.reset();
            }
            callbacks.point_done(open.result);
          }
        });
  }
}

}  // namespace careflow::experiment
