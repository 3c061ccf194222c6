#include "cli/sweep_command.hpp"

#include <unistd.h>

#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>

#include "cli/interrupt.hpp"
#include "cli/rank_setup.hpp"
#include "cli/stale_temporaries.hpp"
#include "cli/sweep_progress.hpp"
#include "cli/text_table.hpp"
#include "cli/version.hpp"
#include "engine/parallelism.hpp"
#include "experiment/sweep_file.hpp"
#include "experiment/sweep_journal.hpp"
#include "experiment/sweep_plan.hpp"
#include "experiment/sweep_runner.hpp"
#include "experiment/sweep_trace.hpp"
#include "output/output_error.hpp"
#include "stats/summary.hpp"

namespace careflow::cli {
namespace {

// Checking a large design's scenarios takes minutes: on a terminal a redrawn line, in a log a
// line each tenth; nothing for designs checked in a moment.
std::function<void(std::size_t, std::size_t)> checking_progress() {
  const bool terminal = isatty(fileno(stderr)) != 0;
  auto last = std::make_shared<std::chrono::steady_clock::time_point>();
  auto tenth = std::make_shared<std::size_t>(0);
  return [terminal, last, tenth](std::size_t done, std::size_t total) {
    if (total < 2000) return;
    if (terminal) {
      const auto now = std::chrono::steady_clock::now();
      if (done < total && now - *last < std::chrono::milliseconds(250)) return;
      *last = now;
      fmt::print(stderr, "\r  checking every point's scenario: {} of {}{}", done, total, done == total ? "\r\033[K" : "");
    } else if (done * 10 / total > *tenth) {
      *tenth = done * 10 / total;
      fmt::print(stderr, "  checking every point's scenario: {} of {}\n", done, total);
    }
    std::fflush(stderr);
  };
}

namespace fs = std::filesystem;
using experiment::PointResult;
using experiment::SweepJournal;
using experiment::SweepPlan;

// A table of the first points and the first kept measures: enough to see the sweep worked.
class PointTable {
 public:
  explicit PointTable(const SweepPlan& plan) : plan_(plan) {
    measures_ = std::min<std::size_t>(plan.measure_names.size(), 3);
  }
  void add(const PointResult& r) {
    if (rows_.size() >= kRows) {
      ++hidden_;
      return;
    }
    std::vector<std::string> row{fmt::format("{}", r.point)};
    for (const auto& v : plan_.values[r.point]) {
      const auto* x = std::get_if<double>(&v);
      row.push_back(x ? fmt::format("{:.6g}", *x) : experiment::shown(v));
    }
    const std::size_t all = plan_.measure_names.size();
    for (std::size_t m = 0; m < measures_; ++m) {
      std::vector<double> values;
      for (std::size_t rep = 0; rep * all < r.values.size(); ++rep) {
        if (std::isfinite(r.values[rep * all + m])) values.push_back(r.values[rep * all + m]);
      }
      if (values.empty()) {
        row.emplace_back("n/a");
        continue;
      }
      const auto ci = stats::mean_interval(values);
      row.push_back(std::isfinite(ci.half_width)
                        ? fmt::format("{:.4g} ± {:.2g}", ci.mean, ci.half_width)
                        : fmt::format("{:.4g}", ci.mean));
    }
    row.emplace_back(r.steady_state.warning().empty() ? "" : "!");
    rows_.push_back(std::move(row));
  }
  void print() const {
    std::vector<std::string> header{"point"};
    for (const auto& f : plan_.spec.factors) header.push_back(f.name);
    for (std::size_t m = 0; m < measures_; ++m) header.push_back(plan_.measure_names[m]);
    header.emplace_back("");
    std::vector<std::vector<std::string>> cells{header};
    cells.insert(cells.end(), rows_.begin(), rows_.end());
    print_aligned(stdout, cells, 0);
    if (hidden_)
      fmt::print("  ... and {} more points (all of them are in the output file)\n", hidden_);
  }

