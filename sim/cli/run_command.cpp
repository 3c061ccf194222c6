#include "cli/run_command.hpp"

#include <fmt/core.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>

#include "cli/load_advice.hpp"
#include "cli/rank_setup.hpp"
#include "cli/stale_temporaries.hpp"
#include "cli/text_table.hpp"
#include "cli/version.hpp"
#include "engine/parallelism.hpp"
#include "experiment/automatic_warmup.hpp"
#include "experiment/rank_groups.hpp"
#include "experiment/replication_run.hpp"
#include "model/steady_state.hpp"
#include "model/warmup.hpp"
#include "output/csv_sink.hpp"
#include "output/hdf5_sink.hpp"
#include "output/output_error.hpp"
#include "scenario/care_network.hpp"
#include "scenario/scenario_loader.hpp"
#include "stats/summary.hpp"

namespace careflow::cli {
namespace {

// Counts finished replications on a terminal; silent when stderr is not one.
class Progress {
 public:
  Progress(int total, bool speaks) : total_(total), visible_(speaks && ::isatty(STDERR_FILENO) != 0) {}
  void one_done() {
    const int done = ++done_;
    if (!visible_) return;
    const std::lock_guard<std::mutex> lock(mutex_);
    fmt::print(stderr, "\r  {} of {} replications done{:12}", done, total_, "");
    if (done == total_) fmt::print(stderr, "\r{:50}\r", "");
  }
  /// Part of a replication done (a long run of several care systems reports as it goes).
  void part_done(double share) {
    if (!visible_) return;
    const std::lock_guard<std::mutex> lock(mutex_);
    partial_ += share;
    fmt::print(stderr, "\r  {} of {} replications done ({:.0f}%)", done_.load(), total_,
               100.0 * partial_ / total_);
  }