 private:
  static constexpr std::size_t kRows = 30;
  const SweepPlan& plan_;
  std::size_t measures_ = 0;
  std::vector<std::vector<std::string>> rows_;
  std::size_t hidden_ = 0;
};

// Which careflow this is, down to the build: a sweep resumed by a rebuilt careflow (a changed
// model) would mix points of two models, so the journal's identity holds a hash of the program.
std::string build_identity() {
  std::ifstream program("/proc/self/exe", std::ios::binary);
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  char buffer[1 << 16];
  while (program.read(buffer, sizeof buffer) || program.gcount() > 0) {
    for (std::streamsize i = 0; i < program.gcount(); ++i) {
      hash ^= static_cast<unsigned char>(buffer[i]);
      hash *= 0x100000001b3ULL;
    }
  }
  return fmt::format("careflow {} (build {:016x})", kVersion, hash);
}

SweepJournal open_journal(const SweepOptions& o, const std::string& identity,
                          const std::string& command_line) {
  const auto path = SweepJournal::path_for(o.out);
  if (o.resume) {
    if (fs::exists(path)) return SweepJournal::resume(path, identity);
    fmt::print(stderr, "careflow sweep: no unfinished sweep at {}: starting from the first point\n",
               path.string());
  }
  return SweepJournal::create(path, identity, command_line);
}

}  // namespace

void add_sweep_command(CLI::App& app, SweepOptions& o) {
  auto* sweep =
      app.add_subcommand("sweep", "Run every point of a sweep file's design into one HDF5 file");
  sweep->add_option("sweep", o.sweep, "Sweep file (TOML; docs/sweeps.md)")->required();
  sweep->add_option("--out", o.out, "The sweep's HDF5 file (.h5)")->required();
  sweep->add_flag("--resume", o.resume,
                  "Continue an interrupted sweep from its journal (OUT.journal)");
  sweep->add_option("--threads", o.threads, "Threads (default: every core)")
      ->check(CLI::Range(1U, 4096U));
  sweep->add_option("--ranks-per-replication", o.ranks_per_replication,
                    "Under mpirun: the ranks that share each replication's care systems (default: every rank "
                    "for a scenario of several care systems, one otherwise)")
      ->check(CLI::Range(1, 1'000'000));
  sweep->add_option(
      "--point-traces", o.point_traces,
      "Also write each point's patient-level trace into this folder (point_00000.h5, ...)");
}

int run_sweep_command(const SweepOptions& o, const std::string& command_line, engine::RankExchange* world) {
  const auto extension = fs::path(o.out).extension().string();
  if (extension != ".h5" && extension != ".hdf5") {
    throw output::OutputError("a sweep is written as HDF5: name its output .h5, not " + o.out);
  }
  const auto started = std::chrono::steady_clock::now();
  // Every rank plans the sweep; rank 0 alone keeps the journal, prints and writes.
  std::optional<SweepPlan> planned;
  std::optional<SweepJournal> kept;
  const bool writes = !world || world->rank() == 0;
  const auto per_replication = [&] {
    return experiment::RankGroups::group_size_for(o.ranks_per_replication, planned->base, world->ranks());
  };
  set_up_on_every_rank(world, [&] {
    planned = experiment::plan_sweep(experiment::load_sweep(o.sweep), writes ? checking_progress() : nullptr);
    if (world) experiment::RankGroups::check(world->ranks(), per_replication());
    if (!writes) return;
    if (!o.point_traces.empty()) fs::create_directories(o.point_traces);
    clear_stale_temporaries(o.out);
    kept.emplace(open_journal(o, build_identity() + "\n" + planned->identity(), command_line));
  });
  // Only once every rank is set up: splitting into groups is collective.
  experiment::RankGroups ranks;
  if (world) ranks = experiment::RankGroups(*world, per_replication());
  const SweepPlan& plan = *planned;
  const std::size_t replications = static_cast<std::size_t>(plan.replications());
  // Where to start: the journal's first point not done, as rank 0 read it.
  std::size_t first = kept ? kept->points_done() : 0;
  if (world) first = std::stoull(world->broadcast(std::to_string(first)));
  std::optional<experiment::PointTraces> traces;
  if (!o.point_traces.empty())
    traces = experiment::PointTraces{o.point_traces, std::string(kVersion), command_line};
  const unsigned threads = engine::threads_or_all_cores(o.threads);
  engine::ThreadScope scope(threads);
  if (!ranks.writes()) {
    scope.run([&] { experiment::run_sweep(plan, first, {}, traces, ranks); });
    return 0;
  }
  SweepJournal& journal = *kept;
  fmt::print("careflow sweep: {}{}\n", plan.spec.name,
             plan.spec.description.empty() ? "" : " - " + plan.spec.description);
  fmt::print(
      "  {} design, {} points x {} replications of {} ({:g} days after {} warm-up), seed {}\n",
      experiment::design_name(plan.spec.design), plan.points(), replications, plan.base.name,
      plan.base.run.days,
      plan.base.run.warmup_auto ? "an automatic"
                                : fmt::format("{:g} days'", plan.base.run.warmup_days),
      plan.base.run.seed);
  if (world) fmt::print("  over {} MPI ranks x {} threads\n", world->ranks(), threads);
  if (first > 0)
    fmt::print("  resuming: {} of {} points already done (from {})\n", first, plan.points(),
               journal.path().string());
  set_interrupt_message("the finished points are kept in " + journal.path().string() +
                        ": run the same command with --resume to continue");

  SweepProgress progress(plan.points(), first, replications);
  PointTable table(plan);
  std::vector<std::size_t> not_steady_points;
  journal.for_each([&](const PointResult& r) {
    table.add(r);
    if (!r.steady_state.warning().empty()) not_steady_points.push_back(r.point);
  });
  try {
    scope.run([&] {
      experiment::run_sweep(plan, first,
                            {.replication_done = [&] { progress.replication_done(); },
                             .point_done =
                                 [&](const PointResult& r) {
                                   journal.append(r);
                                   table.add(r);
                                   if (!r.steady_state.warning().empty())
                                     not_steady_points.push_back(r.point);
                                   progress.point_done();
                                 }},
                            traces, ranks);
    });
  } catch (const output::WriteFailure& e) {
    progress.finish();
    throw output::WriteFailure(std::string(e.what()) + "; the points finished so far are kept in " +
                               journal.path().string() +
                               ": run the same command with --resume to continue");
  }
  progress.finish();
  set_interrupt_message("stopped without writing output; the sweep's points are all kept in " +
                        journal.path().string() +
                        ": run the same command with --resume to write it");
  try {
    experiment::write_sweep_trace(o.out, plan, journal, std::string(kVersion));
  } catch (const output::WriteFailure& e) {
    throw output::WriteFailure(o.out + ": " + e.what() + "; every point is kept in " +
                               journal.path().string() +
                               ": run the same command with --resume to write the file");
  }
  journal.remove();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  fmt::print("  {} replications in {:.2f} s on {} threads\n\n",
             (plan.points() - first) * replications, seconds, scope.threads());
  if (!not_steady_points.empty()) {
    fmt::print("  warning: {}\n\n", experiment::sweep_steady_state_warning(not_steady_points.size(), plan.points(), not_steady_points));
  }
  table.print();
  fmt::print("\n  results written to {}\n", o.out);
  return 0;
}

}  // namespace careflow::cli