 private:
  int total_;
  bool visible_;
  std::atomic<int> done_{0};
  std::mutex mutex_;
  double partial_ = 0;
};

// One row per care system of a run of several: the main measures, means over replications.
void print_by_system(const scenario::Scenario& s, const std::vector<model::ReplicationResult>& results) {
  const std::vector<std::pair<const char*, const char*>> columns{
      {"admissions per day", "admissions/day"}, {"acute occupancy", "occupancy"}, {"ED wait", "ED wait h"},
      {"NCTR patients in acute beds", "NCTR"}, {"delay days", "delay days"},
      {"excess bed days per day", "excess bed days/day"}};
  fmt::print("\n  by care system (means over {} replications)\n  {:<6} {:<36}", results.size(), "code", "name");
  for (const auto& [measure, title] : columns) fmt::print(" {:>14}", title);
  fmt::print(" {:>11} {:>7}  region\n", "stay factor", "raised");
  for (std::size_t i = 0; i < s.systems.size(); ++i) {
    fmt::print("  {:<6} {:<36}", s.systems[i].code, short_system_name(s.systems[i].description, 36));
    for (const auto& [measure, title] : columns) {
      double sum = 0;
      for (const auto& r : results) sum += r.systems.at(i).value(measure);
      fmt::print(" {:>14.3f}", sum / static_cast<double>(results.size()));
    }
    fmt::print(" {:>11.3f} {:>7}  {}\n", s.systems[i].acute_stay_factor, s.systems[i].capacity_raised.size(),
               s.systems[i].region);
  }
  fmt::print("  stay factor: the template's acute stays stretched to the region's beds per admission; raised: community\n"
             "  services given more than their capacity per person 65+ to meet their referrals (docs/population.md)\n");
}

// How the run spreads: "2 threads", or over MPI how many ranks, and what they share.
std::string describe_ranks(const experiment::RankGroups& ranks, unsigned threads) {
  if (!ranks.world()) return fmt::format("{} threads", threads);
  const int all = ranks.world()->ranks();
  if (ranks.group_size() == 1) return fmt::format("{} ranks x {} threads, replications spread over the ranks", all, threads);
  if (ranks.groups() == 1) return fmt::format("{} ranks x {} threads, each replication's care systems spread over them", all, threads);
  return fmt::format("{} ranks x {} threads: {} groups of {} ranks, each running a replication's care systems", all,
                     threads, ranks.groups(), ranks.group_size());
}

void print_steady_state(const model::SteadyState& state) {
  const auto warning = state.warning();
  if (warning.empty()) return;
  fmt::print("  warning: {}\n", warning);
  fmt::print("  (tested on each unit's daily series: {}; see docs/model.md)\n\n", state.method);
}

void print_summary(const scenario::Scenario& s, const std::vector<model::ReplicationResult>& results,
                   double seconds, unsigned threads, const experiment::RankGroups& ranks,
                   const model::SteadyState& state,
                   const std::vector<scenario::UnitLoad>& loads, const std::optional<model::WarmupChoice>& warmup) {
  std::uint64_t events = 0;
  for (const auto& r : results) events += r.events;
  fmt::print("careflow run: {}{}\n", s.name, s.description.empty() ? "" : " - " + s.description);
  fmt::print("  {} replications of {:g} days after {:g} warm-up days, seed {}, {}\n", results.size(), s.run.days,
             s.run.warmup_days, s.run.seed, describe_ranks(ranks, threads));
  if (warmup) fmt::print("  {}\n", warmup->description());
  fmt::print("  {} events in {:.2f} s ({:.3g} events per second)\n", events, seconds,
             static_cast<double>(events) / seconds);
  if (ranks.group_size() > 1) {
    // What crossing processes costs: a collective exchange per window, and the messages it carries.
    std::uint64_t windows = 0, crossed = 0;
    for (const auto& r : results) {
      windows += r.windows;
      crossed += r.messages_between_ranks;
    }
    fmt::print("  {} windows, {} messages between ranks ({:.1f} a window)\n", windows, crossed,
               windows ? static_cast<double>(crossed) / static_cast<double>(windows) : 0.0);
  }
  fmt::print("\n");
  print_start_trims(s);
  print_load_advice(loads);
  print_steady_state(state);
  std::size_t width = 7;
  for (const auto& m : results.front().measures) width = std::max(width, m.name.size());
  fmt::print("  {:<{}}  {:>13}  {:>11}  {}\n", "measure", width, "mean", "95% CI +/-", "unit");
  for (std::size_t i = 0; i < results.front().measures.size(); ++i) {
    std::vector<double> values;
    for (const auto& r : results) values.push_back(r.measures[i].value);
    const auto ci = stats::mean_interval(values);
    const auto& m = results.front().measures[i];
    if (std::isinf(ci.half_width)) {
      fmt::print("  {:<{}}  {:>13.4f}  {:>11}  {}\n", m.name, width, ci.mean, "-", m.unit);
    } else {
      fmt::print("  {:<{}}  {:>13.4f}  {:>11.4f}  {}\n", m.name, width, ci.mean, ci.half_width, m.unit);
    }
  }
}

}  // namespace

void add_run_command(CLI::App& app, RunOptions& o) {
  auto* run = app.add_subcommand("run", "Run a scenario and print every measure with its 95% CI");
  run->add_option("scenario", o.scenario, "Scenario file (TOML)")->required();
  run->add_option("--replications", o.replications, "Replications (overrides run.replications)")
      ->check(CLI::Range(1, 1'000'000));
  run->add_option("--seed", o.seed, "Random seed (overrides run.seed)");
  run->add_option("--days", o.days, "Measured days (overrides run.days)")->check(CLI::PositiveNumber);
  run->add_option("--threads", o.threads, "Threads (default: every core)")->check(CLI::Range(1U, 4096U));
  run->add_option("--set", o.sets, "Override a scenario key: --set acute.beds=900 (repeatable)");
  run->add_option("--out", o.out,
                  "Write the results to this file: an HDF5 trace (.h5) or the measures as CSV (.csv)");
  run->add_option("--trace", o.trace,
                  "What an HDF5 trace keeps: summary, patients (default) or events")
      ->check(CLI::IsMember({"summary", "patients", "events"}));
  run->add_option_function<std::string>(
         "--partition", [&o](const std::string& how) { o.blocks_by_region = how == "region"; },
         "With several care systems: run each one as a block of its own (each, the default) or the care "
         "systems of a region together (region); the results are the same")
      ->check(CLI::IsMember({"each", "region"}));
  run->add_option("--ranks-per-replication", o.ranks_per_replication,
                  "Under mpirun: the ranks that share each replication's care systems (default: every rank for "
                  "a scenario of several care systems, one otherwise, so that replications spread over the ranks)")
      ->check(CLI::Range(1, 1'000'000));
  run->add_flag("--by-ics", o.by_system,
                "With several care systems ([systems], e.g. england.toml): a row of results per care system too");
}

namespace {

std::unique_ptr<output::ResultSink> open_sink(const RunOptions& o, bool trace_given) {
  const auto extension = std::filesystem::path(o.out).extension().string();
  if (extension == ".h5" || extension == ".hdf5") {
    return std::make_unique<output::Hdf5Sink>(o.out, *output::parse_trace_level(o.trace));
  }
  if (extension == ".csv") {
    if (trace_given) throw std::invalid_argument("--trace applies to HDF5 output (.h5), not " + o.out);
    return std::make_unique<output::CsvSink>(o.out);
  }
  throw output::OutputError("cannot tell what to write to " + o.out +
                            ": name it .h5 (HDF5 trace) or .csv (measures)");
}

}  // namespace

int run_scenario(const RunOptions& o, const std::string& command_line, bool trace_given,
                 engine::RankExchange* world) {
  std::vector<std::string> overrides = o.sets;
  if (o.replications) overrides.push_back(fmt::format("run.replications={}", *o.replications));
  if (o.seed) overrides.push_back(fmt::format("run.seed={}", *o.seed));
  if (o.days) overrides.push_back(fmt::format("run.days={}", *o.days));
  scenario::Scenario scenario;
  std::unique_ptr<output::ResultSink> sink;
  const bool speaks = !world || world->rank() == 0;
  // Every rank loads the scenario; rank 0 alone opens the output, before running, so that an
  // unwritable path fails at once.
  set_up_on_every_rank(world, [&] {
    scenario = scenario::load_scenario(o.scenario, overrides);
    if (world) experiment::RankGroups::check(world->ranks(), experiment::RankGroups::group_size_for(o.ranks_per_replication, scenario, world->ranks()));
    if (!o.out.empty() && speaks) {
      clear_stale_temporaries(o.out);
      sink = open_sink(o, trace_given);
    }
  });
  // Only once every rank is set up: splitting into groups is collective.
  experiment::RankGroups ranks;
  if (world) ranks = experiment::RankGroups(*world, experiment::RankGroups::group_size_for(o.ranks_per_replication, scenario, world->ranks()));
  // The offered load of one care system (a run of several would need one check each: `check`).
  const auto loads = scenario.systems.empty() ? scenario::offered_loads(scenario) : std::vector<scenario::UnitLoad>{};

  const unsigned threads = engine::threads_or_all_cores(o.threads);
  engine::ThreadScope scope(threads);
  const auto started = std::chrono::steady_clock::now();
  std::optional<model::WarmupChoice> warmup;
  if (scenario.run.warmup_auto) {
    warmup = experiment::choose_warmup(scenario, scope, ranks);
    scenario.run.warmup_days = warmup->days;
  }

  model::ModelOptions model_options;
  model_options.block_by_region = o.blocks_by_region;
  Progress progress(scenario.run.replications, speaks);
  model_options.progress = [&](double share) { progress.part_done(share); };
  // Only the measures of each result are kept, once the sink has had it.
  std::vector<model::ReplicationResult> results(static_cast<std::size_t>(scenario.run.replications));
  const auto state = scope.run([&] {
    return experiment::run_replications(
        scenario, model_options, sink.get(),
        {std::string(kVersion), command_line, scenario.run.seed, scenario.run.replications}, ranks,
        {.starting = {}, .each = [&](std::size_t r, model::ReplicationResult result) {
           progress.one_done();
           auto& kept = results[r];
           kept.measures = std::move(result.measures);
           kept.events = result.events;
           kept.windows = result.windows;
           kept.messages_between_ranks = result.messages_between_ranks;
           for (auto& system : result.systems) {  // each care system's measures only
             kept.systems.emplace_back();
             kept.systems.back().measures = std::move(system.measures);
           }
         }});
  });
  if (!speaks) return 0;  // rank 0 has every result
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  print_summary(scenario, results, seconds, scope.threads(), ranks, state, loads, warmup);
  if (o.by_system && !scenario.systems.empty()) print_by_system(scenario, results);
  if (sink) fmt::print("\n  results written to {}\n", o.out);
  return 0;
}

}  // namespace careflow::cli
